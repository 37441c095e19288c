"""Decode NMEA 0183 AIS files into Polars tables, vectorised end to end, in bounded memory.

::

    decoded = decode_nmea("ais.txt.gz")
    decoded.positions        # types 1, 2, 3, 18, 19, 27
    decoded.rejects          # line, reason, raw: every AIS line that gave nothing
    for part in iter_nmea(paths):  # the same, block by block (what ingest uses)
        ...

Steps, per block of whole lines (``stream``): frame every line and sentence
(``nmea``), check checksums, find receive times and stations (``rxinfo``), join the
fragments of multi-sentence messages in a tolerant, order-free way (``assemble``),
then read every field of every message of each table in one compiled pass
(``messages``, ``fields``). Fragments whose message may still be completed by the
next block are carried into it, with the receive time found for them, so reading
block by block gives the same result as reading whole.

Accounting: every line holding an AIS sentence is a record, ``n_read = n_decoded +
rejects.height`` where ``n_decoded`` counts the lines that became part of a decoded
message; blank lines, comments, ``$PGHP`` wrappers and other NMEA sentences are
``skipped``, counted by reason in ``skips`` (``nmea.SKIP_REASONS``), so every line is
counted once: ``lines = n_decoded + rejects.height + skipped``. Several files are read
as one stream: line numbers run on from one file to the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import polars as pl

from reassure.sea.assemble import MAX_FRAGMENT_GAP, ORPHAN_NO_FIRST, assemble
from reassure.sea.messages import TABLES, Messages
from reassure.sea.nmea import (
    I64,
    MAX_LINE_BYTES,
    SKIP_REASONS,
    Frame,
    Reason,
    Workspace,
    frame,
    span_strings,
)
from reassure.sea.rxinfo import Reception, receive_info
from reassure.sea.schema import table_schema
from reassure.sea.stream import CHUNK_BYTES, Block, BlockReader, LongLine

__all__ = [
    "MAX_FRAGMENT_GAP",
    "REJECT_SCHEMA",
    "TABLES",
    "AisDecoded",
    "decode_nmea",
    "decode_nmea_bytes",
    "iter_nmea",
]

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "reason": pl.String(),
    "raw": pl.String(),
}
RAW_MAX = 512
"""A rejected line's ``raw`` keeps at most this many bytes."""

Source = Path | str | Iterable[Path | str]


@dataclass(frozen=True)
class AisDecoded:
    """The tables decoded from AIS input, its rejects and its counts (see ``schema``)."""

    positions: pl.DataFrame
    static: pl.DataFrame
    base_stations: pl.DataFrame
    aids: pl.DataFrame
    other: pl.DataFrame
    rejects: pl.DataFrame
    n_read: int
    """Records read: lines holding an AIS sentence (and unrecognised lines)."""
    skipped: int
    """Lines that are no record: blank, ``#`` comments, other NMEA sentences."""
    n_messages: int
    """Decoded messages (a type 19 is one message, in positions and in static)."""
    skips: dict[str, int] = field(default_factory=dict)
    """The skipped lines by reason (``nmea.SKIP_REASONS``; a CSV's header): they sum to
    ``skipped``. Reasons with no line are left out."""
    sources: tuple[tuple[str, int], ...] = ()
    """(file, number of lines) in reading order."""
    bytes_read: int = 0
    """Input bytes read up to the end of this (as stored: compressed for gzip)."""

    @property
    def n_decoded(self) -> int:
        """Records (lines) that became part of a decoded message."""
        return self.n_read - self.rejects.height

    def table(self, name: str) -> pl.DataFrame:
        frame_: pl.DataFrame = getattr(self, name)
        return frame_

    @classmethod
    def empty(cls, rejects: pl.DataFrame | None = None) -> AisDecoded:
        """No message; ``rejects`` (each a record read)."""
        rejects = pl.DataFrame(schema=REJECT_SCHEMA) if rejects is None else rejects
        tables = {name: pl.DataFrame(schema=table_schema(name)) for name in TABLES}
        return cls.of(tables, rejects, n_read=rejects.height, n_messages=0)

    @classmethod
    def of(
        cls,
        tables: dict[str, pl.DataFrame],
        rejects: pl.DataFrame,
        *,
        n_read: int,
        n_messages: int,
        skips: dict[str, int] | None = None,
    ) -> AisDecoded:
        """From the tables by name (``TABLES``), the rejects, the counts and the skipped
        lines by reason."""
        t, skips = tables, {k: n for k, n in (skips or {}).items() if n}
        return cls(
            t["positions"], t["static"], t["base_stations"], t["aids"], t["other"], rejects,
            n_read, sum(skips.values()), n_messages, skips,
        )  # fmt: skip

    @classmethod
    def concat(cls, parts: list[AisDecoded], sources: tuple[tuple[str, int], ...]) -> AisDecoded:
        """Parts of one stream, in stream order (rows sorted by line, as read whole)."""
        if not parts:
            return replace(cls.empty(), sources=sources)
        if len(parts) == 1:
            return replace(parts[0], sources=sources)
        tables = {}
        for name in (*TABLES, "rejects"):
            frames = [p.table(name) for p in parts if p.table(name).height] or [
                parts[0].table(name)
            ]
            joined = pl.concat(frames, rechunk=False)
            key = "line" if name == "rejects" else "source_line"
            if not joined[key].is_sorted():
                joined = joined.sort(key, maintain_order=True)
            tables[name] = joined
        return cls(
            **tables,
            n_read=sum(p.n_read for p in parts),
            skipped=sum(p.skipped for p in parts),
            n_messages=sum(p.n_messages for p in parts),
            skips=dict(sum((Counter(p.skips) for p in parts), Counter())),
            sources=sources,
            bytes_read=max(p.bytes_read for p in parts),
        )


def decode_nmea(source: Source, *, lenient: bool = False, threads: int = 2) -> AisDecoded:
    """Decode NMEA files (``.gz`` too), several as one stream, into one set of tables.

    ``lenient=True`` keeps sentences whose checksum does not match (``checksum_ok``
    is then false) instead of rejecting them. ``threads=1`` decodes on one core only
    (2: the next block is read and lexed meanwhile).
    """
    reader = BlockReader(_paths(source))
    parts = list(_decode_stream(reader, lenient, threads))
    return AisDecoded.concat(parts, tuple(reader.sources))


def iter_nmea(
    source: Source, *, lenient: bool = False, chunk_bytes: int = CHUNK_BYTES, threads: int = 2
) -> Iterator[AisDecoded]:
    """Decode NMEA files block by block: each part holds the messages and rejects of
    about ``chunk_bytes`` of input, and memory stays bounded whatever the file size.
    The parts, concatenated, are what :func:`decode_nmea` gives."""
    return _decode_stream(BlockReader(_paths(source), chunk_bytes), lenient, threads)


def decode_nmea_bytes(
    text: bytes, *, lenient: bool = False, sources: tuple[tuple[str, int], ...] = ()
) -> AisDecoded:
    """Decode NMEA text already in memory (a live micro-batch, a test's lines)."""
    block, _ = _split(_lex(Block.of(text), _Carry(), lenient), _Carry(), final=True)
    return replace(_tables(block), sources=sources)


def _paths(source: Source) -> list[Path]:
    if isinstance(source, str | Path):
        return [Path(source)]
    return [Path(p) for p in source]


@dataclass(frozen=True)
class _Carry:
    """Lines for the next block: fragments whose message it may complete, and the
    ``$PGHP`` wrapper that may time its first sentence. Their text, stream line numbers
    (0-based), and the receive times found for the fragments."""

    text: bytes = b""
    lines: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rx: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _decode_stream(reader: BlockReader, lenient: bool, threads: int) -> Iterator[AisDecoded]:
    """Decode block after block; with ``threads=2`` a helper thread reads and lexes the
    next block (compiled code and file reads release the GIL) while this one is read
    into tables, so reading overlaps decoding on two cores."""
    items = iter(reader)
    spaces = [Workspace(), Workspace()]  # one is lexed into while the other is read
    with ThreadPoolExecutor(max_workers=1) if threads > 1 else nullcontext() as pool:

        def lexed(carry: _Carry) -> Future[_Lexed | LongLine | None]:
            spaces.reverse()
            if pool is None:
                done: Future[_Lexed | LongLine | None] = Future()
                done.set_result(_lex_next(items, carry, lenient, spaces[0]))
                return done
            return pool.submit(_lex_next, items, carry, lenient, spaces[0])

        carry = _Carry()
        pending = lexed(carry)
        while (item := pending.result()) is not None:
            if isinstance(item, LongLine):
                pending = lexed(carry)
                yield _long_line(item)
                continue
            block, carry = _split(item, carry, final=False)
            pending = lexed(carry)
            yield _tables(block)
    if len(carry.lines):
        end = _lex(Block((), int(carry.lines[-1]) + 1, 0), carry, lenient)
        yield _tables(_split(end, carry, final=True)[0])


@dataclass
class _Lexed:
    """A block framed (carried lines first) and its sentences timed: what the helper
    thread hands over."""

    f: Frame
    reception: Reception
    first_line: int
    n_new: int
    bytes_read: int


def _lex_next(
    items: Iterator[Block | LongLine], carry: _Carry, lenient: bool, space: Workspace
) -> _Lexed | LongLine | None:
    item = next(items, None)
    if item is None or isinstance(item, LongLine):
        return item
    return _lex(item, carry, lenient, space)


def _lex(block: Block, carry: _Carry, lenient: bool, space: Workspace | None = None) -> _Lexed:
    """The carried lines and the block's in one buffer, framed."""
    space = space or Workspace()
    data = space.buffer(len(carry.text) + block.size)
    at = 0
    for part in (carry.text, *block.parts):
        data[at : at + len(part)] = np.frombuffer(part, dtype=np.uint8)
        at += len(part)
    line_no = np.concatenate([carry.lines, block.first_line + np.arange(block.n_lines)])
    f = frame(data, lenient, line_no, space)
    return _Lexed(f, receive_info(f), block.first_line, block.n_lines, block.bytes_read)


@dataclass
class _Assembled:
    """A block's messages assembled, ready to be read into tables."""

    f: Frame
    reception: Reception
    head: I64
    orphan: I64
    n_read: int
    skips: I64
    """Skipped lines by reason (``nmea.SKIP_REASONS``)."""
    bytes_read: int


def _long_line(item: LongLine) -> AisDecoded:
    raw = np.frombuffer(item.raw, dtype=np.uint8)
    text = span_strings(raw, np.zeros(1, dtype=np.int64), np.array([len(raw)]))
    rejects = pl.DataFrame(
        {
            "line": [item.line + 1],
            "reason": [_REASONS[Reason.TOO_LONG]],
            "raw": text,
        },
        schema=REJECT_SCHEMA,
    )
    return AisDecoded.empty(rejects)


def _split(lexed: _Lexed, carry: _Carry, final: bool) -> tuple[_Assembled, _Carry]:
    """Time the sentences and join fragments; set aside for the next block the lines
    it may complete (unless ``final``): they are not counted here."""
    f, reception = lexed.f, lexed.reception
    rx = reception.rx
    if len(carry.lines):
        again = np.flatnonzero(f.line < len(carry.lines))
        assert len(again) == len(carry.rx), "a carried fragment did not lex again"
        rx[again] = carry.rx
    line_no = f.line_numbers
    head, orphan, open_end = assemble(
        f, reception.group, line_no[f.line], lexed.first_line + lexed.n_new
    )
    next_carry, n_wrappers = _Carry(), 0
    if not final:
        kept = np.flatnonzero(open_end)
        orphan[kept] = 0
        lines = f.line[kept]
        wrapper = reception.wrappers[-1:]
        if len(wrapper) and len(f.ais_lines) and wrapper[0] < f.ais_lines[-1]:
            wrapper = wrapper[:0]  # an AIS line came after it: it timed that one
        n_wrappers = len(wrapper)
        lines = np.sort(np.concatenate([lines, wrapper]))
        spans = [bytes(f.data[f.starts[i] : f.ends[i]]) + b"\n" for i in lines]
        next_carry = _Carry(b"".join(spans), line_no[lines], rx[kept])
    n_read = f.n_lines - f.skipped - len(next_carry.rx)
    skips = f.skips.copy()
    skips[SKIP_REASONS.index("$PGHP wrapper")] -= n_wrappers  # counted in the next block
    return _Assembled(f, reception, head, orphan, n_read, skips, lexed.bytes_read), next_carry


def _tables(block: _Assembled) -> AisDecoded:
    """Every table of an assembled block, and its rejects."""
    f, orphan = block.f, block.orphan
    rejects = [(f.reject_line, f.reject_code, f.reject_a, f.reject_b)]
    lonely = np.flatnonzero(orphan > 0)
    rejects.append(
        (f.line[lonely], np.where(orphan[lonely] == ORPHAN_NO_FIRST, Reason.NO_FIRST_PART,
                                  Reason.PARTNER_NEVER_CAME), f.number[lonely], f.count[lonely])
    )  # fmt: skip
    r = block.reception
    msgs = Messages(f, block.head, r.rx, r.station, r.names)
    tables, bad = msgs.tables()
    rejects.extend(bad)
    line, code, a, b = (np.concatenate(x) for x in zip(*rejects, strict=True))
    decoded = AisDecoded.of(
        tables, _reject_frame(f, line, code, a, b), n_read=block.n_read,
        n_messages=msgs.n_decoded, skips=dict(zip(SKIP_REASONS, block.skips.tolist(), strict=True)),
    )  # fmt: skip
    return replace(decoded, bytes_read=block.bytes_read)


_REASONS: dict[int, str] = {
    Reason.GARBAGE: "not UTF-8/binary garbage",
    Reason.NOT_NMEA: "not an NMEA sentence",
    Reason.TWO_SENTENCES: "more than one sentence on the line",
    Reason.TRUNCATED: "truncated sentence",
    Reason.MALFORMED: "malformed sentence (fields or characters out of place)",
    Reason.BAD_PAYLOAD_CHAR: "payload has invalid 6-bit character",
    Reason.BAD_CHECKSUM_FIELD: "checksum is not two hex digits",
    Reason.BAD_COUNT: "fragment count is not 1-9",
    Reason.BAD_NUMBER: "fragment number is not between 1 and the fragment count",
    Reason.BAD_SEQ: "sequential message id is not a number",
    Reason.BAD_CHANNEL: "radio channel longer than 2 characters",
    Reason.BAD_FILL: "fill bits are not 0-5",
    Reason.EMPTY_PAYLOAD: "empty payload",
    Reason.TOO_LONG: f"line longer than {MAX_LINE_BYTES} bytes: not an NMEA sentence",
}


def _reject_frame(f: Frame, line: I64, code: I64, a: I64, b: I64) -> pl.DataFrame:
    if len(line) == 0:
        return pl.DataFrame(schema=REJECT_SCHEMA)
    hexes = pl.Series([f"{i:02X}" for i in range(256)])
    df = pl.DataFrame(
        {
            "line": f.line_numbers[line] + 1,
            "code": code,
            "a": a,
            "b": b,
            "ah": hexes.gather(pl.Series(a & 255)),
            "bh": hexes.gather(pl.Series(b & 255)),
            "raw": span_strings(
                f.data, f.starts[line], np.minimum(f.ends[line], f.starts[line] + RAW_MAX)
            ),
        }
    )
    c, a_, b_ = pl.col("code"), pl.col("a"), pl.col("b")
    reason = (
        pl.when(c == Reason.BAD_CHECKSUM)
        .then(pl.format("bad checksum *{} != *{}", "ah", "bh"))
        .when(c == Reason.NO_FIRST_PART)
        .then(pl.format("fragment {}/{} without its first part", a_, b_))
        .when(c == Reason.PARTNER_NEVER_CAME)
        .then(pl.format("fragment {}/{} whose partner never came", a_, b_))
        .when(c == Reason.TOO_SHORT)
        .then(
            pl.format(
                "payload too short for type {} ({} bits, need {})", a_ // 10000, b_, a_ % 10000
            )
        )
        .when(c == Reason.BAD_PART)
        .then(pl.format("type 24 with part number {} (only 0 = A and 1 = B exist)", a_))
        .otherwise(c.replace_strict(_REASONS, default="malformed sentence", return_dtype=pl.String))
    )
    return (
        df.select("line", reason.alias("reason"), "raw").sort("line").cast(pl.Schema(REJECT_SCHEMA))
    )
