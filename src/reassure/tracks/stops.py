"""Vessels that stay: loitering at sea and port calls.

Loitering is a run of consecutive slow positions far from shore. A port call follows
Global Fishing Watch's port-visit state machine with hysteresis (in port within the
entry distance, out of port only beyond the exit distance): it is a forward fill over
each vessel's positions (an entry or an exit sets the state, every other position
keeps it), so no per-vessel loop is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from reassure.events import combine_releasability
from reassure.geo.metric import NAUTICAL_MILE_M
from reassure.geo.shore import shore_distance_km
from reassure.tracks.inzone import grow_zones, zone_hits
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    EPISODE_SCHEMA,
    IntArray,
    clean_positions,
    episode_columns,
    run_starts,
    source_of,
    speed_kn,
    spread_rows,
    step_arrays,
)

__all__ = ["LoiteringParams", "PortCallParams", "find_loitering", "find_port_calls"]


@dataclass(frozen=True)
class LoiteringParams:
    """Parameters of loitering.

    Definition: Global Fishing Watch loitering — a vessel at average speed below 2 kn,
    on average at least 20 NM from shore (GFW FAQ "What is a loitering event?"; GFW
    technical documentation, "Loitering": ``avg_distance_from_shore_nm >= 20``).
    """

    max_speed_kn: float = 2.0
    """A position slower than this is slow (GFW: 2 kn)."""
    min_duration_h: float = 4.0
    """Shortest loitering. GFW's portal shows loitering of 1 h or more; 4 h (Starboard
    Maritime Intelligence's published rule, "< 2 kn for at least 4 hours") keeps ships
    waiting their turn for a berth or the Bosporus out of the ledger."""
    min_shore_distance_nm: float = 20.0
    """Least average distance from shore over the loitering (GFW: 20 NM)."""
    max_gap_h: float = 6.0
    """A silence this long ends a loitering (GFW's gap tables start at 6 h)."""
    warning_duration_h: float = 12.0
    """Loitering this long is a warning rather than information."""
    confidence: float = 0.7


@dataclass(frozen=True)
class PortCallParams:
    """Parameters of port calls.

    Definition: Global Fishing Watch port visits — entry within 3 km of the port, a
    stop (speed < 0.2 kn) or a port gap (≥ 4 h silent in port), exit beyond 4 km, and
    at least 3 h from entry to exit (GFW FAQ "How are port visits in the carrier vessel
    portal defined?"; GFW port-visit event terminology).
    """

    port_zone_kinds: tuple[str, ...] = ("port",)
    """Kinds of zone that are ports."""
    entry_distance_m: float = 0.0
    """A position this close to a port zone (or inside it) is in port. The scenario's
    port zones are already GFW's 3 km circles; use 3,000 for ports drawn as quays."""
    exit_distance_m: float = 1_000.0
    """A vessel in port leaves it beyond this distance from the zone: 1 km outside a
    3 km circle is GFW's 4 km."""
    stop_speed_kn: float = 0.2
    """A position slower than this is a port stop (GFW: 0.2 kn)."""
    port_gap_h: float = 4.0
    """A silence this long inside the port counts as a stop (GFW's port gap: 4 h)."""
    min_duration_h: float = 3.0
    """Shortest port call, entry to exit (GFW: 3 h)."""
    confidence: float = 0.9


def _empty(extra: dict[str, pl.DataType]) -> dict[str, pl.DataType]:
    return {**EPISODE_SCHEMA, **extra, "geometry": pl.Binary()}


_LOITER: dict[str, pl.DataType] = {
    "duration_h": pl.Float64(),
    "mean_speed_kn": pl.Float64(),
    "median_speed_kn": pl.Float64(),
    "mean_shore_distance_nm": pl.Float64(),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
}


def find_loitering(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: LoiteringParams = LoiteringParams()
) -> pl.DataFrame:
    """One row per loitering: ``mmsi, start_time, end_time, first_line, last_line, n,
    duration_h, mean_speed_kn, median_speed_kn``, ``mean_shore_distance_nm`` and the
    mean position ``lon, lat`` (over up to 64 positions evenly spread: a loitering ship
    hardly moves), ``geometry`` (the path through up to 500). ``zones`` is not used."""
    del zones
    tracks = clean_positions(tracks)
    steps = step_arrays(tracks)
    same, dt_s = steps
    speed = speed_kn(tracks, steps)
    slow = speed < params.max_speed_kn  # NaN is not slow
    start = slow.copy()
    start[1:] &= ~(same[1:] & slow[:-1] & (dt_s[1:] < params.max_gap_h * 3600.0))
    idx = np.flatnonzero(slow)
    if idx.size == 0:
        return pl.DataFrame(schema=_empty(_LOITER))
    run = run_starts(start)[idx]
    time_us = tracks["rx_time"].to_physical().to_numpy()
    frame = pl.DataFrame({"run": run, "row": idx, "t": time_us[idx], "speed": speed[idx]})
    runs = (
        frame.group_by("run", maintain_order=True)
        .agg(
            first=pl.col("row").first(),
            last=pl.col("row").last(),
            duration_h=(pl.col("t").last() - pl.col("t").first()) / 3.6e9,
            mean_speed_kn=pl.col("speed").mean(),
            median_speed_kn=pl.col("speed").median(),
        )
        .filter(pl.col("duration_h") >= params.min_duration_h)
    )
    if runs.height == 0:
        return pl.DataFrame(schema=_empty(_LOITER))
    first, last = runs["first"].to_numpy(), runs["last"].to_numpy()
    counts = last - first + 1
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    # Means over up to 64 evenly spread positions; the path through up to 500.
    rows, which = spread_rows(first, counts, 64)
    shore_nm = shore_distance_km(lon[rows], lat[rows]) * 1000.0 / NAUTICAL_MILE_M
    per_run = pl.DataFrame({"k": which, "shore": shore_nm, "lon": lon[rows], "lat": lat[rows]})
    means = per_run.group_by("k", maintain_order=True).agg(
        pl.col("shore").mean(), pl.col("lon").mean(), pl.col("lat").mean()
    )
    result = pl.DataFrame(
        {
            **episode_columns(tracks, first, last),
            "duration_h": runs["duration_h"],
            "mean_speed_kn": runs["mean_speed_kn"],
            "median_speed_kn": runs["median_speed_kn"],
            "mean_shore_distance_nm": means["shore"],
            "lon": means["lon"],
            "lat": means["lat"],
            "geometry": _paths(lon, lat, first, last),
        },
        schema=_empty(_LOITER),
    )
    # Unknown distance (outside the basemap) does not hide a loitering.
    far = pl.col("mean_shore_distance_nm").is_nan() | (
        pl.col("mean_shore_distance_nm") >= params.min_shore_distance_nm
    )
    return result.filter(far)


_PORT: dict[str, pl.DataType] = {
    "zone_id": pl.String(),
    "releasability": pl.List(pl.String()),
    "duration_h": pl.Float64(),
    "stopped": pl.Boolean(),
    "port_gap": pl.Boolean(),
    "complete": pl.Boolean(),
    "exit_line": pl.Int64(),
    "exit_source": pl.String(),
}


def find_port_calls(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: PortCallParams = PortCallParams()
) -> pl.DataFrame:
    """One row per port call: ``mmsi, start_time`` (entry), ``end_time`` (last position
    in port), ``first_line, last_line, n, zone_id, releasability, duration_h, stopped,
    port_gap, complete`` (False while the vessel has not left yet), ``exit_line`` and
    ``exit_source`` (the first position beyond the exit distance) and ``geometry`` (the
    path in port)."""
    tracks = clean_positions(tracks)
    if zones is None or tracks.height == 0:
        return pl.DataFrame(schema=_empty(_PORT))
    ports = zones.filter(pl.col("kind").is_in(list(params.port_zone_kinds)))
    if ports.height == 0:
        return pl.DataFrame(schema=_empty(_PORT))
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    time_us = tracks["rx_time"].to_physical().to_numpy()
    state = _port_state(tracks, ports, params, lon, lat, time_us)
    steps = step_arrays(tracks)
    same, dt_s = steps
    in_port = state >= 0
    brk = in_port.copy()
    brk[1:] &= ~(same[1:] & (state[1:] == state[:-1]))
    idx = np.flatnonzero(in_port)
    if idx.size == 0:
        return pl.DataFrame(schema=_empty(_PORT))
    stop = speed_kn(tracks, steps) < params.stop_speed_kn
    gap = np.zeros(tracks.height, dtype=bool)
    gap[1:] = same[1:] & in_port[:-1] & (dt_s[1:] >= params.port_gap_h * 3600.0)
    frame = pl.DataFrame(
        {"run": run_starts(brk)[idx], "row": idx, "t": time_us[idx], "z": state[idx]}
    ).with_columns(stop=stop[idx], gap=gap[idx])
    calls = (
        frame.group_by("run", maintain_order=True)
        .agg(
            first=pl.col("row").first(),
            last=pl.col("row").last(),
            z=pl.col("z").first(),
            duration_h=(pl.col("t").last() - pl.col("t").first()) / 3.6e9,
            stopped=pl.col("stop").any(),
            port_gap=pl.col("gap").any(),
        )
        .filter(
            (pl.col("duration_h") >= params.min_duration_h)
            & (pl.col("stopped") | pl.col("port_gap"))
        )
    )
    if calls.height == 0:
        return pl.DataFrame(schema=_empty(_PORT))
    first, last = calls["first"].to_numpy(), calls["last"].to_numpy()
    after = np.minimum(last + 1, tracks.height - 1)
    complete = (last + 1 < tracks.height) & np.append(same[1:], False)[last]
    line = tracks["source_line"].to_numpy()
    z = calls["z"].to_numpy()
    return pl.DataFrame(
        {
            **episode_columns(tracks, first, last),
            "zone_id": ports["zone_id"].gather(z),
            "releasability": [
                combine_releasability(r) for r in ports["releasability"].gather(z).to_list()
            ],
            "duration_h": calls["duration_h"],
            "stopped": calls["stopped"],
            "port_gap": calls["port_gap"],
            "complete": complete,
            "exit_line": line[after],
            "exit_source": source_of(tracks, after),
            "geometry": _paths(lon, lat, first, last),
        },
        schema=_empty(_PORT),
    ).with_columns(pl.when(pl.col("complete")).then(pl.col("exit_line", "exit_source")))


def _paths(
    lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64], first: IntArray, last: IntArray
) -> npt.NDArray[np.object_]:
    """A stay's path through up to 500 positions, simplified to 0.0001° (about 10 m):
    a ship that stays hardly moves, and the map needs no more."""
    return paths_wkb(lon, lat, first, last, most=500, tolerance_deg=0.0001)


def _port_state(
    tracks: pl.DataFrame,
    ports: pl.DataFrame,
    params: PortCallParams,
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    time_us: IntArray,
) -> IntArray:
    """Per position: the port (row of ``ports``) the vessel is in, or -1 (hysteresis)."""
    n = tracks.height
    both = pl.concat(
        [grow_zones(ports, params.entry_distance_m), grow_zones(ports, params.exit_distance_m)]
    )
    points, rows = zone_hits(lon, lat, time_us, both)  # one pass for both distances
    entry = rows < ports.height
    near = np.full(n, -1, dtype=np.int64)
    near[points[entry][::-1]] = rows[entry][::-1]
    within_exit = np.zeros(n, dtype=bool)
    within_exit[points[~entry]] = True
    mmsi = tracks["mmsi"].to_numpy()
    first = np.ones(n, dtype=bool)
    first[1:] = mmsi[1:] != mmsi[:-1]
    # An entry sets the port, a position beyond the exit distance (or a vessel's first
    # position) sets "out", any other position keeps the state: a forward fill.
    keep = (near < 0) & within_exit & ~first
    filled = pl.Series("m", near).set(pl.Series(keep), None).forward_fill()
    return np.asarray(filled.to_numpy(), dtype=np.int64)
