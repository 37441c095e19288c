"""Who may read what: the one releasability rule.

Every record carries ``releasability``, a list of ISO alpha-3 codes (a record brought
in by a restricted ingest takes that ingest's list). A record is releasable to nation
N when

- its list names N, or
- its list is empty and N is a **coalition nation**: a row of the ``nations`` table
  (the coalition's nations file) whose role is not ``observer``.

Nothing else: a nation outside the nations table, or an observer, reads only what is
released to it by name, and an empty ``nations`` table releases unrestricted records
to nobody. A derived record (event, plan, report line) is releasable to the nations
that may see **all** its inputs (:func:`reassure.events.combine_releasability`).

Every read path (API routes, map layers, exports, status counts, the data clock,
plans, rejects) filters with :func:`releasable` *before* any other filter, so a bbox,
time or id filter only ever narrows what the nation may already see.
"""

from __future__ import annotations

from typing import Any

import duckdb

__all__ = ["OBSERVER", "is_member", "releasable"]

OBSERVER = "observer"
"""The nations-file role of a partner who may hold accounts but is not in the
coalition: it reads only records released to it by name."""

_MEMBER = f"SELECT 1 FROM nations _n WHERE _n.nation = ? AND _n.role <> '{OBSERVER}'"


def releasable(nation: str, column: str = "releasability") -> tuple[str, list[Any]]:
    """SQL condition (and its parameters) true for rows releasable to ``nation``.

    ``column`` is the releasability list to test, qualified when the query joins
    (``i.releasability`` for rows that take their ingest's). AND it first::

        where, params = releasable(user.nation)
        con.execute(f"SELECT ... FROM events WHERE {where} AND kind = ?", [*params, kind])
    """
    condition = f"(list_contains({column}, ?) OR (len({column}) = 0 AND EXISTS ({_MEMBER})))"
    return condition, [nation, nation]


def is_member(con: duckdb.DuckDBPyConnection, nation: str) -> bool:
    """True when ``nation`` is in the nations table (any role, observers too)."""
    row = con.execute("SELECT count(*) FROM nations WHERE nation = ?", [nation]).fetchone()
    return bool(row and row[0])
