"""The event ledger and zones in the store: write, and read filtered by releasability.

Every read here takes the reader's nation and returns only records releasable to it,
by the one rule in :mod:`reassure.store.access`, applied before any other filter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from reassure.events import EVENT_SCHEMA
from reassure.geo.zones import ZONE_SCHEMA
from reassure.store.access import releasable
from reassure.store.ingest import DecodeResult

__all__ = [
    "EventFilter",
    "LedgerChange",
    "all_events",
    "all_zones",
    "feature_collection",
    "query_events",
    "query_events_geojson",
    "query_zones",
    "query_zones_geojson",
    "write_events",
    "write_zones",
]

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class EventFilter:
    """Filters of an events read; ``None`` means no filter."""

    objectives: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    severities: Sequence[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    bbox: BBox | None = None
    limit: int | None = None

    def where(self, nation: str) -> tuple[str, list[Any]]:
        rule, params = releasable(nation)
        clauses: list[str] = [rule]
        for column, values in (
            ("objective", self.objectives),
            ("kind", self.kinds),
            ("severity", self.severities),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.start is not None:
            clauses.append("end_time >= ?")
            params.append(self.start)
        if self.end is not None:
            clauses.append("start_time <= ?")
            params.append(self.end)
        if self.bbox is not None:
            clauses.append(
                "geometry IS NOT NULL AND ST_Intersects(geometry, ST_MakeEnvelope(?, ?, ?, ?))"
            )
            params.extend(self.bbox)
        return " AND ".join(clauses), params


# -- writes ------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerChange:
    """What writing one detector's events changed in the ledger."""

    new: int
    updated: int
    removed: int


_UPDATABLE = [c for c in EVENT_SCHEMA if c not in ("event_id", "status")]


def write_events(
    con: duckdb.DuckDBPyConnection, events: pl.DataFrame, detector: str | None = None
) -> LedgerChange:
    """Write a detector's events to the ledger.

    An id already in the ledger is updated in every column but ``status`` (a person
    may have set it): re-detecting after zones change updates the zone, severity and
    releasability. With ``detector`` given, that detector's events still ``detected``
    (untouched by people) that it no longer produces are removed, so the ledger never
    depends on the order in which files were loaded.
    """
    frame = events.select(list(EVENT_SCHEMA))
    con.register("_events", frame.to_arrow())
    known = con.execute(
        "SELECT count(*) FROM _events WHERE event_id IN (SELECT event_id FROM events)"
    ).fetchone()
    updated = int(known[0]) if known else 0
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in _UPDATABLE)
    con.execute(
        "INSERT INTO events SELECT event_id, objective, kind, subject, start_time, "
        "end_time, zone_id, severity, confidence, status, title, detector, evidence, "
        "releasability, CASE WHEN geometry IS NULL THEN NULL ELSE ST_GeomFromWKB(geometry) END "
        f"FROM _events ON CONFLICT (event_id) DO UPDATE SET {assignments}"
    )
    removed = 0
    if detector is not None:
        row = con.execute(
            "DELETE FROM events WHERE (detector = ? OR starts_with(detector, ? || '.')) "
            "AND status = 'detected' AND event_id NOT IN (SELECT event_id FROM _events) "
            "RETURNING event_id",
            [detector, detector],
        ).fetchall()
        removed = len(row)
    con.unregister("_events")
    return LedgerChange(new=frame.height - updated, updated=updated, removed=removed)


def write_zones(con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult) -> list[str]:
    """Insert or replace zones by ``zone_id`` (a newer agreement text replaces the old
    zone), restricted by the ingest's releasability. Returns no duplicates: replacing
    is the intended behaviour for zones."""
    zones = result.table.select(list(ZONE_SCHEMA))
    zones = result.restrict(zones)
    con.register("_zones", zones.to_arrow())
    con.execute("DELETE FROM zones WHERE zone_id IN (SELECT zone_id FROM _zones)")
    con.execute(
        "INSERT INTO zones SELECT zone_id, name, kind, objective, floor_ft, ceiling_ft, "
        "valid_from, valid_to, releasability, properties, ST_GeomFromWKB(geometry), ? "
        "FROM _zones",
        [ingest_id],
    )
    con.unregister("_zones")
    return []


# -- reads -------------------------------------------------------------------------

_EVENT_COLUMNS = ", ".join(c for c in EVENT_SCHEMA if c != "geometry")
_ZONE_COLUMNS = ", ".join(c for c in ZONE_SCHEMA if c != "geometry")


def query_events(
    con: duckdb.DuckDBPyConnection, nation: str, where: EventFilter = EventFilter()
) -> pl.DataFrame:
    """Events releasable to ``nation`` as a frame with :data:`EVENT_SCHEMA` (WKB geometry)."""
    clause, params = where.where(nation)
    return _events_frame(con, clause, params, where.limit)


def all_events(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every event, unfiltered: for detectors and scoring only, never for a user's read."""
    return _events_frame(con, "TRUE", [], None)


def _events_frame(
    con: duckdb.DuckDBPyConnection, clause: str, params: list[Any], limit: int | None
) -> pl.DataFrame:
    sql = (
        f"SELECT {_EVENT_COLUMNS}, ST_AsWKB(geometry) AS geometry FROM events "
        f"WHERE {clause} ORDER BY start_time, event_id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    table = con.execute(sql, params).to_arrow_table()
    return pl.DataFrame(pl.from_arrow(table)).cast(EVENT_SCHEMA)  # type: ignore[arg-type]


def query_events_geojson(
    con: duckdb.DuckDBPyConnection, nation: str, where: EventFilter = EventFilter()
) -> dict[str, Any]:
    """Events releasable to ``nation`` as an RFC 7946 FeatureCollection, newest first.

    With a ``limit``, the collection says whether it was cut (foreign member
    ``truncated``), so a client can ask for a narrower window instead of silently
    missing events.
    """
    clause, params = where.where(nation)
    sql = (
        f"SELECT {_EVENT_COLUMNS}, ST_AsGeoJSON(geometry) FROM events WHERE {clause} "
        "ORDER BY start_time DESC, event_id"
    )
    if where.limit is not None:
        sql += f" LIMIT {int(where.limit) + 1}"
    collection = feature_collection(con.execute(sql, params), json_columns=("evidence",))
    if where.limit is not None:
        collection["truncated"] = len(collection["features"]) > where.limit
        del collection["features"][where.limit :]
    return collection


def query_zones(
    con: duckdb.DuckDBPyConnection,
    nation: str,
    objective: str | None = None,
    bbox: BBox | None = None,
    at: datetime | None = None,
) -> pl.DataFrame:
    """Zones releasable to ``nation`` as a frame with ``ZONE_SCHEMA`` (WKB geometry)."""
    clause, params = _zone_where(nation, objective, bbox, at)
    return _zones_frame(con, clause, params)


def all_zones(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every zone, unfiltered: detectors work on the whole picture and the events they
    make carry the releasability of their inputs. Never for a user's read."""
    return _zones_frame(con, "TRUE", [])


def _zones_frame(con: duckdb.DuckDBPyConnection, clause: str, params: list[Any]) -> pl.DataFrame:
    table = con.execute(
        f"SELECT {_ZONE_COLUMNS}, ST_AsWKB(geometry) AS geometry FROM zones WHERE {clause} "
        "ORDER BY zone_id",
        params,
    ).to_arrow_table()
    return pl.DataFrame(pl.from_arrow(table)).cast(ZONE_SCHEMA)  # type: ignore[arg-type]


def query_zones_geojson(
    con: duckdb.DuckDBPyConnection,
    nation: str,
    objective: str | None = None,
    bbox: BBox | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Zones releasable to ``nation`` as an RFC 7946 FeatureCollection."""
    clause, params = _zone_where(nation, objective, bbox, at)
    cursor = con.execute(
        f"SELECT {_ZONE_COLUMNS}, ST_AsGeoJSON(geometry) FROM zones WHERE {clause} "
        "ORDER BY zone_id",
        params,
    )
    return feature_collection(cursor, json_columns=("properties",))


def _zone_where(
    nation: str, objective: str | None, bbox: BBox | None, at: datetime | None
) -> tuple[str, list[Any]]:
    rule, params = releasable(nation)
    clauses: list[str] = [rule]
    if objective is not None:
        clauses.append("objective = ?")
        params.append(objective)
    if bbox is not None:
        clauses.append("ST_Intersects(geometry, ST_MakeEnvelope(?, ?, ?, ?))")
        params.extend(bbox)
    if at is not None:
        clauses.append(
            "(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)"
        )
        params.extend([at, at])
    return " AND ".join(clauses), params


def feature_collection(
    cursor: duckdb.DuckDBPyConnection, json_columns: tuple[str, ...]
) -> dict[str, Any]:
    """Rows whose last column is ``ST_AsGeoJSON(geometry)`` as a FeatureCollection.

    Rows go through Arrow, which keeps TIMESTAMPTZ as UTC without needing pytz.
    """
    frame = pl.DataFrame(pl.from_arrow(cursor.to_arrow_table()))
    *names, geometry_column = frame.columns
    features = []
    for row in frame.iter_rows(named=True):
        props: dict[str, Any] = {}
        for name in names:
            value = row[name]
            if isinstance(value, datetime):
                value = value.isoformat().replace("+00:00", "Z")
            elif name in json_columns and isinstance(value, str):
                value = json.loads(value)
            props[name] = value
        geometry = json.loads(row[geometry_column]) if row[geometry_column] else None
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}
