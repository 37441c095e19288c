"""Plan all the traffic: the planted anomalies first, then normal traffic around them.

Normal traffic is re-planned until it keeps clear of the planted signatures and of
itself (:mod:`~reassure.scenario.ais.proximity`), up to
:data:`~reassure.scenario.ais.traffic.CHECK_MAX_SCALE`; above it only the planted
signatures are kept clear.
"""

from __future__ import annotations

from reassure.scenario.ais.planner import Planner
from reassure.scenario.ais.planting import plant
from reassure.scenario.ais.proximity import conflicts
from reassure.scenario.ais.routes import plan_corridor, plan_open, plan_pleasure, plan_service
from reassure.scenario.ais.traffic import (
    CHECK_MAX_SCALE,
    KINDS,
    PLANTED_AT_SCALE_1,
    VESSELS_AT_SCALE_1,
    Traffic,
    Vessel,
)
from reassure.scenario.context import ScenarioContext

__all__ = ["simulate"]


def simulate(ctx: ScenarioContext) -> Traffic:
    """Plan every vessel's motion, the planted anomalies first, then normal traffic
    re-planned until it keeps clear of them (and of itself)."""
    plan = Planner(ctx)
    geo = plan.geo
    for kind in KINDS:
        wanted = ctx.scaled(PLANTED_AT_SCALE_1)
        done = 0
        for _ in range(wanted * 60):
            if done == wanted:
                break
            mark = (len(plan.vessels), len(plan.episodes))
            if plant(plan, kind):
                done += 1
            else:
                _rollback(plan, *mark)
        if done < wanted:
            raise RuntimeError(f"could not plant {wanted} {kind} anomalies")
    traffic = Traffic(
        geo, plan.window, plan.vessels, plan.tracks, plan.voyages, plan.episodes, plan.port_ids
    )
    # planted against planted: re-plant the later one
    for _ in range(20):
        bad = conflicts(traffic, normal=False)
        if not bad:
            break
        redo = sorted({max(a, b) for a, b, _ in bad})
        for index in redo:
            _replant(plan, index)
        traffic.table = None
    normal: list[Vessel] = []
    side = plan.port_at("side")
    for _ in range(ctx.scaled(VESSELS_AT_SCALE_1["corridor"])):
        vessel = plan.new_vessel("corridor")
        plan_corridor(plan, vessel)
        normal.append(vessel)
    ua = plan.ua_ports()
    for n in range(ctx.scaled(VESSELS_AT_SCALE_1["service"])):
        vessel = plan.new_vessel("service", kind="pilot" if n % 2 == 0 else "tug")
        plan_service(plan, vessel, ua[n % len(ua)])
        normal.append(vessel)
    if side is not None and len(geo.constanta_coast) >= 4:
        for _ in range(ctx.scaled(VESSELS_AT_SCALE_1["pleasure"])):
            vessel = plan.new_vessel("pleasure", kind="pleasure")
            plan_pleasure(plan, vessel, side)
            normal.append(vessel)
    for _ in range(ctx.scaled(VESSELS_AT_SCALE_1["open"])):
        vessel = plan.new_vessel("open")
        plan_open(plan, vessel)
        normal.append(vessel)
    traffic = Traffic(
        geo, plan.window, plan.vessels, plan.tracks, plan.voyages, plan.episodes, plan.port_ids
    )
    check_normal = ctx.scale <= CHECK_MAX_SCALE
    for _ in range(12):
        bad = conflicts(traffic, normal=check_normal)
        again: set[int] = set()
        for a, b, _count in bad:
            va, vb = traffic.vessels[a], traffic.vessels[b]
            if va.fixed and vb.fixed:
                continue
            again.add(b if not vb.fixed else a)
        if not again:
            break
        for index in sorted(again):
            _replan(plan, index)
        traffic.table = None
    remaining = conflicts(traffic, normal=check_normal)
    traffic.conflicts = sum(
        1 for a, b, _ in remaining if not (traffic.vessels[a].fixed and traffic.vessels[b].fixed)
    )
    return traffic


def _rollback(plan: Planner, vessels: int, episodes: int) -> None:
    for vessel in plan.vessels[vessels:]:
        plan.tracks.pop(vessel.index, None)
    del plan.vessels[vessels:]
    del plan.episodes[episodes:]


def _replan(plan: Planner, index: int) -> None:
    vessel = plan.vessels[index]
    plan.release(index)
    role = vessel.role
    if role == "corridor":
        plan_corridor(plan, vessel)
    elif role == "service":
        ua = plan.ua_ports()
        plan_service(plan, vessel, ua[int(plan.rng.integers(len(ua)))])
    elif role == "pleasure":
        side = plan.port_at("side")
        assert side is not None
        plan_pleasure(plan, vessel, side)
    elif role == "open":
        plan_open(plan, vessel)
    elif role == "corridor_departure":
        plan_corridor(plan, vessel, host=plan.episode_of(index))


def _replant(plan: Planner, index: int) -> None:
    """Move a planted vessel's whole episode later or earlier (same shape, new time)."""
    episode = plan.episode_of(index)
    if episode.kind == "corridor_departure":
        return  # a ship of the corridor: far from the others
    shift = float(plan.rng.uniform(-12, 12)) * 3600
    lo = min(plan.tracks[i].pieces[0][0] for i in episode.vessels)
    hi = max(plan.tracks[i].pieces[-1][1] for i in episode.vessels)
    shift = min(max(shift, -lo), plan.window - hi)
    for i in episode.vessels:
        tr = plan.tracks[i]
        tr.pieces = [(p[0] + shift, p[1] + shift, *p[2:]) for p in tr.pieces]
        tr.t += shift
    episode.t_a += shift
    episode.t_b += shift
