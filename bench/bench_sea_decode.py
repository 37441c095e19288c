"""AIS decoding: our ``decode_nmea`` vs pyais (``FileReaderStream`` + ``decode``).

Data: the real ``risky__ais.txt.gz`` (AMSA, 44,687 lines; gunzipped first, as pyais's
file reader needs a plain file) and a scenario-style file of random valid vessels written
by our encoder with tag blocks (1 M sentences, 20 k with ``--quick``). The benchmark
checks that every field of every message both decode is equal, and that the messages
only one side decodes are differences the README documents (``DOCUMENTED``): counts
differing otherwise fail the benchmark. Ours runs twice: as by
default (a helper thread reads and lexes the next block meanwhile) and on one thread
(``.1thread``); pyais is single-threaded. Best of 5 runs each (the machine may be shared).
"""

from __future__ import annotations

import gzip
import io
import math
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from pyais.stream import FileReaderStream

from reassure.sea.decode import TABLES, AisDecoded, decode_nmea
from reassure.sea.encode import encode_positions, encode_static, write_nmea
from timing import best_of

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sea"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "sea"))
from pyais_rules import deliberate  # noqa: E402  (the tests' rule, one copy)

IGNORED = {"spare_1", "reserved_1", "reserved_2"}


def pyais_decode_file(path: Path) -> int:
    """What a pyais user does: read the file, assemble, decode every message."""
    n = 0
    for msg in FileReaderStream(str(path)):
        try:
            msg.decode()
        except Exception:  # types 29-63, empty payloads: pyais raises
            continue
        n += 1
    return n


def _pyais_by_line(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    current = [0]

    def feed() -> Iterator[bytes]:
        for i, line in enumerate(io.BytesIO(raw)):
            current[0] = i
            yield line

    from pyais.stream import ByteStream

    for msg in ByteStream(feed()):
        first, j = msg.raw.split(b"\n")[0], current[0]
        while j > 0 and not lines[j].strip().endswith(first):
            j -= 1
        try:
            yield j + 1, msg.decode().asdict(enum_as_int=True)
        except Exception:
            continue


DOCUMENTED = (
    "bad checksum",
    "payload too short",
    "truncated sentence",
    "malformed sentence",
)
"""Reasons we reject a message pyais decodes, each a difference the README's AIS section
lists (pyais checks no checksum nor minimum length and takes a sentence without ``*hh``
or two sentences spliced on one line); any other reason fails the benchmark."""


@dataclass
class Comparison:
    """Messages both decode (and how many of those differ in a field), and the messages
    one side only decodes, by kind: our reject reason, or ``type >= 29`` (kept raw)."""

    both: int = 0
    differ: int = 0
    deliberate: int = 0
    """Messages both decode whose fields differ only as documented (``deliberate``)."""
    only_pyais: Counter[str] = field(default_factory=Counter)
    only_ours: Counter[str] = field(default_factory=Counter)

    def undocumented(self) -> list[str]:
        """The differences nothing documents (empty: the benchmark may report)."""
        out = [f"{self.differ} of {self.both} messages differ in a field"] if self.differ else []
        out += [f"{n} decoded by pyais only: {k}" for k, n in self.only_pyais.items()
                if k not in DOCUMENTED]  # fmt: skip
        out += [f"{n} decoded by us only: {k}" for k, n in self.only_ours.items()
                if k != "type >= 29"]  # fmt: skip
        return out


def compare_with_pyais(path: Path, ours: AisDecoded) -> Comparison:
    """Every field of every message both decode, and every message one side only decodes."""
    rows: dict[int, dict[str, Any]] = {}
    for table in TABLES:
        for row in ours.table(table).iter_rows(named=True):
            merged = rows.setdefault(row["source_line"], {})
            merged.update({k: v for k, v in row.items() if v is not None or k not in merged})
    rejects = dict(zip(ours.rejects["line"], ours.rejects["reason"], strict=True))
    result = Comparison()
    seen = set()
    for line, theirs in _pyais_by_line(path):
        seen.add(line)
        mine = rows.get(line)
        if mine is None:
            reason = rejects.get(line, "not rejected either")
            result.only_pyais[next((k for k in DOCUMENTED if reason.startswith(k)), reason)] += 1
            continue
        result.both += 1
        names = [k for k in theirs if k not in IGNORED]
        if mine.get("payload") is not None:
            names = ["msg_type", "repeat", "mmsi"]
        unequal = [k for k in names if not _same(theirs[k], mine.get(k, "<missing>"))]
        if any(not deliberate(k, theirs[k], mine.get(k)) for k in unequal):
            result.differ += 1
        elif unequal:
            result.deliberate += 1
    for line in rows.keys() - seen:
        result.only_ours["type >= 29" if rows[line]["msg_type"] >= 29 else "other"] += 1
    return result


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def scenario_file(path: Path, n: int, seed: int = 7) -> int:
    """``n`` sentences of random valid Black Sea traffic (1 % static, type 5 in 2 lines)."""
    rng = np.random.default_rng(seed)
    n_static = n // 100
    n_pos = n - 2 * n_static
    vessels = 2000
    mmsi = rng.choice([271, 272, 273, 264, 207, 213, 636, 538], vessels) * 1_000_000 + rng.integers(
        0, 999_999, vessels
    )
    who = rng.integers(0, vessels, n_pos)
    start = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1e6)
    times = pl.Series(np.sort(rng.integers(0, 86_400_000_000, n_pos)) + start).cast(
        pl.Datetime("us", "UTC")
    )
    positions = pl.DataFrame(
        {
            "msg_type": rng.choice([1, 1, 1, 3, 18], n_pos),
            "mmsi": mmsi[who],
            "lon": np.round(rng.uniform(28.0, 41.0, n_pos), 6),
            "lat": np.round(rng.uniform(41.0, 46.5, n_pos), 6),
            "speed": rng.integers(0, 250, n_pos) / 10,
            "course": rng.integers(0, 3600, n_pos) / 10,
            "heading": rng.integers(0, 360, n_pos),
            "status": rng.integers(0, 9, n_pos),
            "second": rng.integers(0, 60, n_pos),
            "rx_time": times,
        }
    )
    names = pl.Series([f"VESSEL {i}" for i in range(vessels)])
    pick = rng.integers(0, vessels, n_static)
    static = pl.DataFrame(
        {
            "mmsi": mmsi[pick],
            "imo": rng.integers(1_000_000, 9_999_999, n_static),
            "callsign": pl.Series([f"UU{i % 1000:03d}" for i in pick]),
            "shipname": names.gather(pick),
            "ship_type": rng.choice([70, 80, 30, 52, 60], n_static),
            "to_bow": rng.integers(10, 200, n_static),
            "to_stern": rng.integers(10, 60, n_static),
            "to_port": rng.integers(2, 20, n_static),
            "to_starboard": rng.integers(2, 20, n_static),
            "draught": rng.integers(20, 150, n_static) / 10,
            "destination": rng.choice(["ODESA", "ISTANBUL", "CONSTANTA"], n_static),
            "rx_time": times.gather(rng.integers(0, n_pos, n_static)),
        }
    )
    return write_nmea(path, encode_positions(positions), encode_static(static))


def _results(name: str, path: Path, repeat: int) -> list[dict[str, Any]]:
    """Ours with a helper thread (the default) and on one core, against pyais."""
    peer_s, peer_n = best_of(lambda: pyais_decode_file(path), repeat)
    decode_nmea(path)  # load the compiled code first: a one-off cost per process
    out = []
    for threads, suffix in ((2, ""), (1, ".1thread")):
        ours_s, ours = best_of(lambda t=threads: decode_nmea(path, threads=t), repeat)  # type: ignore[misc]
        seen = compare_with_pyais(path, ours)
        if problems := seen.undocumented():
            raise AssertionError(f"{name}: undocumented differences from pyais: {problems}")
        if peer_n != seen.both + seen.only_pyais.total():
            raise AssertionError(f"{name}: pyais decoded {peer_n} messages, matched {seen}")
        out.append(
            {
                "name": name + suffix,
                "ours_s": round(ours_s, 4),
                "peer": "pyais FileReaderStream + decode",
                "peer_s": round(peer_s, 4),
                "ratio": round(peer_s / ours_s, 2),
                "n": ours.n_messages,
                "threads": threads,
                "pyais_messages": peer_n,
                "compared": seen.both,
                "deliberate_field_differences": seen.deliberate,
                "only_pyais": dict(seen.only_pyais),
                "only_ours": dict(seen.only_ours),
                "lines": ours.n_read + ours.skipped,
            }
        )
    return out


def run(quick: bool) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        risky = Path(tmp) / "risky_ais.txt"
        risky.write_bytes(gzip.decompress((DATA / "risky__ais.txt.gz").read_bytes()))
        repeat = 1 if quick else 5
        results += _results("sea.decode_nmea.risky", risky, repeat)
        n = 20_000 if quick else 1_000_000
        scenario = Path(tmp) / "scenario.nmea"
        scenario_file(scenario, n)
        results += _results(f"sea.decode_nmea.scenario_{n // 1000}k", scenario, repeat)
    return results
