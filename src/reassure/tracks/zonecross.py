"""Tracks against zones: time inside each zone, exclusion-zone entries, corridor compliance.

A zone counts for a position only while valid at the position's time
(``valid_from <= rx_time < valid_to``, nulls open). A *visit* is a run of consecutive
positions of one vessel inside one zone; it starts at the first position inside and
ends at the last (the time between two consecutive positions inside counts as inside,
whatever the silence between them).

Zone entry and exit are not events of their own here: every vessel in the corridor
would make two a transit. :func:`zone_dwell` gives the visits as a frame instead;
the events are the breaches — :func:`find_exclusion_entries` and
:func:`find_corridor_departures`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from reassure.geo.metric import local_projection
from reassure.geo.zones import ZONE_SCHEMA
from reassure.tracks.inzone import zone_hits
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    EPISODE_SCHEMA,
    IntArray,
    clean_positions,
    episode_columns,
    spread_rows,
)

__all__ = [
    "CorridorParams",
    "ExclusionParams",
    "find_corridor_departures",
    "find_exclusion_entries",
    "zone_dwell",
]


@dataclass(frozen=True)
class ExclusionParams:
    """Parameters of exclusion-zone entries.

    Definition: any position inside a zone of kind ``exclusion`` valid at that time is
    a breach of the agreement (the zone's own text: no entry without clearance).
    """

    zone_kinds: tuple[str, ...] = ("exclusion",)
    """Kinds of zone that no vessel may enter."""
    confidence: float = 0.9
    """Confidence of an entry seen at two positions or more."""
    single_position_confidence: float = 0.6
    """Confidence of an entry seen at one position only (it may be a bad fix)."""


@dataclass(frozen=True)
class CorridorParams:
    """Parameters of corridor compliance.

    Definition: a vessel that was in the corridor and is then seen outside it, and in
    no port zone, for longer than ``max_outside_corridor_min`` has left the corridor
    (issue 4, "leaving the corridor for longer than N minutes"; 30 minutes is the
    default: at 10 kn a ship covers 5 NM, the corridor's half-width).
    """

    max_outside_corridor_min: float = 30.0
    """Time outside the corridor, from the last position in it to the first position
    back in it or in a port zone (or to the last position seen outside)."""
    corridor_kinds: tuple[str, ...] = ("corridor",)
    """Kinds of zone that make the corridor."""
    port_zone_kinds: tuple[str, ...] = ("port", "anchorage")
    """Kinds of zone where a vessel out of the corridor is where it should be."""
    confidence: float = 0.8


def _time_us(tracks: pl.DataFrame) -> IntArray:
    return np.asarray(tracks["rx_time"].to_physical().to_numpy(), dtype=np.int64)


def _hits(tracks: pl.DataFrame, zones: pl.DataFrame) -> tuple[IntArray, IntArray]:
    return zone_hits(tracks["lon"].to_numpy(), tracks["lat"].to_numpy(), _time_us(tracks), zones)


def _visits(tracks: pl.DataFrame, points: IntArray, rows: IntArray) -> pl.DataFrame:
    """Runs of consecutive positions of one vessel inside one zone, one row per run:
    ``z`` (zone row), ``first``/``last`` (track rows), ``n``."""
    schema = {"z": pl.Int64, "first": pl.Int64, "last": pl.Int64, "n": pl.Int64}
    if points.size == 0:
        return pl.DataFrame(schema=schema)
    mmsi = tracks["mmsi"].to_numpy()  # (points, rows) come from zone_hits: by zone
    brk = np.ones(points.size, dtype=bool)
    brk[1:] = (
        (rows[1:] != rows[:-1])
        | (points[1:] != points[:-1] + 1)
        | (mmsi[points[1:]] != mmsi[points[:-1]])
    )
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], points.size).astype(np.int64) - 1
    return pl.DataFrame(
        {"z": rows[starts], "first": points[starts], "last": points[ends], "n": ends - starts + 1},
        schema=schema,
    )


def zone_dwell(tracks: pl.DataFrame, zones: pl.DataFrame) -> pl.DataFrame:
    """Every visit of every vessel to every zone, with the time spent inside.

    Columns ``mmsi, zone_id, kind, entry_time, exit_time, dwell_s, n, first_line,
    last_line``, sorted by (mmsi, entry_time, zone_id). ``line_of_contact`` zones are
    skipped (they are lines).
    """
    tracks = clean_positions(tracks)
    zones = zones.filter(pl.col("kind") != "line_of_contact")
    points, rows = _hits(tracks, zones)
    visits = _visits(tracks, points, rows)
    first, last = visits["first"].to_numpy(), visits["last"].to_numpy()
    time = tracks["rx_time"]
    line = tracks["source_line"].to_numpy()
    z = visits["z"].to_numpy()
    return (
        pl.DataFrame(
            {
                "mmsi": tracks["mmsi"].to_numpy()[first],
                "zone_id": zones["zone_id"].to_numpy()[z],
                "kind": zones["kind"].to_numpy()[z],
                "entry_time": time.gather(first),
                "exit_time": time.gather(last),
                "n": visits["n"],
                "first_line": line[first],
                "last_line": line[last],
            },
            schema_overrides={"zone_id": pl.String, "kind": pl.String},
        )
        .select(
            "mmsi",
            "zone_id",
            "kind",
            "entry_time",
            "exit_time",
            dwell_s=(pl.col("exit_time") - pl.col("entry_time")).dt.total_microseconds() / 1e6,
            n=pl.col("n").cast(pl.Int64),
            first_line="first_line",
            last_line="last_line",
        )
        .sort("mmsi", "entry_time", "zone_id")
    )


def find_exclusion_entries(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: ExclusionParams = ExclusionParams()
) -> pl.DataFrame:
    """Visits to exclusion zones valid at the time: one row per visit.

    Columns ``mmsi, zone_id, releasability, start_time, end_time, first_line,
    last_line, n, dwell_min, lon, lat, confidence, geometry`` (the path inside).
    """
    tracks = clean_positions(tracks)
    chosen = _kinds(zones, params.zone_kinds)
    points, rows = _hits(tracks, chosen)
    visits = _visits(tracks, points, rows).sort("first", "z")
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    first, last = visits["first"].to_numpy(), visits["last"].to_numpy()
    z = visits["z"].to_numpy()
    n = visits["n"].to_numpy()
    return pl.DataFrame(
        {
            **episode_columns(tracks, first, last),
            "zone_id": pl.Series(chosen["zone_id"].to_numpy()[z], dtype=pl.String),
            "releasability": chosen["releasability"].gather(z),
            "lon": lon[first],
            "lat": lat[first],
            "confidence": np.where(n >= 2, params.confidence, params.single_position_confidence),
            "geometry": pl.Series(paths_wkb(lon, lat, first, last), dtype=pl.Binary),
        }
    ).with_columns(
        dwell_min=(pl.col("end_time") - pl.col("start_time")).dt.total_microseconds() / 6e7
    )


def _kinds(zones: pl.DataFrame | None, kinds: tuple[str, ...]) -> pl.DataFrame:
    if zones is None:
        return pl.DataFrame(schema=ZONE_SCHEMA)
    return zones.filter(pl.col("kind").is_in(list(kinds)))


def find_corridor_departures(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: CorridorParams = CorridorParams()
) -> pl.DataFrame:
    """Vessels that left the corridor for too long: one row per departure.

    Columns ``mmsi, zone_id, releasability, start_time`` (last position in the
    corridor), ``end_time`` (first position back, or last seen outside), ``first_line,
    last_line, n`` (positions outside), ``outside_min, max_offset_km, returned``
    (``corridor``, ``port`` or null), ``geometry`` (the path out and back).
    """
    tracks = clean_positions(tracks)
    corridors = _kinds(zones, params.corridor_kinds)
    ports = _kinds(zones, params.port_zone_kinds)
    if corridors.height == 0 or tracks.height == 0:
        return pl.DataFrame(schema=_DEPARTURES)
    points, rows = _hits(tracks, pl.concat([corridors, ports]))  # one pass for both
    corridor = rows < corridors.height
    c_points, c_rows = points[corridor], rows[corridor]
    state = np.zeros(tracks.height, dtype=np.int8)  # 0 outside, 1 port, 2 corridor
    state[points[~corridor]] = 1
    state[c_points] = 2
    corridor_of = np.full(tracks.height, -1, dtype=np.int64)
    corridor_of[c_points[::-1]] = c_rows[::-1]  # the first corridor zone of each point
    mmsi = tracks["mmsi"].to_numpy()
    same = np.zeros(tracks.height, dtype=bool)
    same[1:] = mmsi[1:] == mmsi[:-1]
    brk = ~same
    brk[1:] |= state[1:] != state[:-1]
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], tracks.height) - 1
    out = (state[starts] == 0) & same[starts]  # an outside run after some position...
    out &= state[np.maximum(starts - 1, 0)] == 2  # ...in the corridor
    first, last = starts[out], ends[out]
    back = np.append(same[1:], False)[last]  # seen again after the run
    until = np.where(back, last + 1, last)
    time_us = _time_us(tracks)
    long = time_us[until] - time_us[first - 1] > params.max_outside_corridor_min * 6e7
    first, last, back, until = first[long], last[long], back[long], until[long]
    z = corridor_of[first - 1]
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    offsets_m = _offsets_m(first, last, z, corridors, lon, lat)
    returned = [
        ("corridor" if state[u] == 2 else "port") if k else None
        for u, k in zip(until, back, strict=True)
    ]
    return pl.DataFrame(
        {
            **episode_columns(tracks, first, last, start=first - 1, end=until),
            "zone_id": corridors["zone_id"].gather(z),
            "releasability": corridors["releasability"].gather(z),
            "outside_min": (time_us[until] - time_us[first - 1]) / 6e7,
            "max_offset_km": offsets_m / 1000.0,
            "returned": returned,
            "geometry": paths_wkb(lon, lat, first - 1, until),
        },
        schema=_DEPARTURES,
    )


_DEPARTURES: dict[str, pl.DataType] = {
    **EPISODE_SCHEMA,
    "zone_id": pl.String(),
    "releasability": pl.List(pl.String()),
    "outside_min": pl.Float64(),
    "max_offset_km": pl.Float64(),
    "returned": pl.String(),
    "geometry": pl.Binary(),
}


def _offsets_m(
    first: IntArray,
    last: IntArray,
    z: IntArray,
    corridors: pl.DataFrame,
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Farthest distance (m) from its corridor ``z`` of each departure's positions
    outside: one GEOS call per corridor zone, on its own AEQD plane (error < 0.2 %
    within 1,000 km of the corridor's centre), on at most 50 positions of a departure
    evenly spread (so a short excursion between two of them may be missed)."""
    result = np.zeros(first.size)
    geometries = shapely.from_wkb(corridors["geometry"].to_numpy())
    for zone in np.unique(z):
        mine = np.flatnonzero(z == zone)
        rows, which = spread_rows(first[mine], last[mine] - first[mine] + 1, 50)
        minx, miny, maxx, maxy = geometries[zone].bounds
        plane = local_projection((minx + maxx) / 2, (miny + maxy) / 2)
        x, y = plane.xy(lon[rows], lat[rows])
        distance = shapely.distance(plane.to_metric(geometries[zone]), shapely.points(x, y))
        result[mine] = np.maximum.reduceat(distance, np.flatnonzero(np.diff(which, prepend=-1)))
    return result
