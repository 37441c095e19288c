"""Ceasefire monitors' reports: a CSV a monitoring team files per observation.

Columns (header required, any order, extra columns ignored):

| column | meaning |
|---|---|
| ``report_id`` | unique id of the report |
| ``observed_at`` | ISO 8601 time with offset (``2026-12-01T06:30:00Z``) |
| ``lon``, ``lat`` | WGS84 degrees |
| ``team`` | monitoring team id |
| ``reporting_nation`` | ISO alpha-3 of the team's nation |
| ``category`` | one of :data:`CATEGORIES` |
| ``weapon_class`` | one of :data:`WEAPON_CLASSES` |
| ``description`` | free text |
| ``releasability`` | ``;``-separated alpha-3 codes; empty = every coalition nation |

A record that breaks a rule is rejected with its line number and reason; the others
are decoded (``read = decoded + rejected``). The header, blank lines and the further
lines of a record whose quoted field holds line breaks are skipped, so every line is
counted once (``lines = decoded + rejected + skipped``). A file without the required
header is refused whole.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from reassure.codes import is_alpha3
from reassure.errors import InputError
from reassure.store.ingest import REJECT_SCHEMA, DecodeResult

__all__ = ["CATEGORIES", "REPORT_SCHEMA", "WEAPON_CLASSES", "decode_reports"]

CATEGORIES = (
    "shelling",
    "small_arms",
    "drone_strike",
    "heavy_weapon_sighting",
    "troop_movement",
    "routine_patrol",
)
WEAPON_CLASSES = (
    "none",
    "small_arms",
    "mortar",
    "artillery_100mm_plus",
    "mlrs",
    "heavy_mlrs",
    "drone",
    "armour",
)
REPORT_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "observed_at": pl.Datetime("us", "UTC"),
    "lon": pl.Float64(),
    "lat": pl.Float64(),
    "team": pl.String(),
    "reporting_nation": pl.String(),
    "category": pl.String(),
    "weapon_class": pl.String(),
    "description": pl.String(),
    "releasability": pl.List(pl.String()),
    "line": pl.Int64(),
}
_REQUIRED = [c for c in REPORT_SCHEMA if c != "line"]


def decode_reports(path: Path) -> DecodeResult:
    """Decode a monitors' report CSV into :data:`REPORT_SCHEMA` rows plus rejects."""
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not UTF-8 text (byte {exc.start}): is this a CSV file?"
        ) from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise InputError(source, "empty file: expected a header line", 1)
    header = [h.strip() for h in header]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise InputError(source, f"not a monitor-report CSV: missing column {missing[0]!r}", 1)
    index = {name: header.index(name) for name in _REQUIRED}
    rows: list[dict[str, Any]] = []
    rejects: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    n_read = blank = 0
    header_lines = reader.line_num  # more than one if a quoted name holds a line break
    line_start = header_lines + 1
    while True:
        line = line_start
        try:
            record = next(reader, None)
        except csv.Error as exc:  # e.g. a field over the csv module's 128 KiB limit
            raise InputError(source, f"unreadable CSV: {exc}", line) from None
        if record is None:
            break
        line_start = reader.line_num + 1
        if not record:  # a blank line is no record
            blank += 1
            continue
        n_read += 1
        if all(not cell.strip() for cell in record):
            rejects.append((line, "empty record", ",".join(record)))
            continue
        try:
            row = _parse(record, index, len(header))
        except ValueError as exc:
            rejects.append((line, str(exc), ",".join(record)))
            continue
        if row["report_id"] in seen:
            rejects.append((line, f"duplicate report_id {row['report_id']!r}", ",".join(record)))
            continue
        seen.add(row["report_id"])
        row["line"] = line
        rows.append(row)
    table = (
        pl.DataFrame(rows, schema=REPORT_SCHEMA, orient="row")
        if rows
        else pl.DataFrame(schema=REPORT_SCHEMA)
    )
    reject_frame = pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")
    skipped = {
        "header": header_lines,
        "blank line": blank,
        "line break inside a quoted field": reader.line_num - header_lines - blank - n_read,
    }
    return DecodeResult(
        table, reject_frame, n_read, skipped={k: n for k, n in skipped.items() if n},
        what="a monitor-report CSV", unit="records",
    )  # fmt: skip


def _parse(record: list[str], index: dict[str, int], width: int) -> dict[str, Any]:
    if len(record) != width:
        raise ValueError(f"{len(record)} fields, header has {width}")
    cell = {name: record[i].strip() for name, i in index.items()}
    if not cell["report_id"]:
        raise ValueError("empty report_id")
    try:
        observed = datetime.fromisoformat(cell["observed_at"].replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"observed_at {cell['observed_at']!r} is not ISO 8601") from None
    if observed.tzinfo is None:
        raise ValueError(f"observed_at {cell['observed_at']!r} has no UTC offset")
    try:
        lon, lat = float(cell["lon"]), float(cell["lat"])
    except ValueError:
        raise ValueError(f"lon/lat {cell['lon']!r},{cell['lat']!r} are not numbers") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"lon/lat {lon},{lat} outside WGS84 range")
    if cell["category"] not in CATEGORIES:
        raise ValueError(f"unknown category {cell['category']!r}")
    if cell["weapon_class"] not in WEAPON_CLASSES:
        raise ValueError(f"unknown weapon_class {cell['weapon_class']!r}")
    if not is_alpha3(cell["reporting_nation"]):
        raise ValueError(f"reporting_nation {cell['reporting_nation']!r} is not ISO alpha-3")
    releasability = [n.strip() for n in cell["releasability"].split(";") if n.strip()]
    bad = [n for n in releasability if not is_alpha3(n)]
    if bad:
        raise ValueError(f"releasability {bad[0]!r} is not ISO alpha-3")
    return {
        "report_id": cell["report_id"],
        "observed_at": observed,
        "lon": lon,
        "lat": lat,
        "team": cell["team"],
        "reporting_nation": cell["reporting_nation"],
        "category": cell["category"],
        "weapon_class": cell["weapon_class"],
        "description": cell["description"],
        "releasability": sorted(set(releasability)),
    }
