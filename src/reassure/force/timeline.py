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

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from reassure.errors import ConfigError, InputError
from reassure.force._deployment import plan_moves, run
from reassure.force._timeline_frames import (
    deployed_frame,
    lift_daily_frame,
    lift_frame,
    objectives_frame,
    requirements_frame,
    units_frame,
)
from reassure.force.inputs import LIFT_SCHEMA, TRANSIT_SCHEMA
from reassure.force.problem import PlanSettings, period_bounds
from reassure.force.result import ASSIGNMENT_SCHEMA

__all__ = [
    "ASSIGNMENT_SCHEMA",
    "REQUIREMENT_STATUSES",
    "Timeline",
    "TimelineParams",
    "simulate",
]

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
    req_frame = requirements_frame(reqs, first, moves, periods)
    return Timeline(
        p_day=p_day,
        units=units_frame(moves, p_day),
        requirements=req_frame,
        objectives=objectives_frame(req_frame, moves, p_day),
        lift=lift_frame(lift, lines, moves),
        lift_daily=lift_daily_frame(lines, p_day),
        deployed=deployed_frame(moves, p_day),
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
