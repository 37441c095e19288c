"""What the shore network hears: position reports, chunk by chunk of vessels.

A report is a candidate every 1-3 minutes; candidates within 40 NM of a shore
receiver are all heard, 40-80 NM away 60 % of them, farther 35 % (tag block station
``sat``, and some type 27 long-range messages); ships at a berth every ~3 minutes
(:mod:`~reassure.scenario.ais.stations`). Positions carry GNSS noise of a few metres
and are quantised as the messages carry them. Each chunk of :data:`CHUNK_VESSELS`
vessels draws from its own stream ``ais:reports:<n>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from reassure.geo.metric import NAUTICAL_MILE_M
from reassure.scenario.ais._types import FloatArray, IntArray
from reassure.scenario.ais.motion import KNOT_MS, PieceTable, evaluate
from reassure.scenario.ais.static import static_reports
from reassure.scenario.ais.stations import (
    FAR_NM,
    KEEP_BERTH,
    KEEP_FAR,
    KEEP_MID,
    NEAR_NM,
    RECEIVERS,
    STATIONS,
    nearest_station,
    transmission_times,
)
from reassure.scenario.ais.traffic import ANCHORED, MOORED, Traffic
from reassure.scenario.ais.truth import ground_truth
from reassure.scenario.context import ScenarioContext

__all__ = ["CHUNK_VESSELS", "Reports", "reports"]

CHUNK_VESSELS = 256
"""Vessels per chunk of reports (one random stream each)."""


@dataclass
class Reports:
    """The generated position and static reports, with ground truth."""

    positions: pl.DataFrame
    """The encoder's columns, plus vessel and piece (internal)."""
    static: pl.DataFrame
    truth: list[dict[str, Any]] = field(default_factory=list)


def reports(ctx: ScenarioContext, traffic: Traffic) -> Reports:
    """Every report heard over the window, chunk by chunk of vessels, and the truth."""
    table = traffic.pieces()
    n_vessels = len(traffic.vessels)
    vessel_first = np.searchsorted(table.vessel, np.arange(n_vessels), "left")
    vessel_last = np.searchsorted(table.vessel, np.arange(n_vessels), "right") - 1
    frames, statics = [], []
    spans: list[tuple[int, int, float, float, int]] = []
    for chunk, lo in enumerate(range(0, n_vessels, CHUNK_VESSELS)):
        ids = np.arange(lo, min(n_vessels, lo + CHUNK_VESSELS))
        has = vessel_last[ids] >= vessel_first[ids]
        ids = ids[has]
        rng = ctx.rng(f"ais:reports:{chunk}")
        pos, sta, found = _chunk(ctx, traffic, table, ids, vessel_first, vessel_last, rng)
        frames.append(pos)
        statics.append(sta)
        spans.extend(found)
    positions = pl.concat(frames)
    static = pl.concat(statics)
    return Reports(positions, static, ground_truth(ctx, traffic, table, positions, spans))


def _candidates(
    rng: np.random.Generator, v: IntArray, e0: FloatArray, e1: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Candidate report times every 60-180 s from e0 (plus a random phase) to e1."""
    count = np.maximum(0, np.ceil((e1 - e0) / 120.0 * 1.08).astype(np.int64) + 40)
    vv, t, covered = transmission_times(rng, v, e0, e1, count, (60.0, 180.0), 180.0)
    if not covered:
        raise RuntimeError("too few report candidates")
    return vv, t


def _chunk(
    ctx: ScenarioContext,
    traffic: Traffic,
    table: PieceTable,
    ids: IntArray,
    vessel_first: IntArray,
    vessel_last: IntArray,
    rng: np.random.Generator,
) -> tuple[pl.DataFrame, pl.DataFrame, list[tuple[int, int, float, float, int]]]:
    """The position reports heard from the vessels ``ids``, their static reports and the
    spans of their episodes and port stays (see :func:`_spans`)."""
    geo = traffic.geo
    window = traffic.window_s
    vessels = traffic.vessels
    e0 = np.maximum(0.0, table.t0[vessel_first[ids]])
    e1 = np.minimum(window, table.t1[vessel_last[ids]])
    live = e1 > e0
    ids, e0, e1 = ids[live], e0[live], e1[live]
    v, t = _candidates(rng, ids, e0, e1)
    idx, x, y, vx, vy = evaluate(table, geo.trunk, v, t)
    keep = ~table.silent[idx]
    v, t, idx, x, y, vx, vy = v[keep], t[keep], idx[keep], x[keep], y[keep], vx[keep], vy[keep]
    dist, which = nearest_station(geo.receivers, x, y)
    speed = np.hypot(vx, vy) / KNOT_MS
    p = np.where(
        dist < NEAR_NM * NAUTICAL_MILE_M,
        1.0,
        np.where(dist < FAR_NM * NAUTICAL_MILE_M, KEEP_MID, KEEP_FAR),
    )
    berth = (speed < 0.05) & np.isin(table.status[idx], [MOORED, ANCHORED])
    p = np.where(berth, KEEP_BERTH, p)
    rate = table.rate[idx]
    p = np.where(np.isnan(rate), p, rate)
    keep = rng.random(v.size) < p
    v, idx, which = v[keep], idx[keep], which[keep]
    t, x, y, vx, vy, speed, dist = (a[keep] for a in (t, x, y, vx, vy, speed, dist))
    n = v.size
    # position noise (GNSS, a few metres) and the reported values
    x = x + rng.normal(0.0, 3.0, n)
    y = y + rng.normal(0.0, 3.0, n)
    lon, lat = geo.plane.lonlat(x, y)
    moving = speed > 0.05
    ux, uy = np.where(moving, vx, 0.0), np.where(moving, vy, 1.0)
    norm = np.hypot(ux, uy)
    lon2, lat2 = geo.plane.lonlat(x + 30.0 * ux / norm, y + 30.0 * uy / norm)
    course = np.degrees(np.arctan2((lon2 - lon) * np.cos(np.radians(lat)), lat2 - lat)) % 360.0
    course = np.where(moving, course + rng.normal(0.0, 0.4, n), rng.uniform(0.0, 360.0, n)) % 360.0
    sog = np.where(
        moving,
        np.maximum(0.0, speed + rng.normal(0.0, 0.1, n)),
        rng.choice([0.0, 0.0, 0.0, 0.1], n),
    )
    fixed = table.hdg[idx]
    heading = np.where(
        np.isnan(fixed), course + rng.normal(0.0, 1.5, n), fixed + rng.normal(0.0, 0.7, n)
    )
    heading = np.rint(heading).astype(np.int64) % 360
    cls_b = np.array([ves.cls == "B" for ves in vessels], bool)[v]
    planted = np.array([ves.planted for ves in vessels], bool)[v]
    far = dist >= FAR_NM * NAUTICAL_MILE_M
    msg = rng.choice(np.array([1, 3, 2]), n, p=[0.85, 0.12, 0.03])
    msg = np.where(far & ~planted & (rng.random(n) < 0.25), 27, msg)
    msg = np.where(cls_b, 18, msg)
    heading = np.where(cls_b & (np.asarray(v) % 2 == 0), 511, heading)
    status = np.where(cls_b, 15, table.status[idx])
    long_range = msg == 27
    lon_q = np.where(long_range, np.rint(lon * 600) / 600, np.rint(lon * 600_000) / 600_000).round(
        6
    )
    lat_q = np.where(long_range, np.rint(lat * 600) / 600, np.rint(lat * 600_000) / 600_000).round(
        6
    )
    speed_q = np.where(
        long_range, np.minimum(np.rint(sog), 62.0), np.minimum(np.rint(sog * 10) / 10, 102.2)
    )
    course_q = np.where(long_range, np.rint(course) % 360, (np.rint(course * 10) % 3600) / 10)
    whole = np.floor(t).astype(np.int64)
    second = (whole - rng.integers(0, 2, n)) % 60
    start_us = int(ctx.start.timestamp()) * 1_000_000
    station = np.where(far, len(RECEIVERS), which)
    positions = pl.DataFrame(
        {
            "msg_type": pl.Series(msg, dtype=pl.UInt8),
            "mmsi": pl.Series(
                np.array([ves.mmsi for ves in vessels], np.int64)[v], dtype=pl.UInt32
            ),
            "lon": lon_q,
            "lat": lat_q,
            "speed": speed_q,
            "course": course_q,
            "heading": pl.Series(np.where(long_range, 511, heading), dtype=pl.UInt16),
            "status": pl.Series(status, dtype=pl.UInt8),
            "second": pl.Series(np.where(long_range, 60, second), dtype=pl.UInt8),
            "rx_time": pl.Series(start_us + whole * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us", "UTC")
            ),
            "station": pl.Series(np.array(STATIONS)[station], dtype=pl.String),
            "vessel": pl.Series(v, dtype=pl.Int32),
            "piece": pl.Series(idx, dtype=pl.Int64),
            "t": t,
            "x": x,
            "y": y,
        }
    )
    static = static_reports(ctx, traffic, table, ids, e0, e1, rng)
    spans = _spans(table, v, t, idx)
    return positions, static, spans


def _spans(
    table: PieceTable, v: IntArray, t: FloatArray, idx: IntArray
) -> list[tuple[int, int, float, float, int]]:
    """(episode, vessel, first t, last t, reports) of the reports in episode pieces, and
    (-2 - port, vessel, first, last, n) of every stay at a berth."""
    out: list[tuple[int, int, float, float, int]] = []
    ep = table.episode[idx]
    sel = np.flatnonzero(ep >= 0)
    if sel.size:
        frame = pl.DataFrame({"e": ep[sel], "v": v[sel], "t": t[sel]})
        for row in (
            frame.group_by("e", "v")
            .agg(pl.col("t").min().alias("a"), pl.col("t").max().alias("b"), pl.len().alias("n"))
            .iter_rows()
        ):
            out.append((int(row[0]), int(row[1]), float(row[2]), float(row[3]), int(row[4])))
    port = table.port[idx]
    sel = np.flatnonzero(port >= 0)
    if sel.size:
        frame = pl.DataFrame({"p": idx[sel], "v": v[sel], "t": t[sel]})
        for row in (
            frame.group_by("p", "v")
            .agg(pl.col("t").min().alias("a"), pl.col("t").max().alias("b"), pl.len().alias("n"))
            .iter_rows()
        ):
            out.append((-2 - int(row[0]), int(row[1]), float(row[2]), float(row[3]), int(row[4])))
    return out
