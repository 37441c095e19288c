"""Positions in zones: the fast path gives exactly what ``locate_points`` gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from reassure.geo.zones import locate_points, read_zones
from reassure.scenario import generate
from reassure.tracks import grow_zones, zone_hits


@pytest.fixture(scope="module")
def sea_zones(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    folder: Path = tmp_path_factory.mktemp("scenario")
    generate(folder, seed=7)
    zones = read_zones(folder / "zones.geojson")
    return zones.filter(pl.col("objective") == "seas")


def test_zone_hits_equal_locate_points_on_many_points(sea_zones: pl.DataFrame) -> None:
    """300,000 points over the corridor: enough for its raster path."""
    rng = np.random.default_rng(3)
    lon = rng.uniform(27.9, 31.2, 300_000)
    lat = rng.uniform(41.1, 46.7, 300_000)
    when = np.full(lon.size, int(datetime(2026, 12, 1, 6, tzinfo=UTC).timestamp() * 1e6))
    points, rows = zone_hits(lon, lat, when, sea_zones)
    expected_points, expected_rows = locate_points(lon, lat, sea_zones)
    assert set(zip(points.tolist(), rows.tolist(), strict=True)) == set(
        zip(expected_points.tolist(), expected_rows.tolist(), strict=True)
    )
    assert np.all(np.diff(rows) >= 0)  # by zone, then point
    assert points.size > 10_000


def test_zone_hits_respect_validity_and_growth(sea_zones: pl.DataFrame) -> None:
    mcm = sea_zones.filter(pl.col("zone_id") == "exclusion-mcm-temporary")
    lon, lat = np.array([31.20, 31.20]), np.array([45.95, 45.95])
    valid_to = mcm["valid_to"][0]
    before = int(valid_to.timestamp() * 1e6) - 1
    points, _ = zone_hits(lon, lat, np.array([before, before + 1]), mcm)
    assert points.tolist() == [0]
    north = 45.95 + 5.5 * 1852 / 111_195  # 5.5 NM north of a 5 NM circle's centre
    assert zone_hits([31.2], [north], [before], mcm)[0].size == 0
    assert zone_hits([31.2], [north], [before], mcm, grow_m=1_852.0)[0].tolist() == [0]
    assert grow_zones(mcm, 0.0) is mcm
