"""Small hand-made inputs of the readiness timeline: a plan, its requirements, pledges, lift.

A test names only what it cares about; the rest takes a plain default (P-day
2027-01-01, requirements starting on P-day, six-month periods).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from reassure.force.catalog import CAPABILITIES
from reassure.force.dates import add_months
from reassure.force.inputs import LIFT_SCHEMA, PLEDGE_SCHEMA, REQUIREMENT_SCHEMA, TRANSIT_SCHEMA
from reassure.force.problem import PlanSettings
from reassure.force.timeline import ASSIGNMENT_SCHEMA

P_DAY = date(2027, 1, 1)
SETTINGS = PlanSettings(p_day=P_DAY, periods=4, period_months=6)


def requirement(requirement_id: str, capability: str, **fields: Any) -> dict[str, Any]:
    c = CAPABILITIES[capability]
    return {
        "requirement_id": requirement_id,
        "objective": c.objective,
        "capability": capability,
        "quantity": 1,
        "base": "Kyiv (UKR)",
        "base_name": "Kyiv",
        "sector": None,
        "country": "UKR",
        "lon": 30.52,
        "lat": 50.45,
        "east_of_dnipro": False,
        "near_contact": False,
        "tasks": list(c.tasks),
        "start": P_DAY,
        "end": add_months(P_DAY, 24),
        "max_notice_days": 90,
        "rotation_months": 6,
        "priority": 1,
        "lift": c.lift,
        "troops": c.troops,
        **fields,
    }


def pledge(pledge_id: str, nation: str, capability: str, **fields: Any) -> dict[str, Any]:
    return {
        "pledge_id": pledge_id,
        "nation": nation,
        "unit": pledge_id,
        "capability": capability,
        "quantity": 1,
        "available_from": P_DAY,
        "available_to": add_months(P_DAY, 24),
        "notice_days": 10,
        "rotations": 4,
        "caveats": [],
        "home_base": f"Home ({nation})",
        "cost_meur_per_rotation": 10.0,
        **fields,
    }


def assignment(
    pledge: dict[str, Any], requirement: dict[str, Any], period: int = 0, quantity: int = 1
) -> dict[str, Any]:
    months = SETTINGS.period_months
    return {
        "pledge_id": pledge["pledge_id"],
        "nation": pledge["nation"],
        "requirement_id": requirement["requirement_id"],
        "objective": requirement["objective"],
        "capability": requirement["capability"],
        "period": period,
        "period_start": add_months(P_DAY, period * months),
        "period_end": add_months(P_DAY, (period + 1) * months),
        "quantity": quantity,
    }


def lift(
    lift_id: str, provider: str, mode: str, loads_per_day: float, *users: str
) -> dict[str, Any]:
    return {
        "lift_id": lift_id,
        "provider": provider,
        "mode": mode,
        "loads_per_day": loads_per_day,
        "users": list(users),
    }


def frames(
    assignments: list[dict[str, Any]],
    requirements: list[dict[str, Any]],
    pledges: list[dict[str, Any]],
    lifts: list[dict[str, Any]] | None = None,
    transit: list[tuple[str, str, float]] | None = None,
) -> dict[str, pl.DataFrame]:
    """The keyword arguments of ``simulate`` but ``settings``."""
    return {
        "assignments": pl.DataFrame(assignments, schema=ASSIGNMENT_SCHEMA),
        "requirements": pl.DataFrame(requirements, schema=REQUIREMENT_SCHEMA),
        "pledges": pl.DataFrame(pledges, schema=PLEDGE_SCHEMA),
        "lift": pl.DataFrame(lifts or [], schema=LIFT_SCHEMA),
        "transit": pl.DataFrame(transit or [], schema=TRANSIT_SCHEMA, orient="row"),
    }


def busy_case() -> dict[str, pl.DataFrame]:
    """A plan with congested lift, pools, reliefs, a stranded unit and an unfilled need."""
    reqs = [
        requirement("R-AD", "air_defence_battery", quantity=2),
        requirement("R-FR", "frigate"),
        requirement("R-MECH", "mechanised_battalion", quantity=2, priority=2),
        requirement("R-ENG", "engineer_company", priority=3),
        requirement("R-ISR", "isr_drone_unit", quantity=3),
        requirement("R-TT", "training_team", quantity=2, priority=2),
        requirement("R-HQ", "hq_staff"),
        requirement("R-MED", "medical_unit", priority=4),
    ]
    by_id = {r["requirement_id"]: r for r in reqs}
    pledges = [
        pledge("P-AD1", "DEU", "air_defence_battery", notice_days=20),
        pledge("P-AD2", "NLD", "air_defence_battery", notice_days=15),
        pledge("P-FR", "FRA", "frigate", notice_days=5),
        pledge("P-MECH1", "GBR", "mechanised_battalion", notice_days=10),
        pledge("P-MECH2", "POL", "mechanised_battalion", notice_days=10),
        pledge("P-ENG", "FIN", "engineer_company", notice_days=10),
        pledge("P-ISR1", "GBR", "isr_drone_unit", quantity=2, notice_days=5),
        pledge("P-ISR2", "EST", "isr_drone_unit", notice_days=5),
        pledge("P-TT1", "CAN", "training_team", notice_days=30),
        pledge("P-TT2", "ISL", "training_team", notice_days=7),
        pledge("P-HQ", "FRA", "hq_staff", notice_days=3),
    ]
    by_p = {p["pledge_id"]: p for p in pledges}
    plan = [
        ("P-AD1", "R-AD", 0, 1),
        ("P-AD2", "R-AD", 0, 1),
        ("P-AD2", "R-AD", 1, 1),
        ("P-AD1", "R-AD", 2, 1),
        ("P-FR", "R-FR", 0, 1),
        ("P-FR", "R-FR", 1, 1),
        ("P-MECH1", "R-MECH", 0, 1),
        ("P-MECH2", "R-MECH", 0, 1),
        ("P-MECH2", "R-MECH", 1, 1),
        ("P-ENG", "R-ENG", 0, 1),
        ("P-ISR1", "R-ISR", 0, 2),
        ("P-ISR2", "R-ISR", 0, 1),
        ("P-ISR1", "R-ISR", 1, 1),
        ("P-TT1", "R-TT", 0, 1),
        ("P-TT2", "R-TT", 0, 1),
        ("P-HQ", "R-HQ", 0, 1),
        ("P-HQ", "R-HQ", 1, 1),
    ]
    lifts = [
        lift("GBR-rail", "GBR", "rail", 4.0),
        lift("POOL-air", "POOL", "air", 2.0, "GBR", "EST", "CAN", "FRA"),
        lift("POOL-rail", "POOL", "rail", 3.0),
        lift("POOL-sea", "POOL", "sea", 5.0),
    ]
    transit = [("GBR", "rail", 5.0), ("FIN", "rail", 6.0), ("CAN", "air", 1.5)]
    return frames(
        [assignment(by_p[p], by_id[r], k, q) for p, r, k, q in plan], reqs, pledges, lifts, transit
    )
