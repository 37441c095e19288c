"""The corridor's trunk line and its four traffic lanes, in the plane of the traffic.

The trunk runs through the waypoints of :data:`~reassure.scenario.places.CORRIDOR_TRUNK`
from the Bosporus (s = 0) north to the first spur junction, corners rounded to
:data:`FILLET_RADIUS_M`.

Lanes (keep right, both directions): northbound at ``axis - 1.1 km`` (fast) and
``axis - 3.3 km`` (slow), southbound at ``axis + 1.1 km`` and ``axis + 3.3 km``; every
vessel on a lane sails at the lane's speed (:data:`LANE_SPEED_KN`), so vessels on one
lane never close in on each other and vessels on two lanes of one direction stay
2.2 km apart. The axis follows the trunk and moves sideways where land clips the
corridor, so that every lane stays :data:`LANE_CLEARANCE_M` inside the corridor.
Between the ports the corridor is wide enough for that everywhere (the trunk passes
east of the Danube delta, off Sfântu Gheorghe), and :func:`check_lanes` makes sure of
it; only at its ends, where the corridor narrows into a port, do the lanes keep less.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from shapely import Geometry

from reassure.geo.metric import LocalProjection
from reassure.scenario.ais._types import XY, FloatArray
from reassure.scenario.places import CORRIDOR_SPURS, CORRIDOR_TRUNK

__all__ = [
    "FILLET_RADIUS_M",
    "LANE_CLEARANCE_M",
    "LANE_OFFSETS_M",
    "LANE_SPEED_KN",
    "LANE_STEP_M",
    "MIN_LANE_CLEARANCE_M",
    "RAMP_M",
    "TRUNK_STEP_M",
    "Trunk",
    "build_trunk",
    "check_lanes",
    "same_point",
    "trunk_waypoints",
]

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
RAMP_M = 8_000.0
"""Along the trunk, from a port approach's gate to the lane (and back)."""
MIN_LANE_CLEARANCE_M = 2_200.0
"""Between the ports' ramps every lane keeps at least this far inside the corridor."""


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


def same_point(a: XY, b: XY, tol: float = 500.0) -> bool:
    """``a`` and ``b`` are within ``tol`` metres."""
    return math.hypot(a[0] - b[0], a[1] - b[1]) < tol


def trunk_waypoints(plane: LocalProjection) -> tuple[list[XY], dict[XY, list[XY]]]:
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
        if index > 0 and any(same_point(point, e) for e in ends):
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


def build_trunk(points: list[XY], corridor: Geometry) -> Trunk:
    """The filleted trunk line through ``points``, with lanes fitted to ``corridor``."""
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
    lanes = _lanes(bare, corridor)
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


def _lanes(trunk: Trunk, corridor: Geometry) -> FloatArray:
    """Offsets of the four lanes along s (every :data:`LANE_STEP_M`): the axis moves
    away from clipped edges so that the lanes keep :data:`LANE_CLEARANCE_M` inside the
    corridor, or as much as there is (down to 500 m) where it narrows into a port at
    either end. Raises ``ValueError`` where there is not even that much room."""
    s = np.arange(0.0, trunk.length + 1_000.0, 1_000.0)
    d = np.arange(-9_600.0, 9_601.0, 200.0)
    gs, gd = np.meshgrid(s, d, indexing="ij")
    clear = _clearance(trunk, corridor, gs.ravel(), gd.ravel()).reshape(gs.shape)
    half = max(abs(o) for o in LANE_OFFSETS_M)
    axis = np.zeros(s.size)
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
            raise ValueError(
                f"the corridor has no room for its lanes {s[i] / 1000:.0f} km up the trunk"
            )
    axis = np.clip(_moving(axis, 6, "mean"), lo_ok, hi_ok)
    axis = _moving(axis, 2, "mean")
    fine = np.arange(0.0, trunk.length + LANE_STEP_M, LANE_STEP_M)
    axis = np.interp(fine, s, axis)
    return np.vstack([axis + o for o in LANE_OFFSETS_M])


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


def check_lanes(trunk: Trunk, corridor: Geometry, gates: Sequence[float]) -> None:
    """Raise ``ValueError`` if, between the first and last port ``gates`` (trunk
    positions) and their ramps, a lane comes within :data:`MIN_LANE_CLEARANCE_M` of the
    corridor's edge: the corridor is too narrow there for traffic to keep inside it."""
    lo, hi = min(gates) + RAMP_M, max(gates) - RAMP_M
    s = np.arange(lo, hi, LANE_STEP_M)
    worst = np.min(
        [_clearance(trunk, corridor, s, trunk.lane_d(np.full(s.size, k), s)) for k in range(4)],
        axis=0,
    )
    tight = np.flatnonzero(worst < MIN_LANE_CLEARANCE_M)
    if tight.size:
        a, b = s[tight[0]] / 1000, s[tight[-1]] / 1000
        raise ValueError(
            f"the corridor is too narrow for its lanes from {a:.1f} to {b:.1f} km up the trunk: "
            f"a lane comes {worst[tight].min():.0f} m from its edge "
            f"(at least {MIN_LANE_CLEARANCE_M:.0f} m wanted)"
        )
