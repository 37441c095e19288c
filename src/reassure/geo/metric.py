"""Metric geometry on lon/lat shapes: buffers, circles, lengths and areas in metres.

Shapes in reassure are WGS84 lon/lat (RFC 7946), where a "15 km buffer" cannot be
drawn with ``shape.buffer(0.15)``: a degree of longitude is 111 km at the equator and
74 km at Kharkiv. These helpers project to a local **azimuthal equidistant** (AEQD)
plane centred on the shape, do the work in metres and project back.

Accuracy: AEQD keeps distances from its centre exact; across the plane the scale error
grows as about ``(r / R)² / 6`` for a point ``r`` from the centre (``R`` = 6,371 km),
i.e. 0.05 % at 500 km and 0.2 % at 1,000 km, which is well below what a ceasefire
line can claim. Lengths and areas use geodesics on the WGS84 ellipsoid (exact).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Geod, Transformer
from shapely import Geometry

__all__ = [
    "NAUTICAL_MILE_M",
    "LocalProjection",
    "area_m2",
    "buffer_m",
    "circle",
    "length_m",
    "local_projection",
]

Metres = Annotated[float, "metre"]
Degrees = Annotated[float, "degree"]

NAUTICAL_MILE_M: Metres = 1852.0
"""The international nautical mile (IHO, 1929)."""

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class LocalProjection:
    """A local AEQD plane centred on (``lon0``, ``lat0``); metres east and north."""

    lon0: Degrees
    lat0: Degrees
    _forward: Transformer
    _inverse: Transformer

    def to_metric(self, geometry: Geometry) -> Geometry:
        """Project a lon/lat geometry to metres on this plane."""
        return _apply(self._forward, geometry)

    def to_lonlat(self, geometry: Geometry) -> Geometry:
        """Project a geometry in metres on this plane back to lon/lat."""
        return _apply(self._inverse, geometry)

    def xy(
        self, lon: npt.ArrayLike, lat: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Arrays of lon/lat to arrays of x/y metres."""
        x, y = self._forward.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x, float), np.asarray(y, float)

    def lonlat(
        self, x: npt.ArrayLike, y: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Arrays of x/y metres to arrays of lon/lat."""
        lon, lat = self._inverse.transform(np.asarray(x, float), np.asarray(y, float))
        return np.asarray(lon, float), np.asarray(lat, float)


def local_projection(lon0: Degrees, lat0: Degrees) -> LocalProjection:
    """The AEQD plane centred on a point (cached by the centre rounded to 1e-6°)."""
    return _projection(round(float(lon0), 6), round(float(lat0), 6))


@lru_cache(maxsize=256)
def _projection(lon0: float, lat0: float) -> LocalProjection:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inverse = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return LocalProjection(lon0, lat0, forward, inverse)


def _centre(geometry: Geometry) -> LocalProjection:
    minx, miny, maxx, maxy = geometry.bounds
    return local_projection((minx + maxx) / 2, (miny + maxy) / 2)


def _apply(transformer: Transformer, geometry: Geometry) -> Geometry:
    def project(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, project)


def buffer_m(
    geometry: Geometry,
    distance: Metres,
    *,
    quad_segs: int = 16,
    projection: LocalProjection | None = None,
) -> Geometry:
    """Buffer a lon/lat geometry by ``distance`` metres (negative shrinks a polygon).

    The work is done on ``projection`` (default: the AEQD plane centred on the
    geometry's bounding box); ``quad_segs`` segments approximate a quarter circle.
    """
    if geometry.is_empty:
        return geometry
    plane = projection or _centre(geometry)
    buffered = plane.to_metric(geometry).buffer(distance, quad_segs=quad_segs)
    return plane.to_lonlat(buffered)


def circle(lon: Degrees, lat: Degrees, radius: Metres, *, quad_segs: int = 32) -> Geometry:
    """A polygon of every point within ``radius`` metres of (lon, lat) (geodesic circle)."""
    plane = local_projection(lon, lat)
    disc = shapely.Point(0.0, 0.0).buffer(radius, quad_segs=quad_segs)
    return plane.to_lonlat(disc)


def length_m(geometry: Geometry) -> Metres:
    """Geodesic length on the WGS84 ellipsoid (perimeter for polygons)."""
    return float(_GEOD.geometry_length(geometry))


def area_m2(geometry: Geometry) -> float:
    """Geodesic area in m² on the WGS84 ellipsoid (0 for points and lines)."""
    area, _ = _GEOD.geometry_area_perimeter(shapely.orient_polygons(geometry))
    return abs(float(area))
