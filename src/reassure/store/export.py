"""Export a store table to Parquet (GeoParquet when it has geometry), CSV or GeoJSON.

Only the tables in :data:`EXPORTABLE` can be exported, without the columns listed
there. Tables that carry ``releasability`` are filtered for the reader's nation, like
every other read path. ``users`` (token digests) and the raw text of rejected records
(which may come from a restricted file) are never exported.
"""

from __future__ import annotations

import json
from pathlib import Path

from reassure.errors import AccessDenied, ConfigError, InputError
from reassure.store.db import Store
from reassure.store.ledger import RELEASABLE, feature_collection

__all__ = ["FORMATS", "export_table"]

FORMATS = ("parquet", "geoparquet", "csv", "geojson")
_SUFFIX = {
    ".parquet": "parquet",
    ".geoparquet": "geoparquet",
    ".csv": "csv",
    ".geojson": "geojson",
    ".json": "geojson",
}
EXPORTABLE: dict[str, tuple[str, ...]] = {
    "events": (),
    "zones": (),
    "nations": (),
    "ingests": (),
    "ingest_skips": (),
    "rejects": ("raw",),
    "land_reports": (),
}
"""Table → columns left out of its export. A domain adds its tables here."""


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
    left_out = EXPORTABLE[table]
    columns = {
        r[0]: r[1]
        for r in store.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        if r[0] not in left_out
    }
    where, params = "TRUE", []
    if "releasability" in columns:
        if nation is None:
            raise ConfigError(
                f"exporting {table} needs --nation (or REASSURE_NATION): "
                "exports are filtered by releasability"
            )
        where, params = RELEASABLE, [nation]
    has_geometry = columns.get("geometry") == "GEOMETRY"
    if fmt == "geojson" and not has_geometry:
        raise ConfigError(f"table {table} has no geometry: export it as parquet or csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out folder {out.parent}: {exc.strerror}") from None
    listed = ", ".join(f'"{c}"' for c in columns)
    select = f'SELECT {listed} FROM "{table}" WHERE {where}'
    count_row = store.con.execute(f"SELECT count(*) FROM ({select})", params).fetchone()
    count = int(count_row[0]) if count_row else 0
    if fmt == "geojson":
        others = ", ".join(f'"{c}"' for c in columns if c != "geometry")
        cursor = store.con.execute(
            f'SELECT {others}, ST_AsGeoJSON(geometry) FROM "{table}" WHERE {where}', params
        )
        json_columns = tuple(c for c, t in columns.items() if t == "JSON")
        out.write_text(json.dumps(feature_collection(cursor, json_columns)), encoding="utf-8")
        return count
    if fmt == "csv" and has_geometry:
        others = ", ".join(f'"{c}"' for c in columns if c != "geometry")
        select = (
            f'SELECT {others}, ST_AsText(geometry) AS geometry_wkt FROM "{table}" WHERE {where}'
        )
    option = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
    store.con.execute(f"COPY ({select}) TO '{_quote(out)}' ({option})", params)
    return count


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
