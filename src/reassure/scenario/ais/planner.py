"""The planner's state: vessels, tracks, voyages, lane slots and planted episodes.

:class:`Planner` holds what is planned so far and the primitives the planners of
normal traffic (:mod:`~reassure.scenario.ais.routes`) and of planted anomalies
(:mod:`~reassure.scenario.ais.planting`) share: new vessels and voyages, port stays,
and the slots that keep ships on one lane (and through one gate) :data:`SLOT_S` apart.
Every random number comes from one stream, ``ctx.rng("ais")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
from shapely import Geometry

from reassure.scenario.ais._types import FloatArray
from reassure.scenario.ais.geography import rounded_lonlat, sea_geography
from reassure.scenario.ais.identities import Registry
from reassure.scenario.ais.motion import KNOT_MS, Track
from reassure.scenario.ais.ports import Port
from reassure.scenario.ais.traffic import (
    ANCHORED,
    CHECK_MAX_SCALE,
    MOORED,
    Episode,
    Vessel,
)
from reassure.scenario.context import ScenarioContext

__all__ = ["MAX_WAIT_S", "SLOT_S", "STAY_MIN_H", "Planner"]

STAY_MIN_H = 4.5
"""Shortest port stay: clear of the port-call threshold (3 h) and its ambiguity."""
SLOT_S = 480.0
"""Ships on one lane keep this far apart in time (2.5 km at 10.5 kn), and so do ships
through one gate of the corridor in one direction."""
MAX_WAIT_S = 12 * 3600.0


class Planner:
    """What is planned so far, and the steps every planner takes."""

    def __init__(self, ctx: ScenarioContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("ais")
        self.ids = Registry(self.rng)
        self.geo = sea_geography(ctx.zones)
        self.window = float(ctx.days * 86_400)
        self.vessels: list[Vessel] = []
        self.tracks: dict[int, Track] = {}
        self.voyages: list[tuple[str, float, float]] = []
        self.episodes: list[Episode] = []
        self.port_ids = sorted(self.geo.ports)
        self.scheduling = ctx.scale <= CHECK_MAX_SCALE
        self.slots: dict[str, list[tuple[float, int]]] = {}
        self.cache: dict[str, Any] = {}

    # vessels and voyages -------------------------------------------------------------

    def new_vessel(self, role: str, *, planted: bool = False, kind: str = "merchant") -> Vessel:
        """A new vessel (:meth:`Registry.vessel`), indexed in the order they are made."""
        vessel = self.ids.vessel(len(self.vessels), role, planted=planted, kind=kind)
        self.vessels.append(vessel)
        return vessel

    def clone(self, of: Vessel, role: str) -> Vessel:
        """A second transmitter with the MMSI of ``of`` (an identity clash)."""
        vessel = Vessel(
            len(self.vessels), of.mmsi, role, cls=of.cls, planted=True, clone_of=of.index
        )
        self.vessels.append(vessel)
        return vessel

    def voyage(self, destination: str, draught: float) -> int:
        """A new voyage id (destination, draught; ETA unknown until :meth:`set_eta`)."""
        self.voyages.append((destination, math.nan, draught))
        return len(self.voyages) - 1

    def set_eta(self, voyage: int, eta: float) -> None:
        dest, _, draught = self.voyages[voyage]
        self.voyages[voyage] = (dest, eta, draught)

    # ports, lane slots and stays -----------------------------------------------------

    def ua_ports(self) -> list[Port]:
        """The Odesa ports, beyond the trunk's northern end."""
        return [p for p in self.geo.ports.values() if p.end == "north"]

    def port_at(self, end: str) -> Port | None:
        """The first port at ``end`` (``south``, ``north`` or ``side``), if any."""
        return next((p for p in self.geo.ports.values() if p.end == end), None)

    def berth(self, port: Port) -> tuple[float, float]:
        """One of the port's berths, drawn at random."""
        x, y = port.berths[int(self.rng.integers(len(port.berths)))]
        return float(x), float(y)

    def schedule(self, probe: Callable[[Track], list[tuple[str, float]]], tr: Track) -> float:
        """How long to wait before a voyage (``probe`` sails it on a copy of ``tr``) so
        that it takes free slots: no ship of its lane within :data:`SLOT_S` of its phase,
        none through either gate within :data:`SLOT_S` of it (0 when not scheduling)."""
        if not self.scheduling:
            return 0.0
        wanted = probe(Track(tr.vessel, tr.t, tr.x, tr.y))
        spans = sorted(
            (r - t - SLOT_S, r - t + SLOT_S)
            for key, t in wanted
            for r, _ in self.slots.get(key, [])
        )
        delay = 0.0
        for lo, hi in spans:
            if lo > delay:
                break
            delay = max(delay, hi)
        return delay if delay <= MAX_WAIT_S else 0.0

    def reserve(self, vessel: int, slots: list[tuple[str, float]]) -> None:
        """Take the slots a voyage uses (see :meth:`schedule`)."""
        if self.scheduling:
            for key, t in slots:
                self.slots.setdefault(key, []).append((t, vessel))

    def release(self, vessel: int) -> None:
        """Free every slot of ``vessel`` (before it is planned again)."""
        for key, taken in self.slots.items():
            self.slots[key] = [item for item in taken if item[1] != vessel]

    def stay_hours(self, port: Port) -> float:
        """A port stay's length, by the kind of port."""
        if port.end == "south":
            return float(self.rng.uniform(STAY_MIN_H, 16.0))
        if port.end == "side":
            return float(self.rng.uniform(6.0, 24.0))
        return float(self.rng.uniform(8.0, 36.0))

    def can_stay(self, tr: Track, hours: float) -> float | None:
        """Hours of a stay starting now that ends with the ship well out of port before
        the window closes (None: the ship goes quiet at the berth instead)."""
        latest = self.window - 1.5 * 3600 - tr.t
        if tr.t + hours * 3600 <= self.window - 1.5 * 3600:
            return hours
        if latest >= STAY_MIN_H * 3600:
            return latest / 3600
        return None

    def moor(self, tr: Track, port: Port, hours: float) -> None:
        """Stay ``hours`` at the berth (moored) or anchorage (anchored): a port call."""
        status = ANCHORED if port.anchorage else MOORED
        tr.voyage = -1
        tr.stay(
            hours * 3600,
            status=status,
            hdg=float(self.rng.uniform(0, 360)),
            port=self.port_ids.index(port.suffix),
        )

    # planted episodes ----------------------------------------------------------------

    def add_episode(
        self, kind: str, vessels: tuple[int, ...], mode: str, point: Any, **kw: Any
    ) -> Episode:
        """Record a planted episode at ``point`` (plane x, y)."""
        lon, lat = rounded_lonlat(self.geo, point)
        episode = Episode(kind, vessels, mode, lon, lat, **kw)
        episode.index = len(self.episodes)
        self.episodes.append(episode)
        return episode

    def anomaly_start(self, before_h: float, during_h: float, after_h: float) -> float:
        """Start of an anomaly that fits in the window with time around it."""
        lo = before_h * 3600
        hi = self.window - (during_h + after_h) * 3600
        return float(self.rng.uniform(lo, max(lo + 1.0, hi)))

    def approach_from(
        self, end: FloatArray, region: Geometry, hours: float, knots: float
    ) -> FloatArray | None:
        """A start point ``hours`` away at ``knots`` from which a straight leg to ``end``
        stays in ``region``."""
        for _ in range(40):
            a = float(self.rng.uniform(0, 2 * math.pi))
            p = end + hours * 3600 * knots * KNOT_MS * np.array([math.sin(a), math.cos(a)])
            if region.contains(shapely.LineString([p, end])):
                return np.asarray(p, float)
        return None

    def cached_shape(self, name: str) -> Any:
        """Shapes the planters test against, made once."""
        if name not in self.cache:
            geo = self.geo
            kind, _, zone_id = name.partition(":")
            if name == "far30_edge":
                shape = geo.far30.boundary
            elif name == "water_1500":
                shape = geo.sea.buffer(-1_500.0)
            elif kind == "deep":
                zone = geo.exclusions[zone_id]
                shape = shapely.difference(zone.buffer(-7_000.0), geo.corridor.buffer(12_000.0))
            else:
                others = [z for k, z in geo.exclusions.items() if k != zone_id]
                avoid = shapely.union_all([*others, geo.corridor, geo.near_port])
                shape = shapely.difference(geo.sea.buffer(-3_000.0), avoid.buffer(8_000.0))
            shapely.prepare(shape)
            self.cache[name] = shape
        return self.cache[name]

    def episode_of(self, vessel: int) -> Episode:
        """The planted episode ``vessel`` belongs to."""
        stamp = (len(self.episodes), id(self.episodes[-1]) if self.episodes else 0)
        if self.cache.get("episodes") != stamp:
            self.cache["episodes"] = stamp
            self.cache["episode_of"] = {v: e for e in self.episodes for v in e.vessels}
        episode: Episode = self.cache["episode_of"][vessel]
        return episode
