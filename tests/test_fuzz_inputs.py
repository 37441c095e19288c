"""Fuzz the other decoders with mutated scenario files: monitors' reports (CSV), the
coalition's nations, requirements, pledges and lift (YAML, and CSV), and zones
(GeoJSON). Each either decodes, every record decoded or rejected (and, for the
reports, every line counted), or raises the documented ``InputError`` naming the file;
nothing else. The AIS decoders have theirs in ``tests/sea/test_fuzz.py``."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutate import BYTE_MUTATIONS, Choose, draws
from reassure.errors import InputError
from reassure.ingest import SOURCES
from reassure.store.ingest import DecodeResult

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ODD_VALUES = ("", "~", "[]", "{}", "[1, 2]", "{a: 1}", ".inf", "-.inf", ".nan", "1e999",
              "-1", "0", "true", "'x'", "2026-13-45", "99999999999999999999", "!!binary eA==",
              "&a x", "*a", "|\n  block", "9" * 400)  # fmt: skip
"""What a YAML value is replaced with: other types, out-of-range numbers, odd syntax."""
ODD_JSON: tuple[Any, ...] = (
    None, 0, -1, 1e308, "", "x", [], {}, [[]], [1, 2], {"type": "Point"}, True,
    [[[0, 0], [0, 0]]], [[[200, 0], [0, 0], [0, 1], [200, 0]]],
)  # fmt: skip


def decode(source: str, name: str, text: bytes) -> DecodeResult | None:
    """The source's decoder on ``text`` written to ``name``; None when it refused the
    file with an ``InputError`` naming it (anything else fails the test)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(text)
        try:
            parts = SOURCES[source].decode(path)
            return parts if isinstance(parts, DecodeResult) else _one(list(parts))
        except InputError as exc:
            assert exc.source == str(path)
            return None


def every_record_counted(source: str, name: str, texts: st.SearchStrategy[bytes]) -> None:
    """Each text of ``texts``, written to ``name``, is refused naming the file or decoded
    with every record decoded or rejected."""

    @FUZZ
    @given(text=texts)
    def check(text: bytes) -> None:
        result = decode(source, name, text)
        if result is not None:
            assert result.n_read == result.n_decoded + result.rejects.height

    check()


def _one(parts: list[DecodeResult]) -> DecodeResult:
    assert len(parts) == 1
    return parts[0]


def _mutate_lines(lines: list[bytes], c: Choose, how_many: int) -> list[bytes]:
    lines = list(lines)
    for _ in range(how_many):
        i = c.integer(0, len(lines) - 1)
        name = c.pick(list(BYTE_MUTATIONS))
        lines[i] = BYTE_MUTATIONS[name](lines[i], c)
    return lines


# -- monitors' reports ------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_lines(small_scenario: Path) -> list[bytes]:
    return (small_scenario / "land" / "monitor_reports.csv").read_bytes().splitlines()[:12]


def test_reports_fuzz(report_lines: list[bytes]) -> None:
    @st.composite
    def reports(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
        c = draws(draw)
        header, rows = report_lines[0], report_lines[1:]
        chosen = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=8))
        mutated = _mutate_lines(chosen, c, draw(st.integers(0, 4)))
        if draw(st.integers(0, 9)) == 0:
            header = _mutate_lines([header], c, 1)[0]
        end: bytes = draw(st.sampled_from([b"", b"\n", b"\n\n"]))
        return b"\n".join([header, *mutated]) + end

    @FUZZ
    @given(text=reports())
    def check(text: bytes) -> None:
        result = decode("reports", "reports.csv", text)
        if result is None:
            return
        lines = io.StringIO(text.decode("utf-8-sig"), newline="").readlines()
        assert result.n_read + result.n_skipped == len(lines)
        assert result.table.height == result.n_decoded

    check()


def test_report_lines_are_counted_as_the_csv_module_reads_them() -> None:
    """The line count the fuzz test compares with is csv's: a lone CR ends a line too."""
    assert len(list(csv.reader(io.StringIO("a\rb\r\nc\n", newline="")))) == 3


# -- the coalition's YAML and CSV --------------------------------------------------------

COALITION = ("nations", "requirements", "pledges", "lift")


@pytest.fixture(scope="module")
def coalition_lines(small_scenario: Path) -> dict[str, list[bytes]]:
    """Each coalition file cut to its first few entries (parsing stays fast)."""
    out = {}
    for source in COALITION:
        data = yaml.safe_load((small_scenario / "coalition" / f"{source}.yaml").read_text())
        short = {key: value[:3] for key, value in data.items()}
        out[source] = (
            yaml.safe_dump(short, sort_keys=False, allow_unicode=True).encode().splitlines()
        )
    return out


def _swap_value(lines: list[bytes], c: Choose) -> list[bytes]:
    """One ``key: value`` line's value replaced by an odd one."""
    keyed = [i for i, line in enumerate(lines) if b": " in line]
    if not keyed:
        return lines
    i = c.pick(keyed)
    key = lines[i].split(b": ", 1)[0]
    return [*lines[:i], key + b": " + c.pick(ODD_VALUES).encode(), *lines[i + 1 :]]


@pytest.mark.parametrize("source", COALITION)
def test_coalition_yaml_fuzz(source: str, coalition_lines: dict[str, list[bytes]]) -> None:
    @st.composite
    def document(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
        c = draws(draw)
        lines = coalition_lines[source]
        for _ in range(draw(st.integers(1, 3))):
            lines = _swap_value(lines, c) if draw(st.booleans()) else _mutate_lines(lines, c, 1)
        return b"\n".join(lines) + b"\n"

    every_record_counted(source, f"{source}.yaml", document())


@pytest.mark.parametrize("source", ["requirements", "pledges"])
def test_coalition_csv_fuzz(source: str, coalition_lines: dict[str, list[bytes]]) -> None:
    records = yaml.safe_load(b"\n".join(coalition_lines[source]))[source]
    names = sorted({key for record in records for key in record})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, names)
    writer.writeheader()
    for record in records:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in record.items()})
    rows = buffer.getvalue().encode().splitlines()

    @st.composite
    def table(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
        return b"\n".join(_mutate_lines(rows, draws(draw), draw(st.integers(1, 4))))

    every_record_counted(source, f"{source}.csv", table())


# -- zones ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zone_features(small_scenario: Path) -> list[Any]:
    """A few zones of each kind, their rings cut short (parsing stays fast)."""
    features = json.loads((small_scenario / "zones.geojson").read_text())["features"]
    kinds: dict[str, list[Any]] = {}
    for feature in features:
        kinds.setdefault(feature["properties"]["kind"], []).append(feature)
    return [f for same in kinds.values() for f in same[:1]]


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a decoded JSON document."""
    out = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:4]):
            out += _paths(value, (*at, index))
    return out


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    return [*node[:head], _replace(node[head], rest, value), *node[head + 1 :]]


def test_zones_fuzz(zone_features: list[Any]) -> None:
    @st.composite
    def collection(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
        c = draws(draw)
        chosen = draw(st.lists(st.sampled_from(zone_features), min_size=1, max_size=3))
        document: Any = {"type": "FeatureCollection", "features": chosen}
        for _ in range(draw(st.integers(1, 3))):
            path = c.pick(_paths(document))
            document = _replace(document, path, c.pick(ODD_JSON))
        text = json.dumps(document).encode()
        if draw(st.integers(0, 4)) == 0:
            text = _mutate_lines([text], c, 1)[0]
        return text

    @FUZZ
    @given(text=collection())
    def check(text: bytes) -> None:
        result = decode("zones", "zones.geojson", text)
        if result is not None:
            assert result.n_read == result.n_decoded == result.table.height

    check()
