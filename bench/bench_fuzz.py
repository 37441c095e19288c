"""AIS decoding of mutated real lines: our ``decode_nmea`` vs pyais, lines a second and
exceptions.

Data: every line of the real NMEA files in ``../shared/data/sea`` (62,000 lines of
eight receivers and formats; see its README), cycled to 1,000,000 lines (20,000 with
``--quick``), each mutated (three in four) by ``tests/mutate.py``, the mutations the
fuzz tests draw from: bytes flipped, cut, inserted, deleted or repeated, and fragment
count, number, sequential id, channel, fill bits, payload or tag block changed with the
checksum put right. ``fuzz.mixed`` draws one mutation a line among all of them; a
``fuzz.<mutation>`` row applies that one only (100,000 lines; 2,000 with ``--quick``).
``n`` is the mutated file's lines: a few more, as an inserted newline splits a line.

Ours: ``decode_nmea`` over the file (best of 3); then, to count exceptions finely,
``decode_nmea_bytes`` over each 1,000-line batch. An exception of ours, or a line not
counted (``lines != decoded + rejected + skipped``), fails the benchmark: ours must be
0. pyais: what a pyais user writes, ``IterMessages`` over the lines and ``decode()`` of
every message; ``decode()`` raising is counted and the loop goes on; pyais' stream
itself raising (it passes over only its own ``InvalidNMEAMessageException``) ends a
user's loop, so it is counted and the stream started again after that line.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyais.stream import IterMessages

from reassure.sea.decode import decode_nmea, decode_nmea_bytes
from timing import best_of

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sea"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from mutate import NMEA_MUTATIONS, RandomChoose, count_lines  # noqa: E402  (the tests' mutations)

BATCH = 1000


def real_lines() -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted(DATA.iterdir()):
        if path.name == "README.md":
            continue
        data = path.read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        lines.extend(data.splitlines())
    return lines


def mutated(corpus: list[bytes], n: int, names: list[str], seed: int) -> list[bytes]:
    """``n`` lines: the corpus cycled, three lines in four changed by one of ``names``."""
    choose = RandomChoose(seed)
    out = []
    for i in range(n):
        line = corpus[i % len(corpus)]
        if choose.integer(0, 3):
            line = NMEA_MUTATIONS[choose.pick(names)](line, choose)
        out.append(line)
    return out


def ours(path: Path, text: bytes) -> dict[str, Any]:
    """Decode the whole file, then each batch of lines alone; count what raised."""
    errors: Counter[str] = Counter()
    decoded = None
    try:
        decoded = decode_nmea(path)
    except Exception as exc:  # the benchmark fails below: ours must never raise
        errors[type(exc).__name__] += 1
    lines = text.split(b"\n")
    for start in range(0, len(lines), BATCH):
        batch = b"\n".join(lines[start : start + BATCH]) + b"\n"
        try:
            part = decode_nmea_bytes(batch)
        except Exception as exc:
            errors[type(exc).__name__] += 1
            continue
        if part.n_read + part.skipped != count_lines(batch):
            errors["line not counted"] += 1
    n_lines = count_lines(text)
    if decoded is not None and decoded.n_read + decoded.skipped != n_lines:
        errors["line not counted"] += 1
    return {"decoded": decoded, "errors": errors}


def pyais(lines: list[bytes]) -> dict[str, Any]:
    """Every message pyais assembles, decoded; exceptions counted by where and type."""
    at = [0]
    stream_errors: Counter[str] = Counter()
    decode_errors: Counter[str] = Counter()
    n_messages = 0

    def feed(start: int) -> Iterator[bytes]:
        for i in range(start, len(lines)):
            at[0] = i
            yield lines[i]

    start = 0
    while start < len(lines):
        try:
            for msg in IterMessages(feed(start)):
                try:
                    msg.decode()
                    n_messages += 1
                except Exception as exc:  # garbage: expected of pyais
                    decode_errors[type(exc).__name__] += 1
            break
        except Exception as exc:  # pyais' stream gave up: a user's loop ends here
            stream_errors[type(exc).__name__] += 1
            start = at[0] + 1
    return {"messages": n_messages, "stream": stream_errors, "decode": decode_errors}


def _row(name: str, lines: list[bytes], repeat: int) -> dict[str, Any]:
    text = b"\n".join(lines) + b"\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.nmea"
        path.write_bytes(text)
        checked = ours(path, text)
        if checked["errors"]:
            raise AssertionError(f"{name}: our decoder failed: {dict(checked['errors'])}")
        ours_s, _ = best_of(lambda: decode_nmea(path), repeat)
    peer_s, theirs = best_of(lambda: pyais(lines), repeat)
    decoded = checked["decoded"]
    n = count_lines(text)  # a mutation may have put a newline in a line
    return {
        "name": name,
        "ours_s": round(ours_s, 4),
        "peer": "pyais IterMessages + decode",
        "peer_s": round(peer_s, 4),
        "ratio": round(peer_s / ours_s, 2),
        "n": n,
        "lines_per_s": round(n / ours_s),
        "peer_lines_per_s": round(n / peer_s),
        "exceptions": 0,
        "peer_exceptions": sum(theirs["stream"].values()) + sum(theirs["decode"].values()),
        "peer_stream_exceptions": dict(theirs["stream"]),
        "peer_decode_exceptions": dict(theirs["decode"]),
        "messages": decoded.n_messages,
        "peer_messages": theirs["messages"],
        "decoded_lines": decoded.n_decoded,
        "rejected_lines": decoded.rejects.height,
        "skipped_lines": decoded.skipped,
    }


def run(quick: bool) -> list[dict[str, Any]]:
    corpus = real_lines()
    decode_nmea_bytes(corpus[0])  # load the compiled code first: a one-off cost per process
    repeat = 1 if quick else 3
    names = list(NMEA_MUTATIONS)
    rows = [_row("fuzz.mixed", mutated(corpus, 20_000 if quick else 1_000_000, names, 1), repeat)]
    for index, name in enumerate(names):
        lines = mutated(corpus, 2_000 if quick else 100_000, [name], 2 + index)
        rows.append(_row(f"fuzz.{name}", lines, repeat))
    return rows
