"""Ground truth of the AIS scenario: one record per planted anomaly and per port call.

Each record's ``start``/``end`` are the first and last report of the signature as
heard (read off the reports by the episode's mode), ``truth_id`` is
``sea:<kind>:<n>``, numbered in order of kind, start and subject.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import polars as pl
import shapely

from reassure.scenario.ais.geography import rounded_lonlat
from reassure.scenario.ais.motion import PieceTable
from reassure.scenario.ais.traffic import Traffic
from reassure.scenario.context import ScenarioContext, iso_z

__all__ = ["ground_truth"]


def ground_truth(
    ctx: ScenarioContext,
    traffic: Traffic,
    table: PieceTable,
    positions: pl.DataFrame,
    spans: list[tuple[int, int, float, float, int]],
) -> list[dict[str, Any]]:
    """One record per planted episode and per port stay, as heard: ``spans`` are the
    (episode or ``-2 - piece`` of a stay, vessel, first t, last t, reports) of the
    reports in episode and berth pieces."""
    geo = traffic.geo
    vessels = traffic.vessels
    start = ctx.start
    records: list[tuple[str, float, dict[str, Any]]] = []

    def when(seconds: float) -> str:
        return iso_z(start + timedelta(seconds=math.floor(seconds)))

    def record(
        kind: str, subject: str, a: float, b: float, lon: float, lat: float, zone: str | None = None
    ) -> None:
        item: dict[str, Any] = {"domain": "sea", "kind": kind, "subject": subject, "start": when(a),
                                "end": when(b), "lon": lon, "lat": lat}  # fmt: skip
        if zone is not None:
            item["zone_id"] = zone
        records.append((kind, a, item))

    by_episode: dict[int, dict[int, tuple[float, float, int]]] = {}
    for e, v, a, b, n in spans:
        if e >= 0:
            by_episode.setdefault(e, {})[v] = (a, b, n)
        else:  # a stay at a berth: a port call
            piece = -2 - e
            port = traffic.port_ids[int(table.port[piece])]
            px, py = table.a[piece], table.b[piece]
            lon, lat = rounded_lonlat(geo, (px, py))
            record("port_call", str(vessels[v].mmsi), a, b, lon, lat, geo.ports[port].zone_id)
    frame = positions.select("vessel", "t", "x", "y")
    for ep in traffic.episodes:
        subject = str(vessels[ep.vessels[0]].mmsi)
        if ep.mode == "pieces":
            got = by_episode.get(ep.index, {})
            if len(got) < len(ep.vessels) or any(n < 3 for _, _, n in got.values()):
                raise RuntimeError(f"planted {ep.kind} has too few reports")
            a = max(g[0] for g in got.values())
            b = min(g[1] for g in got.values())
            if ep.kind == "encounter":
                pair = sorted(vessels[i].mmsi for i in ep.vessels)
                subject = f"{pair[0]}-{pair[1]}"
            record(ep.kind, subject, a, b, ep.lon, ep.lat)
            continue
        mine = frame.filter(pl.col("vessel").is_in(list(ep.vessels))).sort("t")
        t = mine["t"].to_numpy()
        if ep.mode == "around":
            before = t[t < ep.t_a]
            after = t[t >= ep.t_b]
            if before.size == 0 or after.size == 0:
                raise RuntimeError(f"planted {ep.kind} has no reports around it")
            record(ep.kind, subject, float(before.max()), float(after.min()), ep.lon, ep.lat)
        elif ep.mode == "clone":
            clone = mine.filter(pl.col("vessel") == ep.vessels[1])["t"].to_numpy()
            record(ep.kind, subject, float(clone.min()), float(clone.max()), ep.lon, ep.lat)
        else:
            x, y = mine["x"].to_numpy(), mine["y"].to_numpy()
            span = (t >= ep.t_a - 1) & (t <= ep.t_b + 1)
            if ep.mode == "inside":
                zone = geo.exclusions[ep.zone_id or ""]
                hit = span & shapely.contains_xy(zone, x, y)
            else:
                hit = span & ~shapely.contains_xy(geo.corridor, x, y)
            if int(hit.sum()) < 3:
                raise RuntimeError(f"planted {ep.kind} has too few reports")
            zone_id = ep.zone_id if ep.mode == "inside" else None
            record(
                ep.kind, subject, float(t[hit].min()), float(t[hit].max()), ep.lon, ep.lat, zone_id
            )
    records.sort(key=lambda r: (r[0], r[1], r[2]["subject"]))
    counts: dict[str, int] = {}
    for kind, _, _ in records:
        counts[kind] = counts.get(kind, 0) + 1
    out = []
    seen: dict[str, int] = {}
    for kind, _, item in records:
        seen[kind] = seen.get(kind, 0) + 1
        width = max(3, len(str(counts[kind])))
        out.append({"truth_id": f"sea:{kind}:{seen[kind]:0{width}d}", **item})
    return out
