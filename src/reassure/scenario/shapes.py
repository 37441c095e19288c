"""Geometry helpers of the scenario: canonical polygons and sectors along a line."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shapely
from shapely import Geometry

from reassure.geo.metric import LocalProjection
from reassure.scenario.context import COORD_DECIMALS

__all__ = ["canonical_lines", "canonical_polygons", "split_along_line"]

_GRID = 10.0**-COORD_DECIMALS
_MIN_PART_DEG2 = 1e-6
"""Polygon parts smaller than this (about 0.008 km²) are slivers of a clip: dropped."""
_SEED_SPACING_M = 2_000.0


def _flatten(geometry: Geometry) -> list[Geometry]:
    out: list[Geometry] = []
    for part in shapely.get_parts(geometry):
        if part.geom_type.startswith("Multi") or part.geom_type == "GeometryCollection":
            out.extend(_flatten(part))
        elif not part.is_empty:
            out.append(part)
    return out


def _round(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.round(coords, COORD_DECIMALS)


def canonical_polygons(geometry: Geometry) -> Geometry:
    """Polygon or MultiPolygon on the 1e-5° grid, valid, RFC 7946 ring order, no slivers.

    The result's coordinates are exactly what ``zones.geojson`` holds, so later modules
    test points against the same shapes the file has. Empty if nothing is left.
    """
    snapped = shapely.set_precision(geometry, _GRID)
    parts = [p for p in _flatten(snapped) if p.geom_type == "Polygon" and p.area >= _MIN_PART_DEG2]
    if not parts:
        return shapely.MultiPolygon([])
    parts.sort(key=lambda p: (-p.area, p.bounds))
    shape = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    shape = shapely.transform(shapely.orient_polygons(shape, exterior_cw=False), _round)
    if not shape.is_valid:  # rounding to the grid again cannot undo set_precision; guard anyway
        shape = shapely.orient_polygons(shapely.make_valid(shape), exterior_cw=False)
    return shape


def canonical_lines(geometry: Geometry) -> Geometry:
    """LineString or MultiLineString on the 1e-5° grid (parts keep their order)."""
    parts = [
        p
        for p in _flatten(shapely.transform(geometry, _round))
        if p.geom_type == "LineString" and p.length > 0
    ]
    return parts[0] if len(parts) == 1 else shapely.MultiLineString(parts)


def split_along_line(
    area: Geometry,
    line: Geometry,
    main: Geometry,
    cuts: Sequence[tuple[float, float]],
    plane: LocalProjection,
) -> list[Geometry]:
    """Cut ``area`` (lon/lat) into ``len(cuts) + 1`` pieces along ``main``.

    Each point of ``area`` goes to the piece of the line it is nearest to (a Voronoi
    partition of points every 2 km along every part of ``line``); a part of ``line``
    other than ``main`` belongs where it is nearest to ``main``. The pieces run from
    the end of ``main`` nearest the first cut point to the other end.
    """
    main_m = plane.to_metric(main)
    cut_points = [plane.to_metric(shapely.Point(lon, lat)) for lon, lat in cuts]
    along = np.array([main_m.project(p) for p in cut_points])
    if along[0] > along[-1]:
        main_m = main_m.reverse()
        along = main_m.length - along
    along.sort()
    seeds = shapely.get_coordinates(shapely.segmentize(plane.to_metric(line), _SEED_SPACING_M))
    seeds = np.unique(np.round(seeds, 1), axis=0)
    labels = np.searchsorted(along, shapely.line_locate_point(main_m, shapely.points(seeds)))
    area_m = plane.to_metric(area)
    minx, miny, maxx, maxy = area_m.bounds
    frame = shapely.box(minx, miny, maxx, maxy).buffer(100_000.0)
    cells = np.asarray(
        shapely.get_parts(
            shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=frame, ordered=True)
        )
    )
    pieces = []
    for label in range(len(cuts) + 1):
        region = shapely.union_all(cells[labels == label])
        pieces.append(shapely.intersection(area, plane.to_lonlat(region.intersection(frame))))
    return pieces
