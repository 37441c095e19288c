"""The greedy baseline: first fit by priority, as a force-sourcing conference would.

Requirements are taken most critical first (priority, then requirement id, then
period); each takes units from the pledges that may fill it, in pledge-id order, while
the pledge has units left that period and its nation can sustain the rotation (a pledge
already serving that period costs no further rotation). Nothing is ever taken back, so
a unit given to a critical requirement that others could have filled is lost to a
requirement only it could fill: what the MIP (``sourcing``) buys is measured against
this.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from reassure.force.problem import Problem
from reassure.force.result import Plan, SolveInfo, make_plan

__all__ = ["greedy_units", "solve_greedy"]


def solve_greedy(problem: Problem) -> Plan:
    """The first-fit plan of ``problem``."""
    started = time.perf_counter()
    x = greedy_units(problem)
    info = SolveInfo(
        method="greedy",
        status="heuristic",
        gap=None,
        wall_s=time.perf_counter() - started,
        candidates=problem.n_candidates,
    )
    return make_plan(problem, x, info)


def greedy_units(problem: Problem) -> NDArray[np.int64]:
    """Units per candidate of the first-fit plan (the solver's warm start, too)."""
    n_t = len(problem.periods)
    priority = problem.requirements["priority"].to_numpy()
    order = np.lexsort((problem.cand_p, problem.cand_t, problem.cand_r, priority[problem.cand_r]))
    cand_p, cand_r, cand_t = (a.tolist() for a in (problem.cand_p, problem.cand_r, problem.cand_t))
    need = np.repeat(problem.want, n_t).tolist()
    left = np.repeat(problem.supply, n_t).tolist()
    rotations = problem.rotations.tolist()
    rotations_used = [0] * len(rotations)
    serving = [False] * len(left)
    x = [0] * problem.n_candidates
    for c in order.tolist():
        p, t = cand_p[c], cand_t[c]
        k, pt = cand_r[c] * n_t + t, p * n_t + t
        if need[k] == 0 or left[pt] == 0:
            continue
        if not serving[pt]:
            if rotations_used[p] >= rotations[p]:
                continue
            serving[pt] = True
            rotations_used[p] += 1
        take = min(need[k], left[pt])
        x[c] = take
        need[k] -= take
        left[pt] -= take
    return np.array(x, dtype=np.int64)
