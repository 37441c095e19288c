"""Decode NMEA 0183 AIS files into Polars tables, vectorised end to end.

::

    decoded = decode_nmea("ais.txt.gz")
    decoded.positions        # types 1, 2, 3, 18, 19, 27
    decoded.rejects          # line, reason, raw: every AIS line that gave nothing

Steps: read the bytes (gzip detected by its magic number), frame every line and
sentence (``nmea``), check checksums, find receive times and stations
(``receive_info``), assemble multi-sentence messages by (talker,
VDM/VDO, channel, sequential id, fragment count, tag block group) in a tolerant,
order-free way (fragments may come out of order or interleaved with other messages),
then de-armour the payloads of each message layout into packed words and read every
field of every message of that layout at once (``messages``).

Accounting: every line holding an AIS sentence is a record, ``n_read = n_decoded +
rejects.height`` where ``n_decoded`` counts the lines that became part of a decoded
message; blank lines, comments and other NMEA sentences are ``skipped``. Several
files are read as one stream: line numbers run on from one file to the next.
"""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from reassure.errors import InputError
from reassure.sea.messages import TABLES, Messages
from reassure.sea.nmea import NULL_TIME, PAD, Frame, Reason, frame, span_strings

__all__ = [
    "MAX_FRAGMENT_GAP",
    "REJECT_SCHEMA",
    "TABLES",
    "AisDecoded",
    "decode_nmea",
    "decode_nmea_bytes",
]

I64 = NDArray[np.int64]
REJECT_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "reason": pl.String(),
    "raw": pl.String(),
}
MAX_FRAGMENT_GAP = 1000
"""Fragments of one message are at most this many lines apart; farther ones are not joined."""
RAW_MAX = 512
"""A rejected line's ``raw`` keeps at most this many bytes."""


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
    sources: tuple[tuple[str, int], ...] = ()
    """(file, number of lines) in reading order."""

    @property
    def n_decoded(self) -> int:
        """Records (lines) that became part of a decoded message."""
        return self.n_read - self.rejects.height

    def table(self, name: str) -> pl.DataFrame:
        frame_: pl.DataFrame = getattr(self, name)
        return frame_


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except (OSError, EOFError) as exc:  # unreadable, or a truncated / corrupt gzip
        raise InputError(str(path), f"cannot read: {exc}") from None


def decode_nmea(source: Path | str | Iterable[Path], *, lenient: bool = False) -> AisDecoded:
    """Decode one NMEA file (or several, as one stream); ``.gz`` files are read as such.

    ``lenient=True`` keeps sentences whose checksum does not match (``checksum_ok``
    is then false) instead of rejecting them.
    """
    paths = [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]
    if len(paths) == 1:
        decoded = decode_nmea_bytes(_read(paths[0]), lenient=lenient)
        lines = decoded.n_read + decoded.skipped
        return dataclasses.replace(decoded, sources=((str(paths[0]), lines),))
    chunks, sources = [], []
    for path in paths:
        text = _read(path)
        if text and not text.endswith(b"\n"):
            text += b"\n"
        chunks.append(text)
        sources.append((str(path), text.count(b"\n")))
    return decode_nmea_bytes(b"".join(chunks), lenient=lenient, sources=tuple(sources))


def decode_nmea_bytes(
    text: bytes, *, lenient: bool = False, sources: tuple[tuple[str, int], ...] = ()
) -> AisDecoded:
    """Decode NMEA text already in memory (a file's bytes, a live micro-batch)."""
    data = np.frombuffer(text, dtype=np.uint8)
    data = np.concatenate([data, np.zeros(PAD, dtype=np.uint8)])
    f = frame(data, lenient)
    rx, station, names, group = receive_info(f)
    head, orphan = _assemble(f, group)
    rejects = [(f.reject_line, f.reject_code, f.reject_a, f.reject_b)]
    lonely = np.flatnonzero(orphan > 0)
    rejects.append(
        (f.line[lonely], np.where(orphan[lonely] == 1, Reason.NO_FIRST_PART,
                                  Reason.PARTNER_NEVER_CAME), f.number[lonely], f.count[lonely])
    )  # fmt: skip
    msgs = Messages(f, head, rx, station, names)
    tables, bad = msgs.tables()
    rejects.extend(bad)
    line, code, a, b = (np.concatenate(x) for x in zip(*rejects, strict=True))
    reject_frame = _reject_frame(f, line, code, a, b)
    n_read = f.n_lines - f.skipped
    return AisDecoded(
        **tables, rejects=reject_frame, n_read=n_read, skipped=f.skipped,
        n_messages=msgs.n_decoded, sources=sources,
    )  # fmt: skip


def _days_from_civil(y: I64, m: I64, d: I64) -> I64:
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days: I64 = era * 146097 + doe - 719468
    return days


def _epoch_us(value: I64) -> I64:
    """UNIX seconds, or milliseconds when the number is too large to be seconds."""
    out: I64 = np.where(value >= 100_000_000_000, value * 1000, value * 1_000_000)
    return out


def receive_info(f: Frame) -> tuple[I64, I64, pa.Array, I64]:
    """Per sentence: receive time (µs, ``NULL_TIME`` when unknown), station (code into a
    dictionary, -1 when unknown), the dictionary of station names, and tag group id.

    Time: tag block ``c:`` (UNIX seconds, or milliseconds when 13 digits), else the
    ``$PGHP`` line right before the sentence (no other AIS line between: Gatehouse's
    wrapper), else a UNIX or ISO 8601 time before the sentence, else a UNIX time as
    the last field after the checksum (``...*hh,1328172009321``). Station: tag block
    ``s:``, else the field before that suffix time (``...*hh,b003669794,1272412827``).
    """
    data, n = f.data, len(f.line)
    tag_c, s_start, s_end, s_hash, group = f.tag_fields
    rx = np.where(tag_c >= 0, _epoch_us(tag_c), NULL_TIME)
    station = np.full(n, -1, dtype=np.int64)
    names: list[pa.Array] = []
    named = np.flatnonzero(s_start >= 0)
    if len(named):
        _, first, inverse = np.unique(s_hash[named], return_index=True, return_inverse=True)
        station[named] = inverse.reshape(-1)
        rep = named[first]
        names.append(span_strings(data, s_start[rep], s_end[rep]).to_arrow())
    _pghp(f, rx)
    line_start = f.starts[f.line]
    prefix = np.flatnonzero((f.tag_ok < 0) & (f.bang > line_start) & (rx == NULL_TIME))
    if len(prefix):
        text = span_strings(data, line_start[prefix], f.bang[prefix])
        found = pl.select(_time_expr(text.str.strip_chars(" ,;\t|"))).to_series()
        rx[prefix] = found.fill_null(NULL_TIME).to_numpy()
    end = f.ends[f.line]
    tail = np.flatnonzero((f.star + 3 < end) & (data[f.star + 3] == ord(",")))
    if len(tail):
        parts = span_strings(data, f.star[tail] + 4, end[tail]).str.split(",")
        got = pl.DataFrame({"p": parts}).select(
            t=pl.col("p").list.last().str.extract(r"^(\d{10}(?:\d{3})?)$").cast(pl.Int64),
            s=pl.col("p").list.get(-2, null_on_oob=True).str.extract(r"^([A-Za-z]\w*)$"),
        )
        value = got["t"].fill_null(-1).to_numpy()
        use = (value >= 0) & (rx[tail] == NULL_TIME)
        rx[tail[use]] = _epoch_us(value[use])
        has_name = got["s"].is_not_null().to_numpy() & (station[tail] < 0)
        offset = sum(len(x) for x in names)
        station[tail[has_name]] = offset + np.arange(int(has_name.sum()))
        names.append(got["s"].filter(pl.Series(has_name)).to_arrow().cast(pa.large_string()))
    dictionary = pa.concat_arrays(names) if names else pa.array([], pa.large_string())
    return rx, station, dictionary, group


def _time_expr(text: pl.Series) -> pl.Expr:
    """UNIX seconds / milliseconds or ISO 8601 UTC time in a prefix -> µs (null if none)."""
    iso = text.str.extract(r"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,6})?)")
    epoch = text.str.extract(r"^(\d{10}(?:\d{3})?)(?:\.\d+)?$").cast(pl.Int64)
    parsed = iso.str.replace(" ", "T").str.to_datetime(
        "%Y-%m-%dT%H:%M:%S%.f", time_unit="us", strict=False
    )
    return (
        pl.when(epoch.is_not_null())
        .then(pl.when(epoch >= 100_000_000_000).then(epoch * 1000).otherwise(epoch * 1_000_000))
        .otherwise(pl.lit(parsed).dt.epoch("us"))
    )


def _pghp(f: Frame, rx: I64) -> None:
    """``$PGHP,1,yyyy,m,d,h,m,s,ms,...`` (Gatehouse) times the next AIS sentence."""
    data, st, lines = f.data, f.starts, f.pghp_lines
    if len(lines) == 0 or len(f.line) == 0:
        return
    text = span_strings(data, st[lines], f.ends[lines])
    groups = text.str.extract_groups(
        r"^\$..HP,\d*,(\d{1,4}),(\d\d?),(\d\d?),(\d\d?),(\d\d?),(\d\d?),(\d{1,3})(?:,|\*|$)"
    )
    parts = groups.struct.unnest().select(pl.all().cast(pl.Int64).fill_null(-1))
    y, mo, d, h, mi, s, ms = (parts[:, k].to_numpy() for k in range(7))
    fine = (y >= 1) & (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= 31) & (h >= 0) & (h < 24)
    fine &= (mi >= 0) & (mi < 60) & (s >= 0) & (s < 61) & (ms >= 0) & (ms < 1000)
    us = (((_days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + s) * 1_000_000 + ms * 1000
    lines, us = lines[fine], us[fine]
    if len(lines) == 0:
        return
    j = np.searchsorted(lines, f.line) - 1
    k = np.searchsorted(f.ais_lines, f.line) - 1
    prev_ais = np.where(k >= 0, f.ais_lines[np.maximum(k, 0)], -1)
    use = (j >= 0) & (rx == NULL_TIME)
    use &= lines[np.maximum(j, 0)] > prev_ais
    rx[use] = us[j[use]]


@cache
def _kernel() -> Callable[..., Any]:
    from numba import njit  # imported on first use: numba takes a while to load

    @njit(cache=True)
    def assemble(order, new_key, number, count, line, max_gap, head, orphan):  # type: ignore[no-untyped-def]
        members = np.empty(16, dtype=np.int64)
        n_members, mask, first_line = 0, 0, 0
        for j in range(len(order)):
            i = order[j]
            bit = 1 << (number[i] - 1)
            if new_key[j] or (mask & bit) != 0 or line[i] - first_line > max_gap:
                for m in range(n_members):
                    orphan[members[m]] = 2 if mask & 1 else 1
                n_members, mask, first_line = 0, 0, line[i]
            members[n_members] = i
            n_members += 1
            mask |= bit
            if mask == (1 << count[i]) - 1:
                lead = -1
                for m in range(n_members):
                    if number[members[m]] == 1:
                        lead = members[m]
                for m in range(n_members):
                    head[members[m]] = lead
                n_members, mask = 0, 0
        for m in range(n_members):
            orphan[members[m]] = 2 if mask & 1 else 1

    return assemble


def _assemble(f: Frame, group: I64) -> tuple[I64, I64]:
    """Per sentence: index of its message's fragment 1 (-1 if none); orphan reason (0/1/2)."""
    n = len(f.line)
    head = np.where(f.count == 1, np.arange(n), -1)
    orphan = np.zeros(n, dtype=np.int64)
    multi = np.flatnonzero(f.count > 1)
    if len(multi) == 0:
        return head, orphan
    key = (f.talker << 24) | (f.own_ship.astype(np.int64) << 23) | (f.channel << 7)
    key = (key | (f.seq + 1)) * 16 + f.count
    k, g = key[multi], group[multi]
    order = multi[np.lexsort((f.line[multi], g, k))]
    new_key = np.ones(len(order), dtype=np.bool_)
    new_key[1:] = (key[order][1:] != key[order][:-1]) | (group[order][1:] != group[order][:-1])
    _kernel()(order, new_key, f.number, f.count, f.line, MAX_FRAGMENT_GAP, head, orphan)
    return head, orphan


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
}


def _reject_frame(f: Frame, line: I64, code: I64, a: I64, b: I64) -> pl.DataFrame:
    if len(line) == 0:
        return pl.DataFrame(schema=REJECT_SCHEMA)
    hexes = pl.Series([f"{i:02X}" for i in range(256)])
    df = pl.DataFrame(
        {
            "line": line + 1,
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
