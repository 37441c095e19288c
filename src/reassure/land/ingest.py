"""Store and load monitors' reports (the land domain's half of the ingest/detect flow)."""

from __future__ import annotations

import duckdb
import polars as pl

from reassure.land.reports import REPORT_SCHEMA
from reassure.store.ingest import DecodeResult

__all__ = ["load_reports", "write_reports"]


def write_reports(
    con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult
) -> list[str]:
    """Insert reports; those whose ``report_id`` is already stored are skipped and returned."""
    table = result.table
    if table.height == 0:
        return []
    table = result.restrict(table)
    con.register("_reports", table.to_arrow())
    duplicates = [
        r[0]
        for r in con.execute(
            "SELECT report_id FROM _reports "
            "WHERE report_id IN (SELECT report_id FROM land_reports) ORDER BY report_id"
        ).fetchall()
    ]
    con.execute(
        "INSERT INTO land_reports SELECT report_id, observed_at, lon, lat, team, reporting_nation, "
        "category, weapon_class, description, releasability, line, ? FROM _reports "
        "WHERE report_id NOT IN (SELECT report_id FROM land_reports)",
        [ingest_id],
    )
    con.unregister("_reports")
    return duplicates


def load_reports(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every stored report with the file it came from (``source``), for the detectors."""
    columns = ", ".join(f"r.{c}" for c in REPORT_SCHEMA)
    table = con.execute(
        f"SELECT {columns}, i.path AS source FROM land_reports r "
        "JOIN ingests i USING (ingest_id) ORDER BY r.observed_at, r.report_id"
    ).to_arrow_table()
    schema: dict[str, pl.DataType] = {**REPORT_SCHEMA, "source": pl.String()}
    return pl.DataFrame(pl.from_arrow(table)).cast(schema)  # type: ignore[arg-type]
