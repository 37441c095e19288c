"""Force sourcing: the lexicographic MIP (HiGHS) vs the greedy first-fit baseline.

The data is the scenario's coalition (``reassure.scenario.coalition``) at ``--scale``
7.5: 30 nations (UK and France leading), 1,125 pledges, 300 requirements over the four
objectives, course of action C (everything, west of the Dnipro and at sea) planned over
8 rotation periods of 6 months (quick: scale 1, 150 pledges, 40 requirements). The files
are written and read back through the planner's own decoders, as ``reassure plan
compare`` reads them.

Both planners solve the same :class:`~reassure.force.problem.Problem`. The row reports
the MIP's wall time (all three stages — fill, burden, cost — its greedy warm start
included), its status and proved gap per stage, the greedy baseline's time, and each
plan's fill rate, priority-weighted fill rate, burden excess and cost. The target is a
plan proved optimal (gap ≤ 0.1 %) in under 30 s: the solver gets 30 s for its three
stages; the fill's gap is ``gap`` (and ``fill_proved_s`` when it was proved), the
burden's and cost's are in ``stages`` (each against the whole model's LP bound).
``ratio = peer_s / ours_s`` is below 1: the greedy baseline is faster; what the MIP's
extra seconds buy is
``weighted_fill_mip`` vs ``weighted_fill_greedy`` (and ``unfilled_critical_*``).
The benchmark fails if the MIP fills less than the greedy plan.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from reassure.force.coa import load_coa
from reassure.force.greedy import solve_greedy
from reassure.force.problem import build_problem
from reassure.force.result import Plan
from reassure.force.sourcing import solve
from reassure.scenario.context import ScenarioContext
from reassure.scenario.domains import coalition
from reassure.scenario.frontline import notional_line
from reassure.scenario.generator import DEFAULT_START

COA = "coa_c.yaml"
TIME_LIMIT_S = 30.0
"""The solver's budget for all three stages: the target's 30 s."""


def run(quick: bool) -> list[dict[str, Any]]:
    scale = 1.0 if quick else 7.5
    with tempfile.TemporaryDirectory() as tmp:
        ctx = ScenarioContext(7, scale, DEFAULT_START, 3, Path(tmp), notional_line())
        coalition.generate(ctx)
        course = load_coa(Path(tmp) / "coalition" / "coa" / COA)
    settings = replace(course.settings, time_limit_s=TIME_LIMIT_S, mip_gap=0.001)
    began = time.perf_counter()
    problem = build_problem(course.inputs, settings)
    build_s = time.perf_counter() - began
    began = time.perf_counter()
    mip = solve(problem)
    ours_s = time.perf_counter() - began
    began = time.perf_counter()
    greedy = solve_greedy(problem)
    peer_s = time.perf_counter() - began
    if mip.info.objectives["weighted_unfilled"] > greedy.info.objectives["weighted_unfilled"]:
        raise AssertionError("the MIP's plan fills less than the greedy baseline's")
    fill_stage = next(s for s in mip.info.stages if s.name == "fill")
    return [
        {
            "name": "force.sourcing",
            "ours_s": round(ours_s, 3),
            "peer": "greedy first-fit by priority",
            "peer_s": round(peer_s, 3),
            "ratio": round(peer_s / ours_s, 4),
            "n": problem.n_candidates,
            "nations": course.inputs.nations.height,
            "pledges": course.inputs.pledges.height,
            "requirements": course.inputs.requirements.height,
            "periods": settings.periods,
            "build_s": round(build_s, 3),
            "status": mip.info.status,
            "gap": mip.info.gap,
            "fill_proved_s": round(fill_stage.wall_s, 3),
            "stages": {
                s.name: {"status": s.status, "s": round(s.wall_s, 3), "gap": s.gap}
                for s in mip.info.stages
            },
            **_measures(mip, "mip"),
            **_measures(greedy, "greedy"),
        }
    ]


def _measures(plan: Plan, name: str) -> dict[str, Any]:
    critical = plan.unfilled.filter(pl.col("priority") == 1).height
    return {
        f"fill_{name}": round(plan.fill_rate, 4),
        f"weighted_fill_{name}": round(plan.weighted_fill_rate, 4),
        f"unfilled_critical_{name}": critical,
        f"burden_excess_{name}": round(plan.info.objectives["burden_excess"], 1),
        f"cost_meur_{name}": plan.info.objectives["cost_meur"],
    }
