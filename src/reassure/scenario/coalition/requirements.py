"""The statement of requirements: what the reassurance force needs, objective by objective.

:data:`STATEMENT` is the scale-1 statement, 40 lines, ordered by priority (priority 1 is
the minimum essential force), so that a smaller scale keeps the most critical lines.
A larger scale repeats it in *cycles*: cycle ``c`` restates each line at the next of
its sites in turn, at the same readiness tier, with a quantity, a priority (never more
urgent) and a start drawn around the first statement's: more force, mostly of lower
priority, phased in later.

Readiness tiers (``max_notice_days``): very high readiness 5-10 days, high 30,
follow-on 60-90. Rotations last 4 months for fighter squadrons, frigates, and
battalions and engineers in the DMZ sectors; 6 for the rest. Dates are days after
P-day; a line without ``months`` runs over the whole planning horizon
(:data:`HORIZON_MONTHS`).

Some lines are unfillable by design, each for a different reason, so that a plan has
honest gaps to show: maritime patrol aircraft (no nation offers them), battalions in
the DMZ east of the Dnipro (every battalion pledged carries a caveat against it), and a
very-high-readiness mine countermeasures group (no MCM vessel is held at 10 days'
notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from reassure.force.catalog import CAPABILITIES
from reassure.force.dates import add_months

__all__ = ["HORIZON_MONTHS", "STATEMENT", "Line", "Site", "requirements"]

HORIZON_MONTHS = 48
"""The planning horizon: 8 rotation periods of 6 months from P-day."""


@dataclass(frozen=True)
class Site:
    """Where a requirement is: a base (``"Name (CCC)"``) and the DMZ sector it serves.

    ``lon``, ``lat`` and ``east_of_dnipro`` are for bases that are not
    ``reassure.force.catalog.PLACES``."""

    base: str
    sector: str | None = None
    lon: float | None = None
    lat: float | None = None
    east_of_dnipro: bool | None = None


@dataclass(frozen=True)
class Line:
    """One line of the statement of requirements."""

    title: str
    capability: str
    quantity: int
    sites: tuple[Site, ...]
    """The first statement's site first; later cycles take the next ones in turn."""
    priority: int
    max_notice_days: int
    rotation_months: int
    start_day: int = 0
    """Days after P-day."""
    months: int | None = None
    """How long it is needed (``None``: the whole horizon)."""
    tasks: tuple[str, ...] = ()
    """Its tasks when they differ from the capability's."""
    near_contact: bool | None = None
    """Within 50 km of the line of contact, when that differs from "it has a sector"."""


_S = Site
KYIV, LVIV, ODESA = _S("Kyiv (UKR)"), _S("Lviv (UKR)"), _S("Odesa (UKR)")
MYKOLAIV, DNIPRO = _S("Mykolaiv (UKR)"), _S("Dnipro (UKR)")
KHARKIV, ZAPORIZHZHIA = _S("Kharkiv (UKR)"), _S("Zaporizhzhia (UKR)")
STARO, NPP = _S("Starokostiantyniv (UKR)"), _S("South Ukraine NPP (UKR)")
RZESZOW, MK = _S("Rzeszów (POL)"), _S("Mihail Kogălniceanu (ROU)")
CONSTANTA, VARNA, BURGAS = _S("Constanța (ROU)"), _S("Varna (BGR)"), _S("Burgas (BGR)")
PARIS = _S("Paris (FRA)")
KHERSON = _S("Kherson (UKR)", lon=32.62, lat=46.64, east_of_dnipro=False)
"""Kherson city, on the west bank, a river port facing the line across the Dnipro."""
KHARKIV_Z, DONETSK_Z, ZAPORIZHZHIA_Z, KHERSON_Z = (
    _S("Kharkiv (UKR)", "Kharkiv"),
    _S("Dnipro (UKR)", "Donetsk"),
    _S("Zaporizhzhia (UKR)", "Zaporizhzhia"),
    _S("Mykolaiv (UKR)", "Kherson"),
)
"""Bases of the DMZ sectors (``reassure.scenario.places.SECTOR_NAMES``); Kharkiv and
Zaporizhzhia are east of the Dnipro."""

_L = Line
_AP = ("air_policing",)

# fmt: off
STATEMENT: tuple[Line, ...] = (
    # priority 1: the minimum essential force
    _L("Air policing of western Ukraine from Poland", "fighter_squadron", 1,
       (RZESZOW, MK), 1, 10, 4, tasks=_AP),
    _L("Air policing of southern Ukraine from Romania", "fighter_squadron", 1,
       (MK, RZESZOW), 1, 10, 4, tasks=_AP),
    _L("Air defence of Kyiv", "air_defence_battery", 2, (KYIV, LVIV, ODESA), 1, 30, 6),
    _L("Air defence of Odesa's port", "air_defence_battery", 2, (ODESA, MYKOLAIV, KYIV),
       1, 30, 6, 14),
    _L("Escort of the grain corridor from Odesa", "frigate", 2, (ODESA,), 1, 30, 4,
       tasks=("escort",)),
    _L("Mine clearance of the approaches to Odesa", "mcm_vessel", 4, (ODESA,), 1, 30, 6,
       months=24),
    _L("Reassurance battalion, Kyiv region", "mechanised_battalion", 1, (KYIV, LVIV), 1,
       30, 6, 30),
    _L("Reassurance battalion, Odesa region", "mechanised_battalion", 1, (ODESA, MYKOLAIV),
       1, 30, 6, 30),
    _L("Humanitarian demining, Kherson sector", "engineer_company", 2, (KHERSON_Z, DONETSK_Z),
       1, 30, 4, months=36, tasks=("demining",)),
    _L("Surveillance of the Dnipro line, Kherson sector", "isr_drone_unit", 1,
       (KHERSON_Z, DONETSK_Z), 1, 10, 6),
    _L("Multinational force headquarters", "hq_staff", 3, (PARIS,), 1, 5, 6),
    _L("Forward coordination cell, Kyiv", "hq_staff", 2, (KYIV,), 1, 10, 6),
    _L("Training of Ukrainian brigades, western Ukraine", "training_team", 4, (LVIV, KYIV),
       1, 30, 6, 30, 36),
    _L("Role 2 medical support, Kyiv", "medical_unit", 1, (KYIV, ODESA), 1, 30, 6, 30),
    # priority 2
    _L("Quick reaction alert from a Ukrainian air base", "fighter_squadron", 1, (STARO,), 2,
       30, 4, 30),
    _L("Air defence of the South Ukraine nuclear plant", "air_defence_battery", 1, (NPP,), 2,
       30, 6, 30),
    _L("Air defence of the Rzeszów logistic hub", "air_defence_battery", 1, (RZESZOW, MK), 2,
       30, 6),
    _L("Western Black Sea patrol", "frigate", 1, (CONSTANTA, VARNA), 2, 30, 4,
       tasks=("patrol",)),
    _L("Very-high-readiness route survey before the first convoy", "mcm_vessel", 2,
       (ODESA, MYKOLAIV), 2, 7, 6, months=6),
    _L("Mine clearance of the Dnipro-Bug estuary", "mcm_vessel", 2, (MYKOLAIV,), 2, 60, 6,
       30, 24),
    _L("Maritime patrol of the north-western Black Sea", "maritime_patrol_aircraft", 1,
       (MK, BURGAS), 2, 30, 6),
    _L("Presence in the Kherson sector, west bank", "mechanised_battalion", 1,
       (KHERSON_Z, DONETSK_Z), 2, 60, 4, 60),
    _L("DMZ presence, Kharkiv sector", "mechanised_battalion", 2, (KHARKIV_Z, ZAPORIZHZHIA_Z),
       2, 60, 4, 90),
    _L("Camp construction for the force", "engineer_company", 1, (KYIV, ODESA), 2, 30, 6,
       months=12, tasks=("construction",)),
    _L("Surveillance of the DMZ, Donetsk sector", "isr_drone_unit", 1,
       (DONETSK_Z, KHERSON_Z), 2, 30, 6, 30),
    _L("Surveillance of the DMZ, Zaporizhzhia sector", "isr_drone_unit", 1,
       (ZAPORIZHZHIA_Z, KHARKIV_Z), 2, 30, 6, 30),
    _L("Training of Ukrainian brigades in Poland", "training_team", 3, (RZESZOW,), 2, 30, 6,
       months=36),
    _L("Role 2 medical support, Odesa", "medical_unit", 1, (ODESA, MYKOLAIV), 2, 30, 6, 30),
    # priorities 3-5: the follow-on force
    _L("Combat air patrol up to the DMZ", "fighter_squadron", 1, (STARO,), 3, 30, 4, 60,
       tasks=("combat_air_patrol",), near_contact=True),
    _L("Air defence of Lviv", "air_defence_battery", 1, (LVIV, STARO), 3, 60, 6, 60),
    _L("Black Sea presence from Varna", "frigate", 1, (VARNA, BURGAS), 3, 60, 4, 60),
    _L("Mine clearance of the port of Kherson", "mcm_vessel", 2, (KHERSON,), 3, 60, 6, 90,
       24, near_contact=True),
    _L("Route clearance, Donetsk sector", "engineer_company", 1, (DONETSK_Z, KHERSON_Z), 3,
       60, 4, 90, tasks=("demining",)),
    _L("Air defence of Zaporizhzhia", "air_defence_battery", 1, (ZAPORIZHZHIA, KHARKIV), 4,
       60, 6, 90, near_contact=True),
    _L("Mine clearance of the Constanța-Bosphorus route", "mcm_vessel", 2, (CONSTANTA, VARNA),
       4, 60, 6, months=12),
    _L("Maritime patrol of the western Black Sea", "maritime_patrol_aircraft", 1,
       (BURGAS, MK), 4, 60, 6),
    _L("Reserve battalion, western Ukraine", "mechanised_battalion", 1, (LVIV, KYIV), 4, 60,
       6, 90),
    _L("Role 2 medical support, Dnipro", "medical_unit", 1, (DNIPRO, KYIV), 4, 60, 6, 90),
    _L("DMZ presence, Zaporizhzhia sector", "mechanised_battalion", 1,
       (ZAPORIZHZHIA_Z, KHARKIV_Z), 5, 90, 4, 90),
    _L("Surveillance of the DMZ, Kharkiv sector", "isr_drone_unit", 1,
       (KHARKIV_Z, ZAPORIZHZHIA_Z), 5, 60, 6, 60),
)
# fmt: on


def requirements(rng: np.random.Generator, count: int, p_day: date) -> list[dict[str, Any]]:
    """``count`` requirement records (``REQ-001`` ...): the statement, then its cycles."""
    width = max(3, len(str(count)))
    rows = []
    for index in range(count):
        cycle, line = divmod(index, len(STATEMENT))
        rows.append(_record(STATEMENT[line], cycle, rng, p_day, f"REQ-{index + 1:0{width}d}"))
    return rows


def _record(
    line: Line, cycle: int, rng: np.random.Generator, p_day: date, requirement_id: str
) -> dict[str, Any]:
    site = line.sites[cycle % len(line.sites)]
    quantity, priority, notice, start_day = (
        line.quantity,
        line.priority,
        line.max_notice_days,
        line.start_day,
    )
    title = line.title
    if cycle > 0:
        title = f"{line.title} ({cycle + 1})"
        quantity = max(1, quantity + int(rng.choice([-1, 0, 0, 1])))
        priority = min(5, priority + int(rng.choice([0, 0, 1, 2])))
        notice = _same_tier(notice, rng)
        start_day += int(rng.choice([0, 30, 60, 90, 180]))
    start = p_day + timedelta(days=start_day)
    end = add_months(start, line.months) if line.months else add_months(p_day, HORIZON_MONTHS)
    record: dict[str, Any] = {
        "requirement_id": requirement_id,
        "title": title,
        "objective": CAPABILITIES[line.capability].objective,
        "capability": line.capability,
        "quantity": quantity,
        "base": site.base,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "max_notice_days": notice,
        "rotation_months": line.rotation_months,
        "priority": priority,
    }
    if site.sector is not None:
        record["sector"] = site.sector
    if site.lon is not None and site.lat is not None:
        record["lon"], record["lat"] = site.lon, site.lat
    if site.east_of_dnipro is not None:
        record["east_of_dnipro"] = site.east_of_dnipro
    if line.tasks:
        record["tasks"] = list(line.tasks)
    if line.near_contact is not None:
        record["near_contact"] = line.near_contact
    return record


def _same_tier(days: int, rng: np.random.Generator) -> int:
    """Another notice-to-move of the same readiness tier."""
    if days <= 10:
        return int(rng.choice([5, 7, 10]))
    if days <= 30:
        return days
    return int(rng.choice([60, 90]))
