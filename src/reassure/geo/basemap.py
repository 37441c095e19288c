"""Offline basemap layers shipped in the package (see ``basemap/SOURCES.md``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from shapely import Geometry, union_all
from shapely.geometry import shape

__all__ = ["BASEMAP_LAYERS", "basemap_bytes", "basemap_geojson", "sea_polygon", "ukraine_polygon"]

BASEMAP_LAYERS = ("countries", "oblasts", "sea")


def basemap_bytes(layer: str) -> bytes:
    """The raw GeoJSON of one layer (``countries``, ``oblasts`` or ``sea``)."""
    if layer not in BASEMAP_LAYERS:
        raise KeyError(f"no basemap layer {layer!r}; layers: {', '.join(BASEMAP_LAYERS)}")
    return resources.files("reassure.geo").joinpath("basemap", f"{layer}.geojson").read_bytes()


@cache
def basemap_geojson(layer: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(basemap_bytes(layer))
    return data


@cache
def ukraine_polygon() -> Geometry:
    """Ukraine's outline (Natural Earth, Crimea included) as a shapely geometry."""
    features = basemap_geojson("countries")["features"]
    parts = [shape(f["geometry"]) for f in features if f["properties"]["iso_a3"] == "UKR"]
    return union_all(parts)


@cache
def sea_polygon() -> Geometry:
    """The Black Sea and the Sea of Azov as one shapely geometry."""
    return union_all([shape(f["geometry"]) for f in basemap_geojson("sea")["features"]])
