"""Shipping helpers of the AIS scenario: sea geography, traffic lanes, a track engine, identities.

Everything is computed in one azimuthal equidistant plane centred on the western Black
Sea (:data:`PLANE_CENTRE`, metres): distances there are true to 0.1 % over the corridor.

* :func:`sea_geography` derives, from the zones of the scenario, what traffic needs:
  the corridor's trunk line (the waypoints of :data:`~reassure.scenario.places.CORRIDOR_TRUNK`
  from the Bosporus north to the first spur junction, corners rounded to
  :data:`FILLET_RADIUS_M`), four traffic lanes along it, the approaches to every port
  reachable from the sea (inbound and outbound sides :data:`APPROACH_OFFSET_M` apart),
  berths inside each port zone, the open sea that other traffic keeps to, and the
  coalition's shore receivers.
* :class:`Track` writes a vessel's motion as *pieces* (straight legs at constant
  velocity, or runs along a lane at constant speed along it), :class:`PieceTable`
  holds every vessel's pieces as columns, and :func:`evaluate` turns (vessel, time)
  pairs into positions and velocities for all vessels at once.
* :func:`imo_number`, :func:`callsign`, :func:`ship_names`: plausible identities.

Lanes (keep right, both directions): northbound at ``axis - 1.1 km`` (fast) and
``axis - 3.3 km`` (slow), southbound at ``axis + 1.1 km`` and ``axis + 3.3 km``; every
vessel on a lane sails at the lane's speed (:data:`LANE_SPEED_KN`), so vessels on one
lane never close in on each other and vessels on two lanes of one direction stay
2.2 km apart. The axis follows the trunk and moves sideways where land clips the
corridor, so that every lane stays :data:`LANE_CLEARANCE_M` inside the corridor; where
the corridor is too narrow for that (``SeaGeography.pinches``) the lanes close up, and
where land reaches the corridor's edge they pass up to 300 m outside it (the corridor
built from ``CORRIDOR_TRUNK`` pinches to nothing off the Danube delta, 29.6° E 44.85° N).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely import Geometry

from reassure.geo.basemap import sea_polygon, ukraine_polygon
from reassure.geo.metric import NAUTICAL_MILE_M, LocalProjection, local_projection
from reassure.scenario.context import ZoneShape
from reassure.scenario.places import CORRIDOR_SPURS, CORRIDOR_TRUNK, PORTS

__all__ = [
    "APPROACH_KN",
    "HARBOUR_KN",
    "KNOT_MS",
    "LANE_PIECE",
    "LANE_SPEED_KN",
    "PLANE_CENTRE",
    "RECEIVERS",
    "PieceTable",
    "Port",
    "SeaGeography",
    "Track",
    "Trunk",
    "callsign",
    "evaluate",
    "imo_number",
    "sea_geography",
    "ship_names",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
XY = tuple[float, float]
Point = Sequence[float] | FloatArray
"""(x, y): a tuple, a list or an array."""

KNOT_MS = NAUTICAL_MILE_M / 3600.0
"""One knot in metres per second."""
PLANE_CENTRE = (30.5, 44.0)
"""Centre (lon, lat) of the metric plane all traffic is computed in."""
FILLET_RADIUS_M = 25_000.0
"""Corners of the trunk line are rounded to arcs of this radius (or less)."""
TRUNK_STEP_M = 100.0
LANE_STEP_M = 250.0
LANE_OFFSETS_M = (-1_100.0, -3_300.0, 1_100.0, 3_300.0)
"""Lanes 0-3 across the axis: northbound fast, northbound slow, southbound fast, slow."""
LANE_SPEED_KN = (13.4, 10.9, 12.9, 10.5)
"""Speed of every vessel on lane 0-3."""
LANE_CLEARANCE_M = 2_500.0
"""Lanes keep this far inside the corridor's edge wherever the corridor is wide enough."""
APPROACH_OFFSET_M = 400.0
"""Inbound and outbound traffic on a port approach keep this far right of its centreline."""
APPROACH_KN = 10.0
HARBOUR_KN = 5.0
RAMP_M = 8_000.0
"""Along the trunk, from a port approach's gate to the lane (and back)."""
SOUTH_GATE_M = 12_000.0
"""The approach to the port at the trunk's southern end starts this far up the trunk."""
BERTH_RADIUS_M = 2_500.0
BERTH_LAND_CLEARANCE_M = 300.0

RECEIVERS: tuple[tuple[str, float, float], ...] = (
    ("ua-odesa", 30.74, 46.49),
    ("ua-bilhorod", 30.35, 46.18),
    ("ro-sulina", 29.66, 45.16),
    ("ro-constanta", 28.65, 44.17),
    ("ro-mangalia", 28.58, 43.81),
    ("bg-varna", 27.93, 43.20),
    ("bg-burgas", 27.47, 42.49),
    ("bg-tsarevo", 27.85, 42.17),
    ("tr-kiyikoy", 28.09, 41.63),
    ("tr-istanbul", 29.10, 41.21),
    ("tr-sile", 29.61, 41.18),
    ("tr-eregli", 31.42, 41.28),
    ("tr-amasra", 32.38, 41.75),
    ("tr-inebolu", 33.76, 41.98),
    ("tr-sinop", 35.15, 42.02),
    ("tr-samsun", 36.33, 41.29),
    ("tr-trabzon", 39.72, 41.00),
    ("ge-poti", 41.67, 42.15),
    ("ge-batumi", 41.63, 41.65),
)
"""Shore AIS receivers (name, lon, lat) whose station names the tag blocks carry."""

WATERWAYS: tuple[tuple[float, float, float, float], ...] = (
    (27.9, 44.8, 29.8, 45.6),  # lower Danube and the delta
    (30.0, 46.0, 30.5, 46.45),  # Dniester liman
    (31.85, 46.6, 32.1, 47.0),  # Southern Buh at Mykolaiv
    (28.95, 40.95, 29.2, 41.25),  # Bosporus
)
"""(west, south, east, north) of navigable water the 1:10 million coast draws as land
(as ``reassure.tracks.spoofing.INLAND_WATERWAYS``): spoofed fixes keep 10 km away."""

LOCODES = {
    "odesa": "UAODS",
    "chornomorsk": "UAILK",
    "pivdennyi": "UAYUZ",
    "izmail": "UAIZM",
    "constanta": "ROCND",
    "istanbul": "TRIST",
}
"""UN/LOCODE of each port (the AIS destination field)."""


# -- geography -------------------------------------------------------------------------


@dataclass(frozen=True)
class Trunk:
    """The corridor's trunk line, from the Bosporus (s = 0) north, and its lanes."""

    x: FloatArray
    y: FloatArray
    nx: FloatArray
    """Unit normal, left of the northbound direction (west), per :data:`TRUNK_STEP_M`."""
    ny: FloatArray
    length: float
    lanes: FloatArray
    """Offsets (metres, + west) of lanes 0-3 every :data:`LANE_STEP_M` of s."""
    lane_u: FloatArray
    """Distance sailed along each lane from s = 0, at the same steps: ships on a lane
    move at constant speed along it (the inside of a bend is shorter)."""

    def xy(self, s: npt.ArrayLike, d: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Plane coordinates of the points ``d`` metres left of the trunk at ``s``."""
        u = np.clip(np.asarray(s, float), 0.0, self.length) / TRUNK_STEP_M
        i = np.minimum(u.astype(np.int64), self.x.size - 2)
        f = u - i
        x = self.x[i] * (1 - f) + self.x[i + 1] * f
        y = self.y[i] * (1 - f) + self.y[i + 1] * f
        nx = self.nx[i] * (1 - f) + self.nx[i + 1] * f
        ny = self.ny[i] * (1 - f) + self.ny[i + 1] * f
        norm = np.hypot(nx, ny)
        off = np.asarray(d, float)
        return x + off * nx / norm, y + off * ny / norm

    def lane_d(self, lane: npt.ArrayLike, s: npt.ArrayLike) -> FloatArray:
        """Offset of ``lane`` at ``s`` (arrays of one shape)."""
        u = np.clip(np.asarray(s, float), 0.0, self.length) / LANE_STEP_M
        i = np.minimum(u.astype(np.int64), self.lanes.shape[1] - 2)
        f = u - i
        k = np.asarray(lane, np.int64)
        return np.asarray(self.lanes[k, i] * (1 - f) + self.lanes[k, i + 1] * f, float)

    def lane_u_at(self, lane: int, s: float) -> float:
        """Distance along ``lane`` from s = 0 to ``s``."""
        grid = np.arange(self.lane_u.shape[1]) * LANE_STEP_M
        return float(np.interp(s, grid, self.lane_u[lane]))

    def lane_s(self, lane: npt.ArrayLike, u: npt.ArrayLike) -> FloatArray:
        """Trunk position s of the points ``u`` metres along ``lane`` (arrays of one shape)."""
        grid = np.arange(self.lane_u.shape[1]) * LANE_STEP_M
        which = np.asarray(lane, np.int64)
        along = np.asarray(u, float)
        out = np.zeros(along.shape)
        for k in range(self.lane_u.shape[0]):
            on = which == k
            if on.any():
                out[on] = np.interp(along[on], self.lane_u[k], grid)
        return out

    def lane_xy(self, lane: int, s: float) -> XY:
        d = self.lane_d(np.array([lane]), np.array([s]))
        x, y = self.xy(np.array([s]), d)
        return float(x[0]), float(y[0])

    def point(self, s: float, d: float = 0.0) -> XY:
        x, y = self.xy(np.array([s]), np.array([d]))
        return float(x[0]), float(y[0])


@dataclass(frozen=True)
class Port:
    """A port the traffic uses: its zone, berths and approach, in plane metres."""

    suffix: str
    zone_id: str
    locode: str
    centre: XY
    zone: Geometry
    berths: FloatArray
    """(n, 2) berth or anchorage positions inside the zone, clear of the coast."""
    entrance: XY
    """The harbour entrance inside the zone: every berth is in a straight line from it."""
    edge: XY
    """Where the approach crosses the zone's edge."""
    out_path: FloatArray
    """(k, 2) outbound approach: from the zone's edge to the gate on the trunk."""
    in_path: FloatArray
    """(k, 2) inbound approach: from the gate to the zone's edge."""
    gate_s: float
    """Where on the trunk the approach starts."""
    end: str
    """``south`` (the trunk's southern end), ``north`` (beyond its northern end) or ``side``."""
    strait: XY | None = None
    """For the southern port: where ships pass into the Bosporus (vanish or appear)."""

    @property
    def anchorage(self) -> bool:
        """Ships wait at anchor here (nav status 1) rather than moored (5)."""
        return self.end == "south"


@dataclass(frozen=True)
class SeaGeography:
    """What traffic needs to know about the sea, in the plane of :data:`PLANE_CENTRE`."""

    plane: LocalProjection
    sea: Geometry
    land: Geometry
    """Everything not sea (prepared): for distances to the shore."""
    corridor: Geometry
    corridor_id: str
    trunk: Trunk
    ports: dict[str, Port]
    exclusions: dict[str, Geometry]
    open_sea: Geometry
    """Sea ≥ 40 km from shore and far from the corridor, ports and exclusion zones."""
    far30: Geometry
    """Open sea more than 30 NM (plus a margin) from shore."""
    far50: Geometry
    """Open sea more than 50 NM (plus a margin) from shore."""
    coast_band: Geometry
    """Sea 2.5-9 km off the coast of Crimea and Kherson, away from every zone."""
    inland: Geometry
    """Ukraine ≥ 8 km from the sea and from inland waterways: where spoofed fixes land."""
    receivers: FloatArray
    """(n, 2) plane positions of :data:`RECEIVERS`."""
    pinches: tuple[tuple[float, float], ...]
    """Stretches of the trunk (s from, s to) where the corridor is too narrow for the
    lanes to keep their clearance; empty when the corridor is wide enough everywhere."""
    near_port: Geometry
    """Within 10 km of a port zone (the encounter rules' exclusion)."""
    constanta_coast: FloatArray = field(default_factory=lambda: np.zeros((0, 2)))
    """(k, 2) a coastal path south from the port of Constanța, outside the corridor."""

    def to_lonlat(self, x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        return self.plane.lonlat(x, y)

    def shore_m(self, x: FloatArray, y: FloatArray) -> FloatArray:
        return np.asarray(shapely.distance(shapely.points(x, y), self.land), float)


def sea_geography(zones: dict[str, ZoneShape]) -> SeaGeography:
    """The geography of traffic for these zones (cached by the zones' shapes)."""
    wanted = sorted(z for z in zones if zones[z].objective == "seas")
    key = tuple((z, zones[z].kind, shapely.to_wkb(zones[z].geometry)) for z in wanted)
    return _geography(key)


@lru_cache(maxsize=4)
def _geography(key: tuple[tuple[str, str, bytes], ...]) -> SeaGeography:
    plane = local_projection(*PLANE_CENTRE)
    shapes = {zone_id: (kind, shapely.from_wkb(wkb)) for zone_id, kind, wkb in key}
    corridors = [z for z, (kind, _) in shapes.items() if kind == "corridor"]
    if not corridors:
        raise ValueError("the AIS scenario needs a corridor zone (kind 'corridor')")
    corridor_id = corridors[0]
    corridor = shapely.make_valid(plane.to_metric(shapes[corridor_id][1]))
    sea = shapely.make_valid(plane.to_metric(sea_polygon()))
    minx, miny, maxx, maxy = sea.bounds
    land = shapely.difference(shapely.box(minx - 4e5, miny - 4e5, maxx + 4e5, maxy + 4e5), sea)
    coarse_land = shapely.simplify(land, 300.0)
    shapely.prepare(land)
    shapely.prepare(corridor)
    exclusions = {
        z: shapely.make_valid(plane.to_metric(g))
        for z, (kind, g) in sorted(shapes.items())
        if kind == "exclusion"
    }
    port_zones = {
        z: shapely.make_valid(plane.to_metric(g))
        for z, (kind, g) in sorted(shapes.items())
        if kind == "port"
    }
    trunk_pts, network = _trunk_waypoints(plane)
    trunk = _trunk(trunk_pts, corridor, land)
    ports = _ports(plane, trunk, trunk_pts, network, port_zones, sea, corridor, land)
    pinches = _pinches(trunk, corridor, ports)
    all_ports = shapely.union_all(list(port_zones.values()))
    all_excl = shapely.union_all(list(exclusions.values()))
    box = shapely.box(*_box(plane, 27.5, 41.0, 40.5, 46.8))
    open_sea = shapely.difference(
        shapely.intersection(sea, box),
        shapely.union_all(
            [
                coarse_land.buffer(40_000.0, quad_segs=4),
                corridor.buffer(20_000.0, quad_segs=4),
                all_excl.buffer(12_000.0, quad_segs=4),
                all_ports.buffer(25_000.0, quad_segs=4),
            ]
        ),
    )
    far30 = shapely.difference(open_sea, coarse_land.buffer(30 * NAUTICAL_MILE_M + 6_000.0, 4))
    far50 = shapely.difference(open_sea, coarse_land.buffer(50 * NAUTICAL_MILE_M + 8_000.0, 4))
    ukraine = plane.to_metric(ukraine_polygon())
    south = shapely.box(*_box(plane, 31.3, 44.3, 36.6, 46.3))
    coast_band = shapely.difference(
        shapely.intersection(shapely.intersection(sea, land.buffer(9_000.0, 8)), south),
        shapely.union_all(
            [
                land.buffer(2_500.0, quad_segs=8),
                corridor.buffer(25_000.0, quad_segs=4),
                all_excl.buffer(12_000.0, quad_segs=4),
                all_ports.buffer(20_000.0, quad_segs=4),
            ]
        ),
    )
    waterways = shapely.union_all([shapely.box(*_box(plane, *box)) for box in WATERWAYS])
    inland = shapely.difference(
        shapely.intersection(ukraine, south.buffer(30_000.0)),
        shapely.union_all([sea.buffer(8_000.0, 8), waterways.buffer(10_000.0, 4)]),
    )
    for geometry in (open_sea, far30, far50, coast_band, inland):
        shapely.prepare(geometry)
    near_port = all_ports.buffer(10_000.0)
    shapely.prepare(near_port)
    rx, ry = plane.xy([r[1] for r in RECEIVERS], [r[2] for r in RECEIVERS])
    geo = SeaGeography(
        plane=plane,
        sea=sea,
        land=land,
        corridor=corridor,
        corridor_id=corridor_id,
        trunk=trunk,
        ports=ports,
        exclusions=exclusions,
        open_sea=open_sea,
        far30=far30,
        far50=far50,
        coast_band=coast_band,
        inland=inland,
        receivers=np.column_stack([rx, ry]),
        pinches=pinches,
        near_port=near_port,
        constanta_coast=_coastal_path(plane, sea, corridor, ports),
    )
    return geo


def _box(plane: LocalProjection, w: float, s: float, e: float, n: float) -> tuple[float, ...]:
    lon = np.linspace(w, e, 21)
    lat = np.linspace(s, n, 21)
    grid_lon, grid_lat = np.meshgrid(lon, lat)
    x, y = plane.xy(grid_lon.ravel(), grid_lat.ravel())
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def _same(a: XY, b: XY, tol: float = 500.0) -> bool:
    return math.hypot(a[0] - b[0], a[1] - b[1]) < tol


def _trunk_waypoints(plane: LocalProjection) -> tuple[list[XY], dict[XY, list[XY]]]:
    """The trunk from the Bosporus to the first spur junction, and the whole network."""

    def to_xy(places: Sequence[tuple[str, float, float]]) -> list[XY]:
        x, y = plane.xy([p[1] for p in places], [p[2] for p in places])
        return [(round(float(a), 1), round(float(b), 1)) for a, b in zip(x, y, strict=True)]

    trunk = to_xy(CORRIDOR_TRUNK)
    spurs = [to_xy(spur) for spur in CORRIDOR_SPURS]
    network: dict[XY, list[XY]] = {}
    for line in [trunk, *spurs]:
        for a, b in itertools.pairwise(line):
            network.setdefault(a, []).append(b)
            network.setdefault(b, []).append(a)
    if trunk[0][1] > trunk[-1][1]:
        trunk = trunk[::-1]  # from the south (Bosporus) north
    ends = [p for spur in spurs for p in (spur[0], spur[-1])]
    for index, point in enumerate(trunk):
        if index > 0 and any(_same(point, e) for e in ends):
            return trunk[: index + 1], network
    return trunk, network


def _fillet(points: list[XY]) -> FloatArray:
    p = np.asarray(points, float)
    out = [p[0]]
    for i in range(1, len(p) - 1):
        a, b = p[i] - p[i - 1], p[i + 1] - p[i]
        la, lb = float(np.hypot(*a)), float(np.hypot(*b))
        ua, ub = a / la, b / lb
        turn = math.atan2(ua[0] * ub[1] - ua[1] * ub[0], float(ua @ ub))
        if abs(turn) < 1e-4:
            out.append(p[i])
            continue
        tangent = min(FILLET_RADIUS_M * math.tan(abs(turn) / 2), 0.45 * la, 0.45 * lb)
        p0, p1 = p[i] - ua * tangent, p[i] + ub * tangent
        steps = max(2, int(2 * tangent / 50.0) + 1)  # vertices every ~50 m: smooth normals
        for k in range(steps + 1):
            u = k / steps
            out.append((1 - u) ** 2 * p0 + 2 * u * (1 - u) * p[i] + u**2 * p1)
    out.append(p[-1])
    return np.asarray(out, float)


def _trunk(points: list[XY], corridor: Geometry, land: Geometry) -> Trunk:
    line = shapely.LineString(_fillet(points))
    length = float(line.length)
    s = np.append(np.arange(0.0, length, TRUNK_STEP_M), length)
    coords = shapely.get_coordinates(shapely.line_interpolate_point(line, s))
    x, y = coords[:, 0].copy(), coords[:, 1].copy()
    if len(x) < int(length // TRUNK_STEP_M) + 2:  # pad so that s / step indexes safely
        x, y = np.append(x, x[-1]), np.append(y, y[-1])
    tx, ty = np.gradient(x), np.gradient(y)
    norm = np.hypot(tx, ty)
    nx, ny = -ty / norm, tx / norm
    bare = Trunk(x, y, nx, ny, length, np.zeros((4, 2)), np.zeros((4, 2)))
    lanes = _lanes(bare, corridor, land)
    grid = np.arange(lanes.shape[1]) * LANE_STEP_M
    lane_u = np.zeros(lanes.shape)
    for k in range(lanes.shape[0]):
        px, py = bare.xy(grid, lanes[k])
        lane_u[k, 1:] = np.cumsum(np.hypot(np.diff(px), np.diff(py)))
    return Trunk(x, y, nx, ny, length, lanes, lane_u)


def _moving(values: FloatArray, half: int, how: str) -> FloatArray:
    padded = np.pad(values, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    return np.asarray(windows.min(axis=1) if how == "min" else windows.mean(axis=1), float)


def _clearance(trunk: Trunk, corridor: Geometry, s: FloatArray, d: FloatArray) -> FloatArray:
    """Signed distance to the corridor's edge (negative outside) of the points (s, d)."""
    points = shapely.points(*trunk.xy(s, d))
    inside = shapely.contains(corridor, points)
    dist = shapely.distance(points, corridor.boundary)
    return np.asarray(np.where(inside, dist, -dist), float)


def _lanes(trunk: Trunk, corridor: Geometry, land: Geometry) -> FloatArray:
    """Offsets of the four lanes along s (every :data:`LANE_STEP_M`): the axis moves
    away from clipped edges. Where the corridor is too narrow (a pinch: land reaches
    its edge), the lanes close up on the line farthest from land that keeps within
    300 m of the corridor, which may lie just outside it for a few minutes' sailing."""
    s = np.arange(0.0, trunk.length + 1_000.0, 1_000.0)
    d = np.arange(-9_600.0, 9_601.0, 200.0)
    gs, gd = np.meshgrid(s, d, indexing="ij")
    clear = _clearance(trunk, corridor, gs.ravel(), gd.ravel()).reshape(gs.shape)
    half = max(abs(o) for o in LANE_OFFSETS_M)
    axis = np.zeros(s.size)
    width = np.ones(s.size)
    lo_ok = np.zeros(s.size)
    hi_ok = np.zeros(s.size)
    for i in range(s.size):
        for need in (LANE_CLEARANCE_M, 2_000.0, 1_500.0, 1_000.0, 500.0):
            run = _longest_run(d, clear[i] >= need)
            if run is not None and run[1] - run[0] >= 2 * half:
                lo, hi = run
                axis[i] = min(max(0.0, lo + half), hi - half)
                lo_ok[i], hi_ok[i] = lo + half, hi - half
                break
        else:
            j = int(np.argmax(clear[i]))
            axis[i] = lo_ok[i] = hi_ok[i] = float(d[j])
            width[i] = 0.05
    width = _moving(_moving(width, 6, "min"), 6, "mean")
    axis = np.clip(_moving(axis, 6, "mean"), lo_ok, hi_ok)
    axis = _moving(axis, 2, "mean")
    fine = np.arange(0.0, trunk.length + LANE_STEP_M, LANE_STEP_M)
    axis = np.interp(fine, s, axis)
    width = np.interp(fine, s, width)
    # where a lane would come within 600 m of the edge: the widest line through
    worst = np.min(
        [_clearance(trunk, corridor, fine, axis + o * width) for o in LANE_OFFSETS_M], axis=0
    )
    narrow = _moving((worst < 600.0).astype(float), 6, "mean") > 0
    if narrow.any():
        idx = np.flatnonzero(narrow)
        dd = np.arange(-9_600.0, 9_601.0, 25.0)
        gs, gd = np.meshgrid(fine[idx], dd, indexing="ij")
        c = _clearance(trunk, corridor, gs.ravel(), gd.ravel())
        points = shapely.points(*trunk.xy(gs.ravel(), gd.ravel()))
        near = shapely.intersection(
            land, shapely.box(*shapely.total_bounds(points)).buffer(20_000.0)
        )
        dry = shapely.distance(points, near)
        score = np.minimum(dry, 300.0 + c).reshape(gs.shape)
        best = np.argmax(score, axis=1)
        axis[idx] = dd[best]
        room = np.maximum(score[np.arange(idx.size), best], 0.0)
        width[idx] = np.minimum(width[idx], np.maximum(0.002, 0.6 * room / half))
    return np.vstack([axis + o * width for o in LANE_OFFSETS_M])


def _longest_run(d: FloatArray, ok: npt.NDArray[np.bool_]) -> tuple[float, float] | None:
    best: tuple[float, float] | None = None
    start = None
    for j, flag in enumerate([*ok.tolist(), False]):
        if flag and start is None:
            start = j
        elif not flag and start is not None:
            run = (float(d[start]), float(d[j - 1]))
            if best is None or run[1] - run[0] > best[1] - best[0]:
                best = run
            start = None
    return best


def _pinches(
    trunk: Trunk, corridor: Geometry, ports: dict[str, Port]
) -> tuple[tuple[float, float], ...]:
    gates = sorted(p.gate_s for p in ports.values())
    lo, hi = gates[0] + RAMP_M, gates[-1] - RAMP_M
    s = np.arange(lo, hi, LANE_STEP_M)
    bad = np.zeros(s.size, dtype=bool)
    for lane in range(4):
        d = trunk.lane_d(np.full(s.size, lane), s)
        bad |= _clearance(trunk, corridor, s, d) < 2_200.0
    out: list[tuple[float, float]] = []
    for j in np.flatnonzero(bad):
        a, b = float(s[j]) - 2_000.0, float(s[j]) + 2_000.0
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


def _grid_path(
    start: XY, goal: XY, passable: Geometry, land: Geometry, bounds: tuple[float, ...]
) -> FloatArray:
    """Shortest path on a 250 m grid through ``passable``, kept clear of ``land``.

    Steps cost their length, times up to 4 within 2.5 km of ``land`` (what to keep
    clear of), so approaches keep off the shore where there is room.
    """
    cell = 250.0
    minx, miny, maxx, maxy = bounds
    nx_, ny_ = int((maxx - minx) // cell) + 1, int((maxy - miny) // cell) + 1
    gx, gy = np.meshgrid(minx + cell * np.arange(nx_), miny + cell * np.arange(ny_), indexing="ij")
    ok = shapely.contains_xy(passable, gx.ravel(), gy.ravel())
    clear = np.full(ok.size, np.inf)
    clear[ok] = shapely.distance(shapely.points(gx.ravel()[ok], gy.ravel()[ok]), land)
    weight = (1.0 + 3.0 * np.clip(1.0 - clear / 2_500.0, 0.0, 1.0)).reshape(nx_, ny_)
    ok2 = ok.reshape(nx_, ny_)

    def node(p: XY) -> tuple[int, int]:
        i = round((p[0] - minx) / cell)
        j = round((p[1] - miny) / cell)
        best = None
        for di in range(-8, 9):  # the nearest passable node
            for dj in range(-8, 9):
                a, b = i + di, j + dj
                if 0 <= a < nx_ and 0 <= b < ny_ and ok2[a, b]:
                    d = di * di + dj * dj
                    if best is None or d < best[0]:
                        best = (d, a, b)
        if best is None:
            raise ValueError("a port approach starts or ends on land")
        return best[1], best[2]

    src, dst = node(start), node(goal)
    dist = {src: 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    queue = [(0.0, src)]
    moves = [(a, b, math.hypot(a, b)) for a in (-1, 0, 1) for b in (-1, 0, 1) if a or b]
    while queue:
        cost, (i, j) = heapq.heappop(queue)
        if (i, j) == dst:
            break
        if cost > dist[(i, j)]:
            continue
        for a, b, length in moves:
            u, v = i + a, j + b
            if 0 <= u < nx_ and 0 <= v < ny_ and ok2[u, v]:
                c = cost + length * cell * (weight[i, j] + weight[u, v]) / 2
                if c < dist.get((u, v), math.inf):
                    dist[(u, v)] = c
                    back[(u, v)] = (i, j)
                    heapq.heappush(queue, (c, (u, v)))
    if dst not in dist:
        raise ValueError("no passage by sea to a port")
    cells = [dst]
    while cells[-1] != src:
        cells.append(back[cells[-1]])
    pts = np.asarray([(minx + i * cell, miny + j * cell) for i, j in cells[::-1]], float)
    pts[0], pts[-1] = start, goal
    return _pull(pts, passable.buffer(50.0), land)


def _pull(pts: FloatArray, passable: Geometry, land: Geometry) -> FloatArray:
    """String pulling: straight legs between grid nodes in sight of each other, each
    keeping at least as far from ``land`` as its ends do (up to 2.5 km)."""
    shapely.prepare(passable)
    clear = np.minimum(shapely.distance(shapely.points(pts), land), 2_500.0)
    out = [0]
    i = 0
    while i < len(pts) - 1:
        j = np.arange(i + 1, len(pts))
        legs = shapely.linestrings(
            np.stack([np.repeat(pts[i : i + 1], j.size, axis=0), pts[j]], axis=1)
        )
        ok = shapely.contains(passable, legs)
        ok &= shapely.distance(legs, land) >= np.minimum(clear[i], clear[j]) - 100.0
        ok[0] = True
        i = int(j[np.flatnonzero(ok).max()])
        out.append(i)
    return np.asarray(pts[out], float)


def _ports(
    plane: LocalProjection,
    trunk: Trunk,
    trunk_pts: list[XY],
    network: dict[XY, list[XY]],
    zones: dict[str, Geometry],
    sea: Geometry,
    corridor: Geometry,
    land: Geometry,
) -> dict[str, Port]:
    north_nodes = [n for n in network if n[1] >= trunk_pts[-1][1] - 1.0]
    inner = sea.buffer(-BERTH_LAND_CLEARANCE_M)
    shapely.prepare(inner)
    ports: dict[str, Port] = {}
    for suffix, _name, _country, lon, lat in PORTS:
        zone_id = f"port-{suffix}"
        if zone_id not in zones:
            continue
        cx, cy = (float(v) for v in plane.xy(lon, lat))
        centre = (cx, cy)
        zone = zones[zone_id]
        if sea.distance(shapely.Point(centre)) > 1_500.0:
            continue  # a river port (Izmail): out of this sea's traffic
        strait: XY | None = None
        if _same(centre, trunk_pts[0], 1_000.0):
            end, gate_s, strait = "south", SOUTH_GATE_M, centre
        elif any(_same(n, centre, 1_000.0) for n in north_nodes):
            end, gate_s = "north", trunk.length
        else:
            end = "side"
            line = shapely.LineString(np.column_stack([trunk.x, trunk.y]))
            nearest = min(trunk_pts, key=lambda p: math.hypot(p[0] - cx, p[1] - cy))
            gate_s = float(line.project(shapely.Point(nearest)))
        gate = trunk.point(gate_s)
        entrance = _entrance(zone, inner, land, gate)
        others = [g for z, g in zones.items() if z != zone_id]
        water = sea.buffer(-250.0)
        lane_area = zone.buffer(500.0) if end == "side" else shapely.union(corridor, zone)
        passable = shapely.difference(
            shapely.intersection(water, lane_area if end != "side" else water),
            shapely.union_all([g.buffer(1_500.0) for g in others]),
        )
        frame = shapely.LineString([gate, entrance]).buffer(15_000.0).bounds
        box = shapely.box(*frame).buffer(5_000.0)
        # keep off the coast, and off the corridor's edge where the port is in it
        avoid = (
            shapely.intersection(land, box) if end == "side" else shapely.difference(box, corridor)
        )
        path = _grid_path(gate, entrance, passable, avoid, frame)[::-1]  # entrance -> gate
        out_path, in_path, edge = _sides(path, zone, water)
        berths = _berths(zone, centre, inner, entrance, sea, seed=len(ports))
        ports[suffix] = Port(
            suffix=suffix,
            zone_id=zone_id,
            locode=LOCODES.get(suffix, "XXXXX"),
            centre=centre,
            zone=zone,
            berths=berths,
            entrance=(float(entrance[0]), float(entrance[1])),
            edge=edge,
            out_path=out_path,
            in_path=in_path,
            gate_s=gate_s,
            end=end,
            strait=strait,
        )
    return ports


def _entrance(zone: Geometry, inner: Geometry, land: Geometry, gate: XY) -> XY:
    """The harbour entrance: in the zone, 600 m inside its edge, as far from land as can be."""
    minx, miny, maxx, maxy = zone.bounds
    gx, gy = np.meshgrid(np.arange(minx, maxx, 100.0), np.arange(miny, maxy, 100.0))
    x, y = gx.ravel(), gy.ravel()
    keep = shapely.contains_xy(shapely.intersection(zone.buffer(-600.0), inner), x, y)
    x, y = x[keep], y[keep]
    if x.size == 0:
        raise ValueError("a port zone has no water")
    clear = np.minimum(shapely.distance(shapely.points(x, y), land), 1_200.0)
    towards = np.hypot(x - gate[0], y - gate[1])
    best = np.lexsort((towards, -np.round(clear, -2)))[0]
    return float(x[best]), float(y[best])


def _sides(path: FloatArray, zone: Geometry, water: Geometry) -> tuple[FloatArray, FloatArray, XY]:
    """Outbound and inbound sides of an approach (entrance first / last), each
    :data:`APPROACH_OFFSET_M` right of its direction, closing up to one point at the
    zone's edge; and that edge point."""
    line = shapely.LineString(path)
    boundary = shapely.intersection(line, zone.boundary)
    hits = shapely.get_coordinates(boundary)
    if hits.size == 0:
        raise ValueError("a port approach never leaves its zone")
    at = np.array([line.project(shapely.Point(h)) for h in hits])
    s_edge = float(at.max())
    edge = line.interpolate(s_edge)
    rest = np.append(np.arange(s_edge, line.length, 250.0), line.length)
    pts = shapely.get_coordinates(shapely.line_interpolate_point(line, rest))
    tx, ty = np.gradient(pts[:, 0]), np.gradient(pts[:, 1])
    norm = np.hypot(tx, ty)
    nx, ny = -ty / norm, tx / norm  # left of the outbound direction
    ramp = np.clip((rest - s_edge) / 3_000.0, 0.0, 1.0) * APPROACH_OFFSET_M
    out_pts = np.column_stack([pts[:, 0] - ramp * nx, pts[:, 1] - ramp * ny])
    in_pts = np.column_stack([pts[:, 0] + ramp * nx, pts[:, 1] + ramp * ny])
    for side in (out_pts, in_pts):
        wet = shapely.contains_xy(water.buffer(200.0), side[:, 0], side[:, 1])
        side[~wet] = pts[~wet]  # no room to keep right: keep to the centreline
    out_line = shapely.simplify(shapely.LineString(out_pts), 20.0)
    in_line = shapely.simplify(shapely.LineString(in_pts[::-1]), 20.0)
    edge_xy = (float(edge.x), float(edge.y))
    return (
        np.asarray(shapely.get_coordinates(out_line), float),
        np.asarray(shapely.get_coordinates(in_line), float),
        edge_xy,
    )


def _berths(
    zone: Geometry, centre: XY, inner: Geometry, entrance: XY, sea: Geometry, seed: int
) -> FloatArray:
    """Points in the zone, in the sea 300 m from the coast, in a straight line from the
    harbour entrance."""
    rng = np.random.default_rng(1000 + seed)  # geometry only: fixed, not a scenario draw
    r = BERTH_RADIUS_M * np.sqrt(rng.random(4000))
    a = rng.random(4000) * 2 * np.pi
    x, y = centre[0] + r * np.sin(a), centre[1] + r * np.cos(a)
    keep = shapely.contains_xy(inner, x, y) & shapely.contains_xy(zone.buffer(-200.0), x, y)
    keep &= np.hypot(x - entrance[0], y - entrance[1]) > 300.0
    x, y = x[keep], y[keep]
    reach = sea.buffer(-100.0)
    shapely.prepare(reach)
    legs = shapely.linestrings(
        np.stack([np.column_stack([np.full(x.size, entrance[0]), np.full(x.size, entrance[1])]),
                  np.column_stack([x, y])], axis=1)
    )  # fmt: skip
    ok = shapely.contains(reach, legs)
    out = np.column_stack([x[ok], y[ok]])[:48]
    if len(out) < 6:
        raise ValueError("no room for berths in a port zone")
    return np.asarray(out, float)


def _coastal_path(
    plane: LocalProjection, sea: Geometry, corridor: Geometry, ports: dict[str, Port]
) -> FloatArray:
    """From the harbour entrance of Constanța south along the coast, 2-5 km off it and
    never within 1.2 km of the corridor (empty when there is no such port)."""
    if "constanta" not in ports:
        return np.zeros((0, 2))
    port = ports["constanta"]
    water = sea.buffer(-1_200.0)
    away = corridor.buffer(1_200.0)
    pts: list[tuple[float, float]] = [port.entrance]
    for lat in np.arange(44.08, 43.74, -0.04):
        row = shapely.LineString([plane.xy(28.0, lat), plane.xy(29.5, lat)])
        parts = sorted(shapely.get_parts(shapely.intersection(row, sea)), key=lambda g: g.bounds[0])
        if not parts:
            continue
        x0, y0 = (float(v) for v in shapely.get_coordinates(parts[0])[0])
        for off in np.arange(2_000.0, 5_001.0, 250.0):
            p = (x0 + off, y0)
            leg = shapely.LineString([pts[-1], p])
            if water.contains(leg) and not away.intersects(leg):
                pts.append(p)
                break
    return np.asarray(pts, float) if len(pts) >= 4 else np.zeros((0, 2))


# -- the track engine ------------------------------------------------------------------

XY_PIECE, LANE_PIECE = 0, 1
"""Piece kinds: a straight leg; a run along a lane (by distance sailed along it)."""

_FIELDS = (
    "t0", "t1", "kind", "a", "b", "va", "vb", "lane", "status", "silent", "rate", "hdg",
    "port", "episode", "voyage",
)  # fmt: skip


@dataclass
class PieceTable:
    """The pieces of every vessel, as parallel columns sorted by (vessel, t0)."""

    vessel: IntArray
    t0: FloatArray
    t1: FloatArray
    kind: IntArray
    a: FloatArray
    """x0 (straight leg) or u0, the distance along the lane (lane run)."""
    b: FloatArray
    """y0 (straight leg)."""
    va: FloatArray
    """vx or du/dt, metres per second."""
    vb: FloatArray
    lane: IntArray
    status: IntArray
    silent: npt.NDArray[np.bool_]
    rate: FloatArray
    """Share of reception candidates kept; NaN: by distance to the receivers."""
    hdg: FloatArray
    """Fixed heading in degrees (drifting, moored) or NaN: the course."""
    port: IntArray
    """Index of the port zone of a stay (sorted port suffixes), else -1."""
    episode: IntArray
    voyage: IntArray
    key: IntArray

    @staticmethod
    def build(tracks: Sequence[Track]) -> PieceTable:
        parts = [t.columns() for t in tracks if t.pieces]
        if not parts:
            raise ValueError("no traffic")
        values = {name: np.concatenate([p[name] for p in parts]) for name in _FIELDS}
        vessel = np.concatenate([np.full(len(t.pieces), t.vessel, np.int64) for t in tracks])
        key = _key(vessel, values["t0"])
        order = np.argsort(key, kind="stable")
        return PieceTable(
            vessel=vessel[order],
            key=key[order],
            **{k: v[order] for k, v in values.items()},
        )


_DTYPES: dict[str, type[Any]] = {
    "kind": np.int64, "lane": np.int64, "status": np.int64, "port": np.int64,
    "episode": np.int64, "voyage": np.int64, "silent": np.bool_,
}  # fmt: skip
_OFFSET_S = 30 * 86_400.0


def _key(vessel: IntArray, t: FloatArray) -> IntArray:
    """Sort key (vessel, time) as one integer: time in milliseconds."""
    ms = np.rint((np.asarray(t, float) + _OFFSET_S) * 1000.0).astype(np.int64)
    return np.asarray(vessel, np.int64) * (1 << 42) + ms


@dataclass
class Track:
    """One vessel's motion, written leg by leg from a starting time and place."""

    vessel: int
    t: float
    x: float
    y: float
    pieces: list[tuple[Any, ...]] = field(default_factory=list)
    status: int = 0
    rate: float = math.nan
    episode: int = -1
    voyage: int = -1
    _columns: tuple[int, int, dict[str, Any]] | None = field(default=None, repr=False)

    def columns(self) -> dict[str, Any]:
        """The pieces as arrays, one per field of :class:`PieceTable` (kept until the
        pieces change)."""
        stamp = (id(self.pieces), len(self.pieces))
        if self._columns is None or self._columns[:2] != stamp:
            cols = list(zip(*self.pieces, strict=True))
            arrays = {
                name: np.asarray(col, _DTYPES.get(name, np.float64))
                for name, col in zip(_FIELDS, cols, strict=True)
            }
            self._columns = (*stamp, arrays)
        return self._columns[2]

    def _add(
        self, t1: float, kind: int, a: float, b: float, va: float, vb: float, **kw: Any
    ) -> None:
        if t1 <= self.t:
            return
        self.pieces.append(
            (
                self.t, t1, kind, a, b, va, vb, kw.get("lane", -1),
                kw.get("status", self.status), kw.get("silent", False),
                kw.get("rate", self.rate), kw.get("hdg", math.nan), kw.get("port", -1),
                kw.get("episode", self.episode), kw.get("voyage", self.voyage),
            )
        )  # fmt: skip

    def goto(self, to: Point, knots: float, **kw: Any) -> float:
        """Sail straight to ``to`` (x, y) at ``knots``; returns the arrival time."""
        x, y = float(to[0]), float(to[1])
        dist = math.hypot(x - self.x, y - self.y)
        dt = dist / (knots * KNOT_MS)
        if dt > 0:
            vx, vy = (x - self.x) / dt, (y - self.y) / dt
            self._add(self.t + dt, XY_PIECE, self.x, self.y, vx, vy, **kw)
        self.t += dt
        self.x, self.y = x, y
        return self.t

    def drift(self, vx: float, vy: float, duration: float, **kw: Any) -> float:
        """Move at (vx, vy) m/s for ``duration`` seconds (drifting, loitering)."""
        self._add(self.t + duration, XY_PIECE, self.x, self.y, vx, vy, **kw)
        self.t += duration
        self.x += vx * duration
        self.y += vy * duration
        return self.t

    def follow(self, path: FloatArray, knots: float, **kw: Any) -> float:
        for point in path.tolist():
            self.goto(point, knots, **kw)
        return self.t

    def stay(self, duration: float, **kw: Any) -> float:
        return self.drift(0.0, 0.0, duration, **kw)

    def jump(self, x: float, y: float) -> None:
        """Be reported elsewhere from now on (a teleport)."""
        self.x, self.y = x, y

    def lane(self, trunk: Trunk, lane: int, s0: float, s1: float, knots: float, **kw: Any) -> float:
        """Run along ``lane`` from s0 to s1 (already at its start) at ``knots``."""
        u0, u1 = trunk.lane_u_at(lane, s0), trunk.lane_u_at(lane, s1)
        vu = math.copysign(knots * KNOT_MS, u1 - u0)
        dt = abs(u1 - u0) / abs(vu)
        self._add(self.t + dt, LANE_PIECE, u0, 0.0, vu, 0.0, lane=lane, **kw)
        self.t += dt
        self.x, self.y = trunk.lane_xy(lane, s1)
        return self.t

    def offset_run(
        self, trunk: Trunk, d: float, s0: float, s1: float, knots: float, **kw: Any
    ) -> float:
        """Sail at a constant offset ``d`` from the trunk from s0 to s1 (legs of 1 km)."""
        s = np.linspace(s0, s1, max(2, int(abs(s1 - s0) // 1_000.0) + 1))
        x, y = trunk.xy(s, np.full(s.size, d))
        return self.follow(np.column_stack([x, y])[1:], knots, **kw)


def evaluate(
    table: PieceTable, trunk: Trunk, vessel: npt.ArrayLike, t: npt.ArrayLike
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """(piece, x, y, vx, vy) of every vessel at every time (times inside its pieces)."""
    vessel = np.asarray(vessel, np.int64)
    t = np.asarray(t, float)
    idx = np.searchsorted(table.key, _key(vessel, t), side="right") - 1
    idx = np.clip(idx, 0, table.key.size - 1)
    dt = t - table.t0[idx]
    kind = table.kind[idx]
    va, vb = table.va[idx], table.vb[idx]
    x = table.a[idx] + va * dt
    y = table.b[idx] + vb * dt
    vx, vy = va.copy(), vb.copy()
    run = np.flatnonzero(kind == LANE_PIECE)
    if run.size:
        u = x[run]
        step = va[run] * 5.0
        lane = table.lane[idx[run]]

        def at(uv: FloatArray) -> tuple[FloatArray, FloatArray]:
            sv = trunk.lane_s(lane, uv)
            return trunk.xy(sv, trunk.lane_d(lane, sv))

        px, py = at(u)
        ax, ay = at(u + step)
        bx, by = at(u - step)
        x[run], y[run] = px, py
        vx[run], vy[run] = (ax - bx) / 10.0, (ay - by) / 10.0
    return idx, x, y, vx, vy


# -- identities ------------------------------------------------------------------------

MERCHANT_FLAGS: tuple[tuple[int, str, float], ...] = (
    (256, "9HA####", 9), (215, "9HA####", 5), (248, "9HA####", 5), (229, "9HA####", 4),
    (538, "V7@@#", 9), (636, "D5@@#", 7), (636, "A8@@#", 4), (351, "3E@@#", 4),
    (352, "HO####", 3), (355, "3F@@#", 3), (370, "HP####", 3), (271, "TC@@##", 8),
    (272, "UR@@@", 6), (264, "YQ@@", 3), (207, "LZ@@#", 3), (255, "CQ@@#", 3),
    (209, "5B@@#", 4), (210, "5B@@#", 3), (241, "SV@@#", 4), (240, "SV@@#", 2),
)  # fmt: skip
"""(MID, call sign pattern, weight) of merchant ships in the corridor: Malta, Marshall
Islands, Liberia, Panama, Türkiye, Ukraine, Romania, Bulgaria, Madeira, Cyprus, Greece.
Patterns: ``@`` a letter, ``#`` a digit."""
CONVENIENCE_FLAGS: tuple[tuple[int, str, float], ...] = (
    (626, "TR@@#", 3), (613, "TJ@@#", 3), (620, "D6@@#", 3), (667, "9L@@#", 3),
    (511, "T8A###", 3), (518, "E5U###", 2), (341, "V4@@#", 2), (312, "V3@@#", 2),
    (577, "YJ@@#", 2), (352, "HO####", 2),
)  # fmt: skip
"""Flags of convenience (Gabon, Cameroon, Comoros, Sierra Leone, Palau, Cook Islands,
St Kitts and Nevis, Belize, Vanuatu, Panama) for the planted vessels."""

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def callsign(rng: np.random.Generator, pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "@":
            out.append(_LETTERS[int(rng.integers(26))])
        elif ch == "#":
            out.append(str(int(rng.integers(10))))
        else:
            out.append(ch)
    return "".join(out)


def imo_number(rng: np.random.Generator) -> int:
    """A valid IMO ship number: six digits and the check digit (sum of digit × 7..2, mod 10)."""
    six = int(rng.integers(700_000, 1_000_000))
    digits = [int(c) for c in f"{six:06d}"]
    check = sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return six * 10 + check


_ADJECTIVES = (
    "BLUE", "GOLDEN", "SILVER", "GREAT", "NORDIC", "ROYAL", "OCEAN", "GRAND", "NOBLE",
    "BRAVE", "BRIGHT", "SWIFT", "EASTERN", "WESTERN", "NORTHERN", "SOUTHERN", "IONIAN",
    "AEGEAN", "PONTIC", "EUXINE", "MARMARA", "DANUBE", "CARPATHIAN", "IRON", "STEEL",
)  # fmt: skip
_NOUNS = (
    "STAR", "SPIRIT", "PEARL", "TRADER", "HORIZON", "WAVE", "VOYAGER", "PIONEER", "GLORY",
    "HARMONY", "FORTUNE", "BREEZE", "CARRIER", "EXPRESS", "VENTURE", "DAWN", "LEGEND",
    "PRIDE", "QUEEN", "PRINCESS", "NAVIGATOR", "MARINER", "HARVEST", "GRAIN", "BRIDGE",
)  # fmt: skip
_SAINTS = (
    "AGIOS NIKOLAOS", "AGIA MARINA", "SANTA MARIA", "ELENI", "MARIA K", "SOFIA", "ANNA M",
    "KATERINA", "IOANNIS", "GEORGIOS", "IRINA", "OLGA", "DIMITRIS", "ALEXANDRA", "NINA",
    "KAPITAN PETRENKO", "KAPITAN KOVAL", "ZEYNEP ANA", "HATICE A", "MEHMET BEY", "AYSE K",
    "ION CREANGA", "MIHAI V", "LUCIAN B", "STEFAN CEL MARE", "VASIL LEVSKI", "HRISTO BOTEV",
)  # fmt: skip
_PLEASURE = (
    "ALBATROS", "LUNA", "SEA BREEZE", "BELLA", "ODYSSEY", "SIRENA", "MISTRAL", "NEPTUN",
    "DELFIN", "AURORA", "CALYPSO", "MARE NOSTRUM", "VIVA", "LIBERTY", "CORAL", "SOLARIS",
)  # fmt: skip


def ship_names(rng: np.random.Generator, count: int, kind: str = "merchant") -> list[str]:
    """``count`` names (≤ 20 characters, maybe repeated) of merchant ships, or of
    ``pleasure`` craft; repeated names get a number (``BLUE STAR 2``) from the caller."""
    names: list[str] = []
    for _ in range(count):
        if kind == "pleasure":
            names.append(_PLEASURE[int(rng.integers(len(_PLEASURE)))])
        elif rng.random() < 0.55:
            adjective = _ADJECTIVES[int(rng.integers(len(_ADJECTIVES)))]
            names.append(f"{adjective} {_NOUNS[int(rng.integers(len(_NOUNS)))]}"[:20])
        else:
            names.append(_SAINTS[int(rng.integers(len(_SAINTS)))])
    return names
