"""Zones of the agreement: read and validate RFC 7946 GeoJSON into a frame.

Each feature's properties:

| property | required | meaning |
|---|---|---|
| ``zone_id`` | yes | unique id (letters, digits, ``_-.:``) |
| ``kind`` | yes | one of :data:`ZONE_KINDS` |
| ``objective`` | yes | skies, seas, land, support or force |
| ``name`` | no | human name (defaults to ``zone_id``) |
| ``floor_ft``, ``ceiling_ft`` | no | vertical limits of an airspace volume, feet AMSL |
| ``valid_from``, ``valid_to`` | no | ISO 8601 with a UTC offset |
| ``releasability`` | no | list of ISO alpha-3 codes; empty or absent = every coalition nation |

Any other property is kept in ``properties`` (JSON). Geometry must be a valid Polygon
or MultiPolygon in lon/lat (WGS84); only ``line_of_contact`` zones are lines. A
``crs`` member other than CRS84/EPSG:4326 is refused. The whole file is checked
before anything is stored: the first problem raises :class:`InputError` naming the
feature index.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from reassure.codes import is_alpha3
from reassure.errors import InputError
from reassure.events import OBJECTIVES

if TYPE_CHECKING:  # GEOS is loaded to parse or locate, not to read the store's zones
    import shapely

__all__ = ["ZONE_KINDS", "ZONE_SCHEMA", "locate_points", "parse_zones", "read_zones"]

ZONE_KINDS = (
    "corridor",
    "exclusion",
    "protected_airspace",
    "dmz",
    "withdrawal",
    "port",
    "anchorage",
    "protected_site",
    "sector",
    "line_of_contact",
)

ZONE_SCHEMA: dict[str, pl.DataType] = {
    "zone_id": pl.String(),
    "name": pl.String(),
    "kind": pl.String(),
    "objective": pl.String(),
    "floor_ft": pl.Float64(),
    "ceiling_ft": pl.Float64(),
    "valid_from": pl.Datetime("us", "UTC"),
    "valid_to": pl.Datetime("us", "UTC"),
    "releasability": pl.List(pl.String()),
    "properties": pl.String(),
    "geometry": pl.Binary(),
}

_CRS84 = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}
_ZONE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_KNOWN = {
    "zone_id",
    "name",
    "kind",
    "objective",
    "floor_ft",
    "ceiling_ft",
    "valid_from",
    "valid_to",
    "releasability",
}


def read_zones(path: Path) -> pl.DataFrame:
    """Read and validate a zones GeoJSON file (see the module docs)."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not JSON: {exc.msg} at column {exc.colno}", exc.lineno) from None
    except RecursionError:
        raise InputError(source, "not GeoJSON: JSON nested too deeply") from None
    return parse_zones(data, source)


def parse_zones(data: Any, source: str = "<zones>") -> pl.DataFrame:
    """Validate a decoded GeoJSON object and return one row per zone."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(source, "not a GeoJSON FeatureCollection")
    crs = data.get("crs")
    if crs is not None:
        name = (crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None
        if name not in _CRS84:
            raise InputError(source, f"CRS {name!r} is not WGS84 lon/lat (RFC 7946 wants CRS84)")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise InputError(source, "FeatureCollection has no features")
    rows = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        row = _parse_feature(feature, source, index)
        if row["zone_id"] in seen:
            raise InputError(source, f"feature {index}: duplicate zone_id {row['zone_id']!r}")
        seen.add(row["zone_id"])
        rows.append(row)
    return pl.DataFrame(rows, schema=ZONE_SCHEMA, orient="row")


def _parse_feature(feature: Any, source: str, index: int) -> dict[str, Any]:
    import shapely

    def fail(reason: str) -> InputError:
        return InputError(source, f"feature {index}: {reason}")

    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise fail("not a GeoJSON Feature")
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise fail("no properties")
    for key in ("zone_id", "kind", "objective"):
        if not isinstance(props.get(key), str) or not props[key]:
            raise fail(f"missing property {key!r}")
    zone_id, kind, objective = props["zone_id"], props["kind"], props["objective"]
    if not _ZONE_ID.match(zone_id):
        raise fail(f"zone_id {zone_id!r} has characters other than letters, digits, _.:-")
    if kind not in ZONE_KINDS:
        raise fail(f"kind {kind!r} is not one of {', '.join(ZONE_KINDS)}")
    if objective not in OBJECTIVES:
        raise fail(f"objective {objective!r} is not one of {', '.join(OBJECTIVES)}")
    geometry = _geometry(feature.get("geometry"), kind, fail)
    floor_ft = _number(props.get("floor_ft"), "floor_ft", fail)
    ceiling_ft = _number(props.get("ceiling_ft"), "ceiling_ft", fail)
    if floor_ft is not None and ceiling_ft is not None and floor_ft >= ceiling_ft:
        raise fail(f"floor_ft {floor_ft} is not below ceiling_ft {ceiling_ft}")
    valid_from = _time(props.get("valid_from"), "valid_from", fail)
    valid_to = _time(props.get("valid_to"), "valid_to", fail)
    if valid_from and valid_to and valid_from >= valid_to:
        raise fail("valid_to is not after valid_from")
    releasability = props.get("releasability")
    if releasability is None:  # only an absent or null releasability means every nation
        releasability = []
    if not isinstance(releasability, list) or not all(is_alpha3(n) for n in releasability):
        raise fail("releasability must be a list of ISO alpha-3 codes such as ['GBR', 'FRA']")
    extra = {k: v for k, v in sorted(props.items()) if k not in _KNOWN}
    return {
        "zone_id": zone_id,
        "name": str(props.get("name") or zone_id),
        "kind": kind,
        "objective": objective,
        "floor_ft": floor_ft,
        "ceiling_ft": ceiling_ft,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "releasability": sorted(set(releasability)),
        "properties": json.dumps(extra, sort_keys=True),
        "geometry": shapely.to_wkb(geometry),
    }


def _geometry(raw: Any, kind: str, fail: Any) -> shapely.Geometry:
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    if not isinstance(raw, dict):
        raise fail("no geometry")
    try:
        geometry = shape(raw)
    except Exception as exc:  # shapely raises several types on malformed input
        raise fail(f"broken geometry: {exc}") from None
    allowed = (
        ("LineString", "MultiLineString")
        if kind == "line_of_contact"
        else ("Polygon", "MultiPolygon")
    )
    if geometry.geom_type not in allowed:
        raise fail(f"{kind} geometry must be {' or '.join(allowed)}, not {geometry.geom_type}")
    if geometry.is_empty:
        raise fail("empty geometry")
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise fail("coordinates outside lon/lat range: projected CRS? RFC 7946 wants WGS84")
    if not geometry.is_valid:
        raise fail(f"invalid geometry: {explain_validity(geometry)}")
    return geometry


def _number(value: Any, name: str, fail: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise fail(f"{name} must be a finite number, not {value!r}")
    return float(value)


def _time(value: Any, name: str, fail: Any) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise fail(f"{name} {value!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise fail(f"{name} {value!r} has no UTC offset")
    return parsed


def locate_points(
    lon: np.ndarray, lat: np.ndarray, zones: pl.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Which point lies inside which zone: arrays (point index, zone row index).

    Vectorised over the points: per zone, a bounding-box mask, then GEOS's prepared
    point-in-polygon on the candidates (``shapely.contains_xy``). A point on a zone's
    boundary is outside (as ``ST_Contains``); a point inside several zones appears once
    per zone. ``zones`` is a :data:`ZONE_SCHEMA` frame; pairs are sorted by point.
    """
    import shapely

    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    point_parts, zone_parts = [], []
    for index, geometry in enumerate(shapely.from_wkb(zones["geometry"].to_numpy())):
        minx, miny, maxx, maxy = geometry.bounds
        candidates = np.flatnonzero((lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy))
        if candidates.size == 0:
            continue
        shapely.prepare(geometry)
        inside = candidates[shapely.contains_xy(geometry, lon[candidates], lat[candidates])]
        point_parts.append(inside)
        zone_parts.append(np.full(inside.size, index, dtype=np.int64))
    if not point_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    points, zone_rows = np.concatenate(point_parts), np.concatenate(zone_parts)
    order = np.lexsort((zone_rows, points))
    return points[order].astype(np.int64), zone_rows[order]
