"""The sourcing MIP on problems whose optimum is worked out by hand.

Four six-month periods from P-day 2027-01-01 (``timeline_inputs.SETTINGS``); a
requirement wants one unit in each of them, a pledge has one unit, four rotations,
ten days' notice and costs 10 M EUR a rotation, unless a test says otherwise.
Priority weights (``problem.PRIORITY_WEIGHTS``): 1000 for priority 1, 100 for 2.
"""

from __future__ import annotations

import json

import polars as pl
import pytest
from sourcing_inputs import (
    assigned,
    both,
    filled,
    nation,
    problem_of,
    reasons,
)
from timeline_inputs import P_DAY, SETTINGS, pledge, requirement

from reassure.force.caveats import Conditions
from reassure.force.dates import add_months
from reassure.force.problem import PlanSettings
from reassure.force.sourcing import solve

ALL = range(4)
ONE_PERIOD = add_months(P_DAY, 6)


def test_the_mip_keeps_the_only_fit_unit_for_the_requirement_only_it_can_fill() -> None:
    # R1 (priority 1) takes any frigate; R2 (priority 2) needs 10 days' notice, which
    # only P-A has. First fit gives P-A to R1 and starves R2; the MIP gives R1 P-B.
    reqs = [
        requirement("R1", "frigate", priority=1, max_notice_days=90),
        requirement("R2", "frigate", priority=2, max_notice_days=10),
    ]
    pledges = [
        pledge("P-A", "FRA", "frigate", notice_days=5),
        pledge("P-B", "GBR", "frigate", notice_days=30),
    ]
    mip, greedy = both(problem_of(reqs, pledges))

    assert assigned(mip) == {("P-B", "R1", t, 1) for t in ALL} | {("P-A", "R2", t, 1) for t in ALL}
    assert mip.weighted_fill_rate == 1.0
    assert mip.info.objectives["weighted_unfilled"] == 0.0
    assert mip.info.status == "optimal"

    assert assigned(greedy) == {("P-A", "R1", t, 1) for t in ALL}
    assert greedy.weighted_fill_rate == pytest.approx(4000 / 4400)
    assert greedy.info.objectives["weighted_unfilled"] == 400.0
    starved = "the only eligible unit is needed elsewhere: 1 by R1 (priority 1)"
    assert reasons(greedy, "R2") == [starved] * 4


def test_a_pledge_serves_no_more_periods_than_its_rotations() -> None:
    reqs = [requirement("R1", "frigate")]
    mip, greedy = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate", rotations=2)]))

    assert sum(filled(mip, "R1")) == 2
    assert filled(greedy, "R1") == [1, 1, 0, 0]
    spent = (
        "the only eligible unit is needed elsewhere: "
        "1 by pledges that have used their rotations: P-A"
    )
    assert sorted(reasons(mip, "R1"), key=lambda why: why or "") == [None, None, spent, spent]


def test_two_pledges_of_two_rotations_relieve_each_other_over_four_periods() -> None:
    reqs = [requirement("R1", "frigate")]
    pledges = [
        pledge("P-A", "FRA", "frigate", rotations=2),
        pledge("P-B", "GBR", "frigate", rotations=2),
    ]
    mip, greedy = both(problem_of(reqs, pledges))

    assert filled(mip, "R1") == [1, 1, 1, 1]
    periods = mip.assignments.group_by("pledge_id").agg(pl.len()).sort("pledge_id")
    assert periods.rows() == [("P-A", 2), ("P-B", 2)]
    assert assigned(greedy) == {
        ("P-A", "R1", 0, 1), ("P-A", "R1", 1, 1), ("P-B", "R1", 2, 1), ("P-B", "R1", 3, 1),
    }  # fmt: skip


def test_a_requirement_is_split_over_pledges_none_beyond_its_units() -> None:
    # 3 units wanted, two pledges of 2 (nations of equal share): 12 unit-periods, so
    # the fair plan gives each nation 6 (2 + 1 + 2 + 1); first fit gives FRA 8.
    reqs = [requirement("R1", "mechanised_battalion", quantity=3)]
    pledges = [
        pledge("P-A", "FRA", "mechanised_battalion", quantity=2),
        pledge("P-B", "GBR", "mechanised_battalion", quantity=2),
    ]
    mip, greedy = both(problem_of(reqs, pledges))

    assert filled(mip, "R1") == [3, 3, 3, 3]
    assert mip.burden.select("nation", "unit_periods_used").rows() == [("FRA", 6), ("GBR", 6)]
    assert mip.info.objectives["burden_excess"] == 0.0
    assert filled(greedy, "R1") == [3, 3, 3, 3]
    assert greedy.burden.select("nation", "unit_periods_used").rows() == [("FRA", 8), ("GBR", 4)]
    assert greedy.info.objectives["burden_excess"] == 2.0


def test_a_unit_too_slow_to_move_is_never_assigned() -> None:
    reqs = [requirement("R1", "frigate", max_notice_days=10)]
    pledges = [
        pledge("P-FAST", "FRA", "frigate", notice_days=10),
        pledge("P-SLOW", "GBR", "frigate", notice_days=30, quantity=3, cost_meur_per_rotation=1.0),
    ]
    mip, _ = both(problem_of(reqs, pledges))
    assert {row[0] for row in assigned(mip)} == {"P-FAST"}

    alone, greedy = both(problem_of(reqs, pledges[1:]))
    assert alone.assignments.is_empty() and greedy.assignments.is_empty()
    assert alone.info.status == "nothing to assign"
    why = "every offer ruled out: 1 by notice-to-move 30 d > 10 d allowed"
    assert reasons(alone, "R1") == [why] * 4 == reasons(greedy, "R1")


def test_a_caveat_on_every_pledge_leaves_the_requirement_unfilled_and_names_it() -> None:
    kharkiv = {
        "base": "Kharkiv (UKR)", "base_name": "Kharkiv", "lon": 36.23, "lat": 49.99,
        "east_of_dnipro": True,
    }  # fmt: skip
    reqs = [requirement("R1", "mechanised_battalion", **kharkiv)]
    pledges = [
        pledge("P-A", "FRA", "mechanised_battalion", caveats=["Not east of the Dnipro"]),
        pledge("P-B", "BGR", "mechanised_battalion"),
    ]
    nations = [nation("BGR", 110.0, "No ground troops inside Ukraine")]
    mip, _ = both(problem_of(reqs, pledges, nations))

    assert mip.assignments.is_empty()
    assert mip.fill_rate == 0.0
    assert (
        reasons(mip, "R1")
        == [
            "every offer ruled out: 1 by caveat 'No ground troops inside Ukraine' (ground troops "
            "in Ukraine), 1 by caveat 'Not east of the Dnipro' (east of the Dnipro)"
        ]
        * 4
    )


@pytest.mark.parametrize(
    ("conditions", "fills"),
    [
        pytest.param(Conditions(), False, id="no-resolution-no-deployment"),
        pytest.param(Conditions(un_resolution=True), True, id="resolution"),
    ],
)
def test_a_conditional_caveat_follows_the_plans_conditions(
    conditions: Conditions, fills: bool
) -> None:
    reqs = [requirement("R1", "frigate")]
    pledges = [pledge("P-A", "ITA", "frigate", caveats=["No deployment before a UN resolution"])]
    settings = PlanSettings(p_day=P_DAY, periods=4, conditions=conditions)
    mip, _ = both(problem_of(reqs, pledges, settings=settings))
    assert filled(mip, "R1") == ([1] * 4 if fills else [0] * 4)


def test_a_pledge_fills_only_the_periods_it_is_available_over() -> None:
    reqs = [requirement("R1", "frigate")]
    pledges = [pledge("P-A", "FRA", "frigate", available_from=add_months(P_DAY, 12))]
    mip, greedy = both(problem_of(reqs, pledges))

    assert filled(mip, "R1") == [0, 0, 1, 1] == filled(greedy, "R1")
    assert reasons(mip, "R1")[:2] == [
        "not available when needed: the only offer of frigate is not available "
        "2027-01-01 to 2027-07-01",
        "not available when needed: the only offer of frigate is not available "
        "2027-07-01 to 2028-01-01",
    ]


@pytest.mark.parametrize(
    ("available_from", "fills_first_period"),
    [
        pytest.param(add_months(P_DAY, 1), True, id="before-the-requirement-starts"),
        pytest.param(add_months(P_DAY, 2), True, id="the-day-it-starts"),
        pytest.param(add_months(P_DAY, 3), False, id="after-it-starts"),
    ],
)
def test_a_requirement_starting_mid_period_needs_a_unit_from_its_start_only(
    available_from: object, fills_first_period: bool
) -> None:
    reqs = [requirement("R1", "frigate", start=add_months(P_DAY, 2))]
    pledges = [pledge("P-A", "FRA", "frigate", available_from=available_from)]
    mip, _ = both(problem_of(reqs, pledges))
    assert filled(mip, "R1")[0] == int(fills_first_period)
    assert filled(mip, "R1")[1:] == [1, 1, 1]


def test_a_capability_nobody_offers_says_so() -> None:
    reqs = [requirement("R1", "frigate"), requirement("R2", "medical_unit")]
    mip, greedy = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate")]))

    assert filled(mip, "R1") == [1, 1, 1, 1]
    assert reasons(mip, "R2") == ["no nation offers medical_unit"] * 4 == reasons(greedy, "R2")
    assert mip.fill_rate == 0.5


def test_a_requirement_outside_the_plan_is_one_row_that_says_so() -> None:
    reqs = [requirement("R1", "frigate", start=add_months(P_DAY, 60), end=add_months(P_DAY, 72))]
    mip, _ = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate")]))

    assert mip.fill.select("period", "wanted", "filled", "unfilled").rows() == [(None, 1, 0, 1)]
    assert reasons(mip, "R1") == [
        "outside the plan's periods: needed 2032-01-01 to 2033-01-01, "
        "the plan covers 2027-01-01 to 2029-01-01"
    ]


def test_among_equal_fills_the_plan_nearest_the_gdp_shares_wins_over_the_cheaper() -> None:
    # 4 units for one period; FRA has 3/4 of the GDP, GBR 1/4: the fair plan is 3 + 1
    # (burden excess 0, both pledges serve: 20 M EUR). One pledge alone would cost 10.
    reqs = [requirement("R1", "frigate", quantity=4, end=ONE_PERIOD)]
    pledges = [
        pledge("P-A", "FRA", "frigate", quantity=4),
        pledge("P-B", "GBR", "frigate", quantity=4),
    ]
    nations = [nation("FRA", 3000.0), nation("GBR", 1000.0)]
    mip, greedy = both(problem_of(reqs, pledges, nations))

    assert assigned(mip) == {("P-A", "R1", 0, 3), ("P-B", "R1", 0, 1)}
    assert mip.info.objectives == {
        "weighted_unfilled": 0.0, "burden_excess": 0.0, "cost_meur": 20.0
    }  # fmt: skip
    burden = mip.burden.select("nation", "share_used", "gdp_share", "burden_index").rows()
    assert burden == [("FRA", 0.75, 0.75, 1.0), ("GBR", 0.25, 0.25, 1.0)]
    assert assigned(greedy) == {("P-A", "R1", 0, 4)}
    assert greedy.info.objectives["burden_excess"] == pytest.approx(1.0)


def test_a_nation_without_gdp_counts_at_the_smallest_known() -> None:
    # FRA 3000, DEU 1000, GBR unknown (counted at 1000): shares 3/5, 1/5, 1/5 of 5.
    reqs = [requirement("R1", "frigate", quantity=5, end=ONE_PERIOD)]
    pledges = [pledge(f"P-{n}", n, "frigate", quantity=5) for n in ("DEU", "FRA", "GBR")]
    nations = [nation("FRA", 3000.0), nation("DEU", 1000.0)]
    mip, _ = both(problem_of(reqs, pledges, nations))

    assert assigned(mip) == {("P-DEU", "R1", 0, 1), ("P-FRA", "R1", 0, 3), ("P-GBR", "R1", 0, 1)}
    rows = mip.burden.select("nation", "gdp_share", "burden_index").rows()
    assert rows == [("DEU", pytest.approx(0.2), 1.0), ("FRA", 0.6, 1.0), ("GBR", None, None)]


def test_among_equal_fills_and_burdens_the_cheaper_pledge_serves() -> None:
    reqs = [requirement("R1", "frigate")]
    pledges = [
        pledge("P-A", "FRA", "frigate", cost_meur_per_rotation=20.0),
        pledge("P-B", "FRA", "frigate", cost_meur_per_rotation=10.0),
    ]
    mip, greedy = both(problem_of(reqs, pledges))
    assert assigned(mip) == {("P-B", "R1", t, 1) for t in ALL}
    assert mip.info.objectives["cost_meur"] == 40.0
    assert assigned(greedy) == {("P-A", "R1", t, 1) for t in ALL}
    assert greedy.info.objectives["cost_meur"] == 80.0


def test_the_cost_stage_keeps_the_burden_stages_balance() -> None:
    # Two periods; FRA and GBR of equal GDP: the fair plan is one unit-period each.
    # FRA's cheap pledge in both periods would cost 10 but break the balance; the
    # answer is FRA's cheap pledge once and GBR's once (15), never FRA's dear one.
    reqs = [requirement("R1", "frigate", end=add_months(P_DAY, 12))]
    pledges = [
        pledge("P-F1", "FRA", "frigate", cost_meur_per_rotation=30.0),
        pledge("P-F2", "FRA", "frigate", cost_meur_per_rotation=5.0),
        pledge("P-G", "GBR", "frigate", cost_meur_per_rotation=10.0),
    ]
    nations = [nation("FRA", 1000.0), nation("GBR", 1000.0)]
    mip, _ = both(problem_of(reqs, pledges, nations))

    assert sorted(row[0] for row in assigned(mip)) == ["P-F2", "P-G"]
    assert mip.info.objectives == {
        "weighted_unfilled": 0.0, "burden_excess": 0.0, "cost_meur": 15.0
    }  # fmt: skip
    assert [s.name for s in mip.info.stages] == ["fill", "burden", "cost"]
    assert all(s.status == "optimal" for s in mip.info.stages)


@pytest.mark.parametrize(
    ("units", "mip_fills", "mip_unfilled"),
    [
        pytest.param(9, "R2", 90.0, id="one-priority-2-unit-beats-nine-of-priority-3"),
        pytest.param(11, "R3", 100.0, id="eleven-priority-3-units-beat-one-of-priority-2"),
    ],
)
def test_priority_weights_not_unit_counts_decide(
    units: int, mip_fills: str, mip_unfilled: float
) -> None:
    # P-A has one rotation: period 0 for R2 (priority 2, one unit: worth 100) or
    # period 1 for R3 (priority 3, ``units`` units: worth 10 each). First fit always
    # serves R2, the higher priority.
    reqs = [
        requirement("R2", "frigate", priority=2, end=ONE_PERIOD),
        requirement("R3", "frigate", priority=3, quantity=units, start=ONE_PERIOD,
                    end=add_months(P_DAY, 12)),
    ]  # fmt: skip
    pledges = [pledge("P-A", "FRA", "frigate", quantity=units, rotations=1)]
    mip, greedy = both(problem_of(reqs, pledges))

    wanted = {"R2": 1, "R3": units}
    assert {(row[1], row[3]) for row in assigned(mip)} == {(mip_fills, wanted[mip_fills])}
    assert mip.info.objectives["weighted_unfilled"] == mip_unfilled
    assert {(row[1], row[3]) for row in assigned(greedy)} == {("R2", 1)}
    assert greedy.info.objectives["weighted_unfilled"] == 10.0 * units
    assert mip.weighted_fill_rate >= greedy.weighted_fill_rate


def test_the_plan_is_json_ready_and_says_how_it_was_made() -> None:
    reqs = [requirement("R1", "frigate", quantity=2), requirement("R2", "medical_unit")]
    mip, greedy = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate")]))
    for plan in (mip, greedy):
        data = json.loads(json.dumps(plan.to_dict(), allow_nan=False))
        assert data["periods"][0] == {"period": 0, "start": "2027-01-01", "end": "2027-07-01"}
        assert data["assignments"][0]["period_start"] == "2027-01-01"
        assert len(data["fill"]) == 8
        assert data["info"]["method"] == plan.info.method
    assert [s["name"] for s in mip.to_dict()["info"]["stages"]] == ["fill", "burden", "cost"]


def test_the_stages_report_the_plans_own_measures() -> None:
    # R2's capability nobody offers: its unfilled need is part of the plan's measure,
    # and of the fill stage's objective and bound alike.
    reqs = [requirement("R1", "frigate", quantity=2), requirement("R2", "medical_unit")]
    mip, _ = both(problem_of(reqs, [pledge("P-A", "FRA", "frigate")]))
    fill, burden, cost = mip.info.stages
    assert mip.info.objectives == {
        "weighted_unfilled": 8000.0, "burden_excess": 0.0, "cost_meur": 40.0
    }  # fmt: skip
    assert (fill.objective, fill.bound, fill.gap) == (8000.0, 8000.0, 0.0)
    assert burden.objective == 0.0
    assert cost.objective == 40.0


def test_solving_twice_gives_the_same_plan() -> None:
    reqs = [requirement("R1", "mechanised_battalion", quantity=3)]
    pledges = [
        pledge(f"P-{n}", n, "mechanised_battalion", quantity=2, rotations=3)
        for n in ("FRA", "GBR", "POL")
    ]
    problem = problem_of(reqs, pledges, settings=SETTINGS)
    first, second = solve(problem), solve(problem)
    assert first.assignments.equals(second.assignments)


def test_the_cost_stage_trades_across_capabilities_when_the_burden_needs_it() -> None:
    # FRA and GBR of equal GDP, one frigate and one battalion wanted: the fair plans
    # give each nation one. First fit takes GBR's dear frigate and FRA's dear
    # battalion (35); the cheap pair is FRA's frigate and GBR's battalion (11). No
    # change of one capability alone keeps the balance: both must move together.
    reqs = [
        requirement("R-F", "frigate", end=ONE_PERIOD),
        requirement("R-M", "mechanised_battalion", end=ONE_PERIOD),
    ]
    pledges = [
        pledge("P-1", "GBR", "frigate", cost_meur_per_rotation=18.0),
        pledge("P-2", "FRA", "frigate", cost_meur_per_rotation=10.0),
        pledge("P-3", "FRA", "mechanised_battalion", cost_meur_per_rotation=17.0),
        pledge("P-4", "GBR", "mechanised_battalion", cost_meur_per_rotation=1.0),
    ]
    nations = [nation("FRA", 100.0), nation("GBR", 100.0)]
    mip, greedy = both(problem_of(reqs, pledges, nations))

    assert assigned(greedy) == {("P-1", "R-F", 0, 1), ("P-3", "R-M", 0, 1)}
    assert assigned(mip) == {("P-2", "R-F", 0, 1), ("P-4", "R-M", 0, 1)}
    assert mip.info.objectives == {
        "weighted_unfilled": 0.0, "burden_excess": 0.0, "cost_meur": 11.0
    }  # fmt: skip
    assert mip.info.status == "optimal"


def test_among_equal_weighted_fills_the_burden_stage_may_fill_other_requirements() -> None:
    # P-A (FRA, ten units, one rotation) fills either R3 in period 0 (priority 3, ten
    # units: 10 x 10) or R2 in period 1 (priority 2, one unit: 100): the same weighted
    # fill. GBR pledges too (a unit too slow for either), so FRA's fair share is half:
    # one unit-period used leaves an excess of 0.5, ten leave 5. The burden stage
    # decides, not whichever tie the fill stage happened to return.
    reqs = [
        requirement("R3", "frigate", priority=3, quantity=10, end=ONE_PERIOD),
        requirement("R2", "frigate", priority=2, start=ONE_PERIOD, end=add_months(P_DAY, 12)),
    ]
    pledges = [
        pledge("P-A", "FRA", "frigate", quantity=10, rotations=1),
        pledge("P-B", "GBR", "frigate", notice_days=300),
    ]
    nations = [nation("FRA", 100.0), nation("GBR", 100.0)]
    mip, _ = both(problem_of(reqs, pledges, nations, PlanSettings(P_DAY, periods=2)))

    assert assigned(mip) == {("P-A", "R2", 1, 1)}
    assert mip.info.objectives == {
        "weighted_unfilled": 100.0, "burden_excess": 0.5, "cost_meur": 10.0
    }  # fmt: skip


def test_fill_rates_are_per_objective_and_period_with_overall_rows() -> None:
    # seas: R1 wants 2 frigates, one is pledged; support: R2's medical unit, none is,
    # and R3 (priority 3) only from period 2.
    reqs = [
        requirement("R1", "frigate", quantity=2),
        requirement("R2", "medical_unit"),
        requirement("R3", "hq_staff", priority=3, start=add_months(P_DAY, 12)),
    ]
    pledges = [pledge("P-A", "FRA", "frigate"), pledge("P-B", "GBR", "hq_staff")]
    mip, _ = both(problem_of(reqs, pledges))

    rates = mip.fill_rates.filter(pl.col("period").is_null() | (pl.col("period") == 2))
    assert rates.rows() == [
        ("seas", 2, 2, 1, 0.5),
        ("seas", None, 8, 4, 0.5),
        ("support", 2, 2, 1, 0.5),
        ("support", None, 6, 2, pytest.approx(1 / 3)),
        ("all", 2, 4, 2, 0.5),
        ("all", None, 14, 6, pytest.approx(6 / 14)),
    ]
    assert mip.fill_rate == pytest.approx(6 / 14)
    # weighted: R1 2000 a period, R2 1000, R3 10 (periods 2-3 only)
    assert mip.weighted_fill_rate == pytest.approx((4 * 1000 + 2 * 10) / (4 * 3000 + 2 * 10))
    assert mip.unfilled.select("requirement_id", "period").rows() == [
        ("R1", 0), ("R1", 1), ("R1", 2), ("R1", 3), ("R2", 0), ("R2", 1), ("R2", 2), ("R2", 3),
    ]  # fmt: skip
