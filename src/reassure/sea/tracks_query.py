"""Vessel tracks for the COP map: positions a nation may see, as one line per vessel.

Positions carry the releasability of the ingest that brought them (``ingests``); a
reader gets only positions from ingests releasable to its nation, and every filter
(time, MMSI, the box a vessel must have been in) applies to those alone, so no answer
depends on a position the reader may not see. Each vessel's track is thinned to at
most ``max_points`` positions, evenly in time order, for drawing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from reassure.sea.identity import flag_state, ship_type_text
from reassure.store.access import releasable

__all__ = ["query_tracks_geojson"]

_VALID = "p.lon BETWEEN -180 AND 180 AND p.lat BETWEEN -90 AND 90"


def _visible(nation: str, table: str, columns: str) -> tuple[str, list[Any]]:
    """``table``'s rows the nation may see (their ingest's releasability), as a query."""
    rule, params = releasable(nation, "i.releasability")
    return (
        f"SELECT {columns} FROM {table} p JOIN ingests i USING (ingest_id) WHERE {rule}",
        params,
    )


def query_tracks_geojson(
    con: duckdb.DuckDBPyConnection,
    nation: str,
    bbox: tuple[float, float, float, float] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    mmsi: list[int] | None = None,
    max_points: int = 400,
) -> dict[str, Any]:
    """Tracks (LineString per vessel) releasable to ``nation``, with name and flag."""
    visible, params = _visible(nation, "ais_positions", "p.mmsi, p.rx_time, p.lon, p.lat")
    clauses = ["p.rx_time IS NOT NULL", _VALID]
    if start is not None:
        clauses.append("p.rx_time >= ?")
        params.append(start)
    if end is not None:
        clauses.append("p.rx_time <= ?")
        params.append(end)
    if mmsi:
        clauses.append(f"p.mmsi IN ({', '.join('?' for _ in mmsi)})")
        params.extend(mmsi)
    if bbox is not None:  # vessels with at least one visible position inside the box
        clauses.append(
            "p.mmsi IN (SELECT mmsi FROM p WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?)"
        )
        params.extend([bbox[0], bbox[2], bbox[1], bbox[3]])
    where = " AND ".join(clauses)
    positions = pl.DataFrame(
        pl.from_arrow(
            con.execute(
                f"WITH p AS ({visible}) SELECT p.mmsi, p.rx_time, p.lon, p.lat FROM p "
                f"WHERE {where} ORDER BY p.mmsi, p.rx_time",
                params,
            ).to_arrow_table()
        )
    )
    if positions.height == 0:
        return {"type": "FeatureCollection", "features": []}
    thinned = (
        positions.with_columns(k=pl.int_range(pl.len()).over("mmsi"), n=pl.len().over("mmsi"))
        .filter(
            (pl.col("k") * max_points // pl.col("n"))
            != ((pl.col("k") - 1) * max_points // pl.col("n")) | (pl.col("k") == pl.col("n") - 1)
        )
        .group_by("mmsi", maintain_order=True)
        .agg(
            "lon",
            "lat",
            start_time=pl.col("rx_time").first(),
            end_time=pl.col("rx_time").last(),
            n=pl.col("n").first(),
        )
    )
    names = _names(con, nation, thinned["mmsi"].to_list())
    thinned = thinned.with_columns(flag=flag_state(thinned["mmsi"]))
    features = []
    for row in thinned.iter_rows(named=True):
        coords = [[lon, lat] for lon, lat in zip(row["lon"], row["lat"], strict=True)]
        geometry = (
            {"type": "LineString", "coordinates": coords}
            if len(coords) > 1
            else {"type": "Point", "coordinates": coords[0]}
        )
        static = names.get(row["mmsi"], {})
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "mmsi": row["mmsi"],
                    "flag": row["flag"],
                    "n_positions": row["n"],
                    "start_time": row["start_time"].isoformat().replace("+00:00", "Z"),
                    "end_time": row["end_time"].isoformat().replace("+00:00", "Z"),
                    "shipname": static.get("shipname"),
                    "ship_type": static.get("ship_type"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _names(con: duckdb.DuckDBPyConnection, nation: str, mmsis: list[int]) -> dict[int, Any]:
    """Latest name and ship type per vessel from static reports the nation may see."""
    if not mmsis:
        return {}
    visible, params = _visible(nation, "ais_static", "p.mmsi, p.shipname, p.ship_type, p.rx_time")
    frame = pl.DataFrame(
        pl.from_arrow(
            con.execute(
                f"WITH s AS ({visible}) SELECT s.mmsi, arg_max(s.shipname, s.rx_time) AS "
                "shipname, arg_max(s.ship_type, s.rx_time) AS ship_type FROM s "
                "WHERE s.shipname IS NOT NULL AND s.shipname <> '' "
                f"AND s.mmsi IN ({', '.join('?' for _ in mmsis)}) GROUP BY s.mmsi",
                [*params, *mmsis],
            ).to_arrow_table()
        )
    )
    if frame.height == 0:
        return {}
    frame = frame.with_columns(ship_type=ship_type_text(frame["ship_type"].cast(pl.UInt8)))
    return {r["mmsi"]: r for r in frame.iter_rows(named=True)}
