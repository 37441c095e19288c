"""Which positions lie in which zones, fast on millions of positions.

:func:`zone_hits` is :func:`reassure.geo.zones.locate_points` with three additions:
zones count only while valid at each position's time; zones can be grown by some
metres; and it scales to millions of points by putting each point once in a 0.25° cell,
so that a zone only looks at the points of the cells its bounding box touches, and a
zone with many candidate points (the corridor) classifies them with a cached 0.01°
raster of its interior, exterior and boundary cells, leaving GEOS only the boundary.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from reassure.geo.metric import buffer_m
from reassure.geo.zones import ZONE_SCHEMA, locate_points
from reassure.tracks.segment import IntArray

__all__ = ["grow_zones", "zone_hits", "zones_of_kinds"]

_NO_TIME = np.iinfo(np.int64)


def zone_hits(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    time_us: npt.ArrayLike,
    zones: pl.DataFrame,
    *,
    grow_m: float = 0.0,
) -> tuple[IntArray, IntArray]:
    """(point, zone row) pairs: the point lies inside the zone, grown by ``grow_m`` metres,
    and the zone is valid at the point's time (microseconds since the epoch, UTC).
    Sorted by zone row, then point."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    time_us = np.asarray(time_us, dtype=np.int64)
    if zones.height == 0 or lon.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    points, rows = _locate(lon, lat, grow_zones(zones, grow_m))
    start = zones["valid_from"].dt.epoch("us").fill_null(_NO_TIME.min).to_numpy()
    stop = zones["valid_to"].dt.epoch("us").fill_null(_NO_TIME.max).to_numpy()
    when = time_us[points]
    valid = (start[rows] <= when) & (when < stop[rows])
    return points[valid], rows[valid]


def zones_of_kinds(zones: pl.DataFrame | None, kinds: tuple[str, ...]) -> pl.DataFrame:
    """The zones of these kinds (none when ``zones`` is None)."""
    if zones is None:
        return pl.DataFrame(schema=ZONE_SCHEMA)
    return zones.filter(pl.col("kind").is_in(list(kinds)))


def grow_zones(zones: pl.DataFrame, metres: float) -> pl.DataFrame:
    """The zones, each grown by ``metres`` (on its own local metric plane)."""
    if metres <= 0 or zones.height == 0:
        return zones
    grown = [buffer_m(g, metres) for g in shapely.from_wkb(zones["geometry"].to_numpy())]
    return zones.with_columns(geometry=pl.Series(shapely.to_wkb(np.array(grown))))


_COARSE_DEG = 0.25


def _locate(
    lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64], zones: pl.DataFrame
) -> tuple[IntArray, IntArray]:
    """:func:`reassure.geo.zones.locate_points`, faster on many points: one pass puts
    each point in a 0.25° cell, and each zone then tests only the points of the cells
    its bounding box touches (not a bounding-box test of every point per zone)."""
    bounds = shapely.bounds(shapely.from_wkb(zones["geometry"].to_numpy()))
    west, south = np.floor(bounds[:, :2].min(axis=0) / _COARSE_DEG)
    east, north = np.floor(bounds[:, 2:].max(axis=0) / _COARSE_DEG)
    nx, ny = int(east - west) + 1, int(north - south) + 1
    if nx * ny > 4_000_000:  # zones spread over the globe: no use
        points, rows = locate_points(lon, lat, zones)
        order = np.lexsort((points, rows))
        return points[order], rows[order]
    spans = (np.floor(bounds / _COARSE_DEG) - [west, south, west, south]).astype(np.int64)
    tables = np.zeros((zones.height, ny, nx), dtype=bool)
    for z, (j0, i0, j1, i1) in enumerate(spans):
        tables[z, i0 : i1 + 1, j0 : j1 + 1] = True
    col = np.floor(lon / _COARSE_DEG) - west
    row = np.floor(lat / _COARSE_DEG) - south
    idx = np.flatnonzero((col >= 0) & (col < nx) & (row >= 0) & (row < ny))
    cell = (row[idx] * nx + col[idx]).astype(np.int64)
    touched = tables.any(axis=0).ravel()[cell]
    idx, cell = idx[touched], cell[touched]
    point_parts, zone_parts = [], []
    wkbs = zones["geometry"].to_list()
    for z in range(zones.height):
        mine = idx[tables[z].ravel()[cell]]
        if mine.size > _RASTER_MIN_POINTS:
            inside = _raster_contains(wkbs[z], lon[mine], lat[mine])
        else:
            points, _ = locate_points(lon[mine], lat[mine], zones[z : z + 1])
            inside = np.zeros(mine.size, dtype=bool)
            inside[points] = True
        point_parts.append(mine[inside])
        zone_parts.append(np.full(int(inside.sum()), z, dtype=np.int64))
    return np.concatenate(point_parts), np.concatenate(zone_parts)


_RASTER_MIN_POINTS = 200_000
_FINE_DEG = 0.01


@lru_cache(maxsize=32)
def _zone_raster(wkb: bytes) -> tuple[float, float, npt.NDArray[np.int8]]:
    """0.01° cells over a zone's bounding box: 1 inside the zone (the closed cell lies in
    its interior), 0 outside (disjoint), 2 on its boundary. Cached by geometry."""
    zone = shapely.from_wkb(wkb)
    shapely.prepare(zone)
    minx, miny, maxx, maxy = zone.bounds
    x0, y0 = np.floor(minx / _FINE_DEG) * _FINE_DEG, np.floor(miny / _FINE_DEG) * _FINE_DEG
    nx = int(np.ceil((maxx - x0) / _FINE_DEG)) + 1
    ny = int(np.ceil((maxy - y0) / _FINE_DEG)) + 1
    x, y = np.meshgrid(x0 + _FINE_DEG * np.arange(nx), y0 + _FINE_DEG * np.arange(ny))
    boxes = shapely.box(x, y, x + _FINE_DEG, y + _FINE_DEG)
    inside = shapely.contains_properly(zone, boxes)
    touch = shapely.intersects(zone, boxes)
    return float(x0), float(y0), np.where(inside, 1, np.where(touch, 2, 0)).astype(np.int8)


def _raster_contains(
    wkb: bytes, lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """``shapely.contains_xy`` for many points: the cell decides, GEOS only on the boundary."""
    x0, y0, cls = _zone_raster(wkb)
    ny, nx = cls.shape
    j = np.clip(np.floor((lon - x0) / _FINE_DEG), 0, nx - 1).astype(np.int64)
    i = np.clip(np.floor((lat - y0) / _FINE_DEG), 0, ny - 1).astype(np.int64)
    state = cls[i, j]
    inside: npt.NDArray[np.bool_] = state == 1
    check = np.flatnonzero(state == 2)
    if check.size:
        zone = shapely.from_wkb(wkb)
        shapely.prepare(zone)
        inside[check] = shapely.contains_xy(zone, lon[check], lat[check])
    return inside
