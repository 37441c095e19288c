"""Normal traffic: corridor voyages on the lanes, service craft, pleasure craft, open sea.

At sea normal traffic sails at 8 kn or more, never goes silent, never enters an
exclusion zone and keeps to the corridor's lanes (or to the open sea, far from it);
corridor voyages and pleasure trips take free slots (:meth:`Planner.schedule`) so that
ships keep apart.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.ops import substring

from reassure.geo.metric import NAUTICAL_MILE_M
from reassure.scenario.ais._types import FloatArray
from reassure.scenario.ais.geography import rounded_lonlat, sample
from reassure.scenario.ais.motion import KNOT_MS, LANE_PIECE, Track
from reassure.scenario.ais.planner import STAY_MIN_H, Planner
from reassure.scenario.ais.ports import APPROACH_KN, HARBOUR_KN, Port
from reassure.scenario.ais.traffic import UNDERWAY, Episode, Vessel
from reassure.scenario.ais.trunk import LANE_SPEED_KN, RAMP_M

__all__ = [
    "OUTSIDE",
    "PLEASURE_KN",
    "plan_corridor",
    "plan_open",
    "plan_pleasure",
    "plan_service",
    "sail",
]

PLEASURE_KN = 9.0
OUTSIDE = ("EGPSD", "GRPIR", "ITGOA", "ESVLC", "TRMER", "MTMAR")
"""Destinations beyond the Bosporus."""


def sail(
    plan: Planner,
    tr: Track,
    a: Port,
    b: Port,
    vessel: Vessel,
    *,
    berth: tuple[float, float],
    into_strait: bool = False,
    detour: tuple[float, float, float] | None = None,
    episode: Episode | None = None,
    probe: bool = False,
) -> list[tuple[str, float]]:
    """From a berth (or the strait) of ``a`` to ``berth`` in ``b`` (or into the
    strait). Returns the slots the voyage takes: (gate or lane, time or phase)."""
    geo, trunk = plan.geo, plan.geo.trunk
    laden = a.end == "north"
    draught = vessel.draught if laden else round(vessel.draught * 0.62, 1)
    dest = str(plan.rng.choice(OUTSIDE)) if into_strait and not probe else b.locode
    tr.voyage = -1 if probe else plan.voyage(dest, draught)
    tr.status = UNDERWAY
    tr.goto(a.entrance, HARBOUR_KN)
    tr.goto(a.edge, HARBOUR_KN)
    tr.follow(a.out_path, APPROACH_KN)
    slots = [(f"out:{a.end}", tr.t)]
    first_piece = len(tr.pieces)
    north = b.gate_s > a.gate_s
    lane = (0 if vessel.fast else 1) if north else (2 if vessel.fast else 3)
    knots = LANE_SPEED_KN[lane]
    sign = 1.0 if north else -1.0
    s0, s1 = a.gate_s + sign * RAMP_M, b.gate_s - sign * RAMP_M
    tr.goto(trunk.lane_xy(lane, s0), knots)
    if detour is not None and north and s0 < detour[0] < s1 - 3 * RAMP_M - detour[2]:
        start, d_out, run = detour
        tr.lane(trunk, lane, s0, start, knots)
        t_out = tr.t
        tr.goto(trunk.point(start + RAMP_M, d_out), knots)
        tr.offset_run(trunk, d_out, start + RAMP_M, start + RAMP_M + run, knots)
        back = start + 2 * RAMP_M + run
        tr.goto(trunk.lane_xy(lane, back), knots)
        if episode is not None:
            episode.t_a, episode.t_b = t_out, tr.t
            mid = trunk.point(start + RAMP_M + run / 2, d_out)
            episode.lon, episode.lat = rounded_lonlat(geo, mid)
        s0 = back
    tr.lane(trunk, lane, s0, s1, knots)
    tr.goto(b.in_path[0], knots)
    slots.append((f"in:{b.end}", tr.t))
    for piece in tr.pieces[first_piece:]:
        if piece[2] == LANE_PIECE:  # phase: when the ship would be at s = 0
            slots.append((f"lane:{piece[7]}", piece[0] - piece[3] / piece[5]))
    tr.follow(b.in_path, APPROACH_KN)
    tr.goto(b.entrance, HARBOUR_KN)
    if into_strait and b.strait is not None:
        tr.goto(b.strait, 6.0)
        return slots
    arrival = tr.goto(berth, HARBOUR_KN)
    if not probe:
        plan.set_eta(tr.voyage, arrival)
    return slots


def plan_corridor(plan: Planner, vessel: Vessel, host: Episode | None = None) -> None:
    """Voyages between two ports of the corridor, with stays in port, from before the
    window opens until it closes (or the ship goes into the Bosporus); with ``host``,
    the planted corridor departure: northbound from the Bosporus, out of the corridor
    and back once."""
    rng = plan.rng
    ua = plan.ua_ports()
    south, side = plan.port_at("south"), plan.port_at("side")
    weights = np.array([0.4, 0.35, 0.25][: len(ua)], float)
    home = ua[int(rng.choice(len(ua), p=weights / weights.sum()))]
    families: list[tuple[Port, Port, float]] = []
    if south is not None:
        families.append((home, south, 0.55))
    if side is not None:
        families.append((home, side, 0.2))
    if south is not None and side is not None:
        families.append((side, south, 0.25))
    if not families:
        families.append((ua[0], ua[-1], 1.0))
    fw = np.array([f[2] for f in families], float)
    a, b, _ = families[int(rng.choice(len(families), p=fw / fw.sum()))]
    if rng.random() < 0.5:
        a, b = b, a
    detour = None
    if host is not None:  # the corridor departure: northbound from the Bosporus
        assert south is not None
        vessel.fast = False
        a, b = south, home
        detour = _detour(plan)
    strait_in = south is not None and a is south and rng.random() < 0.25 and host is None
    speed = LANE_SPEED_KN[0 if vessel.fast else 1] * KNOT_MS
    trip = abs(b.gate_s - a.gate_s) / speed + 2 * 3600
    if host is not None and detour is not None:
        lead = (detour[0] - a.gate_s) / speed + 1.5 * 3600
        t_event = float(rng.uniform(2 * 3600, max(2.5 * 3600, plan.window - 5 * 3600)))
        t0 = t_event - lead
    elif strait_in:
        t0 = float(rng.uniform(0, max(1.0, plan.window - 8 * 3600)))
    else:
        t0 = -float(rng.uniform(0.05, 0.95)) * trip
    start = a.strait if strait_in and a.strait is not None else plan.berth(a)
    tr = Track(vessel.index, t0, *start)
    plan.tracks[vessel.index] = tr
    first = True
    while tr.t < plan.window:
        into = b is south and rng.random() < 0.3 and not first and host is None
        berth = plan.berth(b)
        kw: dict[str, Any] = {"berth": berth, "into_strait": into, "episode": host}
        kw["detour"] = detour if first else None

        def probe(
            copy: Track, a: Port = a, b: Port = b, kw: dict[str, Any] = kw
        ) -> list[tuple[str, float]]:
            return sail(plan, copy, a, b, vessel, probe=True, **kw)

        if first:
            tr.t += plan.schedule(probe, tr)
        else:
            hours = plan.stay_hours(a)
            leave = Track(vessel.index, tr.t + hours * 3600, tr.x, tr.y)
            final = plan.can_stay(tr, hours + plan.schedule(probe, leave) / 3600)
            if final is None:
                return
            plan.moor(tr, a, final)
        first = False
        plan.reserve(vessel.index, sail(plan, tr, a, b, vessel, **kw))
        if into or tr.t >= plan.window:
            return
        a, b = b, a


def _detour(plan: Planner) -> tuple[float, float, float]:
    """(s where the ship turns out, offset out there, length of the run outside)."""
    geo, trunk = plan.geo, plan.geo.trunk
    side = plan.port_at("side")
    lo = min(p.gate_s for p in geo.ports.values()) + 4 * RAMP_M
    hi = (side.gate_s - 6 * RAMP_M) if side is not None else trunk.length / 2
    half = 5 * NAUTICAL_MILE_M
    for _ in range(500):
        start = float(plan.rng.uniform(lo, hi))
        run = float(plan.rng.uniform(35, 65)) * 60 * LANE_SPEED_KN[1] * KNOT_MS
        d_out = -(half + float(plan.rng.uniform(5_500.0, 7_500.0)))
        s = np.linspace(start, start + 2 * RAMP_M + run, 40)
        pts = shapely.points(*trunk.xy(s, np.full(s.size, d_out)))
        far = shapely.distance(pts, geo.land).min() > 15_000
        clear = all(shapely.distance(pts, z).min() > 15_000 for z in geo.exclusions.values())
        if far and clear:
            return start, d_out, run
    raise RuntimeError("no stretch of the corridor to plant a departure on")


def plan_service(plan: Planner, vessel: Vessel, port: Port) -> None:
    """Runs out of ``port`` to 9.5 km from it and back, with stays at a berth."""
    rng = plan.rng
    knots = 14.0 if vessel.ship_type == 50 else 9.0
    out = _cut_at(port.out_path, port.centre, 9_500.0)
    back = _cut_after(port.in_path, port.centre, 9_500.0)
    run_h = (_length(out) + _length(back)) / (knots * KNOT_MS) / 3600 + 0.5
    berth = plan.berth(port)
    tr = Track(vessel.index, -float(rng.uniform(0.1, 0.9)) * run_h * 3600, *berth)
    plan.tracks[vessel.index] = tr
    while tr.t < plan.window:
        tr.status, tr.voyage = UNDERWAY, plan.voyage(port.locode, vessel.draught)
        tr.goto(port.entrance, HARBOUR_KN)
        tr.goto(port.edge, HARBOUR_KN)
        tr.follow(out, knots)
        tr.follow(back, knots)
        tr.goto(port.entrance, HARBOUR_KN)
        arrival = tr.goto(berth, HARBOUR_KN)
        if arrival >= plan.window:
            return
        hours = plan.can_stay(tr, float(rng.uniform(STAY_MIN_H, 10.0)))
        if hours is None:
            return
        plan.moor(tr, port, hours)


def plan_pleasure(plan: Planner, vessel: Vessel, port: Port) -> None:
    """Day trips along the coast from 05:00-12:00 UTC, moored in between (from the
    window's start); all at :data:`PLEASURE_KN`, scheduled like the corridor."""
    rng = plan.rng
    coast = plan.geo.constanta_coast
    tr = Track(vessel.index, 0.0, *plan.berth(port))
    plan.tracks[vessel.index] = tr
    day = 0
    start = plan.ctx.start
    midnight = (start.replace(hour=0, minute=0, second=0) - start).total_seconds()
    while True:
        leave = midnight + day * 86_400 + float(rng.uniform(5, 12)) * 3600
        day += 1
        if leave - tr.t < STAY_MIN_H * 3600 or rng.random() < 0.3:
            continue
        turn = int(rng.integers(max(3, len(coast) // 2), len(coast) + 1))
        berth = plan.berth(port)

        def trip(copy: Track, turn: int = turn, probe: bool = True) -> list[tuple[str, float]]:
            copy.status, copy.voyage = UNDERWAY, -1 if probe else plan.voyage("", 0.0)
            copy.goto(coast[0], HARBOUR_KN)  # the harbour entrance
            copy.goto(coast[1], PLEASURE_KN)
            slots = [("pleasure:out", copy.t)]
            copy.follow(coast[2:turn], PLEASURE_KN)
            copy.follow(coast[1 : turn - 1][::-1], PLEASURE_KN)
            slots.append(("pleasure:back", copy.t))
            copy.goto(coast[0], PLEASURE_KN)
            return slots

        leave += plan.schedule(trip, Track(vessel.index, leave, tr.x, tr.y))
        if leave >= plan.window - 1.5 * 3600:
            break
        plan.moor(tr, port, (leave - tr.t) / 3600)
        plan.reserve(vessel.index, trip(tr, probe=False))
        arrival = tr.goto(berth, HARBOUR_KN)
        if arrival >= plan.window - (STAY_MIN_H + 1.5) * 3600:
            break


def plan_open(plan: Planner, vessel: Vessel) -> None:
    """One to three long legs across the open sea, far from the corridor."""
    rng = plan.rng
    geo = plan.geo
    knots = float(rng.uniform(10.0, 14.0))
    t0 = 0.0 if rng.random() < 0.5 else float(rng.uniform(0, max(1.0, plan.window - 6 * 3600)))
    for _ in range(200):
        p = sample(rng, geo.open_sea, 1)[0]
        legs = [p]
        heading = float(rng.uniform(0, 2 * math.pi))
        for _leg in range(int(rng.integers(1, 4))):
            for _try in range(30):
                dist = float(rng.uniform(120_000, 400_000))
                heading += float(rng.normal(0, 0.6))
                q = legs[-1] + dist * np.array([math.sin(heading), math.cos(heading)])
                if geo.open_sea.contains(shapely.LineString([legs[-1], q])):
                    legs.append(q)
                    break
        if len(legs) >= 2:
            break
    tr = Track(vessel.index, t0, float(legs[0][0]), float(legs[0][1]))
    tr.voyage = plan.voyage(
        str(rng.choice(["GEPTI", "GEBUS", "TRSSX", "TRTZX", "BGBOJ", "BGVAR"])), vessel.draught
    )
    plan.tracks[vessel.index] = tr
    for q in legs[1:]:
        tr.goto(q, knots)
        if tr.t >= plan.window:
            break


def _length(path: FloatArray) -> float:
    return float(np.hypot(*np.diff(path, axis=0).T).sum()) if len(path) > 1 else 0.0


def _cut_at(path: FloatArray, centre: tuple[float, float], reach: float) -> FloatArray:
    """The path up to where it first gets ``reach`` metres from ``centre``."""
    line = shapely.LineString(path)
    circle = shapely.Point(centre).buffer(reach, quad_segs=32).exterior
    hit = shapely.intersection(line, circle)
    if hit.is_empty:
        return path
    at = min(line.project(p) for p in shapely.get_parts(hit))
    return np.asarray(shapely.get_coordinates(substring(line, 0.0, at)), float)


def _cut_after(path: FloatArray, centre: tuple[float, float], reach: float) -> FloatArray:
    """The path from where it last is ``reach`` metres from ``centre``."""
    return _cut_at(path[::-1], centre, reach)[::-1]
