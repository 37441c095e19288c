"""Strategic lift and transit times: how the pledged units reach the theatre. Notional.

``lift:`` lists the national lift of the larger nations (:data:`NATIONAL_LIFT`) and
three pools the others share (:data:`POOLS`): a multinational strategic airlift pool
for the nations without their own, a chartered sealift pool, and the coalition's rail
movements through the Polish-Ukrainian border crossings (open to all). Capacities are
loads a day at scale 1 and grow with ``--scale`` (a larger force comes with more lift,
so its readiness profile keeps its shape).

``transit:`` gives, for every nation, the days from its home base to the theatre by
each mode its pledged units use (from ``reassure.force.catalog.CAPABILITIES``' lift
modes), and by air for everyone:

=====  ======================================================================
air    1 day within 7,500 km of Rzeszów, 2 beyond (Australia, Japan, New Zealand)
rail   2 days to load and cross the gauge break at Medyka, plus a day per 800 km
sea    2 days to load and unload, plus the sea route to Odesa at 15 knots
self   warships sailing to the Black Sea at 12.5 knots (a day per 300 nm);
       aircraft ferry in a day, so a nation pledging aircraft but no ships has 1
=====  ======================================================================

None of these figures is any nation's real capacity.
"""

from __future__ import annotations

import math
from typing import Any

from reassure.force.catalog import CAPABILITIES
from reassure.scenario.coalition.nations import Nation

__all__ = ["NATIONAL_LIFT", "POOLS", "lift", "modes_of", "transit"]

NATIONAL_LIFT: dict[str, dict[str, float]] = {
    "GBR": {"air": 6.0, "sea": 2.0, "rail": 4.0},
    "FRA": {"air": 5.0, "sea": 2.0, "rail": 4.0},
    "DEU": {"air": 4.0, "sea": 1.0, "rail": 8.0},
    "ITA": {"air": 3.0, "sea": 2.0, "rail": 3.0},
    "ESP": {"air": 2.0, "sea": 1.0, "rail": 2.0},
    "TUR": {"air": 3.0, "sea": 3.0, "rail": 2.0},
    "POL": {"air": 1.0, "rail": 6.0},
    "CAN": {"air": 3.0},
    "NLD": {"sea": 1.0},
}
"""Loads a day at scale 1, by nation and mode."""

POOLS: tuple[tuple[str, str, float, bool], ...] = (
    ("POOL-airlift", "air", 4.0, False),
    ("POOL-sealift", "sea", 2.0, False),
    ("POOL-rail", "rail", 6.0, True),
)
"""(lift_id, mode, loads a day at scale 1, open to all): a pool not open to all serves
the nations without national lift of its mode."""

HUB = (22.00, 50.04)
"""Rzeszów, the coalition's air hub (lon, lat)."""
_AIR_ONE_DAY_KM = 7_500
_EARTH_RADIUS_KM = 6_371.0
_RAIL_KM_A_DAY = 800
_SEA_NM_A_DAY = 360  # 15 knots
_SAIL_NM_A_DAY = 300  # 12.5 knots
_SHIPS = ("frigate", "mcm_vessel")


def modes_of(nation: Nation) -> tuple[str, ...]:
    """The modes the nation's units travel by: air, and their capabilities' lift modes."""
    used = {"air"} | {CAPABILITIES[c].lift for c in nation.offers}
    return tuple(m for m in ("self", "air", "sea", "rail") if m in used)


def lift(nations: tuple[Nation, ...], scale: float) -> list[dict[str, Any]]:
    """National lift and the pools, capacities multiplied by ``scale``."""
    rows: list[dict[str, Any]] = []
    for code in sorted(NATIONAL_LIFT):
        for mode, loads in sorted(NATIONAL_LIFT[code].items()):
            rows.append(
                {
                    "lift_id": f"{code}-{mode}",
                    "provider": code,
                    "mode": mode,
                    "loads_per_day": _scaled(loads, scale),
                }
            )
    for lift_id, mode, loads, open_to_all in POOLS:
        row: dict[str, Any] = {
            "lift_id": lift_id,
            "provider": "POOL",
            "mode": mode,
            "loads_per_day": _scaled(loads, scale),
        }
        if not open_to_all:
            row["users"] = [
                n.code
                for n in nations
                if mode in modes_of(n) and mode not in NATIONAL_LIFT.get(n.code, {})
            ]
        rows.append(row)
    return rows


def _scaled(loads: float, scale: float) -> float:
    return max(0.5, round(loads * scale * 2) / 2)


def transit(nations: tuple[Nation, ...]) -> list[dict[str, Any]]:
    """Days from each nation's home to the theatre, by every mode it uses."""
    rows = []
    for nation in nations:
        for mode in modes_of(nation):
            days = _days(nation, mode)
            if days is not None:
                rows.append({"nation": nation.code, "mode": mode, "days": days})
    return rows


def _days(nation: Nation, mode: str) -> float | None:
    if mode == "air":
        return 1.0 if _great_circle_km(nation.lon, nation.lat, *HUB) <= _AIR_ONE_DAY_KM else 2.0
    if mode == "rail":
        if nation.rail_km is None:
            return None
        return float(2 + math.ceil(nation.rail_km / _RAIL_KM_A_DAY))
    if mode == "sea":
        if nation.sea_nm is None:
            return None
        return float(2 + math.ceil(nation.sea_nm / _SEA_NM_A_DAY))
    if nation.sea_nm is not None and any(c in _SHIPS for c in nation.offers):
        return float(math.ceil(nation.sea_nm / _SAIL_NM_A_DAY))
    return 1.0


def _great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))
