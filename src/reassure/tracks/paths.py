"""Geometry of tracks: the path of each episode, and simplified track lines for the map.

A *run* is a stretch of consecutive rows ``first..last`` of one vessel in a tracks
frame (an episode a detector found, or a stretch between two long silences). Its
path is a LineString through its positions (a Point for a run of one position), drawn
through every position or through up to ``most`` of them evenly spread (both ends
kept), and simplified (Douglas–Peucker, lon/lat degrees) when a tolerance is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from reassure.tracks.segment import (
    FloatArray,
    clean_positions,
    run_starts,
    spread_rows,
    step_arrays,
)

__all__ = ["paths_wkb", "track_lines"]


def paths_wkb(
    lon: FloatArray,
    lat: FloatArray,
    first: npt.ArrayLike,
    last: npt.ArrayLike,
    *,
    most: int | None = None,
    tolerance_deg: float | None = None,
) -> npt.NDArray[np.object_]:
    """WKB of the path of each run of rows ``first[k]..last[k]`` (both included) of a
    track whose positions are ``lon``/``lat``: through every position, or up to
    ``most``; simplified to ``tolerance_deg`` when given; a Point for one position."""
    first = np.asarray(first, dtype=np.int64)
    counts = np.asarray(last, dtype=np.int64) - first + 1
    geometry = np.empty(first.size, dtype=object)
    single = counts == 1
    geometry[single] = shapely.points(lon[first[single]], lat[first[single]])
    multi = ~single
    if multi.any():
        take = int(counts[multi].max()) if most is None else most
        rows, which = spread_rows(first[multi], counts[multi], take)
        made = shapely.linestrings(lon[rows], lat[rows], indices=which)
        if tolerance_deg is not None:
            made = shapely.simplify(made, tolerance_deg, preserve_topology=False)
        geometry[multi] = made
    return np.asarray(shapely.to_wkb(geometry), dtype=object)


def track_lines(
    tracks: pl.DataFrame,
    mmsi: Sequence[int] | None = None,
    *,
    max_gap_h: float = 12.0,
    tolerance_deg: float = 0.001,
) -> pl.DataFrame:
    """One simplified line per vessel and stretch without a long silence, for the map.

    Columns ``mmsi, start_time, end_time, n, geometry`` (WKB LineString, or Point for a
    single position). A silence of ``max_gap_h`` or more starts a new line (the dark
    gap threshold); lines are simplified (Douglas–Peucker) to ``tolerance_deg``
    (0.001° ≈ 100 m). ``mmsi`` limits the result to these vessels.
    """
    frame = clean_positions(tracks)
    if mmsi is not None:
        frame = frame.filter(pl.col("mmsi").is_in(list(mmsi)))
    schema = {
        "mmsi": pl.Int64(),
        "start_time": pl.Datetime("us", "UTC"),
        "end_time": pl.Datetime("us", "UTC"),
        "n": pl.Int64(),
        "geometry": pl.Binary(),
    }
    if frame.height == 0:
        return pl.DataFrame(schema=schema)
    same, dt_s = step_arrays(frame)
    piece = run_starts(~same | (dt_s >= max_gap_h * 3600.0))
    lines = (
        frame.with_columns(piece=piece)
        .group_by("piece", maintain_order=True)
        .agg(
            pl.col("mmsi").first(),
            start_time=pl.col("rx_time").first(),
            end_time=pl.col("rx_time").last(),
            n=pl.len().cast(pl.Int64),
        )
    )
    counts = lines["n"].to_numpy()
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    lon, lat = frame["lon"].to_numpy(), frame["lat"].to_numpy()
    geometry = paths_wkb(lon, lat, first, first + counts - 1, tolerance_deg=tolerance_deg)
    return lines.select(
        "mmsi", "start_time", "end_time", "n", geometry=pl.Series(geometry, dtype=pl.Binary)
    )
