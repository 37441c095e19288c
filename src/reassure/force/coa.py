"""Courses of action: candidate force formats, each a YAML file the planner compares.

::

    name: "A: air and sea deterrent from outside Ukraine"
    description: ...
    p_day: 2026-12-01          # the day the peace agreement is signed
    periods: 8                 # rotation periods planned
    period_months: 6
    conditions: {un_resolution: false, mandates: [GBR, FRA]}   # optional
    requirements: requirements_a.yaml      # or a list of requirement ids
    statement: requirements.yaml           # where listed ids come from
    pledges: pledges.yaml
    lift: lift.yaml                        # optional
    nations: nations.yaml                  # optional

File names are relative to the COA file. A file that names the force's inputs must
decode whole: a plan drawn from a silently shortened list would mislead, so any
rejected record is an :class:`~reassure.errors.InputError` naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from reassure.errors import InputError
from reassure.force.caveats import Conditions
from reassure.force.inputs import decode_lift, decode_pledges, decode_requirements
from reassure.force.nations import decode_nations
from reassure.force.problem import ForceInputs, PlanSettings
from reassure.force.records import load_yaml
from reassure.store.ingest import DecodeResult

__all__ = ["Coa", "load_coa", "whole"]


@dataclass(frozen=True)
class Coa:
    """A course of action: its name, what it assumes and what it asks for."""

    name: str
    description: str
    path: Path
    settings: PlanSettings
    inputs: ForceInputs
    from_store: frozenset[str] = frozenset()
    """Inputs taken from the store (``requirements``, ``pledges``, ``lift``), not from
    files the COA names: the plan is restricted by their releasability."""


def whole(decode: Callable[[Path], DecodeResult], path: Path) -> DecodeResult:
    """``decode(path)``, refused when it rejected any record."""
    result = decode(path)
    if result.rejects.height:
        line, reason, _raw = result.rejects.row(0)
        more = result.rejects.height - 1
        tail = f" (and {more} more rejected)" if more else ""
        raise InputError(str(path), f"{reason}{tail}", line)
    return result


def load_coa(path: Path, stored: ForceInputs | None = None) -> Coa:
    """Read a course of action; inputs it does not name come from ``stored``."""
    source = str(path)
    data = load_yaml(path)
    if not isinstance(data, Mapping):
        raise InputError(source, "expected a mapping (name, p_day, requirements, ...)")
    try:
        settings = _settings(data)
    except ValueError as exc:
        raise InputError(source, str(exc)) from None
    folder = path.parent

    def named(key: str) -> Path | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InputError(source, f"{key} must be a file name")
        return folder / value

    requirements, stored_requirements = _requirements(data, named, source, stored)
    pledges_path, lift_path, nations_path = named("pledges"), named("lift"), named("nations")
    pledges, stored_pledges = _file_or_stored(
        pledges_path, decode_pledges, stored.pledges if stored else None, source,
        "no pledges: name a pledges file (or load them into the store)",
    )  # fmt: skip
    taken = {
        "requirements": stored_requirements,
        "pledges": stored_pledges,
        "lift": lift_path is None and stored is not None,
    }
    lift = whole(decode_lift, lift_path) if lift_path else None
    if nations_path:
        nations = whole(decode_nations, nations_path).table
    elif stored is not None:
        nations = stored.nations
    else:
        nations = pl.DataFrame(schema={"nation": pl.String})
    inputs = ForceInputs(
        nations,
        requirements,
        pledges,
        lift.tables["lift"] if lift else (stored.lift if stored else None),
        lift.tables["transit"] if lift else (stored.transit if stored else None),
    )
    name = str(data.get("name") or path.stem)
    description = str(data.get("description") or "")
    from_store = frozenset(part for part, from_the_store in taken.items() if from_the_store)
    return Coa(name, description, path, settings, inputs, from_store)


def _settings(data: Mapping[str, Any]) -> PlanSettings:
    p_day = data.get("p_day")
    if p_day is None:
        raise ValueError("missing p_day (the day the peace agreement is signed)")
    if not isinstance(p_day, date):
        try:
            p_day = date.fromisoformat(str(p_day))
        except ValueError:
            raise ValueError(f"p_day {p_day!r} is not a date (YYYY-MM-DD)") from None
    conditions = data.get("conditions") or {}
    if not isinstance(conditions, Mapping):
        raise ValueError("conditions must be a mapping (un_resolution, mandates)")
    unknown = set(conditions) - {"un_resolution", "mandates"}
    if unknown:
        raise ValueError(f"unknown condition(s): {', '.join(sorted(unknown))}")
    mandates = conditions.get("mandates")
    if mandates is not None and not (
        isinstance(mandates, list) and all(isinstance(m, str) for m in mandates)
    ):
        raise ValueError("conditions.mandates must be a list of nations")
    return PlanSettings(
        p_day=p_day,
        periods=_whole(data, "periods", 8, 1, 40),
        period_months=_whole(data, "period_months", 6, 1, 24),
        conditions=Conditions(
            un_resolution=bool(conditions.get("un_resolution", False)),
            mandates=tuple(m.upper() for m in mandates) if mandates is not None else None,
        ),
    )


def _whole(data: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{key} {value!r} is not a whole number from {low} to {high}")
    return value


def _requirements(
    data: Mapping[str, Any],
    named: Callable[[str], Path | None],
    source: str,
    stored: ForceInputs | None,
) -> tuple[pl.DataFrame, bool]:
    """The COA's requirements, and whether they come from the store's statement."""
    value = data.get("requirements")
    if isinstance(value, str):
        path = named("requirements")
        assert path is not None
        return whole(decode_requirements, path).table, False
    statement, from_store = _file_or_stored(
        named("statement"), decode_requirements, stored.requirements if stored else None,
        source, "no requirements: name a file, or a statement and ids",
    )  # fmt: skip
    if value is None:
        return statement, from_store
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source, "requirements must be a file name or a list of ids")
    missing = sorted(set(value) - set(statement["requirement_id"]))
    if missing:
        raise InputError(source, f"requirement(s) not in the statement: {', '.join(missing)}")
    return statement.filter(pl.col("requirement_id").is_in(value)), from_store


def _file_or_stored(
    path: Path | None,
    decode: Callable[[Path], DecodeResult],
    stored: pl.DataFrame | None,
    source: str,
    missing: str,
) -> tuple[pl.DataFrame, bool]:
    """The table of the file the COA names, else the store's (and True: from the store);
    neither is an error."""
    if path is not None:
        return whole(decode, path).table, False
    if stored is not None:
        return stored, True
    raise InputError(source, missing)
