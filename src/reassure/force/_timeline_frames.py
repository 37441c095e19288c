"""The timeline's tables, built from the simulated moves (``timeline`` documents them)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import polars as pl

from reassure.force._deployment import EPS, LiftLine, Move
from reassure.force.catalog import OBJECTIVES

__all__ = [
    "deployed_frame",
    "lift_daily_frame",
    "lift_frame",
    "objectives_frame",
    "requirements_frame",
    "units_frame",
]


def _when(p_day: date, day: int | None) -> date | None:
    return None if day is None else p_day + timedelta(days=day)


def _by_objective(frame: pl.DataFrame, *then: str) -> pl.DataFrame:
    """Sorted by objective in the order of ``OBJECTIVES`` (others after), then ``then``."""
    rank = pl.col("objective").replace_strict(
        {o: i for i, o in enumerate(OBJECTIVES)}, default=len(OBJECTIVES), return_dtype=pl.Int64
    )
    return frame.sort(rank, "objective", *then)


_UNIT_SCHEMA: dict[str, pl.DataType] = {
    "pledge_id": pl.String(),
    "nation": pl.String(),
    "requirement_id": pl.String(),
    "objective": pl.String(),
    "capability": pl.String(),
    "period": pl.Int64(),
    "relief": pl.Boolean(),
    "quantity": pl.Int64(),
    "troops": pl.Int64(),
    "mode": pl.String(),
    "loads": pl.Float64(),
    "ready_day": pl.Int64(),
    "lift_id": pl.String(),
    "lift_start_day": pl.Int64(),
    "lift_end_day": pl.Int64(),
    "transit_days": pl.Float64(),
    "arrival_day": pl.Int64(),
    "arrival_date": pl.Date(),
    "needed_by": pl.Date(),
    "late_days": pl.Int64(),
    "note": pl.String(),
}


def units_frame(moves: list[Move], p_day: date) -> pl.DataFrame:
    rows = [
        {
            **{name: getattr(m, name) for name in _UNIT_SCHEMA if hasattr(m, name)},
            "arrival_date": _when(p_day, m.arrival_day),
            "needed_by": _when(p_day, m.needed_day),
            "late_days": None if m.arrival_day is None else max(m.arrival_day - m.needed_day, 0),
        }
        for m in moves
    ]
    frame = pl.DataFrame(rows, schema=_UNIT_SCHEMA)
    return _by_objective(frame, "requirement_id", "period", "pledge_id")


_REQUIREMENT_COLUMNS: dict[str, pl.DataType] = {
    "requirement_id": pl.String(),
    "objective": pl.String(),
    "capability": pl.String(),
    "priority": pl.Int64(),
    "quantity": pl.Int64(),
    "first_period": pl.Int64(),
    "needed_by": pl.Date(),
    "assigned": pl.Int64(),
    "status": pl.String(),
    "complete_day": pl.Int64(),
    "complete_date": pl.Date(),
    "late_days": pl.Int64(),
}


def requirements_frame(
    reqs: Mapping[str, Mapping[str, Any]],
    first: Mapping[str, int | None],
    moves: list[Move],
    periods: list[tuple[date, date]],
) -> pl.DataFrame:
    p_day = periods[0][0]
    rows = []
    for rid, r in sorted(reqs.items()):
        k = first[rid]
        mine = [m for m in moves if m.requirement_id == rid and m.period == k]
        row = {name: r[name] for name in ("requirement_id", "objective", "capability")}
        row |= {"priority": r["priority"], "quantity": r["quantity"], "first_period": k}
        row["assigned"] = assigned = sum(m.quantity for m in mine)
        if k is None:
            row["status"] = "outside_horizon"
            rows.append(row)
            continue
        row["needed_by"] = needed = max(periods[k][0], r["start"])
        if assigned == 0:
            row["status"] = "unfilled"
        elif assigned < r["quantity"]:
            row["status"] = "partial"
        elif any(m.arrival_day is None for m in mine):
            row["status"] = "stranded"
        else:
            row["status"] = "complete"
            row["complete_day"] = done = max(m.arrival_day or 0 for m in mine)
            row["complete_date"] = _when(p_day, done)
            row["late_days"] = max(done - (needed - p_day).days, 0)
        rows.append(row)
    return _by_objective(pl.DataFrame(rows, schema=_REQUIREMENT_COLUMNS), "requirement_id")


_OBJECTIVE_COLUMNS: dict[str, pl.DataType] = {
    "objective": pl.String(),
    "requirements": pl.Int64(),
    "complete": pl.Int64(),
    "ioc_priority": pl.Int64(),
    "ioc_day": pl.Int64(),
    "ioc_date": pl.Date(),
    "foc_day": pl.Int64(),
    "foc_date": pl.Date(),
    "in_place_day": pl.Int64(),
    "in_place_date": pl.Date(),
    "units": pl.Int64(),
    "troops": pl.Int64(),
    "ioc_missing": pl.List(pl.String()),
    "foc_missing": pl.List(pl.String()),
    "note": pl.String(),
}


def objectives_frame(reqs: pl.DataFrame, moves: list[Move], p_day: date) -> pl.DataFrame:
    """IOC, FOC and the plan in place, per objective, over the requirements of period 0."""
    in_p0 = reqs.filter(pl.col("first_period") == 0)
    rows = []
    for objective in _by_objective(in_p0.select("objective").unique())["objective"]:
        mine = in_p0.filter(pl.col("objective") == objective)
        ioc_priority = min(mine["priority"])
        sent = [m for m in moves if m.period == 0 and m.objective == objective]
        arrived = [m.arrival_day for m in sent if m.arrival_day is not None]
        in_place = max(arrived) if arrived and len(arrived) == len(sent) else None
        ioc, ioc_missing = _capable(mine.filter(pl.col("priority") == ioc_priority))
        foc, foc_missing = _capable(mine)
        note = "; ".join(
            f"{name} never reached: {_why(mine, missing)}"
            for name, missing in (("IOC", ioc_missing), ("FOC", foc_missing))
            if missing
        )
        rows.append(
            {
                "objective": objective,
                "requirements": mine.height,
                "complete": mine.filter(pl.col("status") == "complete").height,
                "ioc_priority": ioc_priority,
                "ioc_day": ioc,
                "ioc_date": _when(p_day, ioc),
                "foc_day": foc,
                "foc_date": _when(p_day, foc),
                "in_place_day": in_place,
                "in_place_date": _when(p_day, in_place),
                "units": sum(m.quantity for m in sent),
                "troops": sum(m.troops for m in sent),
                "ioc_missing": ioc_missing,
                "foc_missing": foc_missing,
                "note": note or None,
            }
        )
    return pl.DataFrame(rows, schema=_OBJECTIVE_COLUMNS)


def _capable(reqs: pl.DataFrame) -> tuple[int | None, list[str]]:
    """The day every requirement is complete (None if one never is), and those never."""
    missing: list[str] = reqs.filter(pl.col("status") != "complete")["requirement_id"].to_list()
    days: list[int] = reqs["complete_day"].drop_nulls().to_list()
    return (None if missing or not days else max(days)), missing


_NOTE_LISTS = 3
"""A note names this many requirements at most, and counts the others."""


def _why(reqs: pl.DataFrame, missing: list[str]) -> str:
    """Why the ``missing`` requirements are not complete, in a few words."""
    rows = reqs.filter(pl.col("requirement_id").is_in(missing))
    reasons = []
    for rid, status, assigned, quantity in rows.select(
        "requirement_id", "status", "assigned", "quantity"
    ).iter_rows():
        if status == "partial":
            reasons.append(f"{rid} partly filled ({assigned} of {quantity} units)")
        elif status == "stranded":
            reasons.append(f"{rid} has units no lift can move")
        else:
            reasons.append(f"{rid} {status}")
    if len(reasons) <= _NOTE_LISTS:
        return ", ".join(reasons)
    counts = rows.group_by("status").len().sort("status").rows()
    words = {"partial": "partly filled", "stranded": "with units no lift can move"}
    kinds = ", ".join(f"{n} {words.get(status, status)}" for status, n in counts)
    return f"{len(reasons)} requirements ({kinds}), e.g. {', '.join(reasons[:_NOTE_LISTS])}"


_LIFT_COLUMNS: dict[str, pl.DataType] = {
    "lift_id": pl.String(),
    "provider": pl.String(),
    "mode": pl.String(),
    "loads_per_day": pl.Float64(),
    "units": pl.Int64(),
    "loads": pl.Float64(),
    "first_day": pl.Int64(),
    "last_day": pl.Int64(),
    "busy_days": pl.Int64(),
    "saturated_days": pl.Int64(),
    "max_delay_days": pl.Int64(),
}


def lift_frame(
    lift: pl.DataFrame, lines: Mapping[str, LiftLine], moves: list[Move]
) -> pl.DataFrame:
    rows = []
    for row in lift.sort("lift_id").iter_rows(named=True):
        line = lines[row["lift_id"]]
        served = [m for m in moves if m.lift_id == line.lift_id and m.lift_end_day is not None]
        delays = [
            (m.lift_end_day or 0) - (m.ready_day + line.days_alone(m.loads) - 1) for m in served
        ]
        rows.append(
            {
                **{name: row[name] for name in ("lift_id", "provider", "mode", "loads_per_day")},
                "units": sum(m.quantity for m in served),
                "loads": sum(line.daily.values()),
                "first_day": min(line.daily, default=None),
                "last_day": max(line.daily, default=None),
                "busy_days": len(line.daily),
                "saturated_days": sum(used >= line.rate - EPS for used in line.daily.values()),
                "max_delay_days": max(delays, default=None),
            }
        )
    return pl.DataFrame(rows, schema=_LIFT_COLUMNS)


def lift_daily_frame(lines: Mapping[str, LiftLine], p_day: date) -> pl.DataFrame:
    rows = [
        (lift_id, day, p_day + timedelta(days=day), used, used >= line.rate - EPS)
        for lift_id, line in sorted(lines.items())
        for day, used in sorted(line.daily.items())
    ]
    schema = {
        "lift_id": pl.String(),
        "day": pl.Int64(),
        "date": pl.Date(),
        "loads": pl.Float64(),
        "saturated": pl.Boolean(),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def deployed_frame(moves: list[Move], p_day: date) -> pl.DataFrame:
    """Units and troops in place per objective, from each day they change."""
    changes = []
    for m in moves:
        per_unit = m.troops // m.quantity
        for leave, units in m.departures:
            if m.arrival_day is not None and m.arrival_day < leave:
                changes.append((m.objective, m.arrival_day, units, units * per_unit))
                changes.append((m.objective, leave, -units, -units * per_unit))
    schema = {
        "objective": pl.String(),
        "day": pl.Int64(),
        "units": pl.Int64(),
        "troops": pl.Int64(),
    }
    frame = (
        pl.DataFrame(changes, schema=schema, orient="row")
        .group_by("objective", "day")
        .agg(pl.col("units", "troops").sum())
    )
    return (
        _by_objective(frame, "day")
        .with_columns(pl.col("units", "troops").cum_sum().over("objective"))
        .select(
            "objective",
            "day",
            pl.lit(p_day).dt.offset_by(pl.format("{}d", "day")).alias("date"),
            "units",
            "troops",
        )
    )
