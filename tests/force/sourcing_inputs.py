"""Small hand-made sourcing problems, and the checks every plan must pass.

Requirements and pledges come from ``timeline_inputs`` (P-day 2027-01-01, four
six-month periods, a requirement active over all four, a pledge available over all
four with ten days' notice); a test names only what it cares about.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from timeline_inputs import SETTINGS

from reassure.force.greedy import solve_greedy
from reassure.force.inputs import PLEDGE_SCHEMA, REQUIREMENT_SCHEMA
from reassure.force.problem import ForceInputs, PlanSettings, Problem, build_problem
from reassure.force.result import Plan
from reassure.force.sourcing import solve

NATION_FRAME = {"nation": pl.String, "gdp_busd": pl.Float64, "caveats": pl.List(pl.String)}


def nation(code: str, gdp_busd: float | None = None, *caveats: str) -> dict[str, Any]:
    return {"nation": code, "gdp_busd": gdp_busd, "caveats": list(caveats)}


def force_inputs(
    reqs: list[dict[str, Any]],
    pledges: list[dict[str, Any]],
    nations: list[dict[str, Any]] | None = None,
) -> ForceInputs:
    return ForceInputs(
        nations=pl.DataFrame(nations or [], schema=NATION_FRAME),
        requirements=pl.DataFrame(reqs, schema=REQUIREMENT_SCHEMA),
        pledges=pl.DataFrame(pledges, schema=PLEDGE_SCHEMA),
    )


def problem_of(
    reqs: list[dict[str, Any]],
    pledges: list[dict[str, Any]],
    nations: list[dict[str, Any]] | None = None,
    settings: PlanSettings = SETTINGS,
) -> Problem:
    return build_problem(force_inputs(reqs, pledges, nations), settings)


def both(problem: Problem) -> tuple[Plan, Plan]:
    """The MIP's plan and the greedy baseline's, each checked (:func:`check_plan`)."""
    mip, greedy = solve(problem), solve_greedy(problem)
    check_plan(problem, mip)
    check_plan(problem, greedy)
    return mip, greedy


def assigned(plan: Plan) -> set[tuple[str, str, int, int]]:
    """``(pledge_id, requirement_id, period, quantity)`` of every assignment."""
    rows = plan.assignments.select("pledge_id", "requirement_id", "period", "quantity")
    return set(rows.iter_rows())


def filled(plan: Plan, requirement_id: str) -> list[int]:
    """Units filled per period of one requirement, in period order."""
    rows = plan.fill.filter(pl.col("requirement_id") == requirement_id).sort("period")
    return rows["filled"].to_list()


def reasons(plan: Plan, requirement_id: str) -> list[str | None]:
    rows = plan.fill.filter(pl.col("requirement_id") == requirement_id).sort("period")
    return rows["reason"].to_list()


def check_plan(problem: Problem, plan: Plan) -> None:
    """What every plan must respect, whoever made it.

    Every assignment is a candidate (capability, readiness, caveats, dates), no pledge
    gives more units than it has in a period nor serves more periods than its
    rotations, no requirement gets more than it wants; every short fill row says why.
    """
    n_t = len(problem.periods)
    pledge_row = {p: k for k, p in enumerate(problem.pledges["pledge_id"])}
    req_row = {r: k for k, r in enumerate(problem.requirements["requirement_id"])}
    candidates = set(
        zip(problem.cand_p.tolist(), problem.cand_r.tolist(), problem.cand_t.tolist(), strict=True)
    )
    used = np.zeros((len(pledge_row), n_t), dtype=np.int64)
    got = np.zeros((len(req_row), n_t), dtype=np.int64)
    for pledge_id, requirement_id, period, quantity in assigned(plan):
        p, r = pledge_row[pledge_id], req_row[requirement_id]
        assert (p, r, period) in candidates, (pledge_id, requirement_id, period)
        assert quantity > 0
        used[p, period] += quantity
        got[r, period] += quantity
    over = np.flatnonzero((used > problem.supply[:, None]).any(axis=1))
    assert not len(over), f"pledges over their units: {over}"
    rotations = (used > 0).sum(axis=1)
    assert (rotations <= problem.rotations).all(), "a pledge serves beyond its rotations"
    assert (got <= problem.want[:, None]).all(), "a requirement gets more than it wants"
    assert (got[~problem.active] == 0).all(), "a requirement is filled when not needed"
    short = plan.fill.filter(pl.col("unfilled") > 0)
    assert short["reason"].null_count() == 0, short.filter(pl.col("reason").is_null())
    assert (
        plan.fill.filter(pl.col("unfilled") == 0)["reason"].null_count()
        == plan.fill.filter(pl.col("unfilled") == 0).height
    )
    assert (plan.fill["filled"] + plan.fill["unfilled"] == plan.fill["wanted"]).all()
