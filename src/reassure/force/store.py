"""The planner's inputs in the store: each source's last file is the whole set.

A statement of requirements, the pledges and the lift plan are each a whole: loading a
newer file replaces the set (a requirement the new file no longer has is gone), and
loading an older one again brings it back (the ingest registry's ``replaces``).
``load_inputs`` reads them back as :class:`~reassure.force.problem.ForceInputs`, with
the nations those inputs may be shown to (every ingest's releasability combined).
"""

from __future__ import annotations

import duckdb
import polars as pl

from reassure.events import combine_releasability
from reassure.force.inputs import LIFT_SCHEMA, PLEDGE_SCHEMA, REQUIREMENT_SCHEMA, TRANSIT_SCHEMA
from reassure.force.problem import NATION_COLUMNS, ForceInputs
from reassure.store.ingest import DecodeResult

__all__ = [
    "FORCE_TABLES",
    "input_releasability",
    "load_inputs",
    "write_lift",
    "write_pledges",
    "write_requirements",
]

FORCE_TABLES = {
    "requirements": ("force_requirements", REQUIREMENT_SCHEMA),
    "pledges": ("force_pledges", PLEDGE_SCHEMA),
    "lift": ("force_lift", LIFT_SCHEMA),
    "transit": ("force_transit", TRANSIT_SCHEMA),
}
"""Input name -> (store table, columns)."""


def _replace(
    con: duckdb.DuckDBPyConnection, name: str, ingest_id: int, frame: pl.DataFrame
) -> None:
    table, schema = FORCE_TABLES[name]
    columns = list(schema)
    rows = frame.select(columns).to_arrow()  # noqa: F841 (read by name in the SQL below)
    listed = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} ({listed}, ingest_id) SELECT {listed}, {ingest_id} FROM rows")


def write_requirements(
    con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult
) -> list[str]:
    """The statement of requirements becomes this file's."""
    _replace(con, "requirements", ingest_id, result.table)
    return []


def write_pledges(
    con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult
) -> list[str]:
    """The pledges become this file's."""
    _replace(con, "pledges", ingest_id, result.table)
    return []


def write_lift(con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult) -> list[str]:
    """Lift and transit become this file's."""
    _replace(con, "lift", ingest_id, result.tables["lift"])
    _replace(con, "transit", ingest_id, result.tables["transit"])
    return []


def load_inputs(con: duckdb.DuckDBPyConnection) -> tuple[ForceInputs, list[str]]:
    """The stored inputs, and the nations they may be shown to (empty: every nation)."""
    frames = {}
    for name, (table, schema) in FORCE_TABLES.items():
        listed = ", ".join(f'"{c}"' for c in schema)
        arrow = con.execute(f"SELECT {listed} FROM {table}").to_arrow_table()
        frames[name] = pl.DataFrame(pl.from_arrow(arrow)).cast(pl.Schema(schema))
    listed = ", ".join(NATION_COLUMNS)
    nations = pl.DataFrame(
        pl.from_arrow(con.execute(f"SELECT {listed} FROM nations").to_arrow_table())
    )
    releasability = combine_releasability(*input_releasability(con).values())
    inputs = ForceInputs(
        nations, frames["requirements"], frames["pledges"], frames["lift"], frames["transit"]
    )
    return inputs, releasability


def input_releasability(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Per stored input (``requirements``, ``pledges``, ``lift`` with its transit
    times), the nations it may be shown to: its ingest's releasability (empty: the
    coalition). A plan is releasable to the nations that may see every input it used.
    The nations table is never restricted (``reassure.ingest``)."""
    parts = {"requirements": ("requirements",), "pledges": ("pledges",),
             "lift": ("lift", "transit")}  # fmt: skip
    found = {}
    for part, names in parts.items():
        tables = " UNION ".join(f"SELECT ingest_id FROM {FORCE_TABLES[n][0]}" for n in names)
        rows = con.execute(
            "SELECT DISTINCT i.releasability FROM ingests i "
            f"WHERE len(i.releasability) > 0 AND i.ingest_id IN ({tables})"
        ).fetchall()
        found[part] = combine_releasability(*(list(r[0]) for r in rows))
    return found
