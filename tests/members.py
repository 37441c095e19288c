"""Put nations in a test store's nations table, through the real nations writer.

Unrestricted records are released to the coalition's nations only, and a user's nation
must be one of them (``reassure.store.access``): a store a test adds users to or reads
as a nation needs its nations first.
"""

from __future__ import annotations

import duckdb
import polars as pl

from reassure.force.nations import NATION_SCHEMA, write_nations
from reassure.store.ingest import REJECT_SCHEMA, DecodeResult

__all__ = ["join_coalition"]


def join_coalition(
    con: duckdb.DuckDBPyConnection, *nations: str, role: str = "contributor"
) -> None:
    """Add ``nations`` (alpha-3 codes) to the nations table with ``role``."""
    rows = [
        {"nation": n, "name": n, "lead": role == "lead", "role": role, "liaison": None,
         "caveats": [], "gdp_busd": None, "population_m": None}
        for n in nations
    ]  # fmt: skip
    table = pl.DataFrame(rows, schema=NATION_SCHEMA, orient="row")
    write_nations(con, 0, DecodeResult(table, pl.DataFrame(schema=REJECT_SCHEMA), len(rows)))
