"""Port calls (GFW port visits) and time in zones, on a port drawn in open water."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from shapely.geometry import mapping

from conftest import square, zone
from reassure.geo.metric import circle
from reassure.geo.zones import parse_zones
from reassure.sea.detect import detect_port_calls
from reassure.tracks import PortCallParams, find_port_calls, zone_dwell

T0 = datetime(2026, 12, 1, 6, tzinfo=UTC)
PORT = (31.5, 43.5)
M_PER_DEG = 6_371_008.8 * math.pi / 180


@pytest.fixture(scope="module")
def zones() -> pl.DataFrame:
    port = mapping(circle(*PORT, 3_000.0))
    return parse_zones(
        {
            "type": "FeatureCollection",
            "features": [
                zone("port-test", "port", port, objective="seas", releasability=["GBR"]),
                zone(
                    "box",
                    "exclusion",
                    square(31.6, 43.4, 0.2),
                    objective="seas",
                    valid_to="2026-12-01T09:00:00Z",
                ),
            ],
        }
    )


def visit(plan: list[tuple[int, float, float | None]]) -> pl.DataFrame:
    """Positions every minute from (minutes, metres east of the port's centre, knots)."""
    rows, minute = [], 0
    for count, east_m, speed in plan:
        for _ in range(count):
            lon = PORT[0] + east_m / (M_PER_DEG * math.cos(math.radians(PORT[1])))
            rows.append((42, T0 + timedelta(minutes=minute), lon, PORT[1], speed, minute + 1))
            minute += 1
    return pl.DataFrame(
        rows,
        schema={
            "mmsi": pl.Int64,
            "rx_time": pl.Datetime("us", "UTC"),
            "lon": pl.Float64,
            "lat": pl.Float64,
            "speed": pl.Float64,
            "source_line": pl.Int64,
        },
        orient="row",
    )


APPROACH = [(17, 3_200.0, 10.0), (1, 2_900.0, 10.0)]  # 3.2 km out: not in yet; entry at 2.9 km
LEAVE = [(10, 4_200.0, 10.0)]  # beyond 4 km: out


def test_a_port_call_holds_through_the_band_between_3_and_4_km(zones: pl.DataFrame) -> None:
    track = visit([*APPROACH, (240, 1_000.0, 0.0), (30, 3_500.0, 0.1), (30, 1_000.0, 0.0), *LEAVE])
    events = detect_port_calls(track, zones)
    assert events.height == 1
    row = events.row(0, named=True)
    assert (row["kind"], row["zone_id"], row["severity"]) == ("port_call", "port-test", "info")
    assert row["start_time"] == T0 + timedelta(minutes=17)
    assert row["end_time"] == T0 + timedelta(minutes=317)
    assert row["releasability"] == ["GBR"]
    found = json.loads(row["evidence"])
    assert found["duration_h"] == 5.0 and found["complete"] is True
    assert found["records"] == ["ais:18", "ais:318"] and found["exit_record"] == "ais:319"


def test_the_exit_record_names_its_file(zones: pl.DataFrame) -> None:
    track = visit([*APPROACH, (240, 1_000.0, 0.0), *LEAVE])  # exit at line 259
    track = track.with_columns(
        source=pl.when(pl.col("source_line") < 259).then(pl.lit("a.nmea")).otherwise(pl.lit("b")),
        source_line=pl.when(pl.col("source_line") < 259)
        .then(pl.col("source_line"))
        .otherwise(pl.col("source_line") - 258),
    )
    found = json.loads(detect_port_calls(track, zones)["evidence"][0])
    assert found["records"] == ["ais:a.nmea:18", "ais:a.nmea:258"]
    assert found["exit_record"] == "ais:b:1" and found["file"] == "a.nmea"
    still_in_port = track.filter(pl.col("source") == "a.nmea")
    found = json.loads(detect_port_calls(still_in_port, zones)["evidence"][0])
    assert found["complete"] is False and found["exit_record"] is None


def test_leaving_beyond_4_km_splits_the_call(zones: pl.DataFrame) -> None:
    track = visit(
        [*APPROACH, (200, 1_000.0, 0.0), (5, 4_500.0, 5.0), (1, 2_000.0, 5.0), (200, 1_000.0, 0.0)]
    )
    calls = find_port_calls(track, zones)
    assert calls["duration_h"].to_list() == pytest.approx([200 / 60, 200 / 60])
    assert calls["complete"].to_list() == [True, False]


@pytest.mark.parametrize(
    "middle",
    [
        pytest.param([(170, 1_000.0, 0.0)], id="2h50-too-short"),
        pytest.param([(240, 1_000.0, 3.0)], id="never-stopped"),
    ],
)
def test_no_port_call(zones: pl.DataFrame, middle: list[tuple[int, float, float]]) -> None:
    assert find_port_calls(visit([*APPROACH, *middle, *LEAVE]), zones).height == 0


def test_a_long_silence_in_port_is_a_port_gap(zones: pl.DataFrame) -> None:
    track = visit([*APPROACH, (30, 1_000.0, 1.0), *LEAVE])
    track = track.with_columns(
        pl.when(pl.col("source_line") > 30)
        .then(pl.col("rx_time") + timedelta(hours=5))
        .otherwise(pl.col("rx_time"))
    )
    calls = find_port_calls(track, zones, PortCallParams())
    assert calls["port_gap"].to_list() == [True] and calls["stopped"].to_list() == [False]


def test_zone_dwell_lists_each_visit_while_the_zone_is_valid(zones: pl.DataFrame) -> None:
    track = visit([*APPROACH, (60, 1_000.0, 0.0), *LEAVE, (30, 12_000.0, 5.0)])
    dwell = zone_dwell(track, zones)
    assert dwell.select("zone_id", "n", "dwell_s").rows() == [
        ("port-test", 61, 3600.0),
        ("box", 30, 29 * 60.0),
    ]
    late = track.with_columns(pl.col("rx_time") + timedelta(hours=3))
    assert zone_dwell(late, zones)["zone_id"].to_list() == ["port-test"]
