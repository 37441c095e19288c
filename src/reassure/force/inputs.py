"""The planner's inputs: the statement of requirements, the nations' pledges, and lift.

Requirements (``requirements:``), one per line of the statement of requirements:

=================  ===========================================================
requirement_id     unique id, e.g. ``REQ-001``
capability         a code of ``catalog.CAPABILITIES``
objective          skies, seas, land or support (default: the capability's)
quantity           units wanted at once (1-50)
base               ``"Name (CCC)"``; a known place (``catalog.PLACES``) gives its
                   country, position and side of the Dnipro
sector             DMZ sector the requirement serves (optional)
country, lon, lat  where the base is, when it is not a known place
east_of_dnipro     inside Ukraine: east of the Dnipro (default: the place's)
near_contact       within 50 km of the line of contact (default: it has a sector)
tasks              its tasks (default: the capability's)
start, end         dates it must be filled between (end after start)
max_notice_days    the slowest notice-to-move a unit filling it may have
rotation_months    how long one unit stays before it is relieved
priority           1 (critical) to 5
=================  ===========================================================

Pledges (``pledges:``), one per unit (or group of identical units) a nation offers:
``pledge_id``, ``nation``, ``unit``, ``capability``, ``quantity``, ``available_from``,
``available_to``, ``notice_days``, ``rotations`` (rotations the nation can sustain),
``caveats`` (wordings of ``caveats.CAVEATS``), ``home_base``, ``cost_meur_per_rotation``.

Lift (``lift:``): strategic lift a nation provides for itself, or a pool several share
(``provider: POOL``, ``users``: the nations that may use it, all when omitted), per mode
(air, sea, rail) in loads a day; and ``transit:`` the days from a nation's home bases to
the theatre by each mode (``self`` for ships and aircraft that deploy themselves).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from reassure.codes import NOBODY, is_alpha3
from reassure.force.catalog import CAPABILITIES, LIFT_MODES, OBJECTIVES, place_of
from reassure.force.caveats import caveat_of
from reassure.force.records import as_date, as_int, as_text, as_texts, decode_records, read_records
from reassure.store.ingest import REJECT_SCHEMA, DecodeResult

__all__ = [
    "LIFT_SCHEMA",
    "PLEDGE_SCHEMA",
    "POOL",
    "REQUIREMENT_SCHEMA",
    "TRANSIT_SCHEMA",
    "decode_lift",
    "decode_pledges",
    "decode_requirements",
]

POOL = "POOL"
"""The ``provider`` of lift several nations share."""

REQUIREMENT_SCHEMA: dict[str, pl.DataType] = {
    "requirement_id": pl.String(),
    "objective": pl.String(),
    "capability": pl.String(),
    "quantity": pl.Int64(),
    "base": pl.String(),
    "base_name": pl.String(),
    "sector": pl.String(),
    "country": pl.String(),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "east_of_dnipro": pl.Boolean(),
    "near_contact": pl.Boolean(),
    "tasks": pl.List(pl.String()),
    "start": pl.Date(),
    "end": pl.Date(),
    "max_notice_days": pl.Int64(),
    "rotation_months": pl.Int64(),
    "priority": pl.Int64(),
    "lift": pl.String(),
    "troops": pl.Int64(),
}
PLEDGE_SCHEMA: dict[str, pl.DataType] = {
    "pledge_id": pl.String(),
    "nation": pl.String(),
    "unit": pl.String(),
    "capability": pl.String(),
    "quantity": pl.Int64(),
    "available_from": pl.Date(),
    "available_to": pl.Date(),
    "notice_days": pl.Int64(),
    "rotations": pl.Int64(),
    "caveats": pl.List(pl.String()),
    "home_base": pl.String(),
    "cost_meur_per_rotation": pl.Float64(),
}
LIFT_SCHEMA: dict[str, pl.DataType] = {
    "lift_id": pl.String(),
    "provider": pl.String(),
    "mode": pl.String(),
    "loads_per_day": pl.Float64(),
    "users": pl.List(pl.String()),
}
TRANSIT_SCHEMA: dict[str, pl.DataType] = {
    "nation": pl.String(),
    "mode": pl.String(),
    "days": pl.Float64(),
}


def decode_requirements(path: Path) -> DecodeResult:
    """Decode a statement of requirements (YAML or CSV); bad entries are rejected."""
    return decode_records(path, "requirements", _requirement, REQUIREMENT_SCHEMA, "requirement_id")


def decode_pledges(path: Path) -> DecodeResult:
    """Decode the nations' pledges (YAML or CSV); bad entries are rejected."""
    return decode_records(path, "pledges", _pledge, PLEDGE_SCHEMA, "pledge_id")


def decode_lift(path: Path) -> DecodeResult:
    """Decode lift (``lift:`` and ``transit:`` lists); ``tables`` has both."""
    lift = decode_records(path, "lift", _lift, LIFT_SCHEMA, "lift_id")
    transit_records = read_records(path, "transit") if path.suffix.lower() != ".csv" else []
    rows, rejects, seen = [], [], set()
    for index, record in enumerate(transit_records, start=1):
        try:
            if not isinstance(record, Mapping):
                raise ValueError("not a mapping")
            row = _transit(record)
            if (row["nation"], row["mode"]) in seen:
                raise ValueError(f"transit of {row['nation']} by {row['mode']} given twice")
            seen.add((row["nation"], row["mode"]))
            rows.append(row)
        except ValueError as exc:
            rejects.append((index, f"transit entry {index}: {exc}", repr(record)[:500]))
    transit = pl.DataFrame(rows, schema=TRANSIT_SCHEMA, orient="row")
    all_rejects = pl.concat(
        [lift.rejects, pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")]
    )
    return DecodeResult(
        lift.table,
        all_rejects,
        lift.n_read + len(transit_records),
        n_decoded=lift.table.height + transit.height,
        tables={"lift": lift.table, "transit": transit},
        what=lift.what,
        unit=lift.unit,
    )


def _capability(record: Mapping[str, Any]) -> str:
    code = as_text(record, "capability")
    if code not in CAPABILITIES:
        raise ValueError(f"capability {code!r} is not one of {', '.join(CAPABILITIES)}")
    return code


def _nation(record: Mapping[str, Any], name: str = "nation") -> str:
    nation = as_text(record, name).upper()
    if not is_alpha3(nation) or nation == NOBODY:
        raise ValueError(f"{name} {nation!r} is not ISO alpha-3")
    return nation


def _number(record: Mapping[str, Any], name: str, low: float, high: float) -> float:
    value = record.get(name)
    if value is None or value == "":
        raise ValueError(f"missing {name}")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a 400-digit integer
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not low <= number <= high:
        raise ValueError(f"{name} {number:g} is not between {low:g} and {high:g}")
    return number


def _flag(record: Mapping[str, Any], name: str, default: bool | None) -> bool | None:
    value = record.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise ValueError(f"{name} {value!r} is not true or false")


def _requirement(record: Mapping[str, Any]) -> dict[str, Any]:
    capability = CAPABILITIES[_capability(record)]
    objective = as_text(record, "objective", capability.objective)
    if objective not in OBJECTIVES:
        raise ValueError(f"objective {objective!r} is not one of {', '.join(OBJECTIVES)}")
    base = as_text(record, "base")
    place = place_of(base)
    if record.get("country") not in (None, ""):
        country = as_text(record, "country").upper()
    else:
        country = place.country if place else _country_in(base)
    if not is_alpha3(country):
        raise ValueError(f"country {country!r} of base {base!r} is not ISO alpha-3")
    lon = _number(record, "lon", -180, 180) if record.get("lon") not in (None, "") else None
    lat = _number(record, "lat", -90, 90) if record.get("lat") not in (None, "") else None
    east = _flag(record, "east_of_dnipro", place.east_of_dnipro if place else None)
    if country == "UKR" and east is None:
        raise ValueError(f"base {base!r} in Ukraine: give east_of_dnipro (true or false)")
    sector = record.get("sector")
    start, end = as_date(record, "start"), as_date(record, "end")
    if end <= start:
        raise ValueError(f"end {end} is not after start {start}")
    tasks = as_texts(record, "tasks") or list(capability.tasks)
    return {
        "requirement_id": as_text(record, "requirement_id"),
        "objective": objective,
        "capability": capability.code,
        "quantity": as_int(record, "quantity", 1, 50),
        "base": base,
        "base_name": place.name if place else base.split(" (")[0].strip(),
        "sector": str(sector) if sector not in (None, "") else None,
        "country": country,
        "lon": lon if lon is not None else (place.lon if place else None),
        "lat": lat if lat is not None else (place.lat if place else None),
        "east_of_dnipro": east,
        "near_contact": _flag(record, "near_contact", sector not in (None, "")),
        "tasks": tasks,
        "start": start,
        "end": end,
        "max_notice_days": as_int(record, "max_notice_days", 0, 365),
        "rotation_months": as_int(record, "rotation_months", 1, 36),
        "priority": as_int(record, "priority", 1, 5),
        "lift": capability.lift,
        "troops": capability.troops,
    }


def _country_in(base: str) -> str:
    """``CCC`` of ``"Name (CCC)"``; an error when the base says no country."""
    if base.endswith(")") and " (" in base:
        return base.rsplit(" (", 1)[1][:-1]
    raise ValueError(f"base {base!r} is not a known place: write it 'Name (CCC)' or give country")


def _pledge(record: Mapping[str, Any]) -> dict[str, Any]:
    capability = _capability(record)
    available_from, available_to = (
        as_date(record, "available_from"),
        as_date(record, "available_to"),
    )
    if available_to <= available_from:
        raise ValueError(
            f"available_to {available_to} is not after available_from {available_from}"
        )
    caveats = as_texts(record, "caveats")
    for text in caveats:
        caveat_of(text)  # an unknown wording is an error, never ignored
    return {
        "pledge_id": as_text(record, "pledge_id"),
        "nation": _nation(record),
        "unit": as_text(record, "unit", as_text(record, "pledge_id")),
        "capability": capability,
        "quantity": as_int(record, "quantity", 1, 50),
        "available_from": available_from,
        "available_to": available_to,
        "notice_days": as_int(record, "notice_days", 0, 365),
        "rotations": as_int(record, "rotations", 1, 50),
        "caveats": caveats,
        "home_base": as_text(record, "home_base", ""),
        "cost_meur_per_rotation": _number(record, "cost_meur_per_rotation", 0, 100_000),
    }


def _lift(record: Mapping[str, Any]) -> dict[str, Any]:
    provider = as_text(record, "provider").upper()
    if provider != POOL:
        provider = _nation(record, "provider")
    mode = as_text(record, "mode")
    if mode not in LIFT_MODES or mode == "self":
        raise ValueError(f"mode {mode!r} is not one of air, sea, rail")
    users = [u.upper() for u in as_texts(record, "users")]
    if provider != POOL and users:
        raise ValueError("users are for a POOL: a nation's own lift serves that nation")
    for user in users:
        if not is_alpha3(user):
            raise ValueError(f"user {user!r} is not ISO alpha-3")
    return {
        "lift_id": as_text(record, "lift_id", f"{provider}-{mode}"),
        "provider": provider,
        "mode": mode,
        "loads_per_day": _number(record, "loads_per_day", 0.01, 10_000),
        "users": users,
    }


def _transit(record: Mapping[str, Any]) -> dict[str, Any]:
    mode = as_text(record, "mode")
    if mode not in LIFT_MODES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(LIFT_MODES)}")
    return {"nation": _nation(record), "mode": mode, "days": _number(record, "days", 0, 365)}
