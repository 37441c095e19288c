"""Corridor compliance: vessels that leave the agreed corridor for too long.

Each position of a vessel is in one of four states, valid zones only:

- *corridor*: inside a zone of ``corridor_kinds``;
- *port*: inside a zone of ``port_zone_kinds`` (and not in the corridor);
- *approach*: within ``port_approach_m`` of such a zone (and in neither): a ship that
  must leave the corridor to reach a port off it (Constanța, 4 km off; Izmail, 65 km
  up the Danube) is where it should be;
- *outside*: anywhere else.

A departure is a run of positions outside whose vessel last came from the corridor
(approach positions between do not count as coming from anywhere) and that lasts
longer than ``max_outside_corridor_min``: from the position before the run to the
first one after it (back in the corridor, in port or in a port's approach) or to the
last seen outside. A run outside is no departure when it is a *direct run* to a port:
it ends in that port or its approach; the vessel's last position in the corridor was
no more than ``port_approach_m`` farther from the port than the corridor's nearest
point is; and from there on it never backed away from the port by more than
``port_approach_m`` (so a river's bends may take it sideways, a detour may not). A
vessel that stops on the way in is still on a direct run: stopping is loitering's
business, not this detector's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from reassure.geo.metric import local_projection
from reassure.tracks.inzone import grow_zones, zone_hits, zones_of_kinds
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    EPISODE_SCHEMA,
    BoolArray,
    FloatArray,
    IntArray,
    clean_positions,
    episode_columns,
    spread_rows,
)

__all__ = ["CorridorParams", "find_corridor_departures"]


@dataclass(frozen=True)
class CorridorParams:
    """Parameters of corridor compliance.

    Definition: a vessel that was in the corridor and is then seen outside it, in no
    port zone and not on its way into one, for longer than ``max_outside_corridor_min``
    has left the corridor (issue 4, "leaving the corridor for longer than N minutes";
    30 minutes is the default: at 10 kn a ship covers 5 NM, the corridor's half-width).
    """

    max_outside_corridor_min: float = 30.0
    """Time outside the corridor, from the last position before the run outside (in the
    corridor or a port's approach) to the first position back in the corridor, a port
    or its approach (or to the last position seen outside)."""
    corridor_kinds: tuple[str, ...] = ("corridor",)
    """Kinds of zone that make the corridor."""
    port_zone_kinds: tuple[str, ...] = ("port", "anchorage")
    """Kinds of zone where a vessel out of the corridor is where it should be."""
    port_approach_m: float = 10_000.0
    """A position this close to a zone of ``port_zone_kinds`` is in that port's
    approach, never outside; and the slack of a direct run to a port (see the module).
    10 km is the distance Global Fishing Watch takes as port traffic round an
    anchorage (it keeps encounters out of it: Miller et al. 2018); 0 turns both off."""
    confidence: float = 0.8


OUTSIDE, PORT, CORRIDOR, APPROACH = 0, 1, 2, 3


def find_corridor_departures(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: CorridorParams = CorridorParams()
) -> pl.DataFrame:
    """Vessels that left the corridor for too long: one row per departure.

    Columns ``mmsi, start_time`` (the position before the run outside), ``end_time``
    (the first position after it, or the last seen outside), ``first_line, last_line,
    first_source, last_source, n`` (the positions outside), ``zone_id,
    releasability`` (the corridor it came from), ``outside_min, max_offset_km,
    returned`` (``corridor``, ``port`` — a port or its approach — or null when not
    seen back), ``geometry`` (the path out and back).
    """
    tracks = clean_positions(tracks)
    corridors = zones_of_kinds(zones, params.corridor_kinds)
    ports = zones_of_kinds(zones, params.port_zone_kinds)
    if corridors.height == 0 or tracks.height == 0:
        return pl.DataFrame(schema=_DEPARTURES)
    time_us = np.asarray(tracks["rx_time"].to_physical().to_numpy(), dtype=np.int64)
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    state, corridor_of, port_of = _states(lon, lat, time_us, corridors, ports, params)
    mmsi = tracks["mmsi"].to_numpy()
    same = np.zeros(tracks.height, dtype=bool)
    same[1:] = mmsi[1:] == mmsi[:-1]
    brk = ~same
    brk[1:] |= state[1:] != state[:-1]
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], tracks.height) - 1
    came_from = _last_port_or_corridor(state, same)
    origin = came_from[np.maximum(starts - 1, 0)]
    out = (state[starts] == OUTSIDE) & same[starts]  # a run outside after some position...
    out &= (origin >= 0) & (state[origin] == CORRIDOR)  # ...that came from the corridor
    first, last, left = starts[out], ends[out], origin[out]  # left: the last in the corridor
    back = np.append(same[1:], False)[last]  # seen again after the run
    until = np.where(back, last + 1, last)
    keep = time_us[until] - time_us[first - 1] > params.max_outside_corridor_min * 6e7
    to_port = np.flatnonzero(keep & back & np.isin(state[until], (PORT, APPROACH)))
    if params.port_approach_m <= 0:
        to_port = to_port[:0]
    keep[to_port] = ~_direct(
        left[to_port],
        last[to_port],
        port_of[until[to_port]],
        corridor_of[left[to_port]],
        corridors,
        ports,
        params.port_approach_m,
        lon,
        lat,
    )
    first, last, back, until, left = first[keep], last[keep], back[keep], until[keep], left[keep]
    z = corridor_of[left]
    offsets_m = _offsets_m(first, last, z, corridors, lon, lat)
    returned = [
        ("corridor" if state[u] == CORRIDOR else "port") if k else None
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


def _states(
    lon: FloatArray,
    lat: FloatArray,
    time_us: IntArray,
    corridors: pl.DataFrame,
    ports: pl.DataFrame,
    params: CorridorParams,
) -> tuple[npt.NDArray[np.int8], IntArray, IntArray]:
    """Per position: its state; the corridor zone (row of ``corridors``) it is in, or
    -1; the port (row of ``ports``) it is in, else the first whose approach it is in,
    or -1. One pass over the corridors, the ports and their approaches."""
    n_c, n_p = corridors.height, ports.height
    parts = [corridors, ports]
    if params.port_approach_m > 0 and n_p:
        parts.append(grow_zones(ports, params.port_approach_m))
    points, rows = zone_hits(lon, lat, time_us, pl.concat(parts))
    state = np.full(lon.size, OUTSIDE, dtype=np.int8)
    corridor_of = np.full(lon.size, -1, dtype=np.int64)
    port_of = np.full(lon.size, -1, dtype=np.int64)
    # (points, rows) are sorted by row: reversed, the first zone of a point is set last.
    for kind, low, count in ((APPROACH, n_c + n_p, n_p), (PORT, n_c, n_p), (CORRIDOR, 0, n_c)):
        mine = (rows >= low) & (rows < low + count)
        p, r = points[mine][::-1], rows[mine][::-1] - low
        state[p] = kind
        (corridor_of if kind == CORRIDOR else port_of)[p] = r
    return state, corridor_of, port_of


def _last_port_or_corridor(state: npt.NDArray[np.int8], same: BoolArray) -> IntArray:
    """Per position: the vessel's last position so far (itself included) in port or in
    the corridor, or -1 (positions outside or in an approach are passed over)."""
    anchor = (state == PORT) | (state == CORRIDOR)
    rows = pl.Series(np.where(anchor, np.arange(state.size), -1))
    filled = rows.set(pl.Series(~anchor & same), None).forward_fill()
    return np.asarray(filled.to_numpy(), dtype=np.int64)


def _direct(
    left: IntArray,
    last: IntArray,
    port: IntArray,
    corridor: IntArray,
    corridors: pl.DataFrame,
    ports: pl.DataFrame,
    slack_m: float,
    lon: FloatArray,
    lat: FloatArray,
) -> BoolArray:
    """Whether each run, from row ``left`` (its last position in ``corridor``) to row
    ``last`` (its last outside, before ``port`` or its approach), is a direct run to
    that port (see the module). Distances on the port's own AEQD plane."""
    result = np.zeros(left.size, dtype=bool)
    port_shapes = shapely.from_wkb(ports["geometry"].to_numpy())
    corridor_shapes = shapely.from_wkb(corridors["geometry"].to_numpy())
    rows, run = spread_rows(left, last - left + 1, int(np.max(last - left, initial=0)) + 1)
    for p in np.unique(port):
        centre = port_shapes[p].centroid
        plane = local_projection(centre.x, centre.y)
        target = plane.to_metric(port_shapes[p])
        mine = np.flatnonzero(port == p)
        inside = np.isin(run, mine)
        x, y = plane.xy(lon[rows[inside]], lat[rows[inside]])
        d = pl.col("d")
        checked = (
            pl.DataFrame({"run": run[inside], "d": shapely.distance(target, shapely.points(x, y))})
            .with_columns(closing=d <= d.cum_min().shift(1).over("run") + slack_m)
            .group_by("run", maintain_order=True)
            .agg(start_m=d.first(), closing=pl.col("closing").fill_null(True).all())
        )
        corridor_m = {
            c: shapely.distance(plane.to_metric(corridor_shapes[c]), target)
            for c in np.unique(corridor[mine])
        }
        near_start = checked["start_m"].to_numpy() <= [
            corridor_m[c] + slack_m for c in corridor[mine]
        ]
        result[mine] = near_start & checked["closing"].to_numpy()
    return result


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
