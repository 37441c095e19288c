"""The ports of the AIS scenario: berths, harbour entrances and approaches from the trunk.

Every port zone reachable from the sea gets berths (or an anchorage) inside it, a
harbour entrance every berth is in a straight line from, and an approach from the
trunk to the zone's edge found on a 250 m grid and straightened, with inbound and
outbound sides :data:`APPROACH_OFFSET_M` apart. :func:`coastal_path` is the pleasure
craft's way south along the coast from Constanța.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import Geometry

from reassure.geo.metric import LocalProjection
from reassure.scenario.ais._types import XY, FloatArray
from reassure.scenario.ais.trunk import Trunk, same_point
from reassure.scenario.places import PORTS

__all__ = [
    "APPROACH_KN",
    "APPROACH_OFFSET_M",
    "BERTH_LAND_CLEARANCE_M",
    "BERTH_RADIUS_M",
    "HARBOUR_KN",
    "LOCODES",
    "SOUTH_GATE_M",
    "Port",
    "build_ports",
    "coastal_path",
]

APPROACH_OFFSET_M = 400.0
"""Inbound and outbound traffic on a port approach keep this far right of its centreline."""
APPROACH_KN = 10.0
HARBOUR_KN = 5.0
SOUTH_GATE_M = 12_000.0
"""The approach to the port at the trunk's southern end starts this far up the trunk."""
BERTH_RADIUS_M = 2_500.0
BERTH_LAND_CLEARANCE_M = 300.0

LOCODES = {
    "odesa": "UAODS",
    "chornomorsk": "UAILK",
    "pivdennyi": "UAYUZ",
    "izmail": "UAIZM",
    "constanta": "ROCND",
    "istanbul": "TRIST",
}
"""UN/LOCODE of each port (the AIS destination field)."""


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


def build_ports(
    plane: LocalProjection,
    trunk: Trunk,
    trunk_pts: list[XY],
    network: dict[XY, list[XY]],
    zones: dict[str, Geometry],
    sea: Geometry,
    corridor: Geometry,
    land: Geometry,
) -> dict[str, Port]:
    """The ports of ``zones`` that traffic from the sea uses, with their berths and
    approaches from the trunk (a river port such as Izmail is left out)."""
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
        if same_point(centre, trunk_pts[0], 1_000.0):
            end, gate_s, strait = "south", SOUTH_GATE_M, centre
        elif any(same_point(n, centre, 1_000.0) for n in north_nodes):
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


def coastal_path(
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
