"""Properties of the movement engine on random tracks (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import mapping

from conftest import zone
from reassure.geo.metric import circle
from reassure.geo.zones import parse_zones
from reassure.tracks import (
    EncounterParams,
    JumpParams,
    PortCallParams,
    clean_positions,
    find_gaps,
    find_jumps,
    haversine_m,
)
from reassure.tracks.encounters import _close_pairs
from reassure.tracks.stops import _port_state

T0 = datetime(2026, 12, 1, tzinfo=UTC)

intervals_h = st.lists(st.floats(0.001, 30.0), min_size=1, max_size=30)


def frame(mmsi: list[int], hours: list[float], lon: list[float], lat: list[float]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "mmsi": mmsi,
            "rx_time": [T0 + timedelta(hours=h) for h in hours],
            "lon": lon,
            "lat": lat,
            "speed": [5.0] * len(mmsi),
            "source_line": list(range(1, len(mmsi) + 1)),
        },
        schema_overrides={"rx_time": pl.Datetime("us", "UTC")},
    )


@settings(max_examples=50, deadline=None)
@given(st.lists(intervals_h, min_size=1, max_size=4))
def test_gaps_are_exactly_the_silences_of_12_hours_or_more(vessels: list[list[float]]) -> None:
    mmsi, hours, expected = [], [], 0
    for v, steps in enumerate(vessels):
        times = np.concatenate([[0.0], np.cumsum(steps)])
        # rx_time has microsecond resolution: compare on what the frame can hold
        rounded = np.round(times * 3.6e9) / 3.6e9
        expected += int((np.diff(rounded) >= 12.0 - 1e-12).sum())
        mmsi += [100 + v] * times.size
        hours += times.tolist()
    n = len(mmsi)
    gaps = find_gaps(frame(mmsi, hours, [31.0] * n, [43.0] * n), None)
    assert gaps.height == expected
    assert (gaps["gap_h"] >= 12.0).all()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.01, 2.0), st.floats(0.0, 2 * np.pi)), min_size=2, max_size=40),
    st.floats(1.0, 45.0),
)
def test_a_vessel_slower_than_the_limit_never_jumps(
    legs: list[tuple[float, float]], knots: float
) -> None:
    lon, lat, hours = [31.0], [43.0], [0.0]
    for duration_h, course in legs:
        metres = knots * 1852 * duration_h
        lat.append(lat[-1] + metres * np.cos(course) / 111_200)
        lon.append(lon[-1] + metres * np.sin(course) / (111_200 * np.cos(np.radians(lat[-2]))))
        hours.append(hours[-1] + duration_h)
    jumps = find_jumps(frame([1] * len(lon), hours, lon, lat), None, JumpParams())
    assert jumps.height == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 60))
def test_the_grid_join_finds_exactly_the_pairs_brute_force_finds(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    points = pl.DataFrame(
        {
            "mmsi": np.arange(n, dtype=np.int64),
            "bin": rng.integers(0, 3, n),
            "lon": 31.0 + rng.uniform(0, 0.02, n),
            "lat": 43.0 + rng.uniform(0, 0.02, n),
        }
    ).with_columns(
        cx=(pl.col("lon") / 0.01).floor().cast(pl.Int32),
        cy=(pl.col("lat") / 0.01).floor().cast(pl.Int32),
    )
    params = EncounterParams()
    found = {(a, b) for a, b in _close_pairs(points, params).select("mmsi_a", "mmsi_b").iter_rows()}
    m, b_, x, y = (points[c].to_numpy() for c in ("mmsi", "bin", "lon", "lat"))
    i, j = np.triu_indices(n, k=1)
    close = (b_[i] == b_[j]) & (haversine_m(x[i], y[i], x[j], y[j]) <= params.max_distance_m)
    expected = {(int(m[p]), int(m[q])) for p, q in zip(i[close], j[close], strict=True)}
    assert found == expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from([1_000.0, 2_800.0, 3_300.0, 3_800.0, 4_300.0, 6_000.0]), max_size=40)
)
def test_port_state_is_the_hysteresis_state_machine(distances_m: list[float]) -> None:
    """The vectorised forward fill gives what a per-position loop gives: in port from a
    position within 3 km until one beyond 4 km."""
    port = parse_zones(
        {
            "type": "FeatureCollection",
            "features": [zone("p", "port", mapping(circle(31.5, 43.5, 3_000.0)), objective="seas")],
        }
    )
    lon = [31.5 + d / (111_195 * np.cos(np.radians(43.5))) for d in distances_m]
    n = len(lon)
    tracks = clean_positions(frame([1] * n, [k / 60 for k in range(n)], lon, [43.5] * n))
    state = _port_state(
        tracks,
        port,
        PortCallParams(),
        tracks["lon"].to_numpy(),
        tracks["lat"].to_numpy(),
        tracks["rx_time"].to_physical().to_numpy(),
    )
    expected, inside = [], False
    for d in distances_m:
        inside = d <= 3_000.0 or (inside and d <= 4_000.0)
        expected.append(0 if inside else -1)
    assert state.tolist() == expected
