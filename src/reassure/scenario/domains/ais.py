"""AIS traffic in the Black Sea over the scenario window, with planted anomalies.

Writes ``sea/ais.nmea`` (``sea/ais.nmea.gz`` above :data:`GZIP_LINES` lines): NMEA 0183
``!AIVDM`` sentences with NMEA 4.10 tag blocks (station, receive time) as a shore
network logs them, encoded by :mod:`reassure.sea.encode`, and one ground-truth record
per planted anomaly and per port call.

Traffic (all from ``ctx.rng("ais")``; :data:`VESSELS_AT_SCALE_1` times the scale):

* merchant ships (cargo 70-79, tankers 80-89) between the Odesa ports, Constanța and
  the Bosporus on the corridor's lanes (:mod:`reassure.scenario.shipping`), with port
  stays of :data:`STAY_MIN_H` hours or more; some come out of or go into the Bosporus;
* pilot boats and tugs on runs out of the Odesa ports;
* class B pleasure craft on day trips out of Constanța along the coast;
* ships crossing the open sea, far from the corridor.

Reception: a report is a candidate every 1-3 minutes; candidates within 40 NM of a
shore receiver are all heard, 40-80 NM away 60 % of them, farther 35 % (tag block
station ``sat``, and some type 27 long-range messages); ships at a berth every
~3 minutes. Static and voyage data every 30-60 minutes: type 5 from class A ships,
type 24 (parts A and B) from class B craft.

Planted anomalies (:data:`PLANTED_AT_SCALE_1` of each kind, times the scale), each on
its own vessel (flags of convenience), with ground truth ``sea:<kind>:<n>``: ``subject``
(MMSI, or ``a-b`` for an encounter), ``start``/``end`` (first and last report of the
signature as heard), ``lon``/``lat``, and ``zone_id`` for port calls and exclusion
entries. Planted well inside each detector's definition:

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

Normal traffic keeps clear of every signature: at sea it sails at 8 kn or more, never
goes silent for an hour, never enters an exclusion zone, keeps 2.5 km inside the
corridor (except at port approaches and where the corridor is pinched,
``SeaGeography.pinches``) and more than 2 km from other vessels outside port areas for
more than 20 minutes (checked, and re-planned until true, up to
:data:`CHECK_MAX_SCALE`; above it only the planted signatures are kept clear).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely
from shapely import Geometry
from shapely.ops import substring

from reassure.geo.metric import NAUTICAL_MILE_M
from reassure.scenario.context import FileEntry, ScenarioContext, iso_z
from reassure.scenario.shipping import (
    APPROACH_KN,
    CONVENIENCE_FLAGS,
    HARBOUR_KN,
    KNOT_MS,
    LANE_PIECE,
    LANE_SPEED_KN,
    MERCHANT_FLAGS,
    RAMP_M,
    RECEIVERS,
    PieceTable,
    Port,
    SeaGeography,
    Track,
    callsign,
    evaluate,
    imo_number,
    sea_geography,
    ship_names,
)

__all__ = [
    "GZIP_LINES",
    "ORDER",
    "PLANTED_AT_SCALE_1",
    "VESSELS_AT_SCALE_1",
    "Traffic",
    "generate",
    "reports",
    "simulate",
]

ORDER = 40
VESSELS_AT_SCALE_1 = {"corridor": 48, "service": 4, "pleasure": 3, "open": 8}
PLANTED_AT_SCALE_1 = 3
"""Planted anomalies of each kind at scale 1."""
KINDS = (
    "ais_gap",
    "encounter",
    "loitering",
    "teleport",
    "position_on_land",
    "identity_clash",
    "exclusion_entry",
    "corridor_departure",
)
GZIP_LINES = 200_000
RELPATH = "sea/ais.nmea"
STAY_MIN_H = 4.5
"""Shortest port stay: clear of the port-call threshold (3 h) and its ambiguity."""
STEP_S = 300.0
"""Time step of the proximity check."""
CHECK_MAX_SCALE = 20.0
"""Above this scale the corridor is too crowded for the 2 km rule; it is not checked."""
CHUNK_VESSELS = 256
SLOT_S = 480.0
"""Ships on one lane keep this far apart in time (2.5 km at 10.5 kn), and so do ships
through one gate of the corridor in one direction."""
MAX_WAIT_S = 12 * 3600.0
PLEASURE_KN = 9.0
OUTSIDE = ("EGPSD", "GRPIR", "ITGOA", "ESVLC", "TRMER", "MTMAR")
"""Destinations beyond the Bosporus."""
NEAR_NM, FAR_NM = 40.0, 80.0
KEEP_MID, KEEP_FAR, KEEP_BERTH, KEEP_PLANTED = 0.6, 0.35, 0.67, 0.55
MOORED, ANCHORED, UNDERWAY, RESTRICTED = 5, 1, 0, 3

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class Vessel:
    index: int
    mmsi: int
    role: str
    """corridor, service, pleasure, open, or the planted kind."""
    cls: str = "A"
    imo: int = 0
    callsign: str = ""
    shipname: str = ""
    ship_type: int = 70
    dims: tuple[int, int, int, int] = (0, 0, 0, 0)
    draught: float = 0.0
    planted: bool = False
    """It carries a planted anomaly (ground truth)."""
    clone_of: int = -1
    fast: bool = False
    group: int = -1
    """Vessels of one encounter share a group (they may be close)."""

    @property
    def fixed(self) -> bool:
        """Planted away from the corridor: others keep clear of it, not it of them."""
        return self.planted and self.role != "corridor_departure"


@dataclass
class Episode:
    kind: str
    vessels: tuple[int, ...]
    mode: str
    """pieces | around | outside | inside | clone: how its interval is read off the reports."""
    lon: float
    lat: float
    t_a: float = 0.0
    t_b: float = 0.0
    zone_id: str | None = None
    index: int = -1


@dataclass
class Traffic:
    """Everything planned: vessels, their pieces, voyages and planted episodes."""

    geo: SeaGeography
    window_s: float
    vessels: list[Vessel]
    tracks: dict[int, Track]
    voyages: list[tuple[str, float, float]]
    """(destination, ETA seconds or NaN, draught) per voyage id."""
    episodes: list[Episode]
    port_ids: list[str]
    table: PieceTable | None = None
    conflicts: int = 0
    """Vessel pairs still breaking the 2 km rule after re-planning (0 below
    :data:`CHECK_MAX_SCALE`)."""

    def identities(self) -> pl.DataFrame:
        """One row per vessel (by index): what its static reports say."""
        v = self.vessels
        return pl.DataFrame(
            {
                "mmsi": pl.Series([x.mmsi for x in v], dtype=pl.UInt32),
                "imo": pl.Series([x.imo for x in v], dtype=pl.UInt32),
                "callsign": pl.Series([x.callsign for x in v], dtype=pl.String),
                "shipname": pl.Series([x.shipname for x in v], dtype=pl.String),
                "ship_type": pl.Series([x.ship_type for x in v], dtype=pl.UInt8),
                "to_bow": pl.Series([x.dims[0] for x in v], dtype=pl.UInt16),
                "to_stern": pl.Series([x.dims[1] for x in v], dtype=pl.UInt16),
                "to_port": pl.Series([x.dims[2] for x in v], dtype=pl.UInt8),
                "to_starboard": pl.Series([x.dims[3] for x in v], dtype=pl.UInt8),
                "draught": pl.Series([x.draught for x in v], dtype=pl.Float64),
            }
        )

    def voyage_frame(self) -> pl.DataFrame:
        """One row per voyage (by id): destination, ETA (seconds from the start, NaN when
        unknown) and draught."""
        trips = self.voyages or [("", math.nan, 0.0)]
        return pl.DataFrame(
            {
                "destination": pl.Series([d for d, _, _ in trips], dtype=pl.String),
                "eta": pl.Series([e for _, e, _ in trips], dtype=pl.Float64),
                "draught": pl.Series([float(r) for _, _, r in trips], dtype=pl.Float64),
            }
        )

    def pieces(self) -> PieceTable:
        if self.table is None:
            self.table = PieceTable.build([self.tracks[v.index] for v in self.vessels])
        return self.table


# -- planning --------------------------------------------------------------------------


class Planner:
    def __init__(self, ctx: ScenarioContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("ais")
        self.geo = sea_geography(ctx.zones)
        self.window = float(ctx.days * 86_400)
        self.vessels: list[Vessel] = []
        self.tracks: dict[int, Track] = {}
        self.voyages: list[tuple[str, float, float]] = []
        self.episodes: list[Episode] = []
        self.port_ids = sorted(self.geo.ports)
        self.mmsis: set[int] = set()
        self.scheduling = ctx.scale <= CHECK_MAX_SCALE
        self.slots: dict[str, list[tuple[float, int]]] = {}
        self.cache: dict[str, Any] = {}
        self.imos: set[int] = set()
        self.names: set[str] = set()

    # identities ----------------------------------------------------------------------

    def _mmsi(self, mid: int) -> int:
        while True:
            mmsi = mid * 1_000_000 + int(self.rng.integers(0, 1_000_000))
            if mmsi not in self.mmsis and mmsi % 1000 != 0:
                self.mmsis.add(mmsi)
                return mmsi

    def _name(self, kind: str = "merchant") -> str:
        name = ship_names(self.rng, 1, kind)[0]
        number = 2
        while name in self.names:  # BLUE STAR, BLUE STAR 2, ...
            base = name.rsplit(" ", 1)[0] if name[-1].isdigit() else name
            name = f"{base[: 20 - len(str(number)) - 1]} {number}"
            number += int(self.rng.integers(1, 4))
        self.names.add(name)
        return name

    def new_vessel(self, role: str, *, planted: bool = False, kind: str = "merchant") -> Vessel:
        rng = self.rng
        flags = CONVENIENCE_FLAGS if planted and role != "corridor_departure" else MERCHANT_FLAGS
        if kind in ("pilot", "tug"):
            flags = ((272, "UR@@@", 1.0),)
        elif kind == "pleasure":
            flags = ((264, "YO#@@@", 1.0),)
        weights = np.array([f[2] for f in flags], float)
        mid, pattern, _ = flags[int(rng.choice(len(flags), p=weights / weights.sum()))]
        vessel = Vessel(len(self.vessels), self._mmsi(mid), role, planted=planted)
        vessel.callsign = callsign(rng, pattern)
        if kind == "pleasure":
            vessel.cls, vessel.ship_type = "B", 37
            vessel.shipname = self._name("pleasure")
            length = int(rng.integers(9, 24))
            vessel.dims = (length - 3, 3, 2, 2)
        elif kind in ("pilot", "tug"):
            vessel.ship_type = 50 if kind == "pilot" else 52
            vessel.shipname = self._service_name(kind)
            length = int(rng.integers(16, 33))
            vessel.dims = (length - 6, 6, 4, 4)
            vessel.draught = round(float(rng.uniform(2.0, 4.5)), 1)
        else:
            tanker = rng.random() < 0.35
            vessel.ship_type = int(
                rng.choice([80, 80, 81, 82, 83, 84, 89])
                if tanker
                else rng.choice([70, 70, 70, 71, 72, 74, 79])
            )
            vessel.imo = self._imo()
            vessel.shipname = self._name()
            length = int(rng.integers(95, 230))
            beam = int(max(14, min(38, length / 6.3 + rng.normal(0, 1.5))))
            bow = int(length * rng.uniform(0.78, 0.9))
            port = int(beam // 2)
            vessel.dims = (bow, length - bow, port, beam - port)
            vessel.draught = round(float(rng.uniform(0.45, 0.6) * length / 18.0), 1)
        vessel.fast = bool(rng.random() < 0.45)
        self.vessels.append(vessel)
        return vessel

    def _service_name(self, kind: str) -> str:
        words = ("ATLANT", "TITAN", "KOZAK", "SOKIL", "HERKULES", "BORYS", "DNIPRO", "YANTAR")
        for attempt in range(1000):
            top = 60 + attempt
            if kind == "pilot":
                name = f"PILOT {int(self.rng.integers(1, top))}"
            else:
                name = f"{self.rng.choice(words)} {int(self.rng.integers(1, top // 6))}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("no name left for a service craft")

    def _imo(self) -> int:
        while True:
            imo = imo_number(self.rng)
            if imo not in self.imos:
                self.imos.add(imo)
                return imo

    def clone(self, of: Vessel, role: str) -> Vessel:
        vessel = Vessel(
            len(self.vessels), of.mmsi, role, cls=of.cls, planted=True, clone_of=of.index
        )
        self.vessels.append(vessel)
        return vessel

    def voyage(self, destination: str, draught: float) -> int:
        self.voyages.append((destination, math.nan, draught))
        return len(self.voyages) - 1

    def set_eta(self, voyage: int, eta: float) -> None:
        dest, _, draught = self.voyages[voyage]
        self.voyages[voyage] = (dest, eta, draught)

    # corridor traffic ----------------------------------------------------------------

    def _ua_ports(self) -> list[Port]:
        return [p for p in self.geo.ports.values() if p.end == "north"]

    def _port(self, end: str) -> Port | None:
        return next((p for p in self.geo.ports.values() if p.end == end), None)

    def _berth(self, port: Port) -> tuple[float, float]:
        x, y = port.berths[int(self.rng.integers(len(port.berths)))]
        return float(x), float(y)

    def sail(
        self,
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
        geo, trunk = self.geo, self.geo.trunk
        laden = a.end == "north"
        draught = vessel.draught if laden else round(vessel.draught * 0.62, 1)
        dest = str(self.rng.choice(OUTSIDE)) if into_strait and not probe else b.locode
        tr.voyage = -1 if probe else self.voyage(dest, draught)
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
                episode.lon, episode.lat = _lonlat(geo, mid)
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
            self.set_eta(tr.voyage, arrival)
        return slots

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
        if self.scheduling:
            for key, t in slots:
                self.slots.setdefault(key, []).append((t, vessel))

    def release(self, vessel: int) -> None:
        for key, taken in self.slots.items():
            self.slots[key] = [item for item in taken if item[1] != vessel]

    def stay_hours(self, port: Port) -> float:
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
        status = ANCHORED if port.anchorage else MOORED
        tr.voyage = -1
        tr.stay(
            hours * 3600,
            status=status,
            hdg=float(self.rng.uniform(0, 360)),
            port=self.port_ids.index(port.suffix),
        )

    def plan_corridor(self, vessel: Vessel, host: Episode | None = None) -> None:
        rng = self.rng
        ua = self._ua_ports()
        south, side = self._port("south"), self._port("side")
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
            detour = self._detour()
        strait_in = south is not None and a is south and rng.random() < 0.25 and host is None
        speed = LANE_SPEED_KN[0 if vessel.fast else 1] * KNOT_MS
        trip = abs(b.gate_s - a.gate_s) / speed + 2 * 3600
        if host is not None and detour is not None:
            lead = (detour[0] - a.gate_s) / speed + 1.5 * 3600
            t_event = float(rng.uniform(2 * 3600, max(2.5 * 3600, self.window - 5 * 3600)))
            t0 = t_event - lead
        elif strait_in:
            t0 = float(rng.uniform(0, max(1.0, self.window - 8 * 3600)))
        else:
            t0 = -float(rng.uniform(0.05, 0.95)) * trip
        start = a.strait if strait_in and a.strait is not None else self._berth(a)
        tr = Track(vessel.index, t0, *start)
        self.tracks[vessel.index] = tr
        first = True
        while tr.t < self.window:
            into = b is south and rng.random() < 0.3 and not first and host is None
            berth = self._berth(b)
            kw: dict[str, Any] = {"berth": berth, "into_strait": into, "episode": host}
            kw["detour"] = detour if first else None

            def probe(
                copy: Track, a: Port = a, b: Port = b, kw: dict[str, Any] = kw
            ) -> list[tuple[str, float]]:
                return self.sail(copy, a, b, vessel, probe=True, **kw)

            if first:
                tr.t += self.schedule(probe, tr)
            else:
                hours = self.stay_hours(a)
                leave = Track(vessel.index, tr.t + hours * 3600, tr.x, tr.y)
                final = self.can_stay(tr, hours + self.schedule(probe, leave) / 3600)
                if final is None:
                    return
                self.moor(tr, a, final)
            first = False
            self.reserve(vessel.index, self.sail(tr, a, b, vessel, **kw))
            if into or tr.t >= self.window:
                return
            a, b = b, a

    def _detour(self) -> tuple[float, float, float]:
        """(s where the ship turns out, offset out there, length of the run outside)."""
        geo, trunk = self.geo, self.geo.trunk
        side = self._port("side")
        lo = min(p.gate_s for p in geo.ports.values()) + 4 * RAMP_M
        hi = (side.gate_s - 6 * RAMP_M) if side is not None else trunk.length / 2
        half = 5 * NAUTICAL_MILE_M
        for _ in range(500):
            start = float(self.rng.uniform(lo, hi))
            run = float(self.rng.uniform(35, 65)) * 60 * LANE_SPEED_KN[1] * KNOT_MS
            d_out = -(half + float(self.rng.uniform(5_500.0, 7_500.0)))
            s = np.linspace(start, start + 2 * RAMP_M + run, 40)
            pts = shapely.points(*trunk.xy(s, np.full(s.size, d_out)))
            far = shapely.distance(pts, geo.land).min() > 15_000
            clear = all(shapely.distance(pts, z).min() > 15_000 for z in geo.exclusions.values())
            if (
                far
                and clear
                and not any(
                    a - 20_000 < start and start + 2 * RAMP_M + run < b + 20_000
                    for a, b in geo.pinches
                )
            ):
                return start, d_out, run
        raise RuntimeError("no stretch of the corridor to plant a departure on")

    # other normal traffic ------------------------------------------------------------

    def plan_service(self, vessel: Vessel, port: Port) -> None:
        rng = self.rng
        knots = 14.0 if vessel.ship_type == 50 else 9.0
        out = _cut_at(port.out_path, port.centre, 9_500.0)
        back = _cut_after(port.in_path, port.centre, 9_500.0)
        run_h = (_length(out) + _length(back)) / (knots * KNOT_MS) / 3600 + 0.5
        berth = self._berth(port)
        tr = Track(vessel.index, -float(rng.uniform(0.1, 0.9)) * run_h * 3600, *berth)
        self.tracks[vessel.index] = tr
        while tr.t < self.window:
            tr.status, tr.voyage = UNDERWAY, self.voyage(port.locode, vessel.draught)
            tr.goto(port.entrance, HARBOUR_KN)
            tr.goto(port.edge, HARBOUR_KN)
            tr.follow(out, knots)
            tr.follow(back, knots)
            tr.goto(port.entrance, HARBOUR_KN)
            arrival = tr.goto(berth, HARBOUR_KN)
            if arrival >= self.window:
                return
            hours = self.can_stay(tr, float(rng.uniform(STAY_MIN_H, 10.0)))
            if hours is None:
                return
            self.moor(tr, port, hours)

    def plan_pleasure(self, vessel: Vessel, port: Port) -> None:
        """Day trips along the coast from 05:00-12:00 UTC, moored in between (from the
        window's start); all at :data:`PLEASURE_KN`, scheduled like the corridor."""
        rng = self.rng
        coast = self.geo.constanta_coast
        tr = Track(vessel.index, 0.0, *self._berth(port))
        self.tracks[vessel.index] = tr
        day = 0
        start = self.ctx.start
        midnight = (start.replace(hour=0, minute=0, second=0) - start).total_seconds()
        while True:
            leave = midnight + day * 86_400 + float(rng.uniform(5, 12)) * 3600
            day += 1
            if leave - tr.t < STAY_MIN_H * 3600 or rng.random() < 0.3:
                continue
            turn = int(rng.integers(max(3, len(coast) // 2), len(coast) + 1))
            berth = self._berth(port)

            def trip(copy: Track, turn: int = turn, probe: bool = True) -> list[tuple[str, float]]:
                copy.status, copy.voyage = UNDERWAY, -1 if probe else self.voyage("", 0.0)
                copy.goto(coast[0], HARBOUR_KN)  # the harbour entrance
                copy.goto(coast[1], PLEASURE_KN)
                slots = [("pleasure:out", copy.t)]
                copy.follow(coast[2:turn], PLEASURE_KN)
                copy.follow(coast[1 : turn - 1][::-1], PLEASURE_KN)
                slots.append(("pleasure:back", copy.t))
                copy.goto(coast[0], PLEASURE_KN)
                return slots

            leave += self.schedule(trip, Track(vessel.index, leave, tr.x, tr.y))
            if leave >= self.window - 1.5 * 3600:
                break
            self.moor(tr, port, (leave - tr.t) / 3600)
            self.reserve(vessel.index, trip(tr, probe=False))
            arrival = tr.goto(berth, HARBOUR_KN)
            if arrival >= self.window - (STAY_MIN_H + 1.5) * 3600:
                break

    def plan_open(self, vessel: Vessel) -> None:
        rng = self.rng
        geo = self.geo
        knots = float(rng.uniform(10.0, 14.0))
        t0 = 0.0 if rng.random() < 0.5 else float(rng.uniform(0, max(1.0, self.window - 6 * 3600)))
        for _ in range(200):
            p = _sample(rng, geo.open_sea, 1)[0]
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
        tr.voyage = self.voyage(
            str(rng.choice(["GEPTI", "GEBUS", "TRSSX", "TRTZX", "BGBOJ", "BGVAR"])), vessel.draught
        )
        self.tracks[vessel.index] = tr
        for q in legs[1:]:
            tr.goto(q, knots)
            if tr.t >= self.window:
                break

    # planted anomalies ---------------------------------------------------------------

    def _episode(
        self, kind: str, vessels: tuple[int, ...], mode: str, point: Any, **kw: Any
    ) -> Episode:
        lon, lat = _lonlat(self.geo, point)
        episode = Episode(kind, vessels, mode, lon, lat, **kw)
        episode.index = len(self.episodes)
        self.episodes.append(episode)
        return episode

    def _when(self, before_h: float, during_h: float, after_h: float) -> float:
        """Start of an anomaly that fits in the window with time around it."""
        lo = before_h * 3600
        hi = self.window - (during_h + after_h) * 3600
        return float(self.rng.uniform(lo, max(lo + 1.0, hi)))

    def _approach(
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

    def _cached(self, name: str) -> Any:
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
        stamp = (len(self.episodes), id(self.episodes[-1]) if self.episodes else 0)
        if self.cache.get("episodes") != stamp:
            self.cache["episodes"] = stamp
            self.cache["episode_of"] = {v: e for e in self.episodes for v in e.vessels}
        episode: Episode = self.cache["episode_of"][vessel]
        return episode

    def plant(self, kind: str) -> bool:
        """Plant one anomaly of ``kind``; False when this draw did not fit (try again)."""
        return bool(getattr(self, f"_plant_{kind}")())

    def _plant_ais_gap(self) -> bool:
        rng, geo = self.rng, self.geo
        gap_h = float(rng.uniform(14.0, max(14.0, min(30.0, self.window / 3600 - 8))))
        before, after = float(rng.uniform(2, 4)), float(rng.uniform(2, 4))
        knots = float(rng.uniform(9.0, 12.0))
        p1 = _sample(rng, geo.far50, 1)[0]
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
        vessel = self.new_vessel("ais_gap", planted=True)
        t1 = self._when(before, gap_h, after)
        tr = Track(vessel.index, t1 - before * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
        tr.voyage = self.voyage("TRIST", vessel.draught)
        tr.goto(p1, knots)
        tr.goto(p2, knots, silent=True)
        tr.goto(p3, knots)
        self.tracks[vessel.index] = tr
        self._episode("ais_gap", (vessel.index,), "around", p1, t_a=t1, t_b=t1 + gap_h * 3600)
        return True

    def _drift(self, tr: Track, hours: float, episode: int, group: bool) -> None:
        rng = self.rng
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

    def _plant_loitering(self) -> bool:
        rng, geo = self.rng, self.geo
        hours = float(rng.uniform(6.0, 10.0))
        site = _sample(rng, geo.far30, 1)[0]
        if shapely.distance(shapely.Point(site), self._cached("far30_edge")) < 18_000:
            return False
        knots = float(rng.uniform(10.5, 13.0))
        arrive, leave = float(rng.uniform(1.5, 3.0)), float(rng.uniform(1.5, 3.0))
        p0 = self._approach(site, geo.open_sea, arrive, knots)
        if p0 is None:
            return False
        vessel = self.new_vessel("loitering", planted=True)
        t1 = self._when(arrive, hours, leave)
        tr = Track(vessel.index, t1 - arrive * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
        tr.voyage = self.voyage("", vessel.draught)
        tr.goto(site, knots)
        episode = self._episode("loitering", (vessel.index,), "pieces", site)
        self._drift(tr, hours, episode.index, group=False)
        end = self._approach(np.array([tr.x, tr.y]), geo.open_sea, leave, knots)
        if end is None:
            end = np.array([tr.x, tr.y]) + (np.array([tr.x, tr.y]) - p0) * 0.5
        tr.episode = -1
        tr.status = UNDERWAY
        tr.goto(end, knots)
        self.tracks[vessel.index] = tr
        return bool(geo.open_sea.contains(shapely.Point(end)))

    def _plant_encounter(self) -> bool:
        rng, geo = self.rng, self.geo
        hours = float(rng.uniform(3.0, 3.75))
        site = _sample(rng, geo.far30, 1)[0]
        if shapely.distance(shapely.Point(site), self._cached("far30_edge")) < 15_000:
            return False
        t1 = self._when(3.0, hours, 3.0)
        a = float(rng.uniform(0, 2 * math.pi))
        drift_kn = float(rng.uniform(0.6, 1.3))
        drift = drift_kn * KNOT_MS * np.array([math.sin(a), math.cos(a)])
        perp = np.array([math.cos(a), -math.sin(a)])
        sep0, sep1 = float(rng.uniform(120, 280)), float(rng.uniform(120, 280))
        group = len(self.episodes)
        pair = []
        for side in (0, 1):
            knots = float(rng.uniform(10.5, 13.0))
            start = site + (perp * sep0 if side else 0)
            arrive = float(rng.uniform(1.5, 3.0))
            p0 = self._approach(start, geo.open_sea, arrive, knots)
            if p0 is None:
                return False
            pair.append((start, p0, knots, arrive))
        vessels = []
        for start, p0, knots, arrive in pair:
            vessel = self.new_vessel("encounter", planted=True)
            vessel.group = group
            vessels.append(vessel)
            tr = Track(
                vessel.index, t1 - arrive * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED
            )
            tr.voyage = self.voyage("", vessel.draught)
            tr.goto(start, knots)
            self.tracks[vessel.index] = tr
        episode = self._episode(
            "encounter", (vessels[0].index, vessels[1].index), "pieces", site + drift * hours * 1800
        )
        for side, vessel in enumerate(vessels):
            tr = self.tracks[vessel.index]
            v = drift + (perp * (sep1 - sep0) / (hours * 3600) if side else 0)
            heading = float((math.degrees(a) + 90 * (1 + side)) % 360)
            tr.drift(
                float(v[0]), float(v[1]), hours * 3600,
                episode=episode.index, status=RESTRICTED, hdg=heading,
            )  # fmt: skip
            tr.status = UNDERWAY
            knots = float(rng.uniform(10.5, 13.0))
            end = self._approach(
                np.array([tr.x, tr.y]), geo.open_sea, float(rng.uniform(1.5, 3.0)), knots
            )
            if end is None:
                return False
            tr.goto(end, knots)
        return True

    def _plant_teleport(self) -> bool:
        rng, geo = self.rng, self.geo
        knots = float(rng.uniform(10.0, 13.0))
        before, after = float(rng.uniform(2, 4)), float(rng.uniform(2, 4))
        x = _sample(rng, geo.open_sea, 1)[0]
        jump = float(rng.uniform(100_000, 250_000))
        a = float(rng.uniform(0, 2 * math.pi))
        y = x + jump * np.array([math.sin(a), math.cos(a)])
        p0 = self._approach(x, geo.open_sea, before, knots)
        p3 = self._approach(y, geo.open_sea, after, knots)
        if p0 is None or p3 is None or not geo.open_sea.contains(shapely.Point(y)):
            return False
        vessel = self.new_vessel("teleport", planted=True)
        t1 = self._when(before, 0.0, after)
        tr = Track(vessel.index, t1 - before * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
        tr.voyage = self.voyage("", vessel.draught)
        tr.goto(x, knots)
        tr.jump(float(y[0]), float(y[1]))
        tr.goto(p3, knots)
        self.tracks[vessel.index] = tr
        self._episode(
            "teleport", (vessel.index,), "around", y, t_a=tr.pieces[-1][0], t_b=tr.pieces[-1][0]
        )
        return True

    def _plant_position_on_land(self) -> bool:
        rng, geo = self.rng, self.geo
        q = _sample(rng, geo.inland, 1)[0]
        close = shapely.intersection(geo.coast_band, shapely.Point(q).buffer(22_000))
        if close.is_empty or close.area < 2e6:
            return False
        p = _sample(rng, close, 1)[0]
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
        water = self._cached("water_1500")
        if not water.contains(path) or any(
            shapely.distance(path, z) < 10_000 for z in geo.exclusions.values()
        ):
            return False
        if (
            shapely.distance(path, geo.corridor) < 20_000
            or shapely.distance(path, geo.near_port) < 10_000
        ):
            return False
        vessel = self.new_vessel("position_on_land", planted=True)
        t_s = self._when(hours_before + 1, 1.5, hours_after + 1)
        tr = Track(
            vessel.index, t_s - hours_before * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED
        )
        tr.voyage = self.voyage("", vessel.draught)
        tr.goto(p, knots)
        episode = self._episode("position_on_land", (vessel.index,), "pieces", q)
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
        self.tracks[vessel.index] = tr
        return True

    def _plant_identity_clash(self) -> bool:
        rng, geo = self.rng, self.geo
        hours = float(rng.uniform(1.5, 3.0))
        before, after = float(rng.uniform(2, 4)), float(rng.uniform(2, 4))
        ka, kb = float(rng.uniform(10, 13)), float(rng.uniform(9, 12))
        a_mid = _sample(rng, geo.open_sea, 1)[0]
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
        vessel = self.new_vessel("identity_clash", planted=True)
        clone = self.clone(vessel, "identity_clash")
        t_c = self._when(before, hours, after)
        tr = Track(vessel.index, t_c - before * 3600, float(a0[0]), float(a0[1]), rate=KEEP_PLANTED)
        tr.voyage = self.voyage("", vessel.draught)
        tr.goto(a1, ka)
        self.tracks[vessel.index] = tr
        tb = Track(clone.index, t_c, float(b0[0]), float(b0[1]), rate=KEEP_PLANTED)
        tb.goto(b1, kb)
        self.tracks[clone.index] = tb
        self._episode("identity_clash", (vessel.index, clone.index), "clone", b_mid)
        return True

    def _plant_exclusion_entry(self) -> bool:
        rng, geo = self.rng, self.geo
        wanted: list[str] = [
            z for z in ("exclusion-zmiinyi", "exclusion-crimea-west") if z in geo.exclusions
        ]
        if not wanted:
            wanted = sorted(geo.exclusions)
        zone_id = wanted[
            len([e for e in self.episodes if e.kind == "exclusion_entry"]) % len(wanted)
        ]
        zone = geo.exclusions[zone_id]
        deep = self._cached(f"deep:{zone_id}")
        if deep.is_empty:
            return False
        target = _sample(rng, deep, 1)[0]
        knots = float(rng.uniform(9.0, 12.0))
        ok_area = self._cached(f"ok:{zone_id}")
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
        vessel = self.new_vessel("exclusion_entry", planted=True)
        t_in = self._when(3.0, 1.0, 3.0)
        tr = Track(vessel.index, t_in - 2.5 * 3600, float(p0[0]), float(p0[1]), rate=KEEP_PLANTED)
        tr.voyage = self.voyage("", vessel.draught)
        tr.goto(target, knots)
        tr.goto(p3, knots)
        self.tracks[vessel.index] = tr
        self._episode(
            "exclusion_entry", (vessel.index,), "inside", target,
            t_a=tr.pieces[0][0], t_b=tr.t, zone_id=zone_id,
        )  # fmt: skip
        return True

    def _plant_corridor_departure(self) -> bool:
        vessel = self.new_vessel("corridor_departure", planted=True)
        episode = self._episode("corridor_departure", (vessel.index,), "outside", (0.0, 0.0))
        self.plan_corridor(vessel, host=episode)
        return episode.t_b > episode.t_a


def _lonlat(geo: SeaGeography, point: Any) -> tuple[float, float]:
    p = np.asarray(point, float).reshape(2)
    lon, lat = geo.plane.lonlat(np.array([p[0]]), np.array([p[1]]))
    return round(float(lon[0]), 5), round(float(lat[0]), 5)


def _sample(rng: np.random.Generator, region: Geometry, count: int) -> FloatArray:
    minx, miny, maxx, maxy = region.bounds
    out: list[FloatArray] = []
    found = 0
    for _ in range(1000):
        x = rng.uniform(minx, maxx, 256)
        y = rng.uniform(miny, maxy, 256)
        keep = shapely.contains_xy(region, x, y)
        out.append(np.column_stack([x[keep], y[keep]]))
        found += int(keep.sum())
        if found >= count:
            break
    points = np.vstack(out)
    if len(points) < count:
        raise RuntimeError("a region of the sea is too small to sample")
    return np.asarray(points[:count], float)


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


# -- the proximity check ---------------------------------------------------------------


def _samples(traffic: Traffic, table: PieceTable, only: npt.NDArray[np.bool_]) -> dict[str, Any]:
    """The position of every vessel in ``only`` every :data:`STEP_S` while it reports."""
    vessel = table.vessel
    first = np.ones(vessel.size, dtype=bool)
    first[1:] = vessel[1:] != vessel[:-1]
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], vessel.size) - 1
    chosen = only[vessel[starts]]
    starts, ends = starts[chosen], ends[chosen]
    v = vessel[starts]
    e0 = np.maximum(0.0, table.t0[starts])
    e1 = np.minimum(traffic.window_s, table.t1[ends])
    k0 = np.ceil(e0 / STEP_S).astype(np.int64)
    k1 = np.floor((e1 - 1e-6) / STEP_S).astype(np.int64)
    n = np.maximum(0, k1 - k0 + 1)
    vv = np.repeat(v, n)
    kk = np.repeat(k0 - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
    t = kk * STEP_S
    idx, x, y, vx, vy = evaluate(table, traffic.geo.trunk, vv, t)
    keep = ~table.silent[idx]
    on_lane = table.kind[idx] == LANE_PIECE
    along = np.full(t.size, -1.0)
    lane = table.lane[idx[on_lane]]
    u = table.a[idx[on_lane]] + table.va[idx[on_lane]] * (t[on_lane] - table.t0[idx[on_lane]])
    along[on_lane] = traffic.geo.trunk.lane_s(lane, u)
    pinch = np.zeros(t.size, dtype=bool)
    for lo, hi in traffic.geo.pinches:
        pinch |= on_lane & (along > lo) & (along < hi)
    return {"v": vv[keep], "k": kk[keep], "x": x[keep], "y": y[keep], "piece": idx[keep],
            "slow": (np.hypot(vx, vy)[keep] < 2 * KNOT_MS), "pinch": pinch[keep]}  # fmt: skip


def _pairs(
    k: IntArray, x: FloatArray, y: FloatArray, q: IntArray, radius: float
) -> tuple[IntArray, IntArray]:
    """Sample pairs (i in q, j any, i != j) at the same time step within ``radius``."""
    if k.size == 0 or q.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cx = np.floor(x / radius).astype(np.int64)
    cy = np.floor(y / radius).astype(np.int64)
    cx -= cx.min() - 1
    cy -= cy.min() - 1
    wx, wy = int(cx.max()) + 2, int(cy.max()) + 2
    key = (k * wx + cx) * wy + cy
    order = np.argsort(key, kind="stable")
    sk = key[order]
    out_i, out_j = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            nk = key[q] + dx * wy + dy
            lo = np.searchsorted(sk, nk, "left")
            hi = np.searchsorted(sk, nk, "right")
            count = hi - lo
            total = int(count.sum())
            if total == 0:
                continue
            i = np.repeat(q, count)
            j = order[np.repeat(lo - np.cumsum(count) + count, count) + np.arange(total)]
            near = (np.hypot(x[i] - x[j], y[i] - y[j]) < radius) & (i != j)
            out_i.append(i[near])
            out_j.append(j[near])
    if not out_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


def conflicts(traffic: Traffic, *, normal: bool = True) -> list[tuple[int, int, int]]:
    """(vessel a, vessel b, steps) pairs that break the rules: normal vessels within
    2 km for 5 steps or more outside port areas; anyone within 6 km of a planted
    loitering or encounter while it drifts; planted vessels within 5 km of each other."""
    table = traffic.pieces()
    vessels = traffic.vessels
    # without the 2 km rule, only ships that sail the open sea can meet the planted ones
    only = np.array([normal or ves.fixed or ves.role == "open" for ves in vessels], bool)
    s = _samples(traffic, table, only)
    v, k, x, y = s["v"], s["k"], s["x"], s["y"]
    mmsi = np.array([ves.mmsi for ves in vessels], np.int64)
    group = np.array([ves.group if ves.group >= 0 else -1 - ves.index for ves in vessels], np.int64)
    planted = np.array([ves.fixed for ves in vessels], bool)
    slow_planted = s["slow"] & (table.episode[s["piece"]] >= 0) & planted[v]
    found: dict[tuple[int, int], int] = {}

    def add(i: IntArray, j: IntArray, need: int) -> None:
        a, b = v[i], v[j]
        ok = (a != b) & (mmsi[a] != mmsi[b]) & (group[a] != group[b])
        a, b = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
        if a.size == 0:
            return
        pair = a * len(vessels) + b
        # count distinct time steps per vessel pair
        steps = np.unique(pair * (1 << 24) + k[i[ok]])
        uniq, count = np.unique(steps >> 24, return_counts=True)
        many = count >= need
        for p, c in zip(uniq[many].tolist(), count[many].tolist(), strict=True):
            key = (p // len(vessels), p % len(vessels))
            found[key] = max(found.get(key, 0), c)

    q = np.flatnonzero(slow_planted)
    i, j = _pairs(k, x, y, q, 6_000.0)
    add(i, j, 1)
    q = np.flatnonzero(planted[v])
    i, j = _pairs(k, x, y, q, 5_000.0)
    both = planted[v[j]]
    add(i[both], j[both], 1)
    if normal:
        free = ~shapely.contains_xy(traffic.geo.near_port, x, y) & ~s["pinch"]
        q = np.flatnonzero(free)
        i, j = _pairs(k, x, y, q, 2_000.0)
        fj = free[j]
        add(i[fj], j[fj], 5)
    return [(a, b, c) for (a, b), c in sorted(found.items())]


# -- simulation ------------------------------------------------------------------------


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
            if plan.plant(kind):
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
    side = plan._port("side")
    for _ in range(ctx.scaled(VESSELS_AT_SCALE_1["corridor"])):
        vessel = plan.new_vessel("corridor")
        plan.plan_corridor(vessel)
        normal.append(vessel)
    ua = plan._ua_ports()
    for n in range(ctx.scaled(VESSELS_AT_SCALE_1["service"])):
        vessel = plan.new_vessel("service", kind="pilot" if n % 2 == 0 else "tug")
        plan.plan_service(vessel, ua[n % len(ua)])
        normal.append(vessel)
    if side is not None and len(geo.constanta_coast) >= 4:
        for _ in range(ctx.scaled(VESSELS_AT_SCALE_1["pleasure"])):
            vessel = plan.new_vessel("pleasure", kind="pleasure")
            plan.plan_pleasure(vessel, side)
            normal.append(vessel)
    for _ in range(ctx.scaled(VESSELS_AT_SCALE_1["open"])):
        vessel = plan.new_vessel("open")
        plan.plan_open(vessel)
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
        plan.plan_corridor(vessel)
    elif role == "service":
        ua = plan._ua_ports()
        plan.plan_service(vessel, ua[int(plan.rng.integers(len(ua)))])
    elif role == "pleasure":
        side = plan._port("side")
        assert side is not None
        plan.plan_pleasure(vessel, side)
    elif role == "open":
        plan.plan_open(vessel)
    elif role == "corridor_departure":
        plan.plan_corridor(vessel, host=plan.episode_of(index))


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


# -- reports ---------------------------------------------------------------------------


def _receivers(geo: SeaGeography, x: FloatArray, y: FloatArray) -> tuple[FloatArray, IntArray]:
    best = np.full(x.size, np.inf)
    which = np.zeros(x.size, np.int64)
    for r, (rx, ry) in enumerate(geo.receivers.tolist()):
        d = np.hypot(x - rx, y - ry)
        closer = d < best
        best[closer] = d[closer]
        which[closer] = r
    return best, which


STATIONS = [name for name, _, _ in RECEIVERS] + ["sat"]


@dataclass
class Reports:
    """The generated position and static reports, with ground truth."""

    positions: pl.DataFrame
    """The encoder's columns, plus vessel and piece (internal)."""
    static: pl.DataFrame
    truth: list[dict[str, Any]] = field(default_factory=list)


def reports(ctx: ScenarioContext, traffic: Traffic) -> Reports:
    """Every report heard over the window, chunk by chunk of vessels, and the truth."""
    table = traffic.pieces()
    n_vessels = len(traffic.vessels)
    vessel_first = np.searchsorted(table.vessel, np.arange(n_vessels), "left")
    vessel_last = np.searchsorted(table.vessel, np.arange(n_vessels), "right") - 1
    frames, statics = [], []
    spans: list[tuple[int, int, float, float, int]] = []
    for chunk, lo in enumerate(range(0, n_vessels, CHUNK_VESSELS)):
        ids = np.arange(lo, min(n_vessels, lo + CHUNK_VESSELS))
        has = vessel_last[ids] >= vessel_first[ids]
        ids = ids[has]
        rng = ctx.rng(f"ais:reports:{chunk}")
        pos, sta, found = _chunk(ctx, traffic, table, ids, vessel_first, vessel_last, rng)
        frames.append(pos)
        statics.append(sta)
        spans.extend(found)
    positions = pl.concat(frames)
    static = pl.concat(statics)
    return Reports(positions, static, _truth(ctx, traffic, table, positions, spans))


def _candidates(
    rng: np.random.Generator, v: IntArray, e0: FloatArray, e1: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Candidate report times every 60-180 s from e0 (plus a random phase) to e1."""
    n = np.maximum(0, np.ceil((e1 - e0) / 120.0 * 1.08).astype(np.int64) + 40)
    steps = rng.uniform(60.0, 180.0, int(n.sum()))
    steps[np.cumsum(n) - n] = rng.uniform(0.0, 180.0, n.size)
    offsets = np.cumsum(steps)
    base = np.repeat(np.cumsum(n) - n, n)
    before = np.concatenate([[0.0], offsets])[base]
    t = np.repeat(e0, n) + offsets - before
    vv = np.repeat(v, n)
    keep = t < np.repeat(e1, n)
    if not np.all(t[np.cumsum(n) - 1] >= e1):
        raise RuntimeError("too few report candidates")
    return vv[keep], t[keep]


def _chunk(
    ctx: ScenarioContext,
    traffic: Traffic,
    table: PieceTable,
    ids: IntArray,
    vessel_first: IntArray,
    vessel_last: IntArray,
    rng: np.random.Generator,
) -> tuple[pl.DataFrame, pl.DataFrame, list[tuple[int, int, float, float, int]]]:
    geo = traffic.geo
    window = traffic.window_s
    vessels = traffic.vessels
    e0 = np.maximum(0.0, table.t0[vessel_first[ids]])
    e1 = np.minimum(window, table.t1[vessel_last[ids]])
    live = e1 > e0
    ids, e0, e1 = ids[live], e0[live], e1[live]
    v, t = _candidates(rng, ids, e0, e1)
    idx, x, y, vx, vy = evaluate(table, geo.trunk, v, t)
    keep = ~table.silent[idx]
    v, t, idx, x, y, vx, vy = v[keep], t[keep], idx[keep], x[keep], y[keep], vx[keep], vy[keep]
    dist, which = _receivers(geo, x, y)
    speed = np.hypot(vx, vy) / KNOT_MS
    p = np.where(
        dist < NEAR_NM * NAUTICAL_MILE_M,
        1.0,
        np.where(dist < FAR_NM * NAUTICAL_MILE_M, KEEP_MID, KEEP_FAR),
    )
    berth = (speed < 0.05) & np.isin(table.status[idx], [MOORED, ANCHORED])
    p = np.where(berth, KEEP_BERTH, p)
    rate = table.rate[idx]
    p = np.where(np.isnan(rate), p, rate)
    keep = rng.random(v.size) < p
    v, idx, which = v[keep], idx[keep], which[keep]
    t, x, y, vx, vy, speed, dist = (a[keep] for a in (t, x, y, vx, vy, speed, dist))
    n = v.size
    # position noise (GNSS, a few metres) and the reported values
    x = x + rng.normal(0.0, 3.0, n)
    y = y + rng.normal(0.0, 3.0, n)
    lon, lat = geo.plane.lonlat(x, y)
    moving = speed > 0.05
    ux, uy = np.where(moving, vx, 0.0), np.where(moving, vy, 1.0)
    norm = np.hypot(ux, uy)
    lon2, lat2 = geo.plane.lonlat(x + 30.0 * ux / norm, y + 30.0 * uy / norm)
    course = np.degrees(np.arctan2((lon2 - lon) * np.cos(np.radians(lat)), lat2 - lat)) % 360.0
    course = np.where(moving, course + rng.normal(0.0, 0.4, n), rng.uniform(0.0, 360.0, n)) % 360.0
    sog = np.where(
        moving,
        np.maximum(0.0, speed + rng.normal(0.0, 0.1, n)),
        rng.choice([0.0, 0.0, 0.0, 0.1], n),
    )
    fixed = table.hdg[idx]
    heading = np.where(
        np.isnan(fixed), course + rng.normal(0.0, 1.5, n), fixed + rng.normal(0.0, 0.7, n)
    )
    heading = np.rint(heading).astype(np.int64) % 360
    cls_b = np.array([ves.cls == "B" for ves in vessels], bool)[v]
    planted = np.array([ves.planted for ves in vessels], bool)[v]
    far = dist >= FAR_NM * NAUTICAL_MILE_M
    msg = rng.choice(np.array([1, 3, 2]), n, p=[0.85, 0.12, 0.03])
    msg = np.where(far & ~planted & (rng.random(n) < 0.25), 27, msg)
    msg = np.where(cls_b, 18, msg)
    heading = np.where(cls_b & (np.asarray(v) % 2 == 0), 511, heading)
    status = np.where(cls_b, 15, table.status[idx])
    long_range = msg == 27
    lon_q = np.where(long_range, np.rint(lon * 600) / 600, np.rint(lon * 600_000) / 600_000).round(
        6
    )
    lat_q = np.where(long_range, np.rint(lat * 600) / 600, np.rint(lat * 600_000) / 600_000).round(
        6
    )
    speed_q = np.where(
        long_range, np.minimum(np.rint(sog), 62.0), np.minimum(np.rint(sog * 10) / 10, 102.2)
    )
    course_q = np.where(long_range, np.rint(course) % 360, (np.rint(course * 10) % 3600) / 10)
    whole = np.floor(t).astype(np.int64)
    second = (whole - rng.integers(0, 2, n)) % 60
    start_us = int(ctx.start.timestamp()) * 1_000_000
    station = np.where(far, len(RECEIVERS), which)
    positions = pl.DataFrame(
        {
            "msg_type": pl.Series(msg, dtype=pl.UInt8),
            "mmsi": pl.Series(
                np.array([ves.mmsi for ves in vessels], np.int64)[v], dtype=pl.UInt32
            ),
            "lon": lon_q,
            "lat": lat_q,
            "speed": speed_q,
            "course": course_q,
            "heading": pl.Series(np.where(long_range, 511, heading), dtype=pl.UInt16),
            "status": pl.Series(status, dtype=pl.UInt8),
            "second": pl.Series(np.where(long_range, 60, second), dtype=pl.UInt8),
            "rx_time": pl.Series(start_us + whole * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us", "UTC")
            ),
            "station": pl.Series(np.array(STATIONS)[station], dtype=pl.String),
            "vessel": pl.Series(v, dtype=pl.Int32),
            "piece": pl.Series(idx, dtype=pl.Int64),
            "t": t,
            "x": x,
            "y": y,
        }
    )
    static = _static(ctx, traffic, table, ids, e0, e1, rng)
    spans = _spans(table, v, t, idx)
    return positions, static, spans


def _spans(
    table: PieceTable, v: IntArray, t: FloatArray, idx: IntArray
) -> list[tuple[int, int, float, float, int]]:
    """(episode, vessel, first t, last t, reports) of the reports in episode pieces, and
    (-2 - port, vessel, first, last, n) of every stay at a berth."""
    out: list[tuple[int, int, float, float, int]] = []
    ep = table.episode[idx]
    sel = np.flatnonzero(ep >= 0)
    if sel.size:
        frame = pl.DataFrame({"e": ep[sel], "v": v[sel], "t": t[sel]})
        for row in (
            frame.group_by("e", "v")
            .agg(pl.col("t").min().alias("a"), pl.col("t").max().alias("b"), pl.len().alias("n"))
            .iter_rows()
        ):
            out.append((int(row[0]), int(row[1]), float(row[2]), float(row[3]), int(row[4])))
    port = table.port[idx]
    sel = np.flatnonzero(port >= 0)
    if sel.size:
        frame = pl.DataFrame({"p": idx[sel], "v": v[sel], "t": t[sel]})
        for row in (
            frame.group_by("p", "v")
            .agg(pl.col("t").min().alias("a"), pl.col("t").max().alias("b"), pl.len().alias("n"))
            .iter_rows()
        ):
            out.append((-2 - int(row[0]), int(row[1]), float(row[2]), float(row[3]), int(row[4])))
    return out


def _static(
    ctx: ScenarioContext,
    traffic: Traffic,
    table: PieceTable,
    ids: IntArray,
    e0: FloatArray,
    e1: FloatArray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    vessels = traffic.vessels
    send = np.array([vessels[i].clone_of < 0 for i in ids.tolist()], bool)
    ids, e0, e1 = ids[send], e0[send], e1[send]
    n = np.maximum(0, np.ceil((e1 - e0) / 1800.0).astype(np.int64) + 2)
    steps = rng.uniform(1800.0, 3600.0, int(n.sum()))
    steps[np.cumsum(n) - n] = rng.uniform(0.0, 1800.0, n.size)
    offsets = np.cumsum(steps)
    base = np.repeat(np.cumsum(n) - n, n)
    before = np.concatenate([[0.0], offsets])[base]
    t = np.repeat(e0, n) + offsets - before
    v = np.repeat(ids, n)
    keep = t < np.repeat(e1, n)
    v, t = v[keep], t[keep]
    idx, x, y, _, _ = evaluate(table, traffic.geo.trunk, v, t)
    keep = ~table.silent[idx]
    v, t, idx, x, y = v[keep], t[keep], idx[keep], x[keep], y[keep]
    dist, which = _receivers(traffic.geo, x, y)
    far = dist >= FAR_NM * NAUTICAL_MILE_M
    keep = rng.random(v.size) < np.where(
        far, KEEP_FAR, np.where(dist < NEAR_NM * NAUTICAL_MILE_M, 1.0, KEEP_MID)
    )
    v, t, idx, which, far = v[keep], t[keep], idx[keep], which[keep], far[keep]
    voyage = table.voyage[idx]
    who = traffic.identities().gather(pl.Series(v))
    trip = traffic.voyage_frame().gather(pl.Series(np.maximum(voyage, 0)))
    planned = pl.Series(voyage >= 0)
    start_us = int(ctx.start.timestamp()) * 1_000_000
    eta = pl.when(planned & trip["eta"].is_not_nan()).then(
        (start_us + (trip["eta"].fill_nan(0.0) / 60.0).round() * 60_000_000).cast(pl.Int64)
    )
    eta_time = pl.select(eta.cast(pl.Datetime("us", "UTC")).alias("eta")).to_series()
    draught = (
        pl.when(planned & (trip["draught"] > 0)).then(trip["draught"]).otherwise(who["draught"])
    )
    whole = np.floor(t).astype(np.int64)
    class_b = np.array([ves.cls == "B" for ves in vessels], bool)[v]
    return pl.DataFrame(
        {
            "msg_type": pl.Series(np.where(class_b, 24, 5), dtype=pl.UInt8),
            "mmsi": who["mmsi"],
            "imo": who["imo"],
            "callsign": who["callsign"],
            "shipname": who["shipname"],
            "ship_type": who["ship_type"],
            "to_bow": who["to_bow"],
            "to_stern": who["to_stern"],
            "to_port": who["to_port"],
            "to_starboard": who["to_starboard"],
            "draught": pl.select(draught.round(1)).to_series(),
            "destination": pl.select(
                pl.when(planned).then(trip["destination"]).otherwise(pl.lit(""))
            ).to_series(),
            "month": eta_time.dt.month().fill_null(0).cast(pl.UInt8),
            "day": eta_time.dt.day().fill_null(0).cast(pl.UInt8),
            "hour": eta_time.dt.hour().fill_null(24).cast(pl.UInt8),
            "minute": eta_time.dt.minute().fill_null(60).cast(pl.UInt8),
            "rx_time": pl.Series(start_us + whole * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us", "UTC")
            ),
            "station": pl.Series(
                np.array(STATIONS)[np.where(far, len(RECEIVERS), which)], dtype=pl.String
            ),
            "vessel": pl.Series(v, dtype=pl.Int32),
        }
    )


# -- ground truth ----------------------------------------------------------------------


def _truth(
    ctx: ScenarioContext,
    traffic: Traffic,
    table: PieceTable,
    positions: pl.DataFrame,
    spans: list[tuple[int, int, float, float, int]],
) -> list[dict[str, Any]]:
    geo = traffic.geo
    vessels = traffic.vessels
    start = ctx.start
    records: list[tuple[str, float, dict[str, Any]]] = []

    def when(seconds: float) -> str:
        return iso_z(start + timedelta(seconds=math.floor(seconds)))

    def record(
        kind: str, subject: str, a: float, b: float, lon: float, lat: float, zone: str | None = None
    ) -> None:
        item: dict[str, Any] = {"domain": "sea", "kind": kind, "subject": subject, "start": when(a),
                                "end": when(b), "lon": lon, "lat": lat}  # fmt: skip
        if zone is not None:
            item["zone_id"] = zone
        records.append((kind, a, item))

    by_episode: dict[int, dict[int, tuple[float, float, int]]] = {}
    for e, v, a, b, n in spans:
        if e >= 0:
            by_episode.setdefault(e, {})[v] = (a, b, n)
        else:  # a stay at a berth: a port call
            piece = -2 - e
            port = traffic.port_ids[int(table.port[piece])]
            px, py = table.a[piece], table.b[piece]
            lon, lat = _lonlat(geo, (px, py))
            record("port_call", str(vessels[v].mmsi), a, b, lon, lat, geo.ports[port].zone_id)
    frame = positions.select("vessel", "t", "x", "y")
    for ep in traffic.episodes:
        subject = str(vessels[ep.vessels[0]].mmsi)
        if ep.mode == "pieces":
            got = by_episode.get(ep.index, {})
            if len(got) < len(ep.vessels) or any(n < 3 for _, _, n in got.values()):
                raise RuntimeError(f"planted {ep.kind} has too few reports")
            a = max(g[0] for g in got.values())
            b = min(g[1] for g in got.values())
            if ep.kind == "encounter":
                pair = sorted(vessels[i].mmsi for i in ep.vessels)
                subject = f"{pair[0]}-{pair[1]}"
            record(ep.kind, subject, a, b, ep.lon, ep.lat)
            continue
        mine = frame.filter(pl.col("vessel").is_in(list(ep.vessels))).sort("t")
        t = mine["t"].to_numpy()
        if ep.mode == "around":
            before = t[t < ep.t_a]
            after = t[t >= ep.t_b]
            if before.size == 0 or after.size == 0:
                raise RuntimeError(f"planted {ep.kind} has no reports around it")
            record(ep.kind, subject, float(before.max()), float(after.min()), ep.lon, ep.lat)
        elif ep.mode == "clone":
            clone = mine.filter(pl.col("vessel") == ep.vessels[1])["t"].to_numpy()
            record(ep.kind, subject, float(clone.min()), float(clone.max()), ep.lon, ep.lat)
        else:
            x, y = mine["x"].to_numpy(), mine["y"].to_numpy()
            span = (t >= ep.t_a - 1) & (t <= ep.t_b + 1)
            if ep.mode == "inside":
                zone = geo.exclusions[ep.zone_id or ""]
                hit = span & shapely.contains_xy(zone, x, y)
            else:
                hit = span & ~shapely.contains_xy(geo.corridor, x, y)
            if int(hit.sum()) < 3:
                raise RuntimeError(f"planted {ep.kind} has too few reports")
            zone_id = ep.zone_id if ep.mode == "inside" else None
            record(
                ep.kind, subject, float(t[hit].min()), float(t[hit].max()), ep.lon, ep.lat, zone_id
            )
    records.sort(key=lambda r: (r[0], r[1], r[2]["subject"]))
    counts: dict[str, int] = {}
    for kind, _, _ in records:
        counts[kind] = counts.get(kind, 0) + 1
    out = []
    seen: dict[str, int] = {}
    for kind, _, item in records:
        seen[kind] = seen.get(kind, 0) + 1
        width = max(3, len(str(counts[kind])))
        out.append({"truth_id": f"sea:{kind}:{seen[kind]:0{width}d}", **item})
    return out


# -- the domain ------------------------------------------------------------------------


def generate(ctx: ScenarioContext) -> None:
    """Plan the traffic, hear it, encode it, write ``sea/ais.nmea[.gz]`` and the truth."""
    from reassure.sea.encode import encode_positions, encode_static, write_nmea

    traffic = simulate(ctx)
    heard = reports(ctx, traffic)
    position_columns = ["msg_type", "mmsi", "lon", "lat", "speed", "course", "heading", "status",
                        "second", "rx_time", "station"]  # fmt: skip
    frames = [
        encode_positions(heard.positions.slice(i, 1 << 20).select(position_columns))
        for i in range(0, heard.positions.height, 1 << 20)
    ]
    frames.append(encode_static(heard.static.drop("vessel")))
    lines = sum(f.height for f in frames)
    relpath = RELPATH + (".gz" if lines > GZIP_LINES else "")
    _write_file(ctx, relpath, lambda path: write_nmea(path, *frames, gzip=relpath.endswith(".gz")))
    ctx.truth.extend(heard.truth)
    ctx.counts["ais_positions"] = heard.positions.height
    ctx.counts["ais_static"] = heard.static.height
    ctx.counts["ais_vessels"] = heard.positions["mmsi"].n_unique()
    ctx.counts["sea_truth"] = len(heard.truth)


def _write_file(ctx: ScenarioContext, relpath: str, write: Callable[[Path], object]) -> Path:
    """TEMPORARY SHIM until ScenarioContext can record a file another function writes:
    the same checks as ``ctx.write_bytes``, then the manifest entry (sha256, bytes)."""
    rel = PurePosixPath(relpath)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(f"scenario paths are relative and stay inside: {relpath!r}")
    key = rel.as_posix()
    if key in ctx.files or key == "manifest.json":
        raise ValueError(f"{key} is written twice")
    target = ctx.out_dir.joinpath(*rel.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    ctx.files[key] = FileEntry(key, "", 0)  # listed first: removed if the write fails
    write(target)
    digest = hashlib.sha256()
    size = 0
    with target.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    ctx.files[key] = FileEntry(key, digest.hexdigest(), size)
    return target
