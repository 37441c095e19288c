"""Positions to tracks: cleaning, per-step kinematics, runs and the rows of an episode.

A *tracks* frame is a positions frame after :func:`clean_positions`: the columns of
:data:`TRACK_SCHEMA` (plus ``source`` when the input names its file), positions with
no fix removed, sorted by (``mmsi``, ``rx_time``), exact repeats dropped. Every
detector in :mod:`reassure.tracks` takes a tracks frame and cleans it again only when
it is not one already (a cheap check).

Kinematics are computed between consecutive positions of the same vessel on the
sphere of mean radius :data:`EARTH_RADIUS_M` (haversine): 0.3 % from the WGS84
geodesic at worst, far below the thresholds it feeds (50 kn, 500 m, 12 h).
"""

from __future__ import annotations

import weakref
from typing import Annotated

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = [
    "EARTH_RADIUS_M",
    "EPISODE_SCHEMA",
    "KNOT_M_S",
    "TRACK_SCHEMA",
    "clean_positions",
    "episode_columns",
    "haversine_m",
    "is_clean",
    "source_of",
    "speed_kn",
    "step_arrays",
    "step_m",
    "step_upper_m",
]

Metres = Annotated[float, "metre"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

EARTH_RADIUS_M: Metres = 6_371_008.8
"""Mean Earth radius (IUGG)."""
KNOT_M_S = 1852.0 / 3600.0
"""One knot in metres per second."""
SPEED_NA_KN = 102.3
"""AIS speed over ground "not available" (ITU-R M.1371-5: 1023 in 1/10 kn)."""

TRACK_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(),
    "rx_time": pl.Datetime("us", "UTC"),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "speed": pl.Float64(),  # knots over ground; null = not available
    "source_line": pl.Int64(),
}


def clean_positions(positions: pl.DataFrame) -> pl.DataFrame:
    """A tracks frame from a decoded positions frame (pyais field names).

    Drops positions without a fix (lon 181 / lat 91 "not available", null, or out of
    range) or without ``mmsi``/``rx_time``; sets ``speed`` to null where it is 102.3
    ("not available") or negative; sorts by (``mmsi``, ``rx_time``), positions of one
    vessel at one time by all their columns (so the result does not depend on the input
    order); drops a position identical in vessel, time and place to the one before it
    (one message heard by two stations). Keeps ``source`` if present.
    """
    if is_clean(positions):
        return _remember(positions)
    return _remember(_clean(positions))


def _clean(positions: pl.DataFrame) -> pl.DataFrame:
    keep = [*TRACK_SCHEMA, *(["source"] if "source" in positions.columns else [])]
    frame = positions.select(
        pl.col("mmsi").cast(pl.Int64),
        pl.col("rx_time").cast(pl.Datetime("us", "UTC")),
        pl.col("lon").cast(pl.Float64),
        pl.col("lat").cast(pl.Float64),
        (pl.col("speed") if "speed" in positions.columns else pl.lit(None))
        .cast(pl.Float64)
        .alias("speed"),
        pl.col("source_line").cast(pl.Int64),
        *([pl.col("source").cast(pl.String)] if "source" in positions.columns else []),
    ).select(keep)
    frame = frame.filter(
        pl.col("mmsi").is_not_null()
        & pl.col("rx_time").is_not_null()
        & pl.col("lon").is_between(-180.0, 180.0)
        & pl.col("lat").is_between(-90.0, 90.0)
    ).with_columns(
        speed=pl.when((pl.col("speed") >= 0.0) & (pl.col("speed") < SPEED_NA_KN - 0.05))
        .then(pl.col("speed"))
        .otherwise(None)
    )
    if not _sorted(frame):
        # Two stable single-key sorts beat one two-key sort on large frames.
        frame = frame.sort("rx_time", maintain_order=True).sort("mmsi", maintain_order=True)
    frame = _order_ties(frame)
    repeat = (
        (pl.col("mmsi") == pl.col("mmsi").shift())
        & (pl.col("rx_time") == pl.col("rx_time").shift())
        & (pl.col("lon") == pl.col("lon").shift())
        & (pl.col("lat") == pl.col("lat").shift())
    ).fill_null(False)
    return frame.filter(~repeat)


def _order_ties(frame: pl.DataFrame) -> pl.DataFrame:
    """Order positions of one vessel at the same time by every column, so the result
    does not depend on the input order (and repeats end up side by side)."""
    if frame.height < 2:
        return frame
    mmsi = frame["mmsi"].to_numpy()
    time = frame["rx_time"].to_physical().to_numpy()
    tie = (mmsi[1:] == mmsi[:-1]) & (time[1:] == time[:-1])
    if not tie.any():
        return frame
    rows = np.zeros(frame.height, dtype=bool)
    rows[1:] |= tie
    rows[:-1] |= tie
    idx = np.flatnonzero(rows)
    ties = frame[idx].with_columns(_i=pl.Series(idx))
    ordered = ties.sort(list(frame.columns), nulls_last=True, maintain_order=True)
    order = np.arange(frame.height)
    order[idx] = ordered["_i"].to_numpy()
    return frame[order]


_CLEANED: dict[int, weakref.ref[pl.DataFrame]] = {}
"""Frames :func:`clean_positions` returned and that are still alive, by ``id``: the
detectors then skip the check (polars frames are not changed in place by the
detectors; a caller who assigns into a cleaned frame must clean it again)."""


def _remember(frame: pl.DataFrame) -> pl.DataFrame:
    key = id(frame)
    _CLEANED[key] = weakref.ref(frame, lambda _: _CLEANED.pop(key, None))
    return frame


def is_clean(frame: pl.DataFrame) -> bool:
    """Whether ``frame`` is already a tracks frame (schema, order, no gaps in fixes).

    True at once for a frame :func:`clean_positions` returned; otherwise checks the
    schema and the order, and that ``lon``/``lat`` hold real fixes (it assumes exact
    repeats were dropped by whoever built it: they are harmless to detectors).
    """
    known = _CLEANED.get(id(frame))
    if known is not None and known() is frame:
        return True
    columns = list(frame.columns)
    expected = list(TRACK_SCHEMA)
    if columns not in (expected, [*expected, "source"]):
        return False
    if any(frame.schema[name] != dtype for name, dtype in TRACK_SCHEMA.items()):
        return False
    if frame.height == 0:
        return True
    bad = frame.select(
        (
            pl.col("mmsi").is_null()
            | pl.col("rx_time").is_null()
            | ~pl.col("lon").is_between(-180.0, 180.0)
            | ~pl.col("lat").is_between(-90.0, 90.0)
            | (pl.col("speed") >= SPEED_NA_KN - 0.05)
        ).any()
    ).item()
    return not bad and _sorted(frame)


def _sorted(frame: pl.DataFrame) -> bool:
    if frame.height < 2:
        return True
    mmsi = frame["mmsi"].to_numpy()
    time = frame["rx_time"].to_physical().to_numpy()
    up = mmsi[1:] > mmsi[:-1]
    same = mmsi[1:] == mmsi[:-1]
    return bool(np.all(up | (same & (time[1:] >= time[:-1]))))


def haversine_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in metres between arrays of lon/lat points (degrees)."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def step_arrays(tracks: pl.DataFrame) -> tuple[BoolArray, FloatArray]:
    """Per position: (same vessel as the position before, seconds since it).

    Row 0 and each vessel's first position have ``same`` False and 0 s.
    """
    n = tracks.height
    same = np.zeros(n, dtype=bool)
    dt_s = np.zeros(n)
    if n < 2:
        return same, dt_s
    mmsi = tracks["mmsi"].to_numpy()
    time = tracks["rx_time"].to_physical().to_numpy()
    same[1:] = mmsi[1:] == mmsi[:-1]
    dt_s[1:] = (time[1:] - time[:-1]) / 1e6
    dt_s[~same] = 0.0
    return same, dt_s


def step_m(tracks: pl.DataFrame, rows: IntArray) -> FloatArray:
    """Metres from the position before each of ``rows`` (rows > 0, same vessel)."""
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    return haversine_m(lon[rows - 1], lat[rows - 1], lon[rows], lat[rows])


def step_upper_m(tracks: pl.DataFrame) -> FloatArray:
    """A cheap upper bound of each step's length (metres): R·(|Δφ| + |Δλ|), for screening
    steps before measuring the few that may matter with :func:`haversine_m`."""
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    bound = np.zeros(tracks.height)
    if tracks.height > 1:
        dlon = np.abs(np.diff(lon))
        dlon = np.minimum(dlon, 360.0 - dlon)
        bound[1:] = (np.abs(np.diff(lat)) + dlon) * (np.pi / 180.0 * EARTH_RADIUS_M)
    return bound


def speed_kn(tracks: pl.DataFrame, steps: tuple[BoolArray, FloatArray] | None = None) -> FloatArray:
    """Speed of each position in knots: the reported speed over ground where there is
    one, else the speed implied by the step from the previous position (or to the next
    one, for a vessel's first position); NaN for a vessel seen once without a speed."""
    same, dt_s = steps if steps is not None else step_arrays(tracks)
    speed = tracks["speed"].to_numpy(allow_copy=True).astype(np.float64)
    missing = np.flatnonzero(np.isnan(speed))
    if missing.size == 0:
        return speed
    n = tracks.height
    back = missing[same[missing] & (dt_s[missing] > 0)]
    speed[back] = step_m(tracks, back) / dt_s[back] / KNOT_M_S
    ahead = missing[np.isnan(speed[missing]) & (missing + 1 < n)]
    ahead = ahead[same[np.minimum(ahead + 1, n - 1)] & (dt_s[np.minimum(ahead + 1, n - 1)] > 0)]
    speed[ahead] = step_m(tracks, ahead + 1) / dt_s[ahead + 1] / KNOT_M_S
    return speed


def spread_rows(first: IntArray, counts: IntArray, most: int) -> tuple[IntArray, IntArray]:
    """For runs of ``counts[k]`` rows from ``first[k]``: up to ``most`` rows of each,
    evenly spread and including both ends, and the run each belongs to."""
    take = np.minimum(counts, most)
    which = np.repeat(np.arange(counts.size), take)
    j = np.arange(int(take.sum())) - np.repeat(np.cumsum(take) - take, take)
    step = (counts[which] - 1) / np.maximum(take[which] - 1, 1)
    rows = first[which] + np.round(j * step).astype(np.int64)
    return np.asarray(rows, dtype=np.int64), np.asarray(which, dtype=np.int64)


def run_starts(breaks: BoolArray) -> IntArray:
    """Run id of each element: 0, 0, 1, 1, 1, 2 ... incremented where ``breaks`` is True."""
    return np.cumsum(breaks, dtype=np.int64)


EPISODE_SCHEMA: dict[str, pl.DataType] = {
    "mmsi": pl.Int64(),
    "start_time": pl.Datetime("us", "UTC"),
    "end_time": pl.Datetime("us", "UTC"),
    "first_line": pl.Int64(),
    "last_line": pl.Int64(),
    "first_source": pl.String(),
    "last_source": pl.String(),
    "n": pl.Int64(),
}
"""The columns every ``find_*`` row starts with: the vessel, the episode's time span,
the ``source_line`` and ``source`` (file name; null when the tracks frame has none) of
its first and last positions, and how many positions it spans."""


def episode_columns(
    tracks: pl.DataFrame,
    first: IntArray,
    last: IntArray,
    *,
    start: IntArray | None = None,
    end: IntArray | None = None,
) -> dict[str, object]:
    """:data:`EPISODE_SCHEMA` columns of episodes made of rows ``first[k]..last[k]``
    (both included, one vessel) of a tracks frame. The time span is that of those rows
    unless rows ``start``/``end`` are given (a departure starts at the position before
    its first one)."""
    line = tracks["source_line"].to_numpy()
    return {
        "mmsi": tracks["mmsi"].to_numpy()[first],
        "start_time": tracks["rx_time"].gather(first if start is None else start),
        "end_time": tracks["rx_time"].gather(last if end is None else end),
        "first_line": line[first],
        "last_line": line[last],
        "first_source": source_of(tracks, first),
        "last_source": source_of(tracks, last),
        "n": (last - first + 1).astype(np.int64),
    }


def source_of(tracks: pl.DataFrame, rows: IntArray) -> pl.Series:
    """The ``source`` (file name) of ``rows`` of a tracks frame; nulls without one."""
    if "source" not in tracks.columns:
        return pl.repeat(None, len(rows), dtype=pl.String, eager=True)
    return tracks["source"].gather(rows)
