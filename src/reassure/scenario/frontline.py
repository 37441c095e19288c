"""The line of contact: the notional built-in line, or one derived from an occupied area.

Derivation from a DeepStateMap-style GeoJSON of the Russian-occupied area (the same as
``shared/data/land/frontline/derived_line_of_contact_*.geojson``): the boundary of the
area, minus a :data:`OUTLINE_BUFFER_DEG` buffer of Ukraine's outline (the international
border and the coast, which are not a front), with parts shorter than
:data:`MIN_PART_M` dropped.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import shapely
from shapely import Geometry
from shapely.geometry import shape
from shapely.ops import linemerge

from reassure.errors import InputError
from reassure.geo.basemap import ukraine_polygon
from reassure.geo.metric import length_m
from reassure.scenario.context import LineSource
from reassure.scenario.places import NOTIONAL_LINE

__all__ = ["MIN_PART_M", "OUTLINE_BUFFER_DEG", "derive_line", "load_line", "notional_line"]

OUTLINE_BUFFER_DEG = 0.05
"""Parts of the occupied area's boundary this close to Ukraine's outline are the border
or the coast, not the front (degrees, as in the reference derivation)."""
MIN_PART_M = 5_000.0
"""Shorter parts left after removing the outline are slivers, not a front."""


def notional_line() -> LineSource:
    """The built-in NOTIONAL line (see :data:`reassure.scenario.places.NOTIONAL_LINE`)."""
    line = shapely.LineString([(lon, lat) for _, lon, lat in NOTIONAL_LINE])
    return LineSource("notional", None, line, line)


def load_line(path: Path | None) -> LineSource:
    """The notional line for ``None``, else the line derived from the file at ``path``."""
    if path is None:
        return notional_line()
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, expected an occupied-area GeoJSON file") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(source, f"not GeoJSON: {exc}") from None
    area = _occupied_area(data, source)
    line = derive_line(area)
    if line.is_empty:
        raise InputError(source, "no line of contact left after removing the border and coast")
    return LineSource(path.name, hashlib.sha256(raw).hexdigest(), line, _longest(line))


def derive_line(occupied: Geometry) -> Geometry:
    """The line of contact of an occupied area (see the module docs), lon/lat."""
    outline = ukraine_polygon().boundary.buffer(OUTLINE_BUFFER_DEG)
    front = shapely.difference(occupied.boundary, outline)
    parts = shapely.get_parts(front)
    lines = [p for p in parts if p.geom_type == "LineString"]
    if not lines:
        return shapely.MultiLineString([])
    merged = linemerge(shapely.MultiLineString(lines))
    kept = [p for p in shapely.get_parts(merged) if length_m(p) >= MIN_PART_M]
    # Longest first, then by coordinates: the order does not depend on GEOS internals.
    kept.sort(key=lambda p: (-round(length_m(p)), p.coords[0]))
    if len(kept) == 1:
        return kept[0]
    return shapely.MultiLineString(kept)


def _longest(line: Geometry) -> Geometry:
    parts = list(shapely.get_parts(line))
    return max(parts, key=length_m)


def _occupied_area(data: Any, source: str) -> Geometry:
    geometries: list[Any] = []
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        geometries = [f.get("geometry") for f in data.get("features") or [] if isinstance(f, dict)]
    elif isinstance(data, dict) and data.get("type") == "Feature":
        geometries = [data.get("geometry")]
    elif isinstance(data, dict):
        geometries = [data]
    shapes = []
    for index, raw in enumerate(geometries):
        if not isinstance(raw, dict) or raw.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        try:
            shapes.append(shapely.make_valid(shape(raw)))
        except Exception as exc:  # shapely raises several types on malformed input
            raise InputError(source, f"broken geometry: {exc}", index) from None
    if not shapes:
        raise InputError(source, "no Polygon or MultiPolygon: expected an occupied-area GeoJSON")
    area = shapely.union_all(shapes)
    minx, miny, maxx, maxy = area.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise InputError(source, "coordinates outside lon/lat range: RFC 7946 wants WGS84")
    return area
