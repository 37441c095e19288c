from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shapely

from conftest import square, write_fc, zone
from reassure.errors import InputError
from reassure.geo.zones import ZONE_KINDS, parse_zones, read_zones


def test_reads_every_property(tmp_path: Path) -> None:
    path = write_fc(
        tmp_path / "z.geojson",
        [
            zone(
                "airspace-kyiv",
                "protected_airspace",
                square(30, 50, 0.5),
                objective="skies",
                name="Kyiv",
                floor_ft=0,
                ceiling_ft=66000,
                valid_from="2026-12-01T00:00:00Z",
                releasability=["GBR", "FRA", "GBR"],
                authority="agreement art. 4",
            ),
            zone("dmz-1", "dmz", square(36, 47, 1)),
        ],
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
    )
    zones = read_zones(path)
    first = zones.row(0, named=True)
    assert zones.height == 2
    assert first["zone_id"] == "airspace-kyiv" and first["ceiling_ft"] == 66000.0
    assert first["releasability"] == ["FRA", "GBR"]
    assert first["valid_from"].isoformat() == "2026-12-01T00:00:00+00:00"
    assert json.loads(first["properties"]) == {"authority": "agreement art. 4"}
    assert shapely.from_wkb(first["geometry"]).area == pytest.approx(0.25)
    assert zones.row(1, named=True)["name"] == "dmz-1"


def _bowtie() -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[30, 46], [31, 47], [31, 46], [30, 47], [30, 46]]]}


BAD = [
    pytest.param({"type": "Feature"}, "not a GeoJSON FeatureCollection", id="not-a-collection"),
    pytest.param({"type": "FeatureCollection", "features": []}, "no features", id="empty"),
    pytest.param(
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
            "features": [zone("a", "dmz", square(30, 46, 1))],
        },
        "not WGS84",
        id="wrong-crs",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", square(3_300_000, 5_800_000, 1000))],
        },
        "projected CRS",
        id="projected",
    ),
    pytest.param(
        {"type": "FeatureCollection", "features": [zone("a", "dmz", _bowtie())]},
        "feature 0: invalid geometry: Self-intersection",
        id="self-intersection",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [
                zone("a", "dmz", square(30, 46, 1)),
                {
                    "type": "Feature",
                    "geometry": square(31, 46, 1),
                    "properties": {"zone_id": "b", "kind": "dmz"},
                },
            ],
        },
        "feature 1: missing property 'objective'",
        id="missing-objective",
    ),
    pytest.param(
        {"type": "FeatureCollection", "features": [zone("a", "moat", square(30, 46, 1))]},
        "kind 'moat' is not one of",
        id="bad-kind",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", square(30, 46, 1)), zone("a", "dmz", square(32, 46, 1))],
        },
        "feature 1: duplicate zone_id 'a'",
        id="duplicate-id",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [
                zone("a", "protected_airspace", square(30, 46, 1), floor_ft=5000, ceiling_ft=1000)
            ],
        },
        "floor_ft 5000.0 is not below ceiling_ft",
        id="floor-above-ceiling",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", square(30, 46, 1), releasability="")],
        },
        "releasability must be a list",
        id="releasability-empty-string-fails-closed",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "protected_airspace", square(30, 46, 1), floor_ft=float("nan"))],
        },
        "floor_ft must be a finite number",
        id="nan-floor",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", square(30, 46, 1), releasability="GBR")],
        },
        "releasability must be a list",
        id="releasability-string",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", {"type": "Point", "coordinates": [30, 46]})],
        },
        "must be Polygon or MultiPolygon, not Point",
        id="point-zone",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", {"type": "Polygon", "coordinates": [[[30, 46], [31]]]})],
        },
        "broken geometry",
        id="broken-coordinates",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [
                zone(
                    "a",
                    "dmz",
                    square(30, 46, 1),
                    valid_from="2026-12-02T00:00:00Z",
                    valid_to="2026-12-01T00:00:00Z",
                )
            ],
        },
        "valid_to is not after valid_from",
        id="valid-to-before-from",
    ),
    pytest.param(
        {
            "type": "FeatureCollection",
            "features": [zone("a", "dmz", square(30, 46, 1), valid_from="2026-12-01")],
        },
        "no UTC offset",
        id="naive-time",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_zone_files_name_the_feature_and_problem(data: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_zones(data, "z.geojson")


def test_line_of_contact_is_the_only_line_kind() -> None:
    line = {"type": "LineString", "coordinates": [[36, 47], [37, 48]]}
    zones = parse_zones(
        {"type": "FeatureCollection", "features": [zone("loc", "line_of_contact", line)]}
    )
    assert zones["kind"].to_list() == ["line_of_contact"]
    assert "line_of_contact" in ZONE_KINDS


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_zones(tmp_path / "missing.geojson")
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(InputError, match=r"broken.geojson:1: not JSON"):
        read_zones(broken)
    binary = tmp_path / "binary.geojson"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    with pytest.raises(InputError, match="cannot read"):
        read_zones(binary)


def test_locate_points_matches_point_by_point_shapely() -> None:
    import numpy as np

    from reassure.geo.zones import locate_points

    ring = [[30, 46], [34, 46], [34, 50], [30, 50], [30, 46]]
    hole = [[31, 47], [33, 47], [33, 49], [31, 49], [31, 47]]
    zones = parse_zones(
        {
            "type": "FeatureCollection",
            "features": [
                zone("holed", "dmz", {"type": "Polygon", "coordinates": [ring, hole]}),
                zone("overlap", "withdrawal", square(33, 45, 2)),
            ],
        }
    )
    rng = np.random.default_rng(1)
    lon = np.concatenate([rng.uniform(29, 36, 2000), [30.0, 32.0, 33.5]])
    lat = np.concatenate([rng.uniform(44, 51, 2000), [48.0, 48.0, 46.5]])
    points, rows = locate_points(lon, lat, zones)
    geometries = [shapely.from_wkb(g) for g in zones["geometry"]]
    expected = sorted(
        (i, z)
        for i in range(len(lon))
        for z, g in enumerate(geometries)
        if g.contains(shapely.Point(lon[i], lat[i]))
    )
    assert list(zip(points.tolist(), rows.tolist(), strict=True)) == expected
    got = {(int(i), int(z)) for i, z in zip(points, rows, strict=True)}
    assert (2000, 0) not in got  # on the outer boundary: outside, as ST_Contains
    assert (2001, 0) not in got  # in the hole
    assert {(2002, 0), (2002, 1)} <= got  # inside both zones


def test_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.geojson"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError, match="nested too deeply"):
        read_zones(deep)
