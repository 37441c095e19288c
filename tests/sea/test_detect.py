"""Sea detectors on hand-built tracks: exact expectations for every kind of event.

Tracks are built in the seed-7 scenario's waters with its zones; times are after the
zones' ``valid_from`` (2026-12-01) and before the temporary zone's ``valid_to``
unless a test says otherwise.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import shapely

import reassure.sea.detect
from reassure.events import EVENT_SCHEMA
from reassure.geo.shore import shore_distance_km
from reassure.geo.zones import read_zones
from reassure.scenario import generate
from reassure.sea.detect import (
    SEA_DETECTOR_SPECS,
    SEA_DETECTORS,
    detect_corridor_departures,
    detect_encounters,
    detect_exclusion_entries,
    detect_gaps,
    detect_loitering,
    detect_on_land,
    detect_position_jumps,
    detect_sea,
)
from reassure.sea.params import SeaParams
from reassure.tracks import CorridorParams, GapParams, haversine_m

T0 = datetime(2026, 12, 1, 6, tzinfo=UTC)
R_M = 6_371_008.8
M_PER_DEG_LAT = R_M * math.pi / 180


@pytest.fixture(scope="module")
def zones(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    folder: Path = tmp_path_factory.mktemp("scenario")
    generate(folder, seed=7)
    return read_zones(folder / "zones.geojson")


def run(
    mmsi: int,
    lon: float,
    lat: float,
    *,
    minutes: float,
    start_min: float = 0.0,
    every_min: float = 1.0,
    east_kn: float = 0.0,
    north_kn: float = 0.0,
    speed: float | None = None,
    first_line: int = 1,
) -> pl.DataFrame:
    """Positions every ``every_min`` for ``minutes`` (both ends included), moving at
    constant east/north knots on a local flat approximation (north: exact meridian)."""
    steps = round(minutes / every_min) + 1
    rows = []
    for k in range(steps):
        t_min = start_min + k * every_min
        north_m = north_kn * 1852 / 60 * k * every_min
        east_m = east_kn * 1852 / 60 * k * every_min
        y = lat + north_m / M_PER_DEG_LAT
        x = lon + east_m / (M_PER_DEG_LAT * math.cos(math.radians(lat)))
        rows.append((mmsi, T0 + timedelta(minutes=t_min), x, y, speed, first_line + k))
    return positions(rows)


def positions(
    rows: Sequence[tuple[int, datetime, float, float, float | None, int]],
) -> pl.DataFrame:
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


def evidence(events: pl.DataFrame, index: int = 0) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(events["evidence"][index])
    return value


# -- ais_gap --------------------------------------------------------------------


def gap_track(silence_h: float, lon: float = 31.5, lat: float = 43.5) -> pl.DataFrame:
    before = run(211_000_001, lon, lat, minutes=60, every_min=10, north_kn=10, speed=10)
    last_lat = before["lat"][-1]
    after = run(
        211_000_001,
        lon,
        last_lat + 0.5,
        minutes=60,
        start_min=60 + silence_h * 60,
        every_min=10,
        north_kn=10,
        speed=10,
        first_line=100,
    )
    return pl.concat([before, after])


def test_a_13_hour_silence_is_one_gap_with_exact_measures(zones: pl.DataFrame) -> None:
    track = gap_track(13.0)
    events = detect_gaps(track, zones)
    assert events.height == 1
    row = events.row(0, named=True)
    assert (row["kind"], row["subject"], row["severity"]) == ("ais_gap", "211000001", "warning")
    assert row["start_time"] == T0 + timedelta(minutes=60)
    assert row["end_time"] == T0 + timedelta(minutes=60 + 13 * 60)
    found = evidence(events)
    assert found["records"] == ["ais:7", "ais:100"]
    assert found["count"] == 2
    assert found["gap_h"] == 13.0
    assert found["distance_km"] == pytest.approx(R_M * math.radians(0.5) / 1000, abs=1e-4)
    assert found["implied_speed_kn"] == pytest.approx(R_M * math.radians(0.5) / 1852 / 13, abs=1e-4)
    ends = track.filter(pl.col("source_line").is_in([7, 100]))
    shore = shore_distance_km(ends["lon"], ends["lat"], exact=True)
    assert found["shore_distance_km_start"] == pytest.approx(shore[0], abs=1e-6)
    assert found["shore_distance_km_end"] == pytest.approx(shore[1], abs=1e-6)
    assert found["lat_end"] - found["lat_start"] == pytest.approx(0.5, abs=1e-6)
    assert found["unreliable"] is False and found["reasons"] == []
    assert row["confidence"] == GapParams().confidence
    assert row["releasability"] == []
    assert shapely.from_wkb(row["geometry"]).geom_type == "LineString"


def test_an_11_hour_silence_is_no_gap(zones: pl.DataFrame) -> None:
    assert detect_gaps(gap_track(11.0), zones).height == 0


def test_a_gap_near_shore_is_unreliable(zones: pl.DataFrame) -> None:
    events = detect_gaps(gap_track(13.0, lon=30.8, lat=46.25), zones)
    found = evidence(events)
    assert found["unreliable"] is True
    assert "near_shore" in found["reasons"]
    assert events["confidence"][0] == GapParams().unreliable_confidence


def test_a_gap_in_a_poor_reception_zone_is_unreliable(zones: pl.DataFrame) -> None:
    params = GapParams(poor_reception_zone_ids=("exclusion-crimea-west",))
    events = detect_gaps(gap_track(13.0, lon=32.0, lat=44.2), zones, params)
    found = evidence(events)
    assert found["reasons"] == ["poor_reception"]
    assert found["zone_ids"] == ["exclusion-crimea-west"]
    assert events["releasability"][0].to_list() == ["FRA", "GBR", "UKR"]


# -- encounter ------------------------------------------------------------------


def pair(lon: float, lat: float, minutes: float, apart_m: float = 300.0) -> pl.DataFrame:
    a = run(273_000_002, lon, lat, minutes=minutes, east_kn=1, speed=1)
    b = run(
        211_000_009,
        lon,
        lat + apart_m / M_PER_DEG_LAT,
        minutes=minutes,
        east_kn=1,
        speed=1,
        first_line=1000,
    )
    return pl.concat([a, b])


def test_two_vessels_side_by_side_for_3_hours_offshore_meet(zones: pl.DataFrame) -> None:
    events = detect_encounters(pair(31.0, 43.0, 180), zones)
    assert events.height == 1
    row = events.row(0, named=True)
    assert row["subject"] == "211000009-273000002"  # the smaller MMSI first
    assert row["start_time"] == T0 and row["end_time"] == T0 + timedelta(hours=3)
    found = evidence(events)
    assert found["median_distance_m"] == pytest.approx(300.0, abs=1.0)
    assert found["median_speed_kn"] == 1.0
    assert found["duration_h"] == 3.0
    assert sorted(found["records"]) == ["ais:1", "ais:1000", "ais:1180", "ais:181"]
    assert row["severity"] == "warning"


@pytest.mark.parametrize(
    ("lon", "lat", "minutes", "apart_m"),
    [
        pytest.param(28.72, 44.16, 180, 300.0, id="near-port-constanta"),
        pytest.param(31.0, 43.0, 110, 300.0, id="1h50-too-short"),
        pytest.param(31.0, 43.0, 180, 700.0, id="700m-too-far"),
    ],
)
def test_no_encounter(
    zones: pl.DataFrame, lon: float, lat: float, minutes: float, apart_m: float
) -> None:
    assert detect_encounters(pair(lon, lat, minutes, apart_m), zones).height == 0


def test_fast_vessels_side_by_side_do_not_meet(zones: pl.DataFrame) -> None:
    a = run(1, 31.0, 43.0, minutes=180, east_kn=12, speed=12)
    b = run(2, 31.0, 43.002, minutes=180, east_kn=12, speed=12, first_line=500)
    assert detect_encounters(pl.concat([a, b]), zones).height == 0


# -- loitering ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "lat", "hours", "expected"),
    [
        pytest.param(31.5, 43.5, 5.0, 1, id="5h-offshore"),
        pytest.param(31.5, 43.5, 3.0, 0, id="3h-too-short"),
        pytest.param(28.75, 44.0, 5.0, 0, id="near-the-romanian-coast"),
    ],
)
def test_loitering(
    zones: pl.DataFrame, lon: float, lat: float, hours: float, expected: int
) -> None:
    events = detect_loitering(run(2, lon, lat, minutes=hours * 60, east_kn=1, speed=1), zones)
    assert events.height == expected
    if expected:
        found = evidence(events)
        assert found["duration_h"] == hours and found["mean_speed_kn"] == 1.0
        assert found["mean_shore_distance_nm"] > 20
        assert events["severity"][0] == "info"


# -- spoofing -------------------------------------------------------------------


def test_a_200_km_jump_in_10_minutes_is_one_teleport(zones: pl.DataFrame) -> None:
    before = run(3, 31.0, 43.0, minutes=60, east_kn=10, speed=10)
    jump_lat = before["lat"][-1] + 200_000 / M_PER_DEG_LAT
    after = run(
        3,
        before["lon"][-1],
        jump_lat,
        minutes=60,
        start_min=70,
        east_kn=10,
        speed=10,
        first_line=200,
    )
    events = detect_position_jumps(pl.concat([before, after]), zones)
    assert events["kind"].to_list() == ["teleport"]
    found = evidence(events)
    assert found["records"] == ["ais:61", "ais:200"]
    assert found["max_distance_km"] == pytest.approx(200.0, abs=0.5)
    assert found["max_implied_speed_kn"] == pytest.approx(200_000 / 1852 * 6, rel=1e-2)
    assert events["severity"][0] == "warning"


def test_a_steady_track_has_no_jump(zones: pl.DataFrame) -> None:
    assert detect_position_jumps(run(3, 31.0, 43.0, minutes=600, east_kn=20), zones).height == 0


def test_one_mmsi_in_two_places_every_minute_is_an_identity_clash(zones: pl.DataFrame) -> None:
    rows = [
        (4, T0 + timedelta(minutes=k), 30.5 if k % 2 == 0 else 34.2, 43.0, 10.0, k + 1)
        for k in range(31)
    ]
    events = detect_position_jumps(positions(rows), zones)
    assert events["kind"].to_list() == ["identity_clash"]
    assert events["severity"][0] == "critical"
    found = evidence(events)
    assert found["jumps"] == 30 and found["records"] == ["ais:1", "ais:31"]
    assert found["max_distance_km"] == pytest.approx(300.5, abs=1.0)


def test_positions_inside_crimea_are_on_land(zones: pl.DataFrame) -> None:
    events = detect_on_land(run(5, 34.0, 45.0, minutes=30, east_kn=5, speed=5), zones)
    assert events["kind"].to_list() == ["position_on_land"]
    assert events["severity"][0] == "critical"
    assert evidence(events)["count"] == 31
    assert evidence(events)["max_inland_km"] > 25


def test_ports_and_waterways_are_not_land(zones: pl.DataFrame) -> None:
    in_port = run(6, 30.745, 46.50, minutes=30, speed=0)  # Odesa port: land on the basemap
    danube = run(7, 28.83, 45.34, minutes=30, speed=5, first_line=100)  # Izmail, Danube
    assert detect_on_land(pl.concat([in_port, danube]), zones).height == 0


# -- zones ----------------------------------------------------------------------


def test_entering_the_zmiinyi_exclusion_zone(zones: pl.DataFrame) -> None:
    track = run(8, 30.6, 45.255, minutes=180, east_kn=-10, speed=10)
    events = detect_exclusion_entries(track, zones)
    assert events["zone_id"].to_list() == ["exclusion-zmiinyi"]
    row = events.row(0, named=True)
    assert (row["severity"], row["releasability"]) == ("critical", [])
    inside = shapely.from_wkb(zones.filter(pl.col("zone_id") == "exclusion-zmiinyi")["geometry"][0])
    points = track.filter(
        pl.Series(shapely.contains_xy(inside, track["lon"].to_numpy(), track["lat"].to_numpy()))
    )
    assert row["start_time"] == points["rx_time"][0]
    assert evidence(events)["count"] == points.height


def test_an_exclusion_entry_carries_the_zone_releasability(zones: pl.DataFrame) -> None:
    events = detect_exclusion_entries(run(9, 32.3, 44.95, minutes=10, speed=0), zones)
    assert events["zone_id"].to_list() == ["exclusion-crimea-west"]
    assert events["releasability"][0].to_list() == ["FRA", "GBR", "UKR"]


def test_a_temporary_zone_counts_only_while_valid(zones: pl.DataFrame) -> None:
    mcm = zones.filter(pl.col("zone_id") == "exclusion-mcm-temporary").row(0, named=True)
    inside = run(10, 31.20, 45.95, minutes=10, speed=0)
    assert detect_exclusion_entries(inside, zones)["zone_id"].to_list() == [
        "exclusion-mcm-temporary"
    ]
    later = inside.with_columns(pl.col("rx_time") + (mcm["valid_to"] - T0))
    assert detect_exclusion_entries(later, zones).height == 0


def corridor_leg(zones: pl.DataFrame, outside_min: int) -> pl.DataFrame:
    """An hour in the corridor 320 m inside its east edge off Mangalia, ``outside_min``
    minutes 320 m outside it (a 19 kn sidestep), then back in."""
    corridor = shapely.from_wkb(
        zones.filter(pl.col("zone_id") == "corridor-black-sea")["geometry"][0]
    )
    lat = 43.95
    edge = corridor.intersection(shapely.LineString([(28.5, lat), (29.5, lat)])).bounds[2]
    inside, outside = edge - 0.004, edge + 0.004
    rows = [(11, T0 + timedelta(minutes=k), inside, lat, 10.0, k + 1) for k in range(60)]
    rows += [
        (11, T0 + timedelta(minutes=60 + k), outside, lat, 10.0, 61 + k) for k in range(outside_min)
    ]
    back = 60 + outside_min
    rows += [
        (11, T0 + timedelta(minutes=back + k), inside, lat, 10.0, back + k + 1) for k in range(30)
    ]
    return positions(rows)


def test_leaving_the_corridor_for_45_minutes_is_a_departure(zones: pl.DataFrame) -> None:
    events = detect_corridor_departures(corridor_leg(zones, 45), zones)
    assert events["zone_id"].to_list() == ["corridor-black-sea"]
    row = events.row(0, named=True)
    assert row["start_time"] == T0 + timedelta(minutes=59)
    assert row["end_time"] == T0 + timedelta(minutes=105)
    found = evidence(events)
    assert found["outside_min"] == 46.0 and found["returned"] == "corridor"
    assert found["records"] == ["ais:61", "ais:105"] and found["count"] == 45
    assert 0.2 < found["max_offset_km"] < 0.5
    assert row["severity"] == "warning"


def test_leaving_the_corridor_for_10_minutes_is_no_departure(zones: pl.DataFrame) -> None:
    assert detect_corridor_departures(corridor_leg(zones, 10), zones).height == 0


def voyage(
    mmsi: int, legs: Sequence[tuple[float, float, float]], knots: float = 8.0
) -> pl.DataFrame:
    """Positions every 5 minutes through (lon, lat, minutes waiting there) waypoints,
    on straight lon/lat legs at ``knots`` (great-circle length)."""
    times: list[float] = []
    lon: list[float] = []
    lat: list[float] = []
    for x, y, wait in legs:
        if times:
            times.append(
                times[-1] + float(haversine_m(lon[-1], lat[-1], x, y)) / (knots * 1852 / 60)
            )
        else:
            times.append(0.0)
        lon.append(x)
        lat.append(y)
        if wait:
            times.append(times[-1] + wait)
            lon.append(x)
            lat.append(y)
    sample = np.arange(0.0, times[-1], 5.0)
    xs, ys = np.interp(sample, times, lon), np.interp(sample, times, lat)
    rows = [
        (mmsi, T0 + timedelta(minutes=float(t)), float(x), float(y), None, k + 1)
        for k, (t, x, y) in enumerate(zip(sample, xs, ys, strict=True))
    ]
    return positions(rows)


IN_CORRIDOR_OFF_THE_DELTA = (29.85, 45.30, 0.0)
UP_THE_DANUBE = [(29.73, 45.33, 0.0), (29.59, 45.40, 0.0), (29.27, 45.45, 0.0)]
IZMAIL = (28.845, 45.34, 0.0)  # inside port-izmail, 65 km from the corridor
IN_CORRIDOR_OFF_CONSTANTA = (28.85, 44.16, 0.0)
CONSTANTA = (28.665, 44.16, 0.0)  # inside port-constanta, 3 km from the corridor
NO_ALLOWANCE = CorridorParams(port_approach_m=0.0)


@pytest.mark.parametrize(
    "legs",
    [
        pytest.param(
            [IN_CORRIDOR_OFF_THE_DELTA, *UP_THE_DANUBE, IZMAIL], id="up-the-danube-to-izmail"
        ),
        pytest.param(
            [IN_CORRIDOR_OFF_CONSTANTA, (28.72, 44.16, 60.0), CONSTANTA],
            id="an-hour-waiting-1-km-off-constanta",
        ),
    ],
)
def test_a_ship_bound_for_a_port_off_the_corridor_is_not_departing(
    zones: pl.DataFrame, legs: list[tuple[float, float, float]]
) -> None:
    track = voyage(13, legs)
    assert detect_corridor_departures(track, zones).height == 0
    without = detect_corridor_departures(track, zones, NO_ALLOWANCE)  # what the allowance spares
    assert without["kind"].to_list() == ["corridor_departure"]
    assert evidence(without)["returned"] == "port"


@pytest.mark.parametrize(
    ("legs", "outside_min", "returned"),
    [
        pytest.param(
            [IN_CORRIDOR_OFF_THE_DELTA, *UP_THE_DANUBE, UP_THE_DANUBE[1], IZMAIL],
            465.0,
            "port",
            id="izmail-after-turning-back-24-km",
        ),
        pytest.param(
            [IN_CORRIDOR_OFF_CONSTANTA, (28.72, 44.17, 0.0), (29.0, 44.75, 0.0), IZMAIL],
            460.0,
            "port",
            id="izmail-from-off-constanta-outside-the-corridor",
        ),
        pytest.param(
            [IN_CORRIDOR_OFF_CONSTANTA, (28.72, 44.15, 0.0), (28.67, 43.9, 30.0), (28.8, 43.9, 0)],
            115.0,
            "corridor",
            id="out-to-sea-through-constanta-approaches",
        ),
    ],
)
def test_a_ship_that_detours_or_passes_a_port_by_is_departing(
    zones: pl.DataFrame, legs: list[tuple[float, float, float]], outside_min: float, returned: str
) -> None:
    """Runs outside counted from the last position in the corridor or a port's approach
    to the first back in either (cross-checked by classifying every position with
    shapely and pyproj's geodesic distances to the zones)."""
    events = detect_corridor_departures(voyage(14, legs), zones)
    assert events["kind"].to_list() == ["corridor_departure"]
    found = evidence(events)
    assert (found["outside_min"], found["returned"]) == (outside_min, returned)


# -- all together -----------------------------------------------------------------


def everything(zones: pl.DataFrame) -> pl.DataFrame:
    parts = [
        gap_track(13.0),
        pair(31.0, 43.0, 180).with_columns(pl.col("source_line") + 10_000),
        run(20, 31.5, 43.5, minutes=300, east_kn=1, speed=1, first_line=20_000),
        run(5, 34.0, 45.0, minutes=30, east_kn=5, speed=5, first_line=30_000),
        corridor_leg(zones, 45).with_columns(pl.col("source_line") + 40_000),
    ]
    return pl.concat(parts)


def test_detect_sea_runs_every_detector_and_is_deterministic(zones: pl.DataFrame) -> None:
    tracks = everything(zones)
    events = detect_sea(tracks, zones)
    assert events.schema == pl.Schema(EVENT_SCHEMA)
    assert sorted(set(events["kind"])) == [
        "ais_gap",
        "corridor_departure",
        "encounter",
        "loitering",
        "position_on_land",
    ]
    assert (events["objective"] == "seas").all()
    kinds = {spec.name: spec.kinds for spec in SEA_DETECTOR_SPECS}
    for detector, kind in events.select("detector", "kind").unique().iter_rows():
        assert kind in kinds[detector]
    again = detect_sea(tracks.sample(fraction=1.0, shuffle=True, seed=3), zones)
    assert again.equals(events)
    assert events["event_id"].is_unique().all()


def test_detect_sea_with_no_positions_and_no_zones() -> None:
    empty = positions([])
    assert detect_sea(empty, None).height == 0
    assert detect_sea(gap_track(13.0), None)["kind"].to_list() == ["ais_gap"]


def test_every_detector_has_parameters_in_sea_params_with_a_cited_definition() -> None:
    names = [name for name, _, _ in SEA_DETECTORS]
    assert len(names) == len(set(names)) and all(n.startswith("sea.") for n in names)
    params = SeaParams()
    for _, _, params_class in SEA_DETECTORS:
        assert isinstance(params.for_class(params_class), params_class)
        assert "Definition" in (params_class.__doc__ or "")
        with pytest.raises(AttributeError):
            params.for_class(params_class).confidence = 0.1  # frozen


def test_every_detector_is_in_the_module_table() -> None:
    lines = (reassure.sea.detect.__doc__ or "").splitlines()
    rows: dict[str, list[str]] = {}  # detector name → its row's cells (over one line or more)
    for line in lines[lines.index(next(x for x in lines if x.startswith("detector "))) + 2 :]:
        if line.startswith("==="):
            break
        cells = line.split()
        if line.startswith("sea."):
            name = cells[0]
            rows[name] = cells
        else:
            rows[name] += cells
    assert list(rows) == [spec.name for spec in SEA_DETECTOR_SPECS]
    assert list(rows) == [name for name, _, _ in SEA_DETECTORS]
    for spec in SEA_DETECTOR_SPECS:
        cells = [cell.rstrip(",") for cell in rows[spec.name]]
        assert set(spec.kinds) <= set(cells) and spec.params_class.__name__ in cells, spec.name


# -- records: which file, which line ------------------------------------------------


def in_files(track: pl.DataFrame, *files: tuple[str, int]) -> pl.DataFrame:
    """``track`` split over files: (name, lines) in turn, each numbered from line 1."""
    parts, start = [], 0
    for name, count in files:
        part = track.slice(start, count)
        part = part.with_columns(source_line=pl.int_range(1, count + 1), source=pl.lit(name))
        parts.append(part)
        start += count
    assert start == track.height
    return pl.concat(parts)


def test_a_gap_across_two_files_names_each_record_by_file_and_line(zones: pl.DataFrame) -> None:
    track = in_files(gap_track(13.0), ("day1.nmea", 7), ("day2.nmea", 7))  # lines 1-7 twice
    found = evidence(detect_gaps(track, zones))
    assert found["records"] == ["ais:day1.nmea:7", "ais:day2.nmea:1"]
    assert "file" not in found


def test_evidence_names_the_file_when_every_record_is_from_one(zones: pl.DataFrame) -> None:
    one = gap_track(13.0).with_columns(source=pl.lit("ais-2026-12-01.nmea"))
    found = evidence(detect_gaps(one, zones))
    assert found["records"] == ["ais:ais-2026-12-01.nmea:7", "ais:ais-2026-12-01.nmea:100"]
    assert found["file"] == "ais-2026-12-01.nmea"


def test_an_encounter_keeps_both_vessels_records_when_their_lines_collide(
    zones: pl.DataFrame,
) -> None:
    a, b = pair(31.0, 43.0, 180).partition_by("mmsi", maintain_order=True)
    track = pl.concat([in_files(a, ("x.nmea", 181)), in_files(b, ("y.nmea", 181))])
    found = evidence(detect_encounters(track, zones))
    assert found["records"] == [  # vessel a (the smaller MMSI, in y.nmea) first
        "ais:y.nmea:1",
        "ais:y.nmea:181",
        "ais:x.nmea:1",
        "ais:x.nmea:181",
    ]


def test_event_ids_are_stable_and_depend_on_the_file_of_each_record(zones: pl.DataFrame) -> None:
    def gap_id(*files: tuple[str, int]) -> str:
        return str(detect_gaps(in_files(gap_track(13.0), *files), zones)["event_id"][0])

    assert gap_id(("a.nmea", 14)) == gap_id(("a.nmea", 14))
    assert gap_id(("a.nmea", 14)) != gap_id(("b.nmea", 14))
    assert gap_id(("a.nmea", 7), ("b.nmea", 7)) != gap_id(("b.nmea", 7), ("a.nmea", 7))
