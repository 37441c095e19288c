"""Store AIS and load tracks: the sea domain's half of the ingest/detect flow.

A record is a line (``reassure.sea.decode``); a file is decoded block by block and each
block's tables go to the ``ais_*`` store tables with their ingest id as they come, so a
file of any size is ingested in bounded memory (still in one transaction). A message
already stored from another file — same MMSI, receive time, type and content key — is
dropped and counted as a rejected record ("duplicate of a stored record"); messages
without a receive time cannot be told apart and are kept, as are repeats within a file
(two stations hearing one message).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePath

import duckdb
import polars as pl
import pyarrow as pa

from reassure.events import combine_releasability
from reassure.sea.csvpos import csv_format, decode_position_csv, is_position_csv
from reassure.sea.decode import AisDecoded, iter_nmea
from reassure.sea.schema import table_schema
from reassure.store.ingest import DecodeResult

__all__ = [
    "AIS_TABLES",
    "TRACK_COLUMNS",
    "decode_ais",
    "load_tracks",
    "restrict_by_evidence",
    "source_names",
    "write_ais",
]

AIS_TABLES = {
    "positions": "ais_positions",
    "static": "ais_static",
    "base_stations": "ais_base_stations",
    "aids": "ais_aids",
    "other": "ais_other",
}
"""Decoded table → store table."""

_KEYS = {
    "positions": ("mmsi", "rx_time", "msg_type", "lon", "lat"),
    "static": ("mmsi", "rx_time", "msg_type", "partno"),
    "base_stations": ("mmsi", "rx_time", "msg_type"),
    "aids": ("mmsi", "rx_time", "msg_type"),
    "other": ("mmsi", "rx_time", "msg_type", "payload"),
}
"""Columns that identify a stored message across files (with a non-null rx_time)."""
_NULLABLE = {"partno"}
_NULL = 255

TRACK_COLUMNS = (
    "mmsi",
    "rx_time",
    "lon",
    "lat",
    "speed",
    "course",
    "heading",
    "msg_type",
    "source_line",
)


def decode_ais(path: Path) -> Iterator[DecodeResult]:
    """Decode an AIS file (``.gz`` too) for the ingest pipeline: NMEA 0183 block by block,
    or a CSV of decoded positions (DMA, NOAA MarineCadastre: ``sea.csvpos``) whole; the
    file's first line decides which."""
    if is_position_csv(path):
        fmt = csv_format(path)
        what = f"a {fmt.upper() if fmt == 'dma' else 'NOAA'} AIS CSV" if fmt else "an AIS CSV"
        return iter([as_decode_result(decode_position_csv(path), what, "rows")])
    return (as_decode_result(part) for part in iter_nmea(path))


def as_decode_result(
    decoded: AisDecoded, what: str = "AIS NMEA", unit: str = "lines"
) -> DecodeResult:
    tables = {name: decoded.table(name) for name in AIS_TABLES}
    return DecodeResult(
        tables["positions"],
        decoded.rejects,
        decoded.n_read,
        n_decoded=decoded.n_decoded,
        tables=tables,
        bytes_read=decoded.bytes_read,
        skipped=decoded.skips,
        what=what,
        unit=unit,
    )


def write_ais(con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult) -> list[str]:
    """Insert every AIS table; returns the keys of messages already stored.

    DuckDB reads each block through a replacement scan of a local variable, not a
    registered view: a view is a catalog change that keeps its Arrow data alive until
    the transaction ends, and an ingest is one transaction however large the file."""
    duplicates: list[str] = []
    for name, store_table in AIS_TABLES.items():
        frame = result.tables.get(name)
        if frame is None or frame.height == 0:
            continue
        columns = list(table_schema(name))
        ais_block = frame.select(columns).to_arrow()  # read by name in the SQL below
        found = _stored_elsewhere(con, ingest_id, name, frame, ais_block)
        if found:
            lines = pl.Series([line for line, _, _ in found], dtype=pl.Int64)
            ais_block = frame.filter(~pl.col("source_line").is_in(lines)).select(columns).to_arrow()
            duplicates.extend(f"{name}:{mmsi}@{at}" for _, mmsi, at in found)
        listed = ", ".join(columns)
        con.execute(
            f"INSERT INTO {store_table} ({listed}, ingest_id) "
            f"SELECT {listed}, {int(ingest_id)} FROM ais_block"
        )
    return duplicates


def _stored_elsewhere(
    con: duckdb.DuckDBPyConnection,
    ingest_id: int,
    name: str,
    frame: pl.DataFrame,
    ais_block: pa.Table,
) -> list[tuple[int, int, str]]:
    """(source line, MMSI, receive time) of the block's messages that an earlier ingest
    stored, looked for in the block's time span only."""
    span = frame.select(lo=pl.col("rx_time").min(), hi=pl.col("rx_time").max()).row(0)
    if span[0] is None:
        return []
    lo, hi = (f"TIMESTAMPTZ '{t.isoformat()}'" for t in span)
    match = " AND ".join(
        f"coalesce(s.{k}, {_NULL}) = coalesce(n.{k}, {_NULL})"
        if k in _NULLABLE
        else f"s.{k} = n.{k}"
        for k in _KEYS[name]
    )
    rows: list[tuple[int, int, str]] = con.execute(
        "SELECT DISTINCT n.source_line, n.mmsi, "
        f"strftime(n.rx_time, '%Y-%m-%dT%H:%M:%S.%fZ') FROM ais_block n "
        f"JOIN {AIS_TABLES[name]} s ON {match} WHERE n.rx_time IS NOT NULL "
        f"AND s.ingest_id < {int(ingest_id)} AND s.rx_time BETWEEN {lo} AND {hi} "
        "ORDER BY n.source_line"
    ).fetchall()
    return rows


def load_tracks(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Positions with a receive time, for the track detectors, with their file's name
    (``source``). Sentinels (lon 181, ...) are left for the track engine to drop."""
    columns = ", ".join(f"p.{c}" for c in TRACK_COLUMNS)
    table = con.execute(
        f"SELECT {columns}, p.ingest_id AS source FROM ais_positions p "
        "WHERE p.rx_time IS NOT NULL ORDER BY p.mmsi, p.rx_time"
    ).to_arrow_table()
    frame = pl.DataFrame(pl.from_arrow(table))
    names = source_names(con)
    return frame.with_columns(pl.col("source").replace_strict(names, return_dtype=pl.String))


def source_names(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """AIS ingest id -> the name evidence gives its file: the file's name without its
    folders, with ``#<ingest id>`` when two ingested files share that name."""
    rows = con.execute(
        "SELECT ingest_id, path FROM ingests WHERE source = 'ais' ORDER BY ingest_id"
    ).fetchall()
    short = {ingest_id: PurePath(path).name for ingest_id, path in rows}
    seen = Counter(short.values())
    return {i: name if seen[name] == 1 else f"{name}#{i}" for i, name in short.items()}


def restrict_by_evidence(con: duckdb.DuckDBPyConnection, events: pl.DataFrame) -> pl.DataFrame:
    """Sea events releasable to exactly the nations that may see every position they
    were built from: the positions of their vessel(s) (subject ``mmsi`` or
    ``mmsiA-mmsiB``) from ``start_time`` to ``end_time``, each with the releasability
    of the ingest that brought it, combined with the event's own (its zone's).

    Positions of the same vessel at other times, from other feeds, do not restrict it.
    """
    if events.height == 0:
        return events
    keys = (
        events.select("event_id", "start_time", "end_time", mmsi=pl.col("subject").str.split("-"))
        .explode("mmsi")
        .with_columns(pl.col("mmsi").cast(pl.Int64, strict=False))
        .drop_nulls("mmsi")
    )
    con.register("_event_keys", keys.to_arrow())
    try:
        rows = con.execute(
            "SELECT e.event_id, list(DISTINCT i.releasability) FROM _event_keys e "
            "JOIN ais_positions p ON p.mmsi = e.mmsi "
            "AND p.rx_time BETWEEN e.start_time AND e.end_time "
            "JOIN ingests i ON i.ingest_id = p.ingest_id "
            "WHERE len(i.releasability) > 0 "
            "AND p.lon BETWEEN -180 AND 180 AND p.lat BETWEEN -90 AND 90 "
            "GROUP BY e.event_id"
        ).fetchall()
    finally:
        con.unregister("_event_keys")
    restricted = {event: lists for event, lists in rows}
    combined = [
        combine_releasability(own, *restricted.get(event, []))
        for event, own in zip(
            events["event_id"].to_list(), events["releasability"].to_list(), strict=True
        )
    ]
    return events.with_columns(releasability=pl.Series(combined, dtype=pl.List(pl.String)))
