"""The readiness timeline: from P-day to every unit in place, and each objective's IOC and FOC.

A discrete-event simulation (SimPy; one time unit is a day, day 0 is P-day, the day the
peace agreement is signed) of the moves a sourcing plan (its *assignments*) calls for.

Moves
    A *move* is a group of one pledge's units sent to one requirement from one period:
    the units the (pledge, requirement) pair has in that period beyond those it had in
    the period before; they move together. Units that stay on from one period to the
    next are not moved again (their nation rotates its people in place). A move after
    the requirement's first period (``relief``) relieves units in place, or adds to them.

Ready to move
    A move of period 0 is ready on P-day + its pledge's ``notice_days``. A later move is
    planned to arrive ``TimelineParams.relief_margin_days`` before it is needed, as if
    it had its lift to itself, and is ready then (never before P-day + notice): it does
    not take lift from the P-day deployment.

Lift
    Capabilities that move by ``air``, ``sea`` or ``rail`` (``catalog.CAPABILITIES``)
    need quantity x ``loads`` of lift of that mode: their nation's own lift (the first by
    ``lift_id``), else the first pool by ``lift_id`` that admits the nation (its
    ``users`` list it, or are empty). A lift moves ``loads_per_day`` loads a day, day by
    day, to its queue in the order: ready day, requirement priority, needed-by date,
    pledge id, requirement id, period. The head of the queue takes what it still needs
    of the day's capacity and the next one the rest. A move departs on the day its last
    load moves; with no lift it may use, it never arrives (its ``note`` says why).

Transit
    Days from the nation to the theatre by the mode: the ``transit`` table, else the
    mode's default in ``TimelineParams``. Ships and aircraft (``self``) transit from
    their ready day. A move is in place on day ceil(departure + transit): ready on day
    10, lifted that day, 2 days by air: in place on P+12.

Requirements
    A requirement's first period is the first it is active in (``start`` before the
    period's end, ``end`` after its start). A move is needed by the later of its
    period's start and the requirement's ``start``; ``late_days`` count the days after.
    A requirement is ``complete`` on the day the last unit of its first period arrives,
    when the plan assigns its whole ``quantity`` then; otherwise it is ``unfilled``,
    ``partial`` or ``stranded`` (a unit no lift can move) and never complete.

IOC and FOC, per objective, over its requirements active in period 0 (the P-day force),
in the sense of the DoD Dictionary of Military and Associated Terms (JP 1-02: IOC when
part of the force can employ the capability, FOC when it is fully attained)
    - **IOC**, initial operational capability, is the minimum essential capability:
      the day every priority-1 requirement of the objective is complete (an objective
      without one takes its most critical priority, ``ioc_priority``). If one of them
      never is (unfilled, partly filled, stranded), IOC is never reached: null,
      ``ioc_missing`` names them and ``note`` says why.
    - **FOC**, full operational capability: the day every requirement of the objective
      is complete; never (null, ``foc_missing``) while one is not.
    - ``in_place_day``: the day the last unit the plan sends in period 0 arrives, what
      the plan delivers even with gaps (null when one of its units cannot arrive).

Troops deployed (``deployed``): per objective, units and troops in place from their
arrival until their pair's quantity drops (at that period's start) or the plan ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from reassure.errors import ConfigError, InputError
from reassure.force._deployment import EPS, LiftLine, Move, plan_moves, run
from reassure.force.catalog import OBJECTIVES
from reassure.force.inputs import LIFT_SCHEMA, TRANSIT_SCHEMA
from reassure.force.problem import PlanSettings, period_bounds

__all__ = [
    "ASSIGNMENT_SCHEMA",
    "REQUIREMENT_STATUSES",
    "Timeline",
    "TimelineParams",
    "simulate",
]

ASSIGNMENT_SCHEMA: dict[str, pl.DataType] = {
    "pledge_id": pl.String(),
    "nation": pl.String(),
    "requirement_id": pl.String(),
    "objective": pl.String(),
    "capability": pl.String(),
    "period": pl.Int64(),
    "period_start": pl.Date(),
    "period_end": pl.Date(),
    "quantity": pl.Int64(),
}
"""The sourcing plan the timeline reads: units of a pledge filling a requirement in a period."""

REQUIREMENT_STATUSES = ("complete", "partial", "unfilled", "stranded", "outside_horizon")
"""``partial``: the plan assigns fewer units than wanted in the first period;
``stranded``: one of its units has no lift; ``outside_horizon``: active in no period."""


@dataclass(frozen=True)
class TimelineParams:
    """Defaults of the readiness simulation.

    The default transits, for a nation the transit table does not list, are planning
    orders of magnitude from western Europe to Ukraine's borders: a day's flight, four
    days by rail, twelve by sea through the Mediterranean and the Turkish Straits, ten
    for ships and aircraft that deploy themselves (the ships set the pace).
    """

    air_transit_days: float = 1.0
    rail_transit_days: float = 4.0
    sea_transit_days: float = 12.0
    self_transit_days: float = 10.0
    relief_margin_days: int = 7
    """A later move is planned to arrive this long before it is needed."""

    def transit_days(self) -> dict[str, float]:
        """The default transit of each mode."""
        return {
            "air": self.air_transit_days,
            "rail": self.rail_transit_days,
            "sea": self.sea_transit_days,
            "self": self.self_transit_days,
        }


@dataclass(frozen=True)
class Timeline:
    """The simulated deployment: one frame per view, days counted from P-day (day 0).

    - ``units``: one row per move (one pledge's units for one requirement, from one
      period): ready, lifted (``lift_id`` null for ``self``), in place, how late.
    - ``requirements``: per requirement: its first period, units assigned then, its
      status (``REQUIREMENT_STATUSES``) and the day it is complete.
    - ``objectives``: per objective with requirements in period 0: IOC, FOC, the day
      the plan is in place, units and troops sent, what prevents IOC/FOC (``note``).
    - ``lift``: per lift: units and loads moved, days it worked (``busy_days``) and
      used all its capacity (``saturated_days``), and the most days a move left later
      than it would have with the lift to itself (``max_delay_days``): the bottleneck.
    - ``lift_daily``: loads each lift moves on each day it works.
    - ``deployed``: per objective, units and troops in place from each day they change.
    """

    p_day: date
    units: pl.DataFrame
    requirements: pl.DataFrame
    objectives: pl.DataFrame
    lift: pl.DataFrame
    lift_daily: pl.DataFrame
    deployed: pl.DataFrame

    FRAMES = ("units", "requirements", "objectives", "lift", "lift_daily", "deployed")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: dates as ISO strings, nulls as ``None``."""
        out: dict[str, Any] = {"p_day": self.p_day.isoformat()}
        for name in self.FRAMES:
            frame: pl.DataFrame = getattr(self, name)
            out[name] = frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d")).to_dicts()
        return out

    def objectives_table(self) -> str:
        """The objectives as a plain text table for a terminal."""
        rows = [("objective", "IOC", "FOC", "in place", "units", "troops", "note")]
        for o in self.objectives.iter_rows(named=True):
            rows.append(
                (
                    o["objective"],
                    _p_day(o["ioc_day"], o["ioc_date"]),
                    _p_day(o["foc_day"], o["foc_date"]),
                    _p_day(o["in_place_day"], o["in_place_date"]),
                    str(o["units"]),
                    str(o["troops"]),
                    o["note"] or "",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        widths[-1] = 0  # the note is last: no padding after it
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )


def _p_day(day: int | None, when: date | None) -> str:
    return "never" if day is None or when is None else f"P+{day} ({when.isoformat()})"


def simulate(
    assignments: pl.DataFrame,
    requirements: pl.DataFrame,
    pledges: pl.DataFrame,
    lift: pl.DataFrame | None,
    transit: pl.DataFrame | None,
    settings: PlanSettings,
    params: TimelineParams | None = None,
) -> Timeline:
    """Simulate the deployment of a sourcing plan from P-day (``settings.p_day``).

    ``assignments`` has ``ASSIGNMENT_SCHEMA``; ``requirements`` (``REQUIREMENT_SCHEMA``),
    ``pledges`` (``PLEDGE_SCHEMA``), ``lift`` and ``transit`` those of ``inputs``
    (``None``: there is none). An assignment naming an unknown pledge, requirement or
    capability, or a period the settings do not have, is an ``InputError``.
    """
    params = params or TimelineParams()
    if settings.periods < 1:
        raise ConfigError(f"a plan needs at least one period, not {settings.periods}")
    lift = _frame(lift, LIFT_SCHEMA, "lift")
    transit = _frame(transit, TRANSIT_SCHEMA, "transit")
    _columns(assignments, set(ASSIGNMENT_SCHEMA), "assignments")
    _columns(
        requirements, {"requirement_id", "objective", "capability", "quantity"}, "requirements"
    )
    _columns(requirements, {"start", "end", "priority"}, "requirements")
    _columns(pledges, {"pledge_id", "nation", "notice_days"}, "pledges")
    periods = period_bounds(settings)
    reqs = {r["requirement_id"]: r for r in requirements.iter_rows(named=True)}
    first = {
        rid: next((k for k, (a, b) in enumerate(periods) if r["start"] < b and r["end"] > a), None)
        for rid, r in reqs.items()
    }
    by_pledge = {p["pledge_id"]: p for p in pledges.iter_rows(named=True)}
    moves = plan_moves(assignments, reqs, first, by_pledge, periods)
    transit_days = {(n, m): d for n, m, d in transit.select("nation", "mode", "days").iter_rows()}
    lines = run(
        moves, lift, transit_days, params.transit_days(), by_pledge, params.relief_margin_days
    )
    p_day = settings.p_day
    req_frame = _requirements_frame(reqs, first, moves, periods)
    return Timeline(
        p_day=p_day,
        units=_units_frame(moves, p_day),
        requirements=req_frame,
        objectives=_objectives_frame(req_frame, moves, p_day),
        lift=_lift_frame(lift, lines, moves),
        lift_daily=_lift_daily_frame(lines, p_day),
        deployed=_deployed_frame(moves, p_day),
    )


def _frame(frame: pl.DataFrame | None, schema: dict[str, pl.DataType], name: str) -> pl.DataFrame:
    if frame is None:
        return pl.DataFrame(schema=schema)
    _columns(frame, set(schema), name)
    return frame


def _columns(frame: pl.DataFrame, wanted: set[str], name: str) -> None:
    missing = sorted(wanted - set(frame.columns))
    if missing:
        raise InputError(name, f"missing column(s) {', '.join(missing)}")


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


def _units_frame(moves: list[Move], p_day: date) -> pl.DataFrame:
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


def _requirements_frame(
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


def _objectives_frame(reqs: pl.DataFrame, moves: list[Move], p_day: date) -> pl.DataFrame:
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


def _lift_frame(
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


def _lift_daily_frame(lines: Mapping[str, LiftLine], p_day: date) -> pl.DataFrame:
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


def _deployed_frame(moves: list[Move], p_day: date) -> pl.DataFrame:
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
