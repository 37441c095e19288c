"""Corridor compliance: vessels that leave the agreed corridor for too long.

A vessel is *in the corridor* at a position inside a zone of ``corridor_kinds`` valid
at the time, *in port* inside a zone of ``port_zone_kinds``, and *outside* elsewhere.
A departure is a run of positions outside after a position in the corridor that lasts
longer than ``max_outside_corridor_min``, from the last position in the corridor to
the first back in it or in port (or to the last seen outside).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from reassure.geo.metric import local_projection
from reassure.tracks.inzone import zone_hits, zones_of_kinds
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    EPISODE_SCHEMA,
    IntArray,
    clean_positions,
    episode_columns,
    spread_rows,
)

__all__ = ["CorridorParams", "find_corridor_departures"]


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
    corridors = zones_of_kinds(zones, params.corridor_kinds)
    ports = zones_of_kinds(zones, params.port_zone_kinds)
    if corridors.height == 0 or tracks.height == 0:
        return pl.DataFrame(schema=_DEPARTURES)
    time_us = np.asarray(tracks["rx_time"].to_physical().to_numpy(), dtype=np.int64)
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    points, rows = zone_hits(lon, lat, time_us, pl.concat([corridors, ports]))  # one pass
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
    long = time_us[until] - time_us[first - 1] > params.max_outside_corridor_min * 6e7
    first, last, back, until = first[long], last[long], back[long], until[long]
    z = corridor_of[first - 1]
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
