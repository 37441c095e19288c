"""The greedy baseline: first fit, most critical requirement first, nothing taken back.

Four six-month periods from P-day 2027-01-01 (``timeline_inputs.SETTINGS``).
"""

from __future__ import annotations

import numpy as np
from sourcing_inputs import assigned, both, filled, problem_of
from timeline_inputs import P_DAY, pledge, requirement

from reassure.force.dates import add_months
from reassure.force.greedy import greedy_units, solve_greedy

ONE_PERIOD = add_months(P_DAY, 6)


def test_the_most_critical_requirement_is_served_first_then_by_id() -> None:
    reqs = [
        requirement("R-A", "frigate", priority=2, end=ONE_PERIOD),
        requirement("R-B", "frigate", priority=1, end=ONE_PERIOD),
        requirement("R-C", "frigate", priority=1, end=ONE_PERIOD),
    ]
    _, greedy = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate")]))
    assert assigned(greedy) == {("P-A", "R-B", 0, 1)}


def test_units_are_taken_in_pledge_id_order_and_split_over_pledges() -> None:
    reqs = [requirement("R1", "frigate", quantity=3, end=ONE_PERIOD)]
    pledges = [
        pledge("P-B", "GBR", "frigate", quantity=2),
        pledge("P-A", "FRA", "frigate", quantity=2),
    ]
    _, greedy = both(problem_of(reqs, pledges))
    assert assigned(greedy) == {("P-A", "R1", 0, 2), ("P-B", "R1", 0, 1)}


def test_a_pledge_serving_a_period_costs_one_rotation_whatever_it_fills() -> None:
    # One rotation, two units: both requirements of period 0 share it; period 1's
    # requirement finds the rotation, and so both units, spent.
    reqs = [
        requirement("R1", "frigate", end=ONE_PERIOD),
        requirement("R2", "frigate", end=ONE_PERIOD),
        requirement("R3", "frigate", start=ONE_PERIOD, end=add_months(P_DAY, 12)),
    ]
    pledges = [pledge("P-A", "FRA", "frigate", quantity=2, rotations=1)]
    mip, greedy = both(problem_of(reqs, pledges))
    assert assigned(greedy) == {("P-A", "R1", 0, 1), ("P-A", "R2", 0, 1)}
    assert assigned(mip) == assigned(greedy)
    assert greedy.fill.filter(greedy.fill["requirement_id"] == "R3")["reason"].to_list() == [
        "all 2 eligible units are needed elsewhere: "
        "2 by pledges that have used their rotations: P-A"
    ]


def test_first_fit_spends_rotations_on_the_first_periods() -> None:
    reqs = [requirement("R1", "frigate")]
    _, greedy = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate", rotations=3)]))
    assert filled(greedy, "R1") == [1, 1, 1, 0]


def test_the_baseline_says_it_proves_nothing() -> None:
    problem = problem_of([requirement("R1", "frigate")], [pledge("P-A", "FRA", "frigate")])
    plan = solve_greedy(problem)
    assert (plan.info.method, plan.info.status, plan.info.gap) == ("greedy", "heuristic", None)
    assert plan.info.stages == ()
    assert plan.info.candidates == problem.n_candidates == 4
    assert np.array_equal(greedy_units(problem), np.ones(4, dtype=np.int64))


def test_with_no_candidate_the_baseline_is_empty_and_says_why() -> None:
    problem = problem_of([requirement("R1", "frigate")], [pledge("P-A", "FRA", "hq_staff")])
    _, greedy = both(problem)
    assert greedy.assignments.is_empty()
    assert greedy.fill["reason"].to_list() == ["no nation offers frigate"] * 4
