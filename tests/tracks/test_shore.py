"""Distance to shore: the grid against exact distances, and the land test against GEOS."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from reassure.geo.basemap import sea_polygon
from reassure.geo.metric import local_projection
from reassure.geo.shore import (
    GRID_BOUNDS,
    _coast_lonlat,
    land_polygon,
    on_land,
    shore_distance_km,
)

GRID_TOLERANCE_KM = 1.5
"""Largest error of the grid at sea (the module docs state it)."""
GRID_P99_KM = 0.5


@pytest.fixture(scope="module")
def sea_points() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    lon = rng.uniform(27.3, 42.0, 8000)
    lat = rng.uniform(40.9, 47.4, 8000)
    inside = shapely.contains_xy(sea_polygon(), lon, lat)
    return lon[inside][:2000], lat[inside][:2000]


def test_grid_distance_matches_the_exact_distance_at_sea(
    sea_points: tuple[np.ndarray, np.ndarray],
) -> None:
    lon, lat = sea_points
    grid = shore_distance_km(lon, lat)
    exact = shore_distance_km(lon, lat, exact=True)
    error = np.abs(grid - exact)
    assert error.max() <= GRID_TOLERANCE_KM
    assert np.percentile(error, 99) <= GRID_P99_KM


def test_exact_distance_agrees_with_shapely_on_a_local_plane(
    sea_points: tuple[np.ndarray, np.ndarray],
) -> None:
    """An independent computation: GEOS distance on an azimuthal equidistant plane
    centred on the point (exact for distances from the centre)."""
    lon, lat = sea_points
    exact = shore_distance_km(lon[:25], lat[:25], exact=True)
    coast = _coast_lonlat()
    for x, y, ours in zip(lon[:25], lat[:25], exact, strict=True):
        plane = local_projection(float(x), float(y))
        theirs = plane.to_metric(coast).distance(shapely.Point(0.0, 0.0)) / 1000.0
        assert ours == pytest.approx(theirs, rel=2e-3, abs=0.01)


@pytest.mark.parametrize(
    ("lon", "lat", "land", "low_km", "high_km"),
    [
        pytest.param(34.0, 45.0, True, 28.0, 34.0, id="crimea-steppe"),
        pytest.param(31.5, 43.5, False, 185.0, 195.0, id="mid-black-sea"),
        pytest.param(30.8, 46.4, False, 1.0, 3.0, id="odesa-bay"),
    ],
)
def test_known_places(lon: float, lat: float, land: bool, low_km: float, high_km: float) -> None:
    assert bool(on_land([lon], [lat])[0]) is land
    assert low_km <= shore_distance_km([lon], [lat])[0] <= high_km


def test_outside_the_grid_is_unknown_and_never_land() -> None:
    lon, lat = np.array([10.0, 50.0, 30.0]), np.array([45.0, 45.0, 60.0])
    assert np.isnan(shore_distance_km(lon, lat)).all()
    assert np.isnan(shore_distance_km(lon, lat, exact=True)).all()
    assert not on_land(lon, lat).any()


def test_on_land_is_exact_everywhere_on_the_grid() -> None:
    west, south, east, north = GRID_BOUNDS
    rng = np.random.default_rng(5)
    lon = rng.uniform(west, east, 200_000)
    lat = rng.uniform(south, north, 200_000)
    expected = shapely.contains_xy(land_polygon(), lon, lat)
    np.testing.assert_array_equal(on_land(lon, lat), expected)
