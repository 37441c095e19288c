"""Reading the planner's files: YAML (a mapping with a list under one key) or CSV.

Every force input (nations, requirements, pledges, lift) is a list of records. A record
that does not parse is rejected with its number and the reason, the others are kept
(``read = decoded + rejected``); a file that is not a list of records at all is an
:class:`~reassure.errors.InputError`. In CSV, list fields hold ``;``-separated values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from reassure.errors import InputError
from reassure.store.ingest import REJECT_SCHEMA, DecodeResult

__all__ = [
    "as_date",
    "as_int",
    "as_text",
    "as_texts",
    "decode_records",
    "load_yaml",
    "read_records",
    "what_file",
]


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay text: ``2026-13-01`` is then one record's
    "not a date" (rejected with its reason), not a crash of the whole file."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    """The YAML document of ``path``; a file that cannot be read or parsed is an
    :class:`InputError` naming it (and the line, when YAML knows it)."""
    return _parse(_text(path), str(path))


def _text(path: Path) -> str:
    """The file's text; one that cannot be read is an :class:`InputError` naming it."""
    source = str(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read: {exc}") from None


def _parse(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(source, f"not YAML: {getattr(exc, 'problem', exc)}", line) from None


def read_records(path: Path, key: str) -> list[Any]:
    """The records of a YAML file (``key: [...]``) or a CSV file (one per row)."""
    source = str(path)
    text = _text(path)
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(io.StringIO(text)))
    data = _parse(text, source)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(source, f"expected a mapping with a '{key}' list")
    records: list[Any] = data[key]
    return records


def decode_records(
    path: Path,
    key: str,
    parse: Callable[[Mapping[str, Any]], dict[str, Any]],
    schema: Mapping[str, pl.DataType],
    id_field: str,
) -> DecodeResult:
    """Parse every record; a bad one (or a repeated ``id_field``) is rejected with its
    number and reason."""
    records = read_records(path, key)
    rows, rejects, seen = [], [], set()
    for index, record in enumerate(records, start=1):
        try:
            if not isinstance(record, Mapping):
                raise ValueError("not a mapping")
            row = parse(record)
            if row[id_field] in seen:
                raise ValueError(f"{id_field} {row[id_field]!r} given twice")
        except ValueError as exc:
            rejects.append((index, f"entry {index}: {exc}", repr(record)[:500]))
            continue
        seen.add(row[id_field])
        rows.append(row)
    return DecodeResult(
        pl.DataFrame(rows, schema=dict(schema), orient="row"),
        pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row"),
        len(records),
        what=what_file(path, key),
        unit="entries",
    )


def what_file(path: Path, key: str) -> str:
    """What a refusal calls a file of ``key`` records: "a pledges CSV", "a lift YAML"."""
    return f"a {key} {'CSV' if path.suffix.lower() == '.csv' else 'YAML'}"


def as_text(record: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = record.get(name)
    if value is None or value == "":
        if default is not None:
            return default
        raise ValueError(f"missing {name}")
    if isinstance(value, Mapping | list):
        raise ValueError(f"{name} must be text")
    return str(value).strip()


def as_texts(record: Mapping[str, Any], name: str) -> list[str]:
    """A list of strings (YAML list, or ``;``-separated in CSV); missing: empty."""
    value = record.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings")
    return [v.strip() for v in value]


def as_int(
    record: Mapping[str, Any], name: str, low: int, high: int, default: int | None = None
) -> int:
    value = record.get(name)
    if value is None or value == "":
        if default is not None:
            return default
        raise ValueError(f"missing {name}")
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: .inf
        raise ValueError(f"{name} {value!r} is not a whole number") from None
    if isinstance(value, float) and value != number:
        raise ValueError(f"{name} {value!r} is not a whole number")
    if not low <= number <= high:
        raise ValueError(f"{name} {number} is not between {low} and {high}")
    return number


def as_date(record: Mapping[str, Any], name: str) -> date:
    value = record.get(name)
    if isinstance(value, date):
        return value
    if value is None or value == "":
        raise ValueError(f"missing {name}")
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None
