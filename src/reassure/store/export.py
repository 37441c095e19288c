"""Export a store table to Parquet (GeoParquet when it has geometry), CSV or GeoJSON.

Only the tables in :data:`EXPORTABLE` can be exported, without the columns listed
there, and every export is filtered for the reader's nation by the one rule
(:func:`reassure.store.access.releasable`), like every other read path: rows that carry
``releasability`` by theirs, rows an ingest brought in (rejects) by their ingest's, and
rows without one (nations) as unrestricted records, released to the coalition only.
``users`` (token digests) are never exported, nor the raw text of a rejected record:
it could not be read, so its own releasability is unknown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reassure.errors import AccessDenied, ConfigError, InputError
from reassure.store.access import releasable
from reassure.store.db import Store
from reassure.store.ledger import feature_collection

__all__ = ["FORMATS", "export_table"]

FORMATS = ("parquet", "geoparquet", "csv", "geojson")
_SUFFIX = {
    ".parquet": "parquet",
    ".geoparquet": "geoparquet",
    ".csv": "csv",
    ".geojson": "geojson",
    ".json": "geojson",
}


@dataclass(frozen=True)
class Exportable:
    """How a table is exported: columns left out, and where its rows' releasability is."""

    left_out: tuple[str, ...] = ()
    releasability: str = "own"
    """``own``: its ``releasability`` column; ``ingest``: that of the ingest that
    brought the row (``ingest_id``); ``none``: unrestricted (the coalition's)."""


EXPORTABLE: dict[str, Exportable] = {
    "events": Exportable(),
    "zones": Exportable(),
    "nations": Exportable(releasability="none"),
    "ingests": Exportable(),
    "ingest_skips": Exportable(),
    "rejects": Exportable(left_out=("raw",), releasability="ingest"),
    "land_reports": Exportable(),
}
"""Table → how it is exported. A domain adds its tables here."""

_RELEASABILITY = {
    "own": "t.releasability",
    "ingest": "(SELECT i.releasability FROM ingests i WHERE i.ingest_id = t.ingest_id)",
    "none": "CAST([] AS VARCHAR[])",
}


def export_table(
    store: Store, table: str, out: Path, nation: str | None, fmt: str | None = None
) -> int:
    """Write ``table`` to ``out``; returns the number of rows written."""
    tables = set(store.tables())
    if table in tables and table not in EXPORTABLE:
        raise AccessDenied(f"table {table!r} is not exportable")
    if table not in tables:
        raise InputError(table, f"no such table; exportable: {', '.join(sorted(EXPORTABLE))}")
    if out.is_dir():
        raise ConfigError(f"--out {out} is a folder: give a file name")
    fmt = fmt or _SUFFIX.get(out.suffix.lower())
    if fmt not in FORMATS:
        raise ConfigError(f"cannot tell the format of {out}: use --format {'|'.join(FORMATS)}")
    spec = EXPORTABLE[table]
    columns = {
        r[0]: r[1]
        for r in store.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        if r[0] not in spec.left_out
    }
    if nation is None:
        raise ConfigError(
            f"exporting {table} needs --nation (or REASSURE_NATION): "
            "exports are filtered by releasability"
        )
    where, params = releasable(nation, _RELEASABILITY[spec.releasability])
    has_geometry = columns.get("geometry") == "GEOMETRY"
    if fmt == "geojson" and not has_geometry:
        raise ConfigError(f"table {table} has no geometry: export it as parquet or csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out folder {out.parent}: {exc.strerror}") from None
    listed = ", ".join(f't."{c}"' for c in columns)
    rows = f'"{table}" t WHERE {where}'
    select = f"SELECT {listed} FROM {rows}"
    count_row = store.con.execute(f"SELECT count(*) FROM ({select})", params).fetchone()
    count = int(count_row[0]) if count_row else 0
    if fmt == "geojson":
        others = ", ".join(f't."{c}"' for c in columns if c != "geometry")
        cursor = store.con.execute(f"SELECT {others}, ST_AsGeoJSON(t.geometry) FROM {rows}", params)
        json_columns = tuple(c for c, t in columns.items() if t == "JSON")
        out.write_text(json.dumps(feature_collection(cursor, json_columns)), encoding="utf-8")
        return count
    if fmt == "csv" and has_geometry:
        others = ", ".join(f't."{c}"' for c in columns if c != "geometry")
        select = f"SELECT {others}, ST_AsText(t.geometry) AS geometry_wkt FROM {rows}"
    option = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
    store.con.execute(f"COPY ({select}) TO '{_quote(out)}' ({option})", params)
    return count


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
