"""Why a requirement is short in a period: one line a planner can act on.

Reasons are read from the plan, so a hand-made plan (``make_plan`` with chosen units)
shows how each is worded. Four six-month periods from P-day 2027-01-01.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sourcing_inputs import both, problem_of, reasons
from timeline_inputs import P_DAY, pledge, requirement

from reassure.force.dates import add_months
from reassure.force.result import SolveInfo, make_plan

ONE_PERIOD = add_months(P_DAY, 6)
EAST = {"base": "Kharkiv (UKR)", "base_name": "Kharkiv", "east_of_dnipro": True}


def _short(reqs: list[dict[str, Any]], pledges: list[dict[str, Any]], rid: str = "R1") -> str:
    """The reason ``rid`` is short in period 0 (the MIP's plan and greedy's agree here)."""
    mip, greedy = both(problem_of(reqs, pledges))
    why = reasons(mip, rid)[0]
    assert why is not None
    assert reasons(greedy, rid)[0] == why
    return why


def test_ruled_out_offers_are_counted_most_common_first_then_by_text() -> None:
    reqs = [requirement("R1", "mechanised_battalion", max_notice_days=10, **EAST)]
    pledges = [
        pledge("P-A", "FRA", "mechanised_battalion", caveats=["Not east of the Dnipro"]),
        pledge("P-B", "GBR", "mechanised_battalion", caveats=["Not east of the Dnipro"]),
        pledge("P-C", "POL", "mechanised_battalion", notice_days=30),
        pledge("P-D", "ITA", "mechanised_battalion", available_from=ONE_PERIOD),
    ]
    assert _short(reqs, pledges) == (
        "every offer ruled out: 2 by caveat 'Not east of the Dnipro' (east of the Dnipro), "
        "1 not available when needed, 1 by notice-to-move 30 d > 10 d allowed"
    )


def test_dates_alone_name_the_days_and_the_offers() -> None:
    reqs = [requirement("R1", "frigate", start=add_months(P_DAY, 2))]
    pledges = [
        pledge(f"P-{n}", n, "frigate", available_from=add_months(P_DAY, 3))
        for n in ("FRA", "GBR", "ITA")
    ]
    assert _short(reqs, pledges) == (
        "not available when needed: none of the 3 offers of frigate is available "
        "2027-03-01 to 2027-07-01"
    )


def test_a_partly_filled_requirement_says_where_the_rest_went() -> None:
    reqs = [
        requirement("R0", "frigate", quantity=2, priority=1),
        requirement("R1", "frigate", quantity=3, priority=2),
    ]
    why = _short(reqs, [pledge("P-A", "FRA", "frigate", quantity=3)])
    assert (
        why
        == "1 of 3 filled; the other 2 eligible units are needed elsewhere: 2 by R0 (priority 1)"
    )


@pytest.mark.parametrize(
    ("others", "tail"),
    [
        pytest.param([], "no other nation offers frigate", id="nobody-else"),
        pytest.param(
            [pledge("P-B", "GBR", "frigate", notice_days=30)],
            "other offers ruled out: 1 by notice-to-move 30 d > 10 d allowed",
            id="others-ruled-out",
        ),
    ],
)
def test_a_requirement_every_eligible_unit_fills_says_what_else_there_is(
    others: list[dict[str, Any]], tail: str
) -> None:
    reqs = [requirement("R1", "frigate", quantity=3, max_notice_days=10)]
    why = _short(reqs, [pledge("P-A", "FRA", "frigate"), *others])
    assert why == f"1 of 3 filled by every eligible unit; {tail}"


def test_more_than_three_requirements_are_named_three_and_counted() -> None:
    # P-A's 5 units go to R1..R5 (priority 1); R9 (priority 3) is left with none.
    reqs = [requirement(f"R{k}", "frigate", end=ONE_PERIOD) for k in range(1, 6)]
    reqs.append(requirement("R9", "frigate", priority=3, end=ONE_PERIOD))
    why = _short(reqs, [pledge("P-A", "FRA", "frigate", quantity=5)], rid="R9")
    assert why == (
        "all 5 eligible units are needed elsewhere: 5 by R1 (priority 1), R2 (priority 1), "
        "R3 (priority 1) and 2 more"
    )


def test_a_plan_that_leaves_units_idle_says_so() -> None:
    problem = problem_of(
        [requirement("R1", "frigate", quantity=2)], [pledge("P-A", "FRA", "frigate", quantity=3)]
    )
    info = SolveInfo("hand", "made", None, 0.0, problem.n_candidates)
    idle = make_plan(problem, np.zeros(problem.n_candidates, dtype=np.int64), info)
    assert (
        reasons(idle, "R1")
        == ["all 3 eligible units are accounted for: 3 left unused by this plan"] * 4
    )
    assert idle.info.objectives["weighted_unfilled"] == 8000.0
    half = make_plan(problem, np.ones(problem.n_candidates, dtype=np.int64), info)
    partly = "1 of 2 filled; the other 2 eligible units are accounted for: "
    assert reasons(half, "R1") == [partly + "2 left unused by this plan"] * 4
