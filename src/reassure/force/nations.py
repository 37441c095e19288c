"""The coalition's nations, read from YAML (``nations:`` list).

Each entry: ``nation`` (ISO alpha-3), ``name``, ``role`` (lead, contributor, host, or
observer: a partner that may hold user accounts but reads only records released to it
by name, see :mod:`reassure.store.access`),
optional ``liaison``, ``caveats`` (wordings of ``reassure.force.caveats`` that apply to
all its forces), ``gdp_busd`` and ``population_m`` (the planner weighs burden by GDP).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from reassure.codes import NOBODY, is_alpha3
from reassure.errors import InputError
from reassure.force.caveats import caveat_of
from reassure.force.records import load_yaml
from reassure.store.access import OBSERVER
from reassure.store.ingest import REJECT_SCHEMA, DecodeResult

__all__ = ["NATION_ROLES", "NATION_SCHEMA", "decode_nations", "write_nations"]

NATION_ROLES = ("lead", "contributor", "host", OBSERVER)
NATION_SCHEMA: dict[str, pl.DataType] = {
    "nation": pl.String(),
    "name": pl.String(),
    "lead": pl.Boolean(),
    "role": pl.String(),
    "liaison": pl.String(),
    "caveats": pl.List(pl.String()),
    "gdp_busd": pl.Float64(),
    "population_m": pl.Float64(),
}


def decode_nations(path: Path) -> DecodeResult:
    """Decode a nations YAML file; each bad entry is rejected with its index and reason."""
    source = str(path)
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("nations"), list):
        raise InputError(source, "expected a mapping with a 'nations' list")
    rows, rejects, seen = [], [], set()
    for index, entry in enumerate(data["nations"]):
        try:
            row = _parse(entry)
            if row["nation"] in seen:
                raise ValueError(f"duplicate nation {row['nation']}")
        except ValueError as exc:
            rejects.append((index + 1, f"entry {index + 1}: {exc}", repr(entry)[:500]))
            continue
        seen.add(row["nation"])
        rows.append(row)
    table = pl.DataFrame(rows, schema=NATION_SCHEMA, orient="row")
    return DecodeResult(
        table,
        pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row"),
        len(data["nations"]),
        what="a nations YAML",
        unit="entries",
    )


def _parse(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ValueError("not a mapping")
    nation = str(entry.get("nation", ""))
    if not is_alpha3(nation) or nation == NOBODY:
        raise ValueError(f"nation {nation!r} is not ISO alpha-3")
    if not entry.get("name"):
        raise ValueError("missing name")
    role = entry.get("role", "contributor")
    if role not in NATION_ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(NATION_ROLES)}")
    liaison = entry.get("liaison")
    if liaison is not None and not isinstance(liaison, str):
        raise ValueError("liaison must be text (an address), not a mapping or list")
    caveats = entry.get("caveats") or []
    if not isinstance(caveats, list) or not all(isinstance(c, str) for c in caveats):
        raise ValueError("caveats must be a list of strings")
    for text in caveats:
        caveat_of(text)  # an unknown wording is an error, never ignored
    return {
        "nation": nation,
        "name": str(entry["name"]),
        "lead": role == "lead",
        "role": role,
        "liaison": liaison,
        "caveats": caveats,
        "gdp_busd": _positive(entry, "gdp_busd"),
        "population_m": _positive(entry, "population_m"),
    }


def _positive(entry: dict[str, Any], name: str) -> float | None:
    value = entry.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a 400-digit integer
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not number > 0:
        raise ValueError(f"{name} {number:g} is not positive")
    return number


def write_nations(
    con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult
) -> list[str]:
    """Insert or replace nations by code (a newer list replaces the entry)."""
    con.register("_nations", result.table.to_arrow())
    con.execute("DELETE FROM nations WHERE nation IN (SELECT nation FROM _nations)")
    con.execute(
        "INSERT INTO nations SELECT nation, name, lead, role, liaison, caveats, gdp_busd, "
        "population_m FROM _nations"
    )
    con.unregister("_nations")
    return []
