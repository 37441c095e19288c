"""Metric geometry on lon/lat shapes: buffers, circles, lengths and areas in metres."""

from __future__ import annotations

import math

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from reassure.geo.metric import (
    NAUTICAL_MILE_M,
    area_m2,
    buffer_m,
    circle,
    length_m,
    local_projection,
)


def test_point_buffer_of_10_km_has_the_area_of_a_10_km_circle() -> None:
    disc = buffer_m(shapely.Point(37.61, 49.71), 10_000)  # Kupiansk
    assert area_m2(disc) / 1e6 == pytest.approx(math.pi * 10**2, rel=0.01)


@settings(max_examples=40, deadline=None)
@given(
    lon=st.floats(20, 42),
    lat=st.floats(40, 53),
    radius_km=st.floats(0.5, 200),
)
def test_circle_area_is_pi_r_squared_anywhere_in_the_theatre(
    lon: float, lat: float, radius_km: float
) -> None:
    disc = circle(lon, lat, radius_km * 1000)
    assert disc.is_valid
    assert disc.contains(shapely.Point(lon, lat))
    # the 128-gon is 0.04 % short of the circle; the earth is not flat: stay within 0.5 %
    assert area_m2(disc) / 1e6 == pytest.approx(math.pi * radius_km**2, rel=0.005)


def test_line_buffer_is_as_wide_in_kilometres_wherever_it_lies() -> None:
    # A 100 km west-east line at 45N and at 52N: in degrees the 52N buffer is wider,
    # in km both are 2 x 15 km wide.
    for lat in (45.0, 52.0):
        dlon = 100_000 / (111_320 * math.cos(math.radians(lat)))
        line = shapely.LineString([(30.0, lat), (30.0 + dlon, lat)])
        band = buffer_m(line, 15_000)
        expected_km2 = length_m(line) / 1000 * 30 + math.pi * 15**2
        assert area_m2(band) / 1e6 == pytest.approx(expected_km2, rel=0.01)


def test_negative_buffer_shrinks_a_polygon() -> None:
    square = shapely.box(30, 46, 31, 47)
    inner = buffer_m(square, -5_000)
    assert inner.within(square)
    assert area_m2(inner) < area_m2(square)


def test_length_of_one_degree_of_latitude() -> None:
    meridian = shapely.LineString([(30, 47), (30, 48)])
    assert length_m(meridian) == pytest.approx(111_170, rel=1e-3)
    assert length_m(meridian) == pytest.approx(60 * NAUTICAL_MILE_M, rel=0.01)


def test_projection_round_trip_and_distances_from_the_centre() -> None:
    plane = local_projection(34.0, 48.0)
    point = shapely.Point(36.0, 49.5)
    back = plane.to_lonlat(plane.to_metric(point))
    assert back.distance(point) < 1e-9
    x, y = plane.xy([34.0, 36.0], [48.0, 49.5])
    assert (x[0], y[0]) == pytest.approx((0.0, 0.0), abs=1e-6)
    geodesic = length_m(shapely.LineString([(34.0, 48.0), (36.0, 49.5)]))
    assert math.hypot(x[1], y[1]) == pytest.approx(geodesic, rel=1e-6)
    lon, lat = plane.lonlat(x, y)
    assert list(lon) == pytest.approx([34.0, 36.0]) and list(lat) == pytest.approx([48.0, 49.5])


def test_empty_geometry_buffers_to_itself() -> None:
    empty = shapely.Polygon()
    assert buffer_m(empty, 1_000).is_empty
