"""The geography of the AIS traffic, in one metric plane of the western Black Sea.

Everything is computed in one azimuthal equidistant plane centred on the western Black
Sea (:data:`PLANE_CENTRE`, metres): distances there are true to 0.1 % over the corridor.
:func:`sea_geography` derives, from the zones of the scenario, what traffic needs: the
corridor and its trunk line with four lanes (:mod:`~reassure.scenario.ais.trunk`), the
ports reachable from the sea (:mod:`~reassure.scenario.ais.ports`), the open sea that
other traffic keeps to, the places anomalies are planted in, and the coalition's shore
receivers (:mod:`~reassure.scenario.ais.stations`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely import Geometry

from reassure.geo.basemap import sea_polygon, ukraine_polygon
from reassure.geo.metric import NAUTICAL_MILE_M, LocalProjection, local_projection
from reassure.scenario.ais._types import FloatArray
from reassure.scenario.ais.ports import Port, build_ports, coastal_path
from reassure.scenario.ais.stations import RECEIVERS
from reassure.scenario.ais.trunk import Trunk, build_trunk, check_lanes, trunk_waypoints
from reassure.scenario.context import ZoneShape

__all__ = [
    "PLANE_CENTRE",
    "WATERWAYS",
    "SeaGeography",
    "rounded_lonlat",
    "sample",
    "sea_geography",
]

PLANE_CENTRE = (30.5, 44.0)
"""Centre (lon, lat) of the metric plane all traffic is computed in."""

WATERWAYS: tuple[tuple[float, float, float, float], ...] = (
    (27.9, 44.8, 29.8, 45.6),  # lower Danube and the delta
    (30.0, 46.0, 30.5, 46.45),  # Dniester liman
    (31.85, 46.6, 32.1, 47.0),  # Southern Buh at Mykolaiv
    (28.95, 40.95, 29.2, 41.25),  # Bosporus
)
"""(west, south, east, north) of navigable water the 1:10 million coast draws as land
(as ``reassure.tracks.spoofing.INLAND_WATERWAYS``): spoofed fixes keep 10 km away."""


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
    trunk_pts, network = trunk_waypoints(plane)
    trunk = build_trunk(trunk_pts, corridor)
    ports = build_ports(plane, trunk, trunk_pts, network, port_zones, sea, corridor, land)
    check_lanes(trunk, corridor, [p.gate_s for p in ports.values()])
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
        near_port=near_port,
        constanta_coast=coastal_path(plane, sea, corridor, ports),
    )
    return geo


def _box(plane: LocalProjection, w: float, s: float, e: float, n: float) -> tuple[float, ...]:
    lon = np.linspace(w, e, 21)
    lat = np.linspace(s, n, 21)
    grid_lon, grid_lat = np.meshgrid(lon, lat)
    x, y = plane.xy(grid_lon.ravel(), grid_lat.ravel())
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def rounded_lonlat(geo: SeaGeography, point: Any) -> tuple[float, float]:
    """(lon, lat) of a plane point, rounded to 5 decimals (about 1 m)."""
    p = np.asarray(point, float).reshape(2)
    lon, lat = geo.plane.lonlat(np.array([p[0]]), np.array([p[1]]))
    return round(float(lon[0]), 5), round(float(lat[0]), 5)


def sample(rng: np.random.Generator, region: Geometry, count: int) -> FloatArray:
    """``count`` points drawn uniformly in ``region`` ((count, 2) plane metres)."""
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
