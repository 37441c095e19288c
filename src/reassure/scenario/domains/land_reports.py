"""Ceasefire monitors' reports along the line of contact, with planted violations.

Writes ``land/monitor_reports.csv`` (:data:`COLUMNS`, the format
``reassure.land.reports`` decodes): about :data:`REPORTS_AT_SCALE_1` reports at
scale 1, mostly routine patrols within :data:`PATROL_REACH_M` of the line, plus the
planted cases of :data:`PLAN`. Each report that the agreement's rules turn into an
event (:func:`expected_event`, the rules of ``reassure.land.violations``) gets a
ground-truth record. Every report lies at least :data:`MARGIN_M` inside Ukraine's
outline and, unless it is a routine patrol, at least as far from the DMZ edge and
from every withdrawal band's edge, so the truth cannot be argued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import shapely

from reassure.geo.basemap import ukraine_polygon
from reassure.scenario.context import ScenarioContext, ZoneShape, iso_z
from reassure.scenario.domains.zones import DMZ_HALF_WIDTH_M, WITHDRAWAL_BANDS
from reassure.scenario.sampling import LineSampler

__all__ = ["COLUMNS", "ORDER", "PLAN", "REPORTS_AT_SCALE_1", "expected_event", "generate"]

ORDER = 30
REPORTS_AT_SCALE_1 = 300
PATROL_REACH_M = 60_000.0
MARGIN_M = 2_000.0
COLUMNS = (
    "report_id",
    "observed_at",
    "lon",
    "lat",
    "team",
    "reporting_nation",
    "category",
    "weapon_class",
    "description",
    "releasability",
)
FIRE = ("shelling", "small_arms", "drone_strike")
TEAM_NATIONS = ("CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "IRL", "ITA", "NLD")
"""Nations that field monitoring teams (two teams each)."""


@dataclass(frozen=True)
class Case:
    """A kind of report: what is seen, how far from the line, what event it must give."""

    name: str
    share: float
    """Fraction of all reports."""
    categories: tuple[str, ...]
    weapons: tuple[str, ...]
    km: tuple[float, float]
    """Distance from the line of contact, km."""
    event: tuple[str, str] | None
    """(kind, severity) the detector must report, or None."""


_DMZ_KM = DMZ_HALF_WIDTH_M / 1000
_IN_DMZ = (0.0, _DMZ_KM - 2)
_NEAR = (_DMZ_KM + 2, 58.0)
_ARTY, _MLRS, _HEAVY = "artillery_100mm_plus", "mlrs", "heavy_mlrs"
_HWS, _TROOPS = ("heavy_weapon_sighting",), ("troop_movement",)
_VIOLATION, _CRITICAL = "reported_violation", ("reported_violation", "critical")
_BREACH = ("withdrawal_breach", "warning")

# fmt: off
PLAN: tuple[Case, ...] = (
    # name, share, categories, weapon classes, km from the line, (kind, severity) or None
    Case("fire-dmz", 0.08, FIRE, (_ARTY, "mortar", "small_arms", "drone"), _IN_DMZ, _CRITICAL),
    Case("fire-outside", 0.05, FIRE, (_ARTY, "mortar", "drone"), _NEAR, (_VIOLATION, "warning")),
    Case("troops-dmz", 0.03, _TROOPS, ("armour", "none"), _IN_DMZ, _CRITICAL),
    Case("heavy-dmz", 0.03, _HWS, (_ARTY, _MLRS, "armour"), _IN_DMZ, _CRITICAL),
    Case("artillery-band", 0.03, _HWS, (_ARTY,), (_DMZ_KM + 2, 48.0), _BREACH),
    Case("mlrs-band", 0.02, _HWS, (_MLRS,), (_DMZ_KM + 2, 68.0), _BREACH),
    Case("heavy-mlrs-band", 0.02, _HWS, (_HEAVY,), (_DMZ_KM + 2, 138.0), _BREACH),
    Case("troops-outside", 0.04, _TROOPS, ("armour", "none"), _NEAR, None),
    Case("artillery-beyond", 0.02, _HWS, (_ARTY,), (52.0, 68.0), None),
    Case("unbanded-sighting", 0.02, _HWS, ("armour", "mortar"), _NEAR, None),
)
# fmt: on
"""Planted cases; the rest of the reports are routine patrols (no event)."""


def expected_event(
    category: str, weapon_class: str, lon: float, lat: float, zones: dict[str, ZoneShape]
) -> tuple[str, str, str | None] | None:
    """(kind, severity, zone_id) the agreement's rules give a report, or None."""
    point = shapely.Point(lon, lat)
    dmz = [z for z in sorted(zones) if zones[z].kind == "dmz" and zones[z].geometry.covers(point)]
    in_dmz = dmz[0] if dmz else None
    if category in FIRE:
        return ("reported_violation", "critical" if in_dmz else "warning", in_dmz)
    if category in ("troop_movement", "heavy_weapon_sighting") and in_dmz:
        return ("reported_violation", "critical", in_dmz)
    if category == "heavy_weapon_sighting":
        bands = [
            (float(z.properties["distance_km"]), z.zone_id)
            for z in zones.values()
            if z.kind == "withdrawal"
            and weapon_class in z.properties.get("weapon_classes", [])
            and z.geometry.covers(point)
        ]
        if bands:
            return ("withdrawal_breach", "warning", min(bands)[1])
    return None


def generate(ctx: ScenarioContext) -> None:
    rng = ctx.rng("land_reports")
    total = ctx.scaled(REPORTS_AT_SCALE_1)
    reach = max(PATROL_REACH_M, max(km for _, _, km in WITHDRAWAL_BANDS) * 1000)
    sampler = LineSampler(ctx.line.geometry, ukraine_polygon(), reach, MARGIN_M)
    avoid = [DMZ_HALF_WIDTH_M] + [km * 1000 for _, _, km in WITHDRAWAL_BANDS]
    rows: list[dict[str, Any]] = []
    planted = 0
    for case in PLAN:
        count = round(total * case.share)
        planted += count
        rows += _case_rows(ctx, rng, sampler, case, count, avoid)
    patrol = Case(
        "routine", 0.0, ("routine_patrol",), ("none",), (0.0, PATROL_REACH_M / 1000), None
    )
    rows += _case_rows(ctx, rng, sampler, patrol, max(0, total - planted), [])
    rows.sort(key=lambda r: (r["observed_at"], r["lon"], r["lat"], r["category"]))
    width = max(5, len(str(len(rows))))
    for index, row in enumerate(rows):
        row["report_id"] = f"MR-{index + 1:0{width}d}"
        event = row.pop("event")
        if event is not None:
            kind, severity, zone_id = event
            ctx.truth.append(
                {
                    "truth_id": f"land:{row['report_id']}",
                    "domain": "land",
                    "kind": kind,
                    "severity": severity,
                    "zone_id": zone_id,
                    "record_ids": [row["report_id"]],
                    "time": iso_z(row["observed_at"]),
                    "lon": row["lon"],
                    "lat": row["lat"],
                }
            )
    ctx.write_csv(
        "land/monitor_reports.csv",
        COLUMNS,
        [
            [iso_z(r["observed_at"]) if c == "observed_at" else _cell(r[c]) for c in COLUMNS]
            for r in rows
        ],
    )
    ctx.counts["land_reports"] = len(rows)
    ctx.counts["land_truth"] = sum(1 for t in ctx.truth if t["domain"] == "land")


def _cell(value: Any) -> str:
    return f"{value:.5f}" if isinstance(value, float) else str(value)


def _case_rows(
    ctx: ScenarioContext,
    rng: np.random.Generator,
    sampler: LineSampler,
    case: Case,
    count: int,
    avoid: list[float],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    low, high = case.km
    for _ in range(100):  # each round tops up what the zones rejected
        need = count - len(rows)
        if need <= 0:
            break
        lons, lats, dists = sampler.sample(rng, need, low * 1000, high * 1000, avoid)
        for lon, lat, dist in zip(lons.tolist(), lats.tolist(), dists.tolist(), strict=True):
            category = str(rng.choice(case.categories))
            weapon = _weapon(category, case, rng)
            event = expected_event(category, weapon, lon, lat, ctx.zones)
            if (event[:2] if event else None) != case.event:
                continue  # off the plan (a clip of the zones): draw again
            rows.append(_row(ctx, rng, category, weapon, lon, lat, dist, event))
    if len(rows) < count:
        raise RuntimeError(f"cannot place {count} reports of case {case.name}: do zones match?")
    return rows


def _weapon(category: str, case: Case, rng: np.random.Generator) -> str:
    if category == "small_arms":
        return "small_arms"
    if category == "drone_strike":
        return "drone"
    choices = [w for w in case.weapons if w not in ("small_arms", "drone")] or ["none"]
    return str(rng.choice(choices))


_LABEL = {
    "artillery_100mm_plus": "152 mm artillery",
    "mortar": "120 mm mortar",
    "mlrs": "BM-21 Grad-type MLRS",
    "heavy_mlrs": "Uragan/Smerch-class MLRS",
    "armour": "main battle tanks",
    "drone": "loitering munition",
    "small_arms": "small arms",
    "none": "no weapons",
}


def _row(
    ctx: ScenarioContext,
    rng: np.random.Generator,
    category: str,
    weapon: str,
    lon: float,
    lat: float,
    dist_m: float,
    event: tuple[str, str, str | None] | None,
) -> dict[str, Any]:
    day = int(rng.integers(0, ctx.days))
    hour = int(rng.integers(5, 17)) if category == "routine_patrol" else int(rng.integers(0, 24))
    observed = ctx.start + timedelta(days=day, hours=hour, minutes=int(rng.integers(0, 60)))
    nation = str(rng.choice(TEAM_NATIONS))
    team = f"MT-{nation}-{int(rng.integers(1, 3))}"
    releasability = ""
    if rng.random() < 0.15:
        extra = ["GBR"] if rng.random() < 0.5 else ["FRA", "GBR"]
        releasability = ";".join(sorted({nation, "UKR", *extra}))
    count = int(rng.integers(2, 25))
    km = dist_m / 1000
    description = {
        "routine_patrol": f"Routine patrol {km:.0f} km from the line of contact: no violations.",
        "shelling": f"{count} impacts of {_LABEL[weapon]} fire observed",
        "small_arms": f"Exchange of small-arms fire for about {count} minutes",
        "drone_strike": f"Strike by a {_LABEL[weapon]} on a vehicle observed",
        "heavy_weapon_sighting": f"{count // 3 + 1} x {_LABEL[weapon]} seen in a firing position",
        "troop_movement": f"Column of {count + 5} vehicles ({_LABEL[weapon]}) moving",
    }[category]
    return {
        "observed_at": observed,
        "lon": lon,
        "lat": lat,
        "team": team,
        "reporting_nation": nation,
        "category": category,
        "weapon_class": weapon,
        "description": description,
        "releasability": releasability,
        "event": event,
    }
