"""Tracks against zones: time inside each zone and exclusion-zone entries.

A zone counts for a position only while valid at the position's time
(``valid_from <= rx_time < valid_to``, nulls open). A *visit* is a run of consecutive
positions of one vessel inside one zone; it starts at the first position inside and
ends at the last (the time between two consecutive positions inside counts as inside,
whatever the silence between them).

Zone entry and exit are not events of their own here: every vessel in the corridor
would make two a transit. :func:`zone_dwell` gives the visits as a frame instead;
the events are the breaches — :func:`find_exclusion_entries` here and
:func:`reassure.tracks.corridor.find_corridor_departures`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from reassure.tracks.inzone import zone_hits, zones_of_kinds
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    IntArray,
    clean_positions,
    episode_columns,
)

__all__ = ["ExclusionParams", "find_exclusion_entries", "zone_dwell"]


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
    chosen = zones_of_kinds(zones, params.zone_kinds)
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
