"""The engine of the readiness timeline: a plan's moves, lift queues, SimPy processes.

``timeline`` documents the model and turns what this module simulates into frames.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
import simpy

from reassure.errors import InputError
from reassure.force.catalog import CAPABILITIES, LIFT_MODES
from reassure.force.inputs import POOL

__all__ = ["EPS", "LiftLine", "Move", "plan_moves", "run"]

EPS = 1e-9
"""Loads below this are nothing (lift arithmetic is in float loads)."""


@dataclass
class Move:
    """A group of one pledge's units sent to one requirement in one period."""

    pledge_id: str
    nation: str
    requirement_id: str
    objective: str
    capability: str
    period: int
    relief: bool
    quantity: int
    priority: int
    needed_day: int
    ready_day: int = 0
    transit_days: float = 0.0
    lift_id: str | None = None
    note: str | None = None
    remaining: float = 0.0
    lift_start_day: int | None = None
    lift_end_day: int | None = None
    arrival_day: int | None = None
    departures: list[tuple[int, int]] = field(default_factory=list)
    """(day, units) leaving: when its pair's quantity drops, and when the plan ends."""

    @property
    def mode(self) -> str:
        return CAPABILITIES[self.capability].lift

    @property
    def loads(self) -> float:
        return self.quantity * CAPABILITIES[self.capability].loads

    @property
    def troops(self) -> int:
        return self.quantity * CAPABILITIES[self.capability].troops

    @property
    def key(self) -> tuple[int, int, int, str, str, int]:
        """Order in a lift's queue."""
        return (
            self.ready_day,
            self.priority,
            self.needed_day,
            self.pledge_id,
            self.requirement_id,
            self.period,
        )


class LiftLine:
    """One lift resource: a SimPy process that serves its queue day by day."""

    def __init__(self, env: simpy.Environment, lift_id: str, rate: float) -> None:
        self.env = env
        self.lift_id = lift_id
        self.rate = rate
        self.queue: list[Move] = []
        self.departed: dict[int, simpy.Event] = {}
        self.daily: dict[int, float] = {}
        """Loads moved on each day the lift worked."""
        self.idle: simpy.Event | None = None
        env.process(self._work())

    def days_alone(self, loads: float) -> int:
        """Days a move of ``loads`` takes on this lift with nobody ahead of it."""
        return max(math.ceil(loads / self.rate - EPS), 1)

    def submit(self, move: Move) -> simpy.Event:
        """Queue a move; the event fires on the day its last load leaves."""
        move.remaining = move.loads
        bisect.insort(self.queue, move, key=lambda m: m.key)
        event = self.departed[id(move)] = self.env.event()
        if self.idle is not None and not self.idle.triggered:
            self.idle.succeed()
        return event

    def _work(self) -> Generator[simpy.Event, Any, None]:
        # Every move's ready timeout is scheduled at time 0, before this process wakes
        # on any later day: all moves ready on a day are queued before it works that day.
        while True:
            if not self.queue:
                self.idle = self.env.event()
                yield self.idle
                self.idle = None
            day = round(self.env.now)
            capacity = self.rate
            while self.queue and capacity > EPS:
                move = self.queue[0]
                take = min(capacity, move.remaining)
                capacity -= take
                move.remaining -= take
                if move.lift_start_day is None:
                    move.lift_start_day = day
                if move.remaining <= EPS:
                    self.queue.pop(0)
                    move.lift_end_day = day
                    self.departed.pop(id(move)).succeed(day)
            self.daily[day] = self.rate - capacity
            yield self.env.timeout(1)


def plan_moves(
    assignments: pl.DataFrame,
    reqs: Mapping[str, Mapping[str, Any]],
    first: Mapping[str, int | None],
    pledges: Mapping[str, Mapping[str, Any]],
    periods: list[tuple[date, date]],
) -> list[Move]:
    """Per (pledge, requirement): a move for the units it gains from a period to the next."""
    p_day = periods[0][0]
    plan = (
        assignments.group_by("pledge_id", "requirement_id", "period")
        .agg(pl.col("quantity").sum(), pl.col("nation", "capability", "period_start").first())
        .sort("pledge_id", "requirement_id", "period")
    )
    pairs: dict[tuple[str, str], dict[int, dict[str, Any]]] = {}
    for row in plan.iter_rows(named=True):
        _check(row, reqs, pledges, periods)
        pairs.setdefault((row["pledge_id"], row["requirement_id"]), {})[row["period"]] = row
    moves: list[Move] = []
    for (pledge_id, requirement_id), by_period in pairs.items():
        req, one = reqs[requirement_id], next(iter(by_period.values()))
        in_place: list[list[Any]] = []  # [move, its units still there], oldest first
        before = 0
        for k, (start, _) in enumerate(periods):
            now = by_period[k]["quantity"] if k in by_period else 0
            if now > before:
                move = Move(
                    pledge_id=pledge_id,
                    nation=one["nation"],
                    requirement_id=requirement_id,
                    objective=req["objective"],
                    capability=one["capability"],
                    period=k,
                    relief=k > (first[requirement_id] or 0),
                    quantity=now - before,
                    priority=req["priority"],
                    needed_day=(max(start, req["start"]) - p_day).days,
                )
                moves.append(move)
                in_place.append([move, now - before])
            leaving = before - now
            while leaving > 0:  # the longest there leave first
                gone = min(leaving, in_place[0][1])
                in_place[0][0].departures.append(((start - p_day).days, gone))
                in_place[0][1] -= gone
                leaving -= gone
                if in_place[0][1] == 0:
                    in_place.pop(0)
            before = now
        for move, units in in_place:
            move.departures.append(((periods[-1][1] - p_day).days, units))
    return moves


def _check(
    row: Mapping[str, Any],
    reqs: Mapping[str, Mapping[str, Any]],
    pledges: Mapping[str, Mapping[str, Any]],
    periods: list[tuple[date, date]],
) -> None:
    what = f"{row['pledge_id']} for {row['requirement_id']} in period {row['period']}"
    if row["pledge_id"] not in pledges:
        raise InputError("assignments", f"{what}: no such pledge")
    if row["nation"] != pledges[row["pledge_id"]]["nation"]:
        nation = pledges[row["pledge_id"]]["nation"]
        raise InputError("assignments", f"{what}: nation {row['nation']}, the pledge's is {nation}")
    if row["requirement_id"] not in reqs:
        raise InputError("assignments", f"{what}: no such requirement")
    if row["capability"] not in CAPABILITIES:
        raise InputError("assignments", f"{what}: unknown capability {row['capability']!r}")
    if not 0 <= row["period"] < len(periods):
        raise InputError("assignments", f"{what}: the plan has periods 0 to {len(periods) - 1}")
    if row["period_start"] != periods[row["period"]][0]:
        raise InputError(
            "assignments",
            f"{what}: starts {row['period_start']}, but period {row['period']} of the "
            f"settings starts {periods[row['period']][0]}",
        )
    if row["quantity"] < 0:
        raise InputError("assignments", f"{what}: {row['quantity']} units")


def run(
    moves: list[Move],
    lift: pl.DataFrame,
    transit_days: Mapping[tuple[str, str], float],
    default_transit_days: Mapping[str, float],
    pledges: Mapping[str, Mapping[str, Any]],
    relief_margin_days: int,
) -> dict[str, LiftLine]:
    """Simulate every move (filling in its days); the lift lines with what they moved."""
    env = simpy.Environment()
    own: dict[tuple[str, str], str] = {}
    pools: dict[str, list[tuple[str, list[str]]]] = {}
    lines: dict[str, LiftLine] = {}
    for lift_id, provider, mode, rate, users in (
        lift.sort("lift_id")
        .select("lift_id", "provider", "mode", "loads_per_day", "users")
        .iter_rows()
    ):
        if mode not in LIFT_MODES or mode == "self" or not rate > 0:
            raise InputError("lift", f"lift {lift_id}: {rate} loads a day by {mode!r} is no lift")
        lines[lift_id] = LiftLine(env, lift_id, rate)
        if provider == POOL:
            pools.setdefault(mode, []).append((lift_id, users or []))
        else:
            own.setdefault((provider, mode), lift_id)
    for move in moves:
        mode = move.mode
        move.transit_days = transit_days.get((move.nation, mode), default_transit_days[mode])
        if mode != "self":
            move.lift_id = own.get((move.nation, mode)) or next(
                (i for i, users in pools.get(mode, []) if not users or move.nation in users), None
            )
            if move.lift_id is None:
                move.note = f"no {mode} lift: {move.nation} has none and no pool admits it"
        line = lines.get(move.lift_id or "")
        move.ready_day = pledges[move.pledge_id]["notice_days"]
        if move.period > 0:  # planned to arrive a margin before needed, as if lift were free
            lift_days = line.days_alone(move.loads) - 1 if line is not None else 0
            lead = lift_days + math.ceil(move.transit_days - EPS) + relief_margin_days
            move.ready_day = max(move.ready_day, move.needed_day - lead)
        if mode == "self" or line is not None:
            env.process(_deploy(env, move, line))
    env.run()
    return lines


def _deploy(env: simpy.Environment, move: Move, line: LiftLine | None) -> Generator[Any, Any, None]:
    yield env.timeout(move.ready_day)
    if line is not None:
        yield line.submit(move)
    yield env.timeout(move.transit_days)
    move.arrival_day = math.ceil(env.now - EPS)
