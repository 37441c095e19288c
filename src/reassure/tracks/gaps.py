"""AIS gaps: a vessel silent for hours between two positions ("going dark").

A gap is measured between two consecutive positions of one vessel: its duration, the
great-circle distance between its ends, the speed that distance implies, and the
distance from shore at both ends (exact, geodesic: see :mod:`reassure.geo.shore`).

A gap is *unreliable* — likely the receivers' fault or a vessel legitimately at rest,
not a transponder switched off — when either end is near the shore, in a port or
anchorage zone, or in an area of poor reception.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from reassure.events import combine_releasability
from reassure.geo.shore import shore_distance_km
from reassure.tracks.inzone import zone_hits
from reassure.tracks.paths import paths_wkb
from reassure.tracks.segment import (
    EPISODE_SCHEMA,
    KNOT_M_S,
    clean_positions,
    episode_columns,
    step_arrays,
    step_m,
)

__all__ = ["GapParams", "find_gaps"]


@dataclass(frozen=True)
class GapParams:
    """Parameters of AIS gaps.

    Definition: Global Fishing Watch's AIS-disabling events, a silence of 12 h or more
    between consecutive positions (Welch et al. 2022, "Hot spots of unseen fishing
    vessels", Science Advances 8:eabq2109; GFW technical documentation, "Gaps").
    """

    min_gap_h: float = 12.0
    """Shortest silence that is a gap (GFW: 12 h)."""
    near_shore_km: float = 10.0
    """An end closer to the coast makes the gap unreliable. GFW keeps only gaps that
    start ≥ 50 NM from shore as intentional disabling; the Black Sea corridor runs
    10–40 NM off the coast, where that rule would discard nearly every gap, so we keep
    them and flag the coastal band GFW also leaves out of encounters (10 km)."""
    port_zone_kinds: tuple[str, ...] = ("port", "anchorage")
    """An end in such a zone makes the gap unreliable (a ship at berth may go quiet)."""
    poor_reception_zone_kinds: tuple[str, ...] = ()
    """Zone kinds where reception is poor (GFW masks gaps by satellite reception
    quality); none by default."""
    poor_reception_zone_ids: tuple[str, ...] = ()
    """Zones, by id, where reception is poor; none by default."""
    confidence: float = 0.8
    """Confidence of a reliable gap."""
    unreliable_confidence: float = 0.4
    """Confidence of an unreliable gap."""


_SCHEMA: dict[str, pl.DataType] = {
    **EPISODE_SCHEMA,
    "lon_start": pl.Float64(),
    "lat_start": pl.Float64(),
    "lon_end": pl.Float64(),
    "lat_end": pl.Float64(),
    "gap_h": pl.Float64(),
    "distance_km": pl.Float64(),
    "implied_speed_kn": pl.Float64(),
    "shore_distance_km_start": pl.Float64(),
    "shore_distance_km_end": pl.Float64(),
    "unreliable": pl.Boolean(),
    "reasons": pl.List(pl.String()),
    "zone_ids": pl.List(pl.String()),
    "releasability": pl.List(pl.String()),
    "geometry": pl.Binary(),
}


def find_gaps(
    tracks: pl.DataFrame, zones: pl.DataFrame | None, params: GapParams = GapParams()
) -> pl.DataFrame:
    """One row per silence of ``params.min_gap_h`` or more, in track order.

    ``reasons`` lists why a gap is unreliable (``near_shore``, ``in_port``,
    ``poor_reception``); ``zone_ids`` and ``releasability`` name the zones involved.
    """
    tracks = clean_positions(tracks)
    same, dt_s = step_arrays(tracks)
    end = np.flatnonzero(same & (dt_s >= params.min_gap_h * 3600.0))
    if end.size == 0:
        return pl.DataFrame(schema=_SCHEMA)
    start = end - 1
    dist_m = step_m(tracks, end)
    lon, lat = tracks["lon"].to_numpy(), tracks["lat"].to_numpy()
    time_us = tracks["rx_time"].to_physical().to_numpy()
    both = np.concatenate([start, end])  # the first half are starts, the second ends
    shore = shore_distance_km(lon[both], lat[both], exact=True)
    reasons: list[list[str]] = [[] for _ in end]
    zone_ids: list[set[str]] = [set() for _ in end]
    rel: list[list[list[str]]] = [[] for _ in end]
    near = np.nan_to_num(shore, nan=np.inf) < params.near_shore_km
    for k in np.flatnonzero(near[: end.size] | near[end.size :]):
        reasons[k].append("near_shore")
    if zones is not None and zones.height:
        for reason, chosen in (
            ("in_port", zones.filter(pl.col("kind").is_in(list(params.port_zone_kinds)))),
            (
                "poor_reception",
                zones.filter(
                    pl.col("kind").is_in(list(params.poor_reception_zone_kinds))
                    | pl.col("zone_id").is_in(list(params.poor_reception_zone_ids))
                ),
            ),
        ):
            points, rows = zone_hits(lon[both], lat[both], time_us[both], chosen)
            for point, row in zip(points % end.size, rows, strict=True):
                if reason not in reasons[point]:
                    reasons[point].append(reason)
                zone_ids[point].add(chosen["zone_id"][int(row)])
                rel[point].append(chosen["releasability"][int(row)].to_list())
    hours = dt_s[end] / 3600.0
    return pl.DataFrame(
        {
            **episode_columns(tracks, start, end),
            "lon_start": lon[start],
            "lat_start": lat[start],
            "lon_end": lon[end],
            "lat_end": lat[end],
            "gap_h": hours,
            "distance_km": dist_m / 1000.0,
            "implied_speed_kn": dist_m / dt_s[end] / KNOT_M_S,
            "shore_distance_km_start": shore[: end.size],
            "shore_distance_km_end": shore[end.size :],
            "unreliable": [bool(r) for r in reasons],
            "reasons": reasons,
            "zone_ids": [sorted(z) for z in zone_ids],
            "releasability": [combine_releasability(*r) for r in rel],
            "geometry": paths_wkb(lon, lat, start, end),
        },
        schema=_SCHEMA,
    )
