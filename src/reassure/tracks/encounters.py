"""Encounters: two vessels close together, slow, for hours, away from ports.

Scales as a join, not as all pairs: positions slower than ``candidate_speed_kn`` and
away from ports are reduced to one point per vessel and time bin (the mean position of
its reports in the bin); each point is keyed by (bin, grid cell) with cells larger
than the encounter distance, and joined with the points of the 3 × 3 cells around it.
Pairs closer than ``max_distance_m`` in a bin are chained into encounters when the
bins follow one another with holes no longer than ``max_hole_min``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import shapely

from reassure.tracks.inzone import zone_hits
from reassure.tracks.segment import EARTH_RADIUS_M, clean_positions, source_of, speed_kn

__all__ = ["EncounterParams", "find_encounters"]


@dataclass(frozen=True)
class EncounterParams:
    """Parameters of encounters.

    Definition: Global Fishing Watch encounters — two vessels within 500 m of each
    other for at least 2 h, at a median speed below 2 kn, at least 10 km from a coastal
    anchorage (Miller et al. 2018, "Identifying global patterns of transshipment
    behavior", Frontiers in Marine Science 5:240; GFW encounter events).
    """

    max_distance_m: float = 500.0
    """Farthest apart two vessels may be (GFW: 500 m)."""
    min_duration_h: float = 2.0
    """Shortest encounter (GFW: 2 h)."""
    max_median_speed_kn: float = 2.0
    """Highest median speed of both vessels over the encounter (GFW: 2 kn)."""
    min_port_distance_m: float = 10_000.0
    """Positions this close to a zone of ``port_zone_kinds`` take no part (GFW: 10 km
    from an anchorage)."""
    port_zone_kinds: tuple[str, ...] = ("port", "anchorage")
    candidate_speed_kn: float = 4.0
    """Faster positions take no part (a prefilter; twice the median threshold so that a
    short burst of speed does not cut an encounter in two)."""
    bin_min: float = 10.0
    """Time bin (GFW resamples tracks to 10 minutes for encounters)."""
    max_hole_min: float = 60.0
    """Longest run of bins without the pair close together inside one encounter."""
    confidence: float = 0.8


_CELL_DEG = 0.01
"""Grid cell, degrees: 1.1 km north–south, ≥ 0.75 km east–west below 47° N (> 500 m)."""

_SCHEMA: dict[str, pl.DataType] = {
    "mmsi_a": pl.Int64(),
    "mmsi_b": pl.Int64(),
    "start_time": pl.Datetime("us", "UTC"),
    "end_time": pl.Datetime("us", "UTC"),
    "lines_a": pl.List(pl.Int64()),
    "lines_b": pl.List(pl.Int64()),
    "sources_a": pl.List(pl.String()),
    "sources_b": pl.List(pl.String()),
    "n": pl.Int64(),
    "duration_h": pl.Float64(),
    "median_distance_m": pl.Float64(),
    "min_distance_m": pl.Float64(),
    "median_speed_kn": pl.Float64(),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "releasability": pl.List(pl.String()),
    "geometry": pl.Binary(),
}


def find_encounters(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: EncounterParams = EncounterParams()
) -> pl.DataFrame:
    """One row per encounter, ``mmsi_a < mmsi_b``: ``start_time, end_time``, the first and
    last record of each vessel (``lines_a``, ``lines_b``: ``source_line``; ``sources_a``,
    ``sources_b``: ``source``, null without one), ``n`` (bins together),
    ``duration_h, median_distance_m, min_distance_m``, ``median_speed_kn`` (the median
    of both vessels' mean speeds in each bin), the mean position and ``geometry``
    (vessel a's path over the encounter)."""
    tracks = clean_positions(tracks)
    points = _binned(tracks, zones, params)
    if points.height == 0:
        return pl.DataFrame(schema=_SCHEMA)
    pairs = _close_pairs(points, params)
    if pairs.height == 0:
        return pl.DataFrame(schema=_SCHEMA)
    hole = int(params.max_hole_min // params.bin_min) + 1
    pairs = pairs.sort("mmsi_a", "mmsi_b", "bin").with_columns(
        new=(
            (pl.col("mmsi_a") != pl.col("mmsi_a").shift())
            | (pl.col("mmsi_b") != pl.col("mmsi_b").shift())
            | (pl.col("bin") - pl.col("bin").shift() > hole)
        ).fill_null(True)
    )
    found = (
        pairs.with_columns(run=pl.col("new").cum_sum())
        .group_by("run", maintain_order=True)
        .agg(
            pl.col("mmsi_a").first(),
            pl.col("mmsi_b").first(),
            start_time=pl.min_horizontal(pl.col("t0_a").first(), pl.col("t0_b").first()),
            end_time=pl.max_horizontal(pl.col("t1_a").last(), pl.col("t1_b").last()),
            lines_a=pl.concat_list(pl.col("l0_a").first(), pl.col("l1_a").last()),
            lines_b=pl.concat_list(pl.col("l0_b").first(), pl.col("l1_b").last()),
            sources_a=pl.concat_list(pl.col("s0_a").first(), pl.col("s1_a").last()),
            sources_b=pl.concat_list(pl.col("s0_b").first(), pl.col("s1_b").last()),
            n=pl.len().cast(pl.Int64),
            median_distance_m=pl.col("d").median(),
            min_distance_m=pl.col("d").min(),
            median_speed_kn=pl.col("v_a").append(pl.col("v_b")).median(),
            lon=pl.col("lon_a").mean(),
            lat=pl.col("lat_a").mean(),
            path_lon=pl.col("lon_a"),
            path_lat=pl.col("lat_a"),
        )
        .with_columns(
            duration_h=(pl.col("end_time") - pl.col("start_time")).dt.total_microseconds() / 3.6e9
        )
        .filter(
            (pl.col("duration_h") >= params.min_duration_h)
            & (pl.col("median_speed_kn") < params.max_median_speed_kn)
        )
    )
    geometry = [
        shapely.to_wkb(
            shapely.LineString(np.column_stack([x, y])) if len(x) > 1 else shapely.Point(x[0], y[0])
        )
        for x, y in zip(found["path_lon"].to_list(), found["path_lat"].to_list(), strict=True)
    ]
    return found.with_columns(
        releasability=pl.lit([], dtype=pl.List(pl.String)),
        geometry=pl.Series(geometry, dtype=pl.Binary),
    ).select(list(_SCHEMA))


def _binned(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: EncounterParams
) -> pl.DataFrame:
    """One point per (vessel, time bin) from the slow positions away from ports: the
    mean position and speed of the vessel's reports in the bin, its first and last."""
    speed = speed_kn(tracks)
    rows = np.flatnonzero(speed < params.candidate_speed_kn)
    lon, lat = tracks["lon"].to_numpy()[rows], tracks["lat"].to_numpy()[rows]
    time_us = tracks["rx_time"].to_physical().to_numpy()[rows]
    if zones is not None and rows.size:
        ports = zones.filter(pl.col("kind").is_in(list(params.port_zone_kinds)))
        near, _ = zone_hits(lon, lat, time_us, ports, grow_m=params.min_port_distance_m)
        away = np.ones(rows.size, dtype=bool)
        away[near] = False
        rows, lon, lat, time_us = rows[away], lon[away], lat[away], time_us[away]
    # Tracks are sorted by vessel and time: a vessel's reports in one bin are a run.
    bins = time_us // int(params.bin_min * 60e6)
    mmsi = tracks["mmsi"].to_numpy()[rows]
    new = np.ones(rows.size, dtype=bool)
    new[1:] = (mmsi[1:] != mmsi[:-1]) | (bins[1:] != bins[:-1])
    starts = np.flatnonzero(new)
    if starts.size == 0:
        return pl.DataFrame(schema=_POINTS)
    ends = np.append(starts[1:], rows.size) - 1
    count = ends - starts + 1
    line = tracks["source_line"].to_numpy()[rows]
    mean_lon = np.add.reduceat(lon, starts) / count
    mean_lat = np.add.reduceat(lat, starts) / count
    return pl.DataFrame(
        {
            "mmsi": mmsi[starts],
            "bin": bins[starts],
            "lon": mean_lon,
            "lat": mean_lat,
            "v": np.add.reduceat(speed[rows], starts) / count,
            "t0": time_us[starts],
            "t1": time_us[ends],
            "l0": line[starts],
            "l1": line[ends],
            "s0": source_of(tracks, rows[starts]),
            "s1": source_of(tracks, rows[ends]),
            "cx": np.floor(mean_lon / _CELL_DEG).astype(np.int32),
            "cy": np.floor(mean_lat / _CELL_DEG).astype(np.int32),
        },
        schema=_POINTS,
    )


_POINTS: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(),
    "bin": pl.Int64(),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "v": pl.Float64(),
    "t0": pl.Datetime("us", "UTC"),
    "t1": pl.Datetime("us", "UTC"),
    "l0": pl.Int64(),
    "l1": pl.Int64(),
    "s0": pl.String(),
    "s1": pl.String(),
    "cx": pl.Int32(),
    "cy": pl.Int32(),
}


def _close_pairs(points: pl.DataFrame, params: EncounterParams) -> pl.DataFrame:
    """(a, b) points in the same bin, within ``max_distance_m``, ``mmsi_a < mmsi_b``."""
    cell_m = _CELL_DEG * np.pi / 180 * EARTH_RADIUS_M * np.cos(np.radians(60.0))
    if params.max_distance_m > cell_m:
        raise ValueError(
            f"max_distance_m {params.max_distance_m} exceeds the grid cell ({cell_m:.0f} m)"
        )
    right = points.rename({c: f"{c}_b" for c in points.columns if c not in ("bin", "cx", "cy")})
    left = points.rename({c: f"{c}_a" for c in points.columns if c not in ("bin", "cx", "cy")})
    probes = pl.concat(
        [
            left.with_columns(cx=pl.col("cx") + dx, cy=pl.col("cy") + dy)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        ]
    )
    rad = np.pi / 180
    half = pl.lit(0.5)
    a = ((pl.col("lat_b") - pl.col("lat_a")) * rad * half).sin() ** 2 + (
        pl.col("lat_a") * rad
    ).cos() * (pl.col("lat_b") * rad).cos() * (
        (pl.col("lon_b") - pl.col("lon_a")) * rad * half
    ).sin() ** 2
    return (
        probes.join(right, on=["bin", "cx", "cy"], how="inner")
        .filter(pl.col("mmsi_a") < pl.col("mmsi_b"))
        .with_columns(d=2 * EARTH_RADIUS_M * a.clip(0.0, 1.0).sqrt().arcsin())
        .filter(pl.col("d") <= params.max_distance_m)
    )
