"""The readiness timeline on hand-made plans: every day below is worked out by hand.

P-day is 2027-01-01 (day 0); periods are six months (period 1 starts on day 181).
Lift loads per unit (``catalog``): training team and HQ staff 1, ISR drone unit 2,
engineer company 4, air-defence battery 6, mechanised battalion 12; ships self-deploy.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from timeline_inputs import (
    SETTINGS,
    assignment,
    busy_case,
    frames,
    lift,
    pledge,
    requirement,
)

from reassure.errors import InputError
from reassure.force.timeline import Timeline, TimelineParams, simulate

HERE = Path(__file__).resolve().parent


def run(
    plan: list[dict[str, Any]],
    reqs: list[dict[str, Any]],
    pledges: list[dict[str, Any]],
    lifts: list[dict[str, Any]] | None = None,
    transit: list[tuple[str, str, float]] | None = None,
    params: TimelineParams | None = None,
) -> Timeline:
    return simulate(**frames(plan, reqs, pledges, lifts, transit), settings=SETTINGS, params=params)


def unit(timeline: Timeline, pledge_id: str, period: int = 0) -> dict[str, Any]:
    rows = timeline.units.filter(
        (pl.col("pledge_id") == pledge_id) & (pl.col("period") == period)
    ).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def objective(timeline: Timeline, name: str) -> dict[str, Any]:
    rows = timeline.objectives.filter(pl.col("objective") == name).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_ten_days_notice_and_two_days_by_air_arrive_on_p_plus_12() -> None:
    r = requirement("R-1", "training_team")
    p = pledge("P-1", "GBR", "training_team", notice_days=10)
    t = run([assignment(p, r)], [r], [p], [lift("GBR-air", "GBR", "air", 1.0)], [("GBR", "air", 2)])
    u = unit(t, "P-1")
    assert (u["ready_day"], u["lift_id"], u["lift_start_day"], u["lift_end_day"]) == (
        10,
        "GBR-air",
        10,
        10,
    )
    assert (u["arrival_day"], u["arrival_date"]) == (12, date(2027, 1, 13))
    assert (u["needed_by"], u["late_days"], u["relief"], u["note"]) == (
        date(2027, 1, 1),
        12,
        False,
        None,
    )
    support = objective(t, "support")
    assert (support["ioc_day"], support["foc_day"], support["in_place_day"]) == (12, 12, 12)
    assert (support["units"], support["troops"], support["note"]) == (1, 30, None)


@pytest.mark.parametrize(
    ("a", "b", "loads_per_day", "expected"),
    [
        pytest.param(
            {"notice_days": 10, "priority": 2},
            {"notice_days": 10, "priority": 1},
            1.0,
            {"P-A": (11, 11, 13), "P-B": (10, 10, 12)},
            id="priority-breaks-a-tie-on-the-ready-day",
        ),
        pytest.param(
            {"notice_days": 10, "priority": 1},
            {"notice_days": 10, "priority": 1},
            1.0,
            {"P-A": (10, 10, 12), "P-B": (11, 11, 13)},
            id="pledge-id-breaks-a-full-tie",
        ),
        pytest.param(
            {"notice_days": 10, "priority": 1, "start": date(2027, 3, 1)},
            {"notice_days": 10, "priority": 1, "start": date(2027, 2, 1)},
            1.0,
            {"P-A": (11, 11, 13), "P-B": (10, 10, 12)},
            id="the-earlier-needed-goes-first-at-equal-priority",
        ),
        pytest.param(
            {"notice_days": 5, "priority": 3},
            {"notice_days": 6, "priority": 1},
            0.5,
            {"P-A": (5, 6, 8), "P-B": (7, 8, 10)},
            id="first-ready-is-served-first-whatever-its-priority",
        ),
    ],
)
def test_units_competing_for_one_lift_leave_in_order(
    a: dict[str, Any],
    b: dict[str, Any],
    loads_per_day: float,
    expected: dict[str, tuple[int, int, int]],
) -> None:
    """(lift start, lift end, arrival) of two one-load units on one lift, 2 days by air."""
    reqs, pledges, plan = [], [], []
    for name, fields in (("A", a), ("B", b)):
        notice = fields.pop("notice_days")
        r = requirement(f"R-{name}", "training_team", **fields)
        p = pledge(f"P-{name}", "GBR", "training_team", notice_days=notice)
        reqs.append(r)
        pledges.append(p)
        plan.append(assignment(p, r))
    t = run(
        plan, reqs, pledges, [lift("GBR-air", "GBR", "air", loads_per_day)], [("GBR", "air", 2)]
    )
    got = {
        row["pledge_id"]: (row["lift_start_day"], row["lift_end_day"], row["arrival_day"])
        for row in t.units.to_dicts()
    }
    assert got == expected


def test_the_rest_of_a_days_lift_goes_to_the_next_in_the_queue() -> None:
    """3 loads a day, two ISR units of 2 loads ready on day 10: A takes 2, B 1 + 1."""
    reqs = [requirement("R-A", "isr_drone_unit"), requirement("R-B", "isr_drone_unit")]
    pledges = [pledge("P-A", "GBR", "isr_drone_unit"), pledge("P-B", "GBR", "isr_drone_unit")]
    plan = [assignment(p, r) for p, r in zip(pledges, reqs, strict=True)]
    t = run(plan, reqs, pledges, [lift("GBR-air", "GBR", "air", 3.0)], [("GBR", "air", 1)])
    assert (unit(t, "P-A")["lift_end_day"], unit(t, "P-A")["arrival_day"]) == (10, 11)
    b = unit(t, "P-B")
    assert (b["lift_start_day"], b["lift_end_day"], b["arrival_day"]) == (10, 11, 12)
    assert t.lift_daily.select("lift_id", "day", "loads", "saturated").rows() == [
        ("GBR-air", 10, 3.0, True),
        ("GBR-air", 11, 1.0, False),
    ]
    (row,) = t.lift.to_dicts()
    assert {k: row[k] for k in ("units", "loads", "busy_days", "saturated_days")} == {
        "units": 2,
        "loads": 4.0,
        "busy_days": 2,
        "saturated_days": 1,
    }
    assert (row["first_day"], row["last_day"], row["max_delay_days"]) == (10, 11, 1)


NO_AIR_LIFT = "no air lift: NOR has none and no pool admits it"


@pytest.mark.parametrize(
    ("nation", "lifts", "lift_id"),
    [
        pytest.param(
            "GBR",
            [lift("GBR-air", "GBR", "air", 1.0), lift("POOL-air", "POOL", "air", 9.0)],
            "GBR-air",
            id="own-lift-before-a-pool",
        ),
        pytest.param(
            "NOR",
            [lift("GBR-air", "GBR", "air", 1.0), lift("POOL-air", "POOL", "air", 1.0, "NOR")],
            "POOL-air",
            id="a-pool-when-the-nation-has-none",
        ),
        pytest.param(
            "NOR", [lift("POOL-air", "POOL", "air", 1.0)], "POOL-air", id="a-pool-open-to-all"
        ),
        pytest.param(
            "NOR",
            [lift("POOL-A", "POOL", "air", 1.0, "DNK"), lift("POOL-B", "POOL", "air", 1.0, "NOR")],
            "POOL-B",
            id="the-first-pool-that-admits-the-nation",
        ),
        pytest.param(
            "NOR", [lift("POOL-A", "POOL", "air", 1.0, "DNK")], None, id="a-pool-for-others-only"
        ),
        pytest.param(
            "NOR", [lift("POOL-rail", "POOL", "rail", 9.0)], None, id="lift-of-another-mode"
        ),
        pytest.param("NOR", [], None, id="no-lift-at-all"),
    ],
)
def test_lift_a_unit_may_use(nation: str, lifts: list[dict[str, Any]], lift_id: str | None) -> None:
    r = requirement("R-1", "training_team")
    p = pledge("P-1", nation, "training_team")
    t = run([assignment(p, r)], [r], [p], lifts)
    u = unit(t, "P-1")
    assert u["lift_id"] == lift_id
    if lift_id is None:
        assert (u["arrival_day"], u["lift_start_day"], u["note"]) == (None, None, NO_AIR_LIFT)
        assert t.requirements["status"].to_list() == ["stranded"]
    else:
        assert (u["lift_start_day"], u["arrival_day"], u["note"]) == (10, 11, None)


def test_a_unit_no_lift_can_move_keeps_ioc_from_being_reached() -> None:
    r = requirement("R-1", "training_team")
    p = pledge("P-1", "NOR", "training_team")
    t = run([assignment(p, r)], [r], [p])
    support = objective(t, "support")
    assert (support["ioc_day"], support["foc_day"], support["in_place_day"]) == (None, None, None)
    assert support["note"] == (
        "IOC never reached: R-1 has units no lift can move; "
        "FOC never reached: R-1 has units no lift can move"
    )
    assert t.lift.is_empty() and t.lift_daily.is_empty() and t.deployed.is_empty()


@pytest.mark.parametrize(
    ("capability", "lift_mode", "params", "transit_days", "arrival_day"),
    [
        pytest.param("training_team", "air", None, 1.0, 11, id="air-1-day"),
        pytest.param("engineer_company", "rail", None, 4.0, 14, id="rail-4-days"),
        pytest.param("air_defence_battery", "sea", None, 12.0, 22, id="sea-12-days"),
        pytest.param("frigate", None, None, 10.0, 20, id="self-10-days"),
        pytest.param(
            "engineer_company",
            "rail",
            TimelineParams(rail_transit_days=6.5),
            6.5,
            17,
            id="a-default-of-the-params-half-days-round-up",
        ),
    ],
)
def test_a_nation_missing_from_the_transit_table_takes_the_modes_default(
    capability: str,
    lift_mode: str | None,
    params: TimelineParams | None,
    transit_days: float,
    arrival_day: int,
) -> None:
    r = requirement("R-1", capability)
    p = pledge("P-1", "DEU", capability, notice_days=10)
    lifts = [lift("DEU-lift", "DEU", lift_mode, 100.0)] if lift_mode else []
    other_nations = [("FRA", mode, 30.0) for mode in ("air", "rail", "sea", "self")]
    t = run([assignment(p, r)], [r], [p], lifts, other_nations, params)
    u = unit(t, "P-1")
    assert (u["transit_days"], u["arrival_day"]) == (transit_days, arrival_day)


def test_the_transit_table_gives_days_by_nation_and_mode() -> None:
    r = requirement("R-1", "frigate")
    p = pledge("P-1", "AUS", "frigate", notice_days=20)
    t = run([assignment(p, r)], [r], [p], [], [("AUS", "self", 35.0), ("AUS", "air", 2.0)])
    assert (unit(t, "P-1")["transit_days"], unit(t, "P-1")["arrival_day"]) == (35.0, 55)


def support_plan(
    critical_quantity: int = 1, critical_assigned: int = 1, critical_priority: int = 1
) -> Timeline:
    """R-1 (training teams, priority ``critical_priority``) by day 12; R-2 (HQ staff,
    priority 3) by day 22: notice 10 and 20, air 2 days, ample lift."""
    r1 = requirement("R-1", "training_team", quantity=critical_quantity, priority=critical_priority)
    r2 = requirement("R-2", "hq_staff", priority=3)
    p1 = pledge("P-1", "GBR", "training_team", quantity=2, notice_days=10)
    p2 = pledge("P-2", "GBR", "hq_staff", notice_days=20)
    plan = [assignment(p2, r2)]
    if critical_assigned:
        plan.append(assignment(p1, r1, quantity=critical_assigned))
    return run(plan, [r1, r2], [p1, p2], [lift("GBR-air", "GBR", "air", 10.0)], [("GBR", "air", 2)])


def test_ioc_when_the_critical_requirements_are_in_place_foc_when_all_are() -> None:
    support = objective(support_plan(), "support")
    assert (support["ioc_priority"], support["ioc_day"], support["ioc_date"]) == (
        1,
        12,
        date(2027, 1, 13),
    )
    assert (support["foc_day"], support["foc_date"], support["in_place_day"]) == (
        22,
        date(2027, 1, 23),
        22,
    )
    assert (support["requirements"], support["complete"], support["units"]) == (2, 2, 2)
    assert (support["troops"], support["ioc_missing"], support["foc_missing"]) == (70, [], [])


def test_an_objective_without_priority_1_takes_its_most_critical_priority_for_ioc() -> None:
    support = objective(support_plan(critical_priority=2), "support")
    assert (support["ioc_priority"], support["ioc_day"], support["foc_day"]) == (2, 12, 22)


@pytest.mark.parametrize(
    ("quantity", "assigned", "status", "why", "units"),
    [
        pytest.param(1, 0, "unfilled", "R-1 unfilled", 1, id="unfilled"),
        pytest.param(2, 1, "partial", "R-1 partly filled (1 of 2 units)", 2, id="partly-filled"),
    ],
)
def test_an_unfilled_priority_1_requirement_means_ioc_is_never_reached(
    quantity: int, assigned: int, status: str, why: str, units: int
) -> None:
    t = support_plan(critical_quantity=quantity, critical_assigned=assigned)
    support = objective(t, "support")
    assert (support["ioc_day"], support["ioc_date"], support["foc_day"]) == (None, None, None)
    assert (support["ioc_missing"], support["foc_missing"]) == (["R-1"], ["R-1"])
    assert support["note"] == f"IOC never reached: {why}; FOC never reached: {why}"
    assert (support["in_place_day"], support["units"]) == (22, units)
    r1 = t.requirements.filter(pl.col("requirement_id") == "R-1").to_dicts()[0]
    assert (r1["status"], r1["assigned"], r1["complete_day"]) == (status, assigned, None)
    assert t.objectives_table().splitlines() == [
        "objective  IOC    FOC    in place           units  troops  note",
        f"support    never  never  P+22 (2027-01-23)  {units}      "
        f"{40 + 30 * (units - 1)}      IOC never reached: {why}; FOC never reached: {why}",
    ]


def test_a_relief_arrives_a_margin_before_its_period_and_the_relieved_unit_leaves() -> None:
    """P-A holds R-1 in period 0; P-B relieves it for periods 1-3 (day 181 to 731).

    P-B: 1 load on a 1-load lift (1 day), 2 days by air, 7 days' margin: ready on
    181 - (0 + 2 + 7) = 172, in place on 174.
    """
    r = requirement("R-1", "training_team")
    a = pledge("P-A", "GBR", "training_team")
    b = pledge("P-B", "FRA", "training_team")
    plan = [assignment(a, r), *(assignment(b, r, k) for k in (1, 2, 3))]
    lifts = [lift("POOL-air", "POOL", "air", 1.0)]
    t = run(plan, [r], [a, b], lifts, [("GBR", "air", 2), ("FRA", "air", 2)])
    assert t.units.height == 2  # P-B stays on in periods 2 and 3: it moves once
    relief = unit(t, "P-B", period=1)
    assert (relief["relief"], relief["ready_day"], relief["arrival_day"]) == (True, 172, 174)
    assert (relief["needed_by"], relief["late_days"]) == (date(2027, 7, 1), 0)
    assert t.deployed.select("day", "units", "troops").rows() == [
        (12, 1, 30),
        (174, 2, 60),
        (181, 1, 30),
        (731, 0, 0),
    ]
    assert t.requirements["complete_day"].to_list() == [12]  # its first period's units


def test_a_relief_whose_notice_is_too_long_is_late() -> None:
    r = requirement("R-1", "training_team", max_notice_days=365)
    a = pledge("P-A", "GBR", "training_team")
    b = pledge("P-B", "FRA", "training_team", notice_days=200)
    plan = [assignment(a, r), assignment(b, r, 1)]
    t = run(plan, [r], [a, b], [lift("POOL-air", "POOL", "air", 1.0)], [("FRA", "air", 2)])
    relief = unit(t, "P-B", period=1)
    assert (relief["ready_day"], relief["arrival_day"], relief["late_days"]) == (200, 202, 21)


def test_a_pledge_that_grows_moves_only_its_new_units_and_sheds_the_oldest_first() -> None:
    """2 ISR units in period 0, 1 in period 1, 3 in period 2, none after."""
    r = requirement("R-1", "isr_drone_unit", quantity=3)
    p = pledge("P-1", "GBR", "isr_drone_unit", quantity=3)
    plan = [assignment(p, r, 0, 2), assignment(p, r, 1, 1), assignment(p, r, 2, 3)]
    t = run(plan, [r], [p], [lift("GBR-air", "GBR", "air", 10.0)], [("GBR", "air", 1)])
    assert t.units.select("period", "quantity", "relief", "ready_day", "arrival_day").rows() == [
        (0, 2, False, 10, 11),
        (2, 2, True, 357, 358),  # needed on day 365: ready 365 - (0 + 1 + 7)
    ]
    assert t.deployed.select("day", "units").rows() == [(11, 2), (181, 1), (358, 3), (547, 0)]
    assert t.requirements.select("status", "assigned").rows() == [("partial", 2)]


def test_a_requirement_that_starts_after_p_day_is_needed_from_its_start() -> None:
    r = requirement("R-1", "frigate", start=date(2027, 2, 1))
    p = pledge("P-1", "FRA", "frigate", notice_days=5)
    t = run([assignment(p, r)], [r], [p])
    assert (unit(t, "P-1")["needed_by"], unit(t, "P-1")["late_days"]) == (date(2027, 2, 1), 0)
    late = run([assignment(p, r)], [requirement("R-1", "frigate", start=date(2027, 1, 10))], [p])
    assert late.requirements.select("complete_day", "late_days").rows() == [(15, 6)]


def test_requirements_outside_the_plan_count_for_no_objective() -> None:
    early = requirement("R-OLD", "frigate", start=date(2026, 1, 1), end=date(2026, 6, 1))
    late = requirement("R-NEW", "frigate", start=date(2030, 1, 1), end=date(2031, 1, 1))
    t = run([], [early, late], [])
    assert t.requirements.select("requirement_id", "status").rows() == [
        ("R-NEW", "outside_horizon"),
        ("R-OLD", "outside_horizon"),
    ]
    assert t.objectives.is_empty()


def test_an_empty_plan_leaves_every_requirement_unfilled() -> None:
    t = run([], [requirement("R-1", "frigate")], [])
    assert t.units.is_empty() and "arrival_day" in t.units.columns
    assert t.requirements["status"].to_list() == ["unfilled"]
    assert objective(t, "seas")["note"] == (
        "IOC never reached: R-1 unfilled; FOC never reached: R-1 unfilled"
    )


def test_a_busy_plan_hand_checked() -> None:
    """Two pools and a national rail line under load; see ``busy_case``."""
    t = simulate(**busy_case(), settings=SETTINGS)
    by_move = {
        (u["pledge_id"], u["period"]): (u["lift_id"], u["lift_start_day"], u["arrival_day"])
        for u in t.units.to_dicts()
    }
    assert by_move == {
        ("P-AD1", 0): ("POOL-sea", 20, 33),  # 6 loads at 5 a day: days 20-21, 12 at sea
        ("P-AD2", 0): ("POOL-sea", 15, 28),
        ("P-AD1", 2): ("POOL-sea", 345, 358),  # back for period 2: 365 - (1 + 12 + 7)
        ("P-FR", 0): (None, None, 15),
        ("P-ENG", 0): ("POOL-rail", 14, 21),  # behind P-MECH2 (priority 2 before 3)
        ("P-ISR1", 0): ("POOL-air", 5, 7),
        ("P-ISR2", 0): ("POOL-air", 7, 8),  # the air pool moves P-ISR1's 4 loads first
        ("P-MECH1", 0): ("GBR-rail", 10, 17),
        ("P-MECH2", 0): ("POOL-rail", 10, 17),  # 12 loads at 3 a day: days 10-13
        ("P-HQ", 0): ("POOL-air", 3, 4),
        ("P-TT1", 0): ("POOL-air", 30, 32),  # 1.5 days from Canada: in place on day 32
        ("P-TT2", 0): (None, None, None),  # Iceland is not in the air pool
    }
    assert t.objectives.select("objective", "ioc_day", "foc_day", "units", "troops").rows() == [
        ("skies", 33, 33, 2, 240),
        ("seas", 15, 15, 1, 200),
        ("land", 8, 21, 6, 1630),
        ("support", 4, None, 3, 100),
    ]
    assert t.lift.select("lift_id", "busy_days", "saturated_days", "max_delay_days").rows() == [
        ("GBR-rail", 3, 3, 0),
        ("POOL-air", 5, 3, 2),
        ("POOL-rail", 6, 5, 4),
        ("POOL-sea", 6, 3, 0),
    ]


def test_same_plan_same_timeline_whatever_the_order_of_its_rows() -> None:
    inputs = busy_case()
    first = simulate(**inputs, settings=SETTINGS)
    for seed in range(3):
        shuffled = {
            name: frame.sample(fraction=1.0, shuffle=True, seed=seed)
            for name, frame in inputs.items()
        }
        again = simulate(**shuffled, settings=SETTINGS)
        for name in Timeline.FRAMES:
            assert getattr(again, name).equals(getattr(first, name)), name


def test_same_plan_same_json_in_another_process() -> None:
    """String hashing differs between processes: nothing may depend on set order."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "from timeline_inputs import SETTINGS, busy_case;"
        "from reassure.force.timeline import simulate;"
        "print(json.dumps(simulate(**busy_case(), settings=SETTINGS).to_dict(), sort_keys=True))"
    )
    here = json.dumps(simulate(**busy_case(), settings=SETTINGS).to_dict(), sort_keys=True)
    env = {**os.environ, "PYTHONHASHSEED": str(random.Random(5).randrange(1, 2**31))}
    there = subprocess.run(
        [sys.executable, "-c", code, str(HERE)], env=env, capture_output=True, text=True, check=True
    )
    assert there.stdout.strip() == here


def test_to_dict_is_plain_json() -> None:
    data = json.loads(json.dumps(simulate(**busy_case(), settings=SETTINGS).to_dict()))
    assert data["p_day"] == "2027-01-01"
    assert set(data) == {"p_day", *Timeline.FRAMES}
    land = next(o for o in data["objectives"] if o["objective"] == "land")
    assert (land["ioc_date"], land["foc_date"], land["foc_missing"]) == (
        "2027-01-09",
        "2027-01-22",
        [],
    )
    stranded = next(u for u in data["units"] if u["pledge_id"] == "P-TT2")
    assert (stranded["arrival_date"], stranded["needed_by"]) == (None, "2027-01-01")


def _drop(column: str) -> Any:
    return lambda f: {**f, "assignments": f["assignments"].drop(column)}


def _set(**values: Any) -> Any:
    return lambda f: {**f, "assignments": f["assignments"].with_columns(**values)}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(_set(pledge_id=pl.lit("P-X")), "no such pledge", id="unknown-pledge"),
        pytest.param(
            _set(nation=pl.lit("FRA")), "nation FRA, the pledge's is GBR", id="another-nation"
        ),
        pytest.param(
            _set(requirement_id=pl.lit("R-X")), "no such requirement", id="unknown-requirement"
        ),
        pytest.param(_set(capability=pl.lit("tank")), "unknown capability", id="bad-capability"),
        pytest.param(
            _set(period=pl.lit(4, pl.Int64)), "the plan has periods 0 to 3", id="period-too-late"
        ),
        pytest.param(
            _set(period_start=pl.lit(date(2027, 2, 1))),
            "but period 0 of the settings starts 2027-01-01",
            id="period-start-disagrees",
        ),
        pytest.param(_set(quantity=pl.lit(-1, pl.Int64)), "-1 units", id="negative-quantity"),
        pytest.param(_drop("period"), "missing column(s) period", id="missing-column"),
        pytest.param(
            lambda f: {**f, "lift": pl.DataFrame([lift("X", "GBR", "self", 1.0)])},
            "is no lift",
            id="self-is-no-lift-mode",
        ),
    ],
)
def test_a_plan_that_does_not_fit_its_inputs_is_an_input_error(change: Any, reason: str) -> None:
    r = requirement("R-1", "training_team")
    p = pledge("P-1", "GBR", "training_team")
    inputs = change(frames([assignment(p, r)], [r], [p], [lift("L", "GBR", "air", 1.0)]))
    with pytest.raises(InputError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        simulate(**inputs, settings=SETTINGS)


def test_a_long_list_of_gaps_is_counted_and_its_first_named() -> None:
    reqs = [requirement(f"R-{k}", "frigate") for k in range(1, 6)]
    reqs.append(requirement("R-6", "frigate", quantity=2))
    p = pledge("P-1", "FRA", "frigate")
    t = run([assignment(p, reqs[-1])], reqs, [p])
    seas = objective(t, "seas")
    why = "6 requirements (1 partly filled, 5 unfilled), e.g. R-1 unfilled, R-2 unfilled, "
    why += "R-3 unfilled"
    assert seas["note"] == f"IOC never reached: {why}; FOC never reached: {why}"
    assert seas["foc_missing"] == [f"R-{k}" for k in range(1, 7)]
