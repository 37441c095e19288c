"""Planted anomalies: one vessel (or pair) per anomaly, well inside each detector's definition.

Each kind has a planter that draws one anomaly and returns False when the draw does not
fit (the caller rolls it back and draws again). Planted vessels fly flags of
convenience, and their episodes give the ground truth ``sea:<kind>:<n>``: ``subject``
(MMSI, or ``a-b`` for an encounter), ``start``/``end`` (first and last report of the
signature as heard), ``lon``/``lat``, and ``zone_id`` for port calls and exclusion
entries (:mod:`~reassure.scenario.ais.truth`).

================== ============================================================
ais_gap            14-30 h silent, both ends > 50 NM (+8 km) from shore, moving
                   on at 9-12 kn (reports around it every few minutes)
encounter          two ships 120-280 m apart drifting at 0.6-1.3 kn for 3-3.75 h,
                   > 30 NM (+6 km) from shore (< 4 h: never a loitering as well)
loitering          one ship at 0.3-1.5 kn for 6-10 h, > 30 NM (+6 km) from shore,
                   nobody within 6 km meanwhile
teleport           one jump of 100-250 km between two reports minutes apart
position_on_land   15-28 min of fixes ≥ 8 km inland (Crimea, Kherson), reached and
                   left at < 35 kn implied speed (no teleport)
identity_clash     a second transmitter 160-300 km away for 1.5-3 h, interleaved
exclusion_entry    into ``exclusion-zmiinyi`` or ``exclusion-crimea-west``, 7 km
                   deep, from the open sea
corridor_departure a northbound ship leaves the corridor's seaward side for
                   about 60-90 min (5.5-7.5 km beyond its edge), then sails on
port_call          every stay at a berth or anchorage: ≥ 4.5 h stopped, never cut
                   by the window's edges
================== ============================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import shapely

from reassure.scenario.ais.geography import sample
from reassure.scenario.ais.motion import KNOT_MS, Track
from reassure.scenario.ais.planner import Planner
from reassure.scenario.ais.routes import plan_corridor
from reassure.scenario.ais.stations import KEEP_PLANTED
from reassure.scenario.ais.traffic import RESTRICTED, UNDERWAY

__all__ = ["PLANTERS", "plant"]


def plant(plan: Planner, kind: str) -> bool:
    """Plant one anomaly of ``kind``; False when this draw did not fit (try again)."""
    return PLANTERS[kind](plan)


def _plant_ais_gap(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    gap_h = float(rng.uniform(14.0, max(14.0, min(30.0, plan.window / 3600 - 8))))
    before, after = float(rng.uniform(2, 4)), float(rng.uniform(2, 4))
    knots = float(rng.uniform(9.0, 12.0))
    p1 = sample(rng, geo.far50, 1)[0]
    a = float(rng.uniform(0, 2 * math.pi))
    u = np.array([math.sin(a), math.cos(a)])
    speed = knots * KNOT_MS
    p2 = p1 + u * speed * gap_h * 3600
    p0, p3 = p1 - u * speed * before * 3600, p2 + u * speed * after * 3600
    if not (
        geo.far50.contains(shapely.Point(p2))
        and geo.open_sea.contains(shapely.LineString([p0, p1]))
    ):
        return False
    if not geo.open_sea.contains(shapely.LineString([p2, p3])) or not geo.sea.contains(
        shapely.LineString([p0, p3])
    ):
        return False
    vessel = plan.new_vessel("ais_gap", planted=True)
    t1 = plan.anomaly_start(before, gap_h, after)
    tr = Track(vessel.index, t1 - before * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
    tr.voyage = plan.voyage("TRIST", vessel.draught)
    tr.goto(p1, knots)
    tr.goto(p2, knots, silent=True)
    tr.goto(p3, knots)
    plan.tracks[vessel.index] = tr
    plan.add_episode("ais_gap", (vessel.index,), "around", p1, t_a=t1, t_b=t1 + gap_h * 3600)
    return True


def _drift(plan: Planner, tr: Track, hours: float, episode: int, group: bool) -> None:
    rng = plan.rng
    left = hours * 3600
    parts = 1 if group else int(rng.integers(2, 4))
    for k in range(parts):
        dt = left / (parts - k) if k < parts - 1 else left
        dt = dt * float(rng.uniform(0.8, 1.2)) if k < parts - 1 else dt
        knots = float(rng.uniform(0.5, 1.5)) if group else float(rng.uniform(0.3, 1.5))
        a = float(rng.uniform(0, 2 * math.pi))
        tr.drift(
            knots * KNOT_MS * math.sin(a),
            knots * KNOT_MS * math.cos(a),
            dt,
            episode=episode,
            status=RESTRICTED if group else UNDERWAY,
            hdg=float(rng.uniform(0, 360)),
        )
        left -= dt


def _plant_loitering(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    hours = float(rng.uniform(6.0, 10.0))
    site = sample(rng, geo.far30, 1)[0]
    if shapely.distance(shapely.Point(site), plan.cached_shape("far30_edge")) < 18_000:
        return False
    knots = float(rng.uniform(10.5, 13.0))
    arrive, leave = float(rng.uniform(1.5, 3.0)), float(rng.uniform(1.5, 3.0))
    p0 = plan.approach_from(site, geo.open_sea, arrive, knots)
    if p0 is None:
        return False
    vessel = plan.new_vessel("loitering", planted=True)
    t1 = plan.anomaly_start(arrive, hours, leave)
    tr = Track(vessel.index, t1 - arrive * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
    tr.voyage = plan.voyage("", vessel.draught)
    tr.goto(site, knots)
    episode = plan.add_episode("loitering", (vessel.index,), "pieces", site)
    _drift(plan, tr, hours, episode.index, group=False)
    end = plan.approach_from(np.array([tr.x, tr.y]), geo.open_sea, leave, knots)
    if end is None:
        end = np.array([tr.x, tr.y]) + (np.array([tr.x, tr.y]) - p0) * 0.5
    tr.episode = -1
    tr.status = UNDERWAY
    tr.goto(end, knots)
    plan.tracks[vessel.index] = tr
    return bool(geo.open_sea.contains(shapely.Point(end)))


def _plant_encounter(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    hours = float(rng.uniform(3.0, 3.75))
    site = sample(rng, geo.far30, 1)[0]
    if shapely.distance(shapely.Point(site), plan.cached_shape("far30_edge")) < 15_000:
        return False
    t1 = plan.anomaly_start(3.0, hours, 3.0)
    a = float(rng.uniform(0, 2 * math.pi))
    drift_kn = float(rng.uniform(0.6, 1.3))
    drift = drift_kn * KNOT_MS * np.array([math.sin(a), math.cos(a)])
    perp = np.array([math.cos(a), -math.sin(a)])
    sep0, sep1 = float(rng.uniform(120, 280)), float(rng.uniform(120, 280))
    group = len(plan.episodes)
    pair = []
    for side in (0, 1):
        knots = float(rng.uniform(10.5, 13.0))
        start = site + (perp * sep0 if side else 0)
        arrive = float(rng.uniform(1.5, 3.0))
        p0 = plan.approach_from(start, geo.open_sea, arrive, knots)
        if p0 is None:
            return False
        pair.append((start, p0, knots, arrive))
    vessels = []
    for start, p0, knots, arrive in pair:
        vessel = plan.new_vessel("encounter", planted=True)
        vessel.group = group
        vessels.append(vessel)
        tr = Track(vessel.index, t1 - arrive * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
        tr.voyage = plan.voyage("", vessel.draught)
        tr.goto(start, knots)
        plan.tracks[vessel.index] = tr
    episode = plan.add_episode(
        "encounter", (vessels[0].index, vessels[1].index), "pieces", site + drift * hours * 1800
    )
    for side, vessel in enumerate(vessels):
        tr = plan.tracks[vessel.index]
        v = drift + (perp * (sep1 - sep0) / (hours * 3600) if side else 0)
        heading = float((math.degrees(a) + 90 * (1 + side)) % 360)
        tr.drift(
            float(v[0]), float(v[1]), hours * 3600,
            episode=episode.index, status=RESTRICTED, hdg=heading,
        )  # fmt: skip
        tr.status = UNDERWAY
        knots = float(rng.uniform(10.5, 13.0))
        end = plan.approach_from(
            np.array([tr.x, tr.y]), geo.open_sea, float(rng.uniform(1.5, 3.0)), knots
        )
        if end is None:
            return False
        tr.goto(end, knots)
    return True


def _plant_teleport(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    knots = float(rng.uniform(10.0, 13.0))
    before, after = float(rng.uniform(2, 4)), float(rng.uniform(2, 4))
    x = sample(rng, geo.open_sea, 1)[0]
    jump = float(rng.uniform(100_000, 250_000))
    a = float(rng.uniform(0, 2 * math.pi))
    y = x + jump * np.array([math.sin(a), math.cos(a)])
    p0 = plan.approach_from(x, geo.open_sea, before, knots)
    p3 = plan.approach_from(y, geo.open_sea, after, knots)
    if p0 is None or p3 is None or not geo.open_sea.contains(shapely.Point(y)):
        return False
    vessel = plan.new_vessel("teleport", planted=True)
    t1 = plan.anomaly_start(before, 0.0, after)
    tr = Track(vessel.index, t1 - before * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
    tr.voyage = plan.voyage("", vessel.draught)
    tr.goto(x, knots)
    tr.jump(float(y[0]), float(y[1]))
    tr.goto(p3, knots)
    plan.tracks[vessel.index] = tr
    plan.add_episode(
        "teleport", (vessel.index,), "around", y, t_a=tr.pieces[-1][0], t_b=tr.pieces[-1][0]
    )
    return True


def _plant_position_on_land(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    q = sample(rng, geo.inland, 1)[0]
    close = shapely.intersection(geo.coast_band, shapely.Point(q).buffer(22_000))
    if close.is_empty or close.area < 2e6:
        return False
    p = sample(rng, close, 1)[0]
    knots = float(rng.uniform(9.0, 12.0))
    # sail along the coast: the heading at right angles to the way inland
    toward = q - p
    a = math.atan2(toward[0], toward[1]) + math.pi / 2 * (1 if rng.random() < 0.5 else -1)
    u = np.array([math.sin(a), math.cos(a)])
    hours_before, hours_after = float(rng.uniform(1.0, 2.0)), float(rng.uniform(1.0, 2.0))
    spoof = float(rng.uniform(15, 28)) * 60
    speed = knots * KNOT_MS
    cap = 35.0 * KNOT_MS  # implied speed of the jumps onto land and back: below 50 kn
    d_in = float(np.hypot(*(q - p)))
    quiet_in = max(600.0, d_in / cap)
    p_mid = p + u * speed * (quiet_in + spoof)
    d_out = float(np.hypot(*(q - p_mid)))
    quiet_out = max(600.0, d_out / cap)
    quiet_out = max(quiet_out, (d_out + speed * quiet_out) / cap)
    p_back = p + u * speed * (quiet_in + spoof + quiet_out)
    # in from the open sea, along the coast while spoofed, out to sea again
    w = -toward / np.hypot(*toward)
    come = float(rng.uniform(0.3, 0.9))
    p0 = p + speed * hours_before * 3600 * (w * math.cos(come) - u * math.sin(come))
    p3 = p_back + speed * hours_after * 3600 * (w * math.cos(come) + u * math.sin(come))
    path = shapely.LineString([p0, p, p_back, p3])
    water = plan.cached_shape("water_1500")
    if not water.contains(path) or any(
        shapely.distance(path, z) < 10_000 for z in geo.exclusions.values()
    ):
        return False
    if (
        shapely.distance(path, geo.corridor) < 20_000
        or shapely.distance(path, geo.near_port) < 10_000
    ):
        return False
    vessel = plan.new_vessel("position_on_land", planted=True)
    t_s = plan.anomaly_start(hours_before + 1, 1.5, hours_after + 1)
    tr = Track(
        vessel.index, t_s - hours_before * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED
    )
    tr.voyage = plan.voyage("", vessel.draught)
    tr.goto(p, knots)
    episode = plan.add_episode("position_on_land", (vessel.index,), "pieces", q)
    tr.goto(p + u * speed * quiet_in, knots, silent=True)
    true_at = np.array([tr.x, tr.y])
    jitter = float(rng.uniform(0.2, 0.8)) * KNOT_MS
    b = float(rng.uniform(0, 2 * math.pi))
    spot = Track(vessel.index, tr.t, float(q[0]), float(q[1]), rate=1.0, voyage=tr.voyage)
    spot.drift(  # the spoofed fixes: inland, wandering slowly; every report heard
        jitter * math.sin(b), jitter * math.cos(b), spoof,
        episode=episode.index, hdg=float(rng.uniform(0, 360)),
    )  # fmt: skip
    tr.pieces.extend(spot.pieces)
    tr.t += spoof
    tr.x, tr.y = (true_at + u * speed * spoof).tolist()
    tr.goto(p_back, knots, silent=True)
    tr.goto(p3, knots)
    plan.tracks[vessel.index] = tr
    return True


def _plant_identity_clash(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    hours = float(rng.uniform(1.5, 3.0))
    before, after = float(rng.uniform(2, 4)), float(rng.uniform(2, 4))
    ka, kb = float(rng.uniform(10, 13)), float(rng.uniform(9, 12))
    a_mid = sample(rng, geo.open_sea, 1)[0]
    ang = float(rng.uniform(0, 2 * math.pi))
    ua = np.array([math.sin(ang), math.cos(ang)])
    sa = ka * KNOT_MS
    a0 = a_mid - ua * sa * (before + hours / 2) * 3600
    a1 = a_mid + ua * sa * (after + hours / 2) * 3600
    off = float(rng.uniform(160_000, 300_000))
    ang_b = float(rng.uniform(0, 2 * math.pi))
    b_mid = a_mid + off * np.array([math.sin(ang_b), math.cos(ang_b)])
    ang_c = float(rng.uniform(0, 2 * math.pi))
    ub = np.array([math.sin(ang_c), math.cos(ang_c)])
    b0 = b_mid - ub * kb * KNOT_MS * hours * 1800
    b1 = b_mid + ub * kb * KNOT_MS * hours * 1800
    if not geo.open_sea.contains(shapely.LineString([a0, a1])) or not geo.open_sea.contains(
        shapely.LineString([b0, b1])
    ):
        return False
    la, lb = shapely.LineString([a0, a1]), shapely.LineString([b0, b1])
    if shapely.distance(la, lb) < 120_000:
        return False
    vessel = plan.new_vessel("identity_clash", planted=True)
    clone = plan.clone(vessel, "identity_clash")
    t_c = plan.anomaly_start(before, hours, after)
    tr = Track(vessel.index, t_c - before * 3600, float(a0[0]), float(a0[1]), rate=KEEP_PLANTED)
    tr.voyage = plan.voyage("", vessel.draught)
    tr.goto(a1, ka)
    plan.tracks[vessel.index] = tr
    tb = Track(clone.index, t_c, float(b0[0]), float(b0[1]), rate=KEEP_PLANTED)
    tb.goto(b1, kb)
    plan.tracks[clone.index] = tb
    plan.add_episode("identity_clash", (vessel.index, clone.index), "clone", b_mid)
    return True


def _plant_exclusion_entry(plan: Planner) -> bool:
    rng, geo = plan.rng, plan.geo
    wanted: list[str] = [
        z for z in ("exclusion-zmiinyi", "exclusion-crimea-west") if z in geo.exclusions
    ]
    if not wanted:
        wanted = sorted(geo.exclusions)
    zone_id = wanted[len([e for e in plan.episodes if e.kind == "exclusion_entry"]) % len(wanted)]
    zone = geo.exclusions[zone_id]
    deep = plan.cached_shape(f"deep:{zone_id}")
    if deep.is_empty:
        return False
    target = sample(rng, deep, 1)[0]
    knots = float(rng.uniform(9.0, 12.0))
    ok_area = plan.cached_shape(f"ok:{zone_id}")
    a = float(rng.uniform(0, 2 * math.pi))
    legs = []
    for turn in (0.0, float(rng.uniform(1.2, 2.2)) * (1 if rng.random() < 0.5 else -1)):
        hours = float(rng.uniform(2.0, 3.0))
        u = np.array([math.sin(a + turn), math.cos(a + turn)])
        legs.append(target + u * knots * KNOT_MS * hours * 3600)
    p0, p3 = legs
    if not ok_area.contains(shapely.LineString([p0, target, p3])):
        return False
    if min(shapely.distance(shapely.points([p0, p3]), zone)) < 15_000:
        return False
    vessel = plan.new_vessel("exclusion_entry", planted=True)
    t_in = plan.anomaly_start(3.0, 1.0, 3.0)
    tr = Track(vessel.index, t_in - 2.5 * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
    tr.voyage = plan.voyage("", vessel.draught)
    tr.goto(target, knots)
    tr.goto(p3, knots)
    plan.tracks[vessel.index] = tr
    plan.add_episode(
        "exclusion_entry", (vessel.index,), "inside", target,
        t_a=tr.pieces[0][0], t_b=tr.t, zone_id=zone_id,
    )  # fmt: skip
    return True


def _plant_corridor_departure(plan: Planner) -> bool:
    vessel = plan.new_vessel("corridor_departure", planted=True)
    episode = plan.add_episode("corridor_departure", (vessel.index,), "outside", (0.0, 0.0))
    plan_corridor(plan, vessel, host=episode)
    return episode.t_b > episode.t_a


PLANTERS: dict[str, Callable[[Planner], bool]] = {
    "ais_gap": _plant_ais_gap,
    "encounter": _plant_encounter,
    "loitering": _plant_loitering,
    "teleport": _plant_teleport,
    "position_on_land": _plant_position_on_land,
    "identity_clash": _plant_identity_clash,
    "exclusion_entry": _plant_exclusion_entry,
    "corridor_departure": _plant_corridor_departure,
}
"""The planter of each planted kind."""
