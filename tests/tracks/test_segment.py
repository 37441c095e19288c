"""Positions to tracks: cleaning, order, repeats, steps and lines for the map."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from reassure.tracks import TRACK_SCHEMA, clean_positions, haversine_m, track_lines
from reassure.tracks.segment import is_clean, speed_kn, step_arrays, step_upper_m

T0 = datetime(2026, 12, 1, 6, tzinfo=UTC)


def raw(rows: list[tuple[int, float, float, float, float]]) -> pl.DataFrame:
    """Decoder-like positions from (mmsi, minutes, lon, lat, speed); line = row + 1."""
    return pl.DataFrame(
        {
            "msg_type": [1] * len(rows),
            "mmsi": [r[0] for r in rows],
            "rx_time": [T0 + timedelta(minutes=r[1]) for r in rows],
            "lon": [r[2] for r in rows],
            "lat": [r[3] for r in rows],
            "speed": [r[4] for r in rows],
            "course": [360.0] * len(rows),
            "heading": [511] * len(rows),
            "source_line": list(range(1, len(rows) + 1)),
        },
        schema_overrides={"rx_time": pl.Datetime("us", "UTC"), "speed": pl.Float32},
    )


def test_clean_drops_unavailable_fixes_sorts_and_drops_repeats() -> None:
    frame = raw(
        [
            (2, 5.0, 31.0, 43.0, 10.0),
            (1, 3.0, 181.0, 91.0, 10.0),  # no fix
            (1, 1.0, 31.0, 43.0, 102.3),  # speed not available
            (1, 2.0, 31.1, 43.0, 9.5),
            (1, 2.0, 31.1, 43.0, 9.5),  # heard twice
            (1, 0.0, 31.0, 91.0, 9.5),  # latitude not available
        ]
    )
    tracks = clean_positions(frame)
    assert tracks.schema == pl.Schema(TRACK_SCHEMA)
    assert tracks["source_line"].to_list() == [3, 4, 1]
    assert tracks["speed"].to_list() == [None, 9.5, 10.0]
    assert clean_positions(tracks) is tracks  # already clean: returned as is
    assert is_clean(tracks) and not is_clean(frame)


def test_clean_keeps_the_source_file() -> None:
    frame = raw([(1, 0.0, 31.0, 43.0, 1.0)]).with_columns(source=pl.lit("a.nmea"))
    assert clean_positions(frame)["source"].to_list() == ["a.nmea"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.integers(0, 8),
            st.sampled_from([30.0, 30.5, 181.0]),
            st.sampled_from([43.0, 43.2, 91.0]),
            st.sampled_from([0.0, 5.0, 102.3]),
        ),
        max_size=40,
    )
)
def test_clean_is_independent_of_input_order(
    rows: list[tuple[int, int, float, float, float]],
) -> None:
    frame = raw([(m, float(t), x, y, v) for m, t, x, y, v in rows])
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=1) if frame.height else frame
    a, b = clean_positions(frame), clean_positions(shuffled)
    key = ["mmsi", "rx_time", "lon", "lat"]
    assert a.equals(b)
    assert is_clean(a)
    assert not a["lon"].is_in([181.0]).any()
    assert a.select(pl.struct(key).is_unique().all()).item()


def test_steps_speed_and_bounds() -> None:
    tracks = clean_positions(
        raw(
            [
                (1, 0.0, 31.0, 43.0, float("nan")),
                (1, 60.0, 31.0, 43.1, float("nan")),  # 0.1° north in an hour
                (2, 0.0, 31.0, 43.0, 4.0),
            ]
        ).with_columns(pl.col("speed").fill_nan(None))
    )
    same, dt_s = step_arrays(tracks)
    assert same.tolist() == [False, True, False]
    assert dt_s.tolist() == [0.0, 3600.0, 0.0]
    metres = haversine_m(31.0, 43.0, 31.0, 43.1)
    knots = metres / 1852.0
    assert speed_kn(tracks) == pytest.approx([knots, knots, 4.0])
    assert (step_upper_m(tracks)[1:2] >= metres).all()


def test_track_lines_split_at_long_silences_and_draw_single_positions_as_points() -> None:
    rows = [(1, float(k), 31.0 + 0.01 * k, 43.0, 10.0) for k in range(10)]
    rows += [(1, 60.0 * 13 + k, 31.2 + 0.01 * k, 43.0, 10.0) for k in range(5)]
    rows += [(2, 0.0, 32.0, 44.0, 0.0)]
    lines = track_lines(raw(rows))
    assert lines["mmsi"].to_list() == [1, 1, 2]
    assert lines["n"].to_list() == [10, 5, 1]
    shapes = shapely.from_wkb(lines["geometry"].to_numpy())
    assert [g.geom_type for g in shapes] == ["LineString", "LineString", "Point"]
    assert len(shapes[0].coords) == 2  # a straight line simplifies to its two ends
    assert track_lines(raw(rows), mmsi=[2]).height == 1


def test_haversine_is_the_great_circle_on_a_meridian() -> None:
    assert haversine_m(30.0, 40.0, 30.0, 41.0) == pytest.approx(
        6_371_008.8 * np.radians(1.0), rel=1e-12
    )
