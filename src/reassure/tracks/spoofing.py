"""Impossible positions: teleports, identity clashes, and vessels on land.

A *jump* is a step between consecutive positions of one MMSI that is longer than
``min_distance_m`` and faster than ``max_speed_kn``. Jumps of one MMSI less than
``clash_window_min`` apart form an episode. An episode of ``clash_min_jumps`` jumps or
more is an *identity clash* (two transmitters with one MMSI, each position alternating
between them); a shorter one is a *teleport* (a position jumped, or jumped and came
back).

A position *on land* is inside the Natural Earth land, farther inland than
``coast_tolerance_m``, outside port and anchorage zones and the inland waterways
ships do sail (which the 1:10 million coastline draws as land).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from reassure.geo.shore import on_land, shore_distance_km
from reassure.tracks.inzone import zone_hits
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    EPISODE_SCHEMA,
    KNOT_M_S,
    clean_positions,
    episode_columns,
    step_arrays,
    step_m,
    step_upper_m,
)

__all__ = [
    "INLAND_WATERWAYS",
    "JumpParams",
    "OnLandParams",
    "find_jumps",
    "find_on_land",
]


INLAND_WATERWAYS: tuple[tuple[str, float, float, float, float], ...] = (
    ("lower-danube", 27.9, 44.8, 29.8, 45.6),  # Galați, Reni, Izmail, Tulcea, the delta
    ("dniester-liman", 30.0, 46.0, 30.5, 46.45),
    ("southern-buh", 31.85, 46.6, 32.1, 47.0),  # Mykolaiv
    ("bosporus", 28.95, 40.95, 29.2, 41.25),
)
"""Navigable water that the 1:10 million coastline draws as land, as lon/lat boxes."""


@dataclass(frozen=True)
class JumpParams:
    """Parameters of teleports and identity clashes.

    Definition: an implied speed no ship can make (issue 4: > 50 kn) over more than a
    position error; the same MMSI in two places at once, repeatedly, is GFW's
    "overlapping segments" signature of two transmitters sharing an MMSI (GFW
    technical documentation, "Segments": ``overlapping_and_short``).
    """

    max_speed_kn: float = 50.0
    """Fastest believable speed: above the ~40 kn of the fastest patrol craft."""
    min_distance_m: float = 1_852.0
    """Shortest jump (1 NM): longer than any GNSS error or AIS rounding."""
    clash_window_min: float = 60.0
    """Jumps this close in time belong to one episode."""
    clash_min_jumps: int = 4
    """Jumps in an episode that make it an identity clash rather than a teleport
    (a teleport out and back is two)."""
    teleport_confidence: float = 0.7
    clash_confidence: float = 0.9


@dataclass(frozen=True)
class OnLandParams:
    """Parameters of positions on land.

    Definition: a ship reported inland is a GNSS-spoofing signature documented in the
    Black Sea since June 2017, when ships off Novorossiysk showed at Gelendzhik
    airport (US MARAD advisory 2017-005; C4ADS, "Above Us Only Stars", 2019).
    """

    coast_tolerance_m: float = 2_000.0
    """A position must be this far inside the land: Natural Earth 10m generalises the
    coast by up to about a kilometre and draws harbour basins as land."""
    exempt_zone_kinds: tuple[str, ...] = ("port", "anchorage")
    """Positions inside such zones are never on land."""
    waterways: tuple[tuple[str, float, float, float, float], ...] = INLAND_WATERWAYS
    """(name, west, south, east, north) boxes where ships sail inland: never on land."""
    confidence: float = 0.9
    """Confidence of two or more positions in a row on land."""
    single_position_confidence: float = 0.6


_JUMPS: dict[str, pl.DataType] = {
    "kind": pl.String(),
    **EPISODE_SCHEMA,
    "jumps": pl.Int64(),
    "max_distance_km": pl.Float64(),
    "max_implied_speed_kn": pl.Float64(),
    "min_interval_s": pl.Float64(),
    "lon_from": pl.Float64(),
    "lat_from": pl.Float64(),
    "lon_to": pl.Float64(),
    "lat_to": pl.Float64(),
    "confidence": pl.Float64(),
    "geometry": pl.Binary(),
}


def find_jumps(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: JumpParams = JumpParams()
) -> pl.DataFrame:
    """One row per episode of jumps, ``kind`` ``teleport`` or ``identity_clash``.

    Rows run from the position before the first jump to the position after the last
    (``first_line``, ``last_line``, ``n`` positions). ``lon_from``… ``lat_to`` are the
    ends of the longest jump; ``geometry`` is the path for a teleport and the longest
    jump for a clash. ``zones`` is not used.
    """
    del zones
    tracks = clean_positions(tracks)
    same, dt_s = step_arrays(tracks)
    limit_m = params.max_speed_kn * KNOT_M_S * dt_s
    bound = step_upper_m(tracks)
    maybe = np.flatnonzero(same & (bound > params.min_distance_m) & (bound > limit_m))
    dist_m = np.zeros(tracks.height)
    dist_m[maybe] = step_m(tracks, maybe)
    jump = maybe[(dist_m[maybe] > params.min_distance_m) & (dist_m[maybe] > limit_m[maybe])]
    if jump.size == 0:
        return pl.DataFrame(schema=_JUMPS)
    time_us = tracks["rx_time"].to_physical().to_numpy()
    mmsi = tracks["mmsi"].to_numpy()
    new = np.ones(jump.size, dtype=bool)
    new[1:] = (mmsi[jump[1:]] != mmsi[jump[:-1]]) | (
        time_us[jump[1:]] - time_us[jump[:-1]] > params.clash_window_min * 6e7
    )
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], jump.size) - 1
    count = ends - starts + 1
    longest = np.array(
        [
            jump[a + int(np.argmax(dist_m[jump[a : b + 1]]))]
            for a, b in zip(starts, ends, strict=True)
        ],
        dtype=np.int64,
    )
    with np.errstate(divide="ignore"):
        speed = np.where(dt_s[jump] > 0, dist_m[jump] / dt_s[jump] / KNOT_M_S, np.inf)
    max_speed = np.maximum.reduceat(speed, starts)
    min_dt = np.minimum.reduceat(dt_s[jump], starts)
    first, last = jump[starts] - 1, jump[ends]
    clash = count >= params.clash_min_jumps
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    # A teleport's path; a clash's longest jump (its path would zigzag).
    geometry = paths_wkb(
        lon, lat, np.where(clash, longest - 1, first), np.where(clash, longest, last)
    )
    return pl.DataFrame(
        {
            "kind": np.where(clash, "identity_clash", "teleport"),
            **episode_columns(tracks, first, last),
            "jumps": count.astype(np.int64),
            "max_distance_km": dist_m[longest] / 1000.0,
            "max_implied_speed_kn": np.where(np.isinf(max_speed), np.nan, max_speed),
            "min_interval_s": min_dt,
            "lon_from": lon[longest - 1],
            "lat_from": lat[longest - 1],
            "lon_to": lon[longest],
            "lat_to": lat[longest],
            "confidence": np.where(clash, params.clash_confidence, params.teleport_confidence),
            "geometry": geometry,
        },
        schema=_JUMPS,
    )


_LAND: dict[str, pl.DataType] = {
    **EPISODE_SCHEMA,
    "max_inland_km": pl.Float64(),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "confidence": pl.Float64(),
    "geometry": pl.Binary(),
}


def find_on_land(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: OnLandParams = OnLandParams()
) -> pl.DataFrame:
    """One row per run of consecutive positions on land: ``mmsi, start_time, end_time,
    first_line, last_line, n, max_inland_km``, the farthest-inland position (``lon``,
    ``lat``), ``confidence`` and ``geometry`` (the path on land)."""
    tracks = clean_positions(tracks)
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    land = np.flatnonzero(on_land(lon, lat))
    land = land[~_in_boxes(lon[land], lat[land], params.waterways)]
    if zones is not None and land.size:
        exempt = zones.filter(pl.col("kind").is_in(list(params.exempt_zone_kinds)))
        time_us = tracks["rx_time"].to_physical().to_numpy()
        inside, _ = zone_hits(lon[land], lat[land], time_us[land], exempt)
        keep = np.ones(land.size, dtype=bool)
        keep[inside] = False
        land = land[keep]
    inland_km = _inland_km(lon[land], lat[land], params.coast_tolerance_m / 1000.0)
    deep = inland_km > params.coast_tolerance_m / 1000.0
    land, inland_km = land[deep], inland_km[deep]
    if land.size == 0:
        return pl.DataFrame(schema=_LAND)
    mmsi = tracks["mmsi"].to_numpy()
    new = np.ones(land.size, dtype=bool)
    new[1:] = (land[1:] != land[:-1] + 1) | (mmsi[land[1:]] != mmsi[land[:-1]])
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], land.size) - 1
    deepest = np.array(
        [a + int(np.argmax(inland_km[a : b + 1])) for a, b in zip(starts, ends, strict=True)],
        dtype=np.int64,
    )
    first, last = land[starts], land[ends]
    n = (ends - starts + 1).astype(np.int64)
    return pl.DataFrame(
        {
            **episode_columns(tracks, first, last),
            "max_inland_km": inland_km[deepest],
            "lon": lon[land[deepest]],
            "lat": lat[land[deepest]],
            "confidence": np.where(n >= 2, params.confidence, params.single_position_confidence),
            "geometry": paths_wkb(lon, lat, first, last),
        },
        schema=_LAND,
    )


def _in_boxes(
    lon: np.ndarray, lat: np.ndarray, boxes: tuple[tuple[str, float, float, float, float], ...]
) -> np.ndarray:
    inside = np.zeros(lon.size, dtype=bool)
    for _, west, south, east, north in boxes:
        inside |= (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return inside


def _inland_km(lon: np.ndarray, lat: np.ndarray, threshold_km: float) -> np.ndarray:
    """Distance to the coast: from the grid, exact where the grid is too close to call."""
    km = shore_distance_km(lon, lat)
    unsure = np.flatnonzero(np.abs(km - threshold_km) < 3.0)
    if unsure.size:
        km[unsure] = shore_distance_km(lon[unsure], lat[unsure], exact=True)
    return km
