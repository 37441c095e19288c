"""NMEA 0183 framing of AIS sentences on a whole byte buffer.

A single compiled pass over the bytes (``_lexer``, Numba: a byte-level state machine is
the one truly sequential step of the decoder) gives per line its bounds and its reject
code (``Reason``), and per well-formed sentence its fields: fragment count and number,
sequential id, channel, payload span, fill bits, checksum check, and its tag block's
checksum, ``c:`` time, ``s:`` station and ``g:`` group; ``$PGHP`` lines are marked.
A well-formed sentence is
``!<talker>VD[MO],<count>,<number>,<seq id>,<channel>,<payload>,<fill>*hh`` (``$`` for
``!`` too, as some receivers write it); only a one-sentence message needs a payload.

Line kinds: an *AIS record* has a sentence anywhere on the line (behind a tag block or
a time prefix, before a time suffix); a *skipped* line is blank, a ``#`` comment, a
Gatehouse ``$PGHP`` wrapper or another NMEA sentence (``$...``, ``!`` not VDM/VDO,
``\\`` tag block): :data:`SKIP_REASONS` names them; any other line is a record
rejected as "not an NMEA sentence" (or as binary garbage). A line whose first
non-blank character is ``#`` is a comment whatever it holds (``# !AIVDM,...``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from reassure.sea.sixbit import ARMOUR_TO_SIX

__all__ = [
    "I64",
    "MAX_LINE_BYTES",
    "NULL_TIME",
    "PAD",
    "SKIP_REASONS",
    "Frame",
    "Reason",
    "Workspace",
    "frame",
    "span_strings",
]

I64 = NDArray[np.int64]
NULL_TIME = np.iinfo(np.int64).min
PAD = 128
"""Zero bytes after the data, so that fixed-width windows never run off its end."""
MAX_LINE_BYTES = 1 << 20
"""A longer line is rejected whole (an AIS sentence is < 100 B): the reader does not even
hold it (``stream``)."""

_HEXVAL = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate(b"0123456789ABCDEF"):
    _HEXVAL[_c] = _i
    _HEXVAL[bytes([_c]).lower()[0]] = _i


def _byte_classes() -> NDArray[np.uint8]:
    """0 armour character, 1 newline, 2 garbage, 3 '!', 4 ',', 5 '*', 6 other printable."""
    cls = np.where(ARMOUR_TO_SIX == 255, 6, 0).astype(np.uint8)
    cls[:32] = 2
    cls[127:] = 2
    cls[[9, 13]] = 6
    cls[10], cls[33], cls[44], cls[42] = 1, 3, 4, 5
    return cls


_BYTE_CLASS = _byte_classes()


SKIP_REASONS = ("blank line", "$PGHP wrapper", "comment", "other NMEA sentence")
"""Why a line is no record, by its lexer code: -1, -2, -3, -4 (``Frame.skips``)."""


class Reason:
    """Reject reason codes; ``decode`` turns them into text with their details."""

    GARBAGE, NOT_NMEA, TWO_SENTENCES, TRUNCATED, MALFORMED = 1, 2, 3, 4, 5
    BAD_PAYLOAD_CHAR, BAD_CHECKSUM_FIELD, BAD_CHECKSUM, BAD_COUNT, BAD_NUMBER = 6, 7, 8, 9, 10
    BAD_SEQ, BAD_CHANNEL, BAD_FILL, EMPTY_PAYLOAD = 11, 12, 13, 14
    NO_FIRST_PART, PARTNER_NEVER_CAME, TOO_SHORT, BAD_PART, TOO_LONG = 15, 16, 17, 18, 19


@dataclass
class Frame:
    """Per-line bounds, rejects, and the fields of every well-formed AIS sentence."""

    data: NDArray[np.uint8]
    starts: I64
    ends: I64
    skipped: int
    skips: I64
    """Skipped lines by reason: ``skips[k]`` counts those of ``SKIP_REASONS[k]``."""
    ais_lines: I64
    """Lines holding an AIS sentence, well-formed or not (0-based)."""
    pghp_lines: I64
    """``$PGHP`` lines (Gatehouse wrappers)."""
    reject_line: I64
    reject_code: I64
    reject_a: I64
    reject_b: I64
    # one entry per well-formed AIS sentence, in line order
    line: I64
    bang: I64
    star: I64
    talker: I64
    own_ship: NDArray[np.bool_]
    channel: I64
    seq: I64
    count: I64
    number: I64
    fill: I64
    pstart: I64
    plen: I64
    checksum_ok: NDArray[np.bool_]
    tag_ok: I64
    """1 ok, 0 bad, -1 no tag block."""
    tag_end: I64
    """End of the tag block's fields (its star, or its closing backslash)."""
    tag_fields: I64
    """Rows: tag block ``c:`` value; station start, end and hash (tag block ``s:``, else
    the field before a time suffix); ``g:`` group id; time suffix (-1: absent)."""
    line_numbers: I64
    """Per line: its 0-based line number in the stream (lines may be carried over)."""

    @property
    def n_lines(self) -> int:
        return len(self.starts)


# The kernels are module-level functions compiled on first use (``_lexer``): numba takes a
# while to load, and its cache finds a module-level kernel again in the next process (a
# kernel made in a closure is keyed on the closure's contents, which differ in every process).


def count_lines(data, size):  # type: ignore[no-untyped-def]
    n = 0
    for k in range(size):
        if data[k] == 10:
            n += 1
    return n + (1 if size > 0 and data[size - 1] != 10 else 0)


def _tag_field(data, f0, fe, time, s_start, s_end, s_hash, group):  # type: ignore[no-untyped-def]
    """One tag block field ``data[f0:fe]``: ``c:`` time, ``s:`` station, ``g:`` group."""
    if fe - f0 < 2 or data[f0 + 1] != 58:
        return time, s_start, s_end, s_hash, group
    key = data[f0]
    if key == 99:  # c:<unix time>
        v, k = 0, f0 + 2
        while k < fe and k < f0 + 15 and 48 <= data[k] <= 57:
            v = v * 10 + (data[k] - 48)
            k += 1
        if k > f0 + 2:
            time = v
    elif key == 115:  # s:<station>
        h = 1469598103934665603
        for k in range(f0 + 2, fe):
            h = (h ^ data[k]) * 1099511628211
        s_start, s_end, s_hash = f0 + 2, fe, h
    elif key == 103:  # g:<number>-<total>-<group id>
        dashes, v = 0, 0
        for k in range(f0 + 2, fe):
            if data[k] == 45:
                dashes += 1
            elif dashes == 2 and 48 <= data[k] <= 57 and v < 10**15:
                v = v * 10 + (data[k] - 48)
        if dashes == 2:
            group = v
    return time, s_start, s_end, s_hash, group


tag_field: Any = _tag_field
"""What ``lex`` calls: ``_lexer`` puts the compiled ``_tag_field`` here."""


def _vdm_at(data, k, size):  # type: ignore[no-untyped-def]
    """Whether ``data[k]`` (a ``!`` or ``$``) starts a sentence named ``..VDM`` or ``..VDO``
    on its own line: a newline in the talker ends the line before the name, so what
    follows it (the next line, or the next block's) cannot make this line a sentence."""
    if k + 6 > size or data[k + 1] == 10 or data[k + 2] == 10:
        return False
    last = data[k + 5] | 32
    return (data[k + 3] | 32) == 118 and (data[k + 4] | 32) == 100 and (last == 109 or last == 111)


vdm_at: Any = _vdm_at
"""What ``lex`` calls: ``_lexer`` puts the compiled ``_vdm_at`` here."""


def lex(data, size, cls, hexval, lenient, max_line, lines, sents):  # type: ignore[no-untyped-def]
    # per line: start end n_bang code given xor; per kept sentence: see _SENTENCE
    commas = np.empty(7, dtype=np.int64)
    row = np.empty(26, dtype=np.int64)
    line, i, m = 0, 0, 0
    while i < size:
        if line >= lines.shape[1]:
            return -1
        s = i
        while s < size and (data[s] == 32 or data[s] == 9 or 11 <= data[s] <= 13):
            s += 1
        b, nb, glast, nc, x, bad, star = -1, 0, -1, 0, 0, 0, -1
        c_prev, c_last = -1, -1  # the last two commas after the checksum
        k = s
        while k < size:  # up to the first sentence
            t = cls[data[k]]
            if t == 0 or (t == 6 and data[k] != 36):
                k += 1
                continue
            if t == 1:
                break
            if t == 2:
                glast = k
            elif (t == 3 or data[k] == 36) and data[s] != 35 and vdm_at(data, k, size):
                nb, b = 1, k  # !..VDM, $..VDM (or VDO); not on a '#' line
                k += 1
                break
            k += 1
        if b >= 0:
            while k < size:  # the sentence's fields, up to its star
                c = data[k]
                t = cls[c]
                if t == 0:
                    x ^= c
                    k += 1
                    continue
                if t == 1 or t == 5:
                    break
                x ^= c
                if t == 4:
                    if nc < 7:
                        commas[nc] = k
                    nc += 1
                elif (t == 6 or t == 3) and nc == 5:
                    bad = 1  # not an armoured character, in the payload
                if t == 2:
                    glast = k
                elif (t == 3 or c == 36) and vdm_at(data, k, size):
                    nb += 1
                k += 1
            if k < size and data[k] == 42:
                star = k
            while k < size:  # the rest of the line
                t = cls[data[k]]
                if t == 1:
                    break
                if t == 4 and star >= 0 and k >= star + 3:
                    c_prev, c_last = c_last, k
                elif t == 2:
                    glast = k
                elif (t == 3 or data[k] == 36) and vdm_at(data, k, size):
                    nb += 1
                k += 1
        j = k
        e = j
        while e > s and (data[e - 1] == 32 or data[e - 1] == 9 or 11 <= data[e - 1] <= 13):
            e -= 1
        for r in range(4, 26):
            row[r] = -1
        row[0], row[1], row[2], row[3] = s, e, b, nb
        row[6] = x
        code = 0  # Reason codes, in the order they are checked
        if j - i > max_line:
            code = 19
        elif nb == 0:
            first = data[s]
            if (
                first == 36 and e - s > 6 and (data[s + 3] & 223) == 72
                and (data[s + 4] & 223) == 80 and data[s + 5] == 44
            ):  # fmt: skip
                code = -2  # skipped: $xxHP, Gatehouse wrapper
            elif e == s:
                code = -1  # skipped: blank
            elif first == 35:
                code = -3  # skipped: a comment
            elif first == 36 or first == 33 or first == 92:
                code = -4  # skipped: another NMEA sentence
            else:
                code = 1 if glast >= 0 else 2  # garbage / not an NMEA sentence
        elif nb > 1:
            code = 3
        elif glast >= b:
            code = 1
        elif star < 0 or nc < 6:
            code = 4
        elif nc > 6:
            code = 5
        elif star + 3 > e:
            code = 4
        else:
            hi, lo = hexval[data[star + 1]], hexval[data[star + 2]]
            given = hi * 16 + lo
            row[7] = given
            if hi == 255 or lo == 255:
                code = 7
            elif given != x and not lenient:
                code = 8
            elif bad:
                code = 6
            else:
                c0, c1, c2, c3, c4, c5 = (commas[0], commas[1], commas[2], commas[3],
                                          commas[4], commas[5])  # fmt: skip
                count = data[c0 + 1] - 48
                number = data[c1 + 1] - 48
                if c1 - c0 != 2 or count < 1 or count > 9:
                    code = 9
                elif c2 - c1 != 2 or number < 1 or number > count:
                    code = 10
                seq = -1
                if code == 0 and c3 - c2 > 1:
                    seq = 0
                    for q in range(c2 + 1, c3):
                        d = data[q] - 48
                        if d < 0 or d > 9 or c3 - c2 > 3:
                            code = 11
                        seq = seq * 10 + d
                if code == 0 and c4 - c3 - 1 > 2:
                    code = 12
                fill = 0
                if code == 0 and star - c5 - 1 > 0:
                    fill = data[c5 + 1] - 48
                    if star - c5 - 1 > 1 or fill < 0 or fill > 5:
                        code = 13
                if code == 0 and c5 == c4 + 1 and count == 1:
                    code = 14  # a fragment of a longer message may be empty
                channel = 0
                if c4 - c3 - 1 >= 1:
                    channel = data[c3 + 1] * 256
                if c4 - c3 - 1 == 2:
                    channel += data[c3 + 2]
                row[8], row[9], row[10] = count, number, seq
                row[11], row[12] = channel, fill
                row[13], row[14] = c4 + 1, c5 - c4 - 1
                row[15] = 1 if given == x else 0
                row[22] = data[b + 1] * 256 + data[b + 2]
                row[23] = 1 if (data[b + 5] | 32) == 111 else 0
        row[4], row[5] = star, code
        if code == 0 and data[s] == 92 and b - 1 > s and data[b - 1] == 92:
            tx, tend, f0, k = 0, b - 1, s + 1, s + 1
            while k < b - 1:  # checksum and fields in one pass, up to the star
                c = data[k]
                if c == 42:
                    tend = k
                    break
                tx ^= c
                if c == 44:
                    row[18], row[19], row[20], row[24], row[21] = tag_field(
                        data, f0, k, row[18], row[19], row[20], row[24], row[21]
                    )
                    f0 = k + 1
                k += 1
            row[18], row[19], row[20], row[24], row[21] = tag_field(
                data, f0, tend, row[18], row[19], row[20], row[24], row[21]
            )
            ok = data[tend] == 42 and tend + 3 == b - 1
            ok = ok and hexval[data[tend + 1]] * 16 + hexval[data[tend + 2]] == tx
            row[16], row[17] = tend, 1 if ok else 0
        if code == 0 and star + 3 < e and data[star + 3] == 44:  # ...*hh,<station>,<time>
            digits = 0
            for k in range(c_last + 1, e):
                if 48 <= data[k] <= 57:
                    digits += 1
            if digits == e - c_last - 1 and (digits == 10 or digits == 13):
                v = 0
                for k in range(c_last + 1, e):
                    v = v * 10 + (data[k] - 48)
                row[25] = v
            if row[19] < 0 and c_prev >= star + 3 and c_last - c_prev > 1:
                word = (data[c_prev + 1] | 32) >= 97 and (data[c_prev + 1] | 32) <= 122
                for k in range(c_prev + 2, c_last):
                    c = data[k]
                    if not (48 <= c <= 57 or 65 <= (c & 223) <= 90 or c == 95):
                        word = False
                if word:
                    h = 1469598103934665603
                    for k in range(c_prev + 1, c_last):
                        h = (h ^ data[k]) * 1099511628211
                    row[19], row[20], row[24] = c_prev + 1, c_last, h
        lines[0, line], lines[1, line], lines[2, line] = s, e, nb
        lines[3, line], lines[4, line], lines[5, line] = code, row[7], x
        if code == 0:
            sents[0, m], sents[1, m], sents[2, m], sents[3, m] = line, b, star, row[22]
            sents[4, m], sents[5, m], sents[6, m], sents[7, m] = (
                row[23],
                row[11],
                row[10],
                row[8],
            )
            sents[8, m], sents[9, m], sents[10, m], sents[11, m] = (
                row[9],
                row[12],
                row[13],
                row[14],
            )
            sents[12, m], sents[13, m], sents[14, m], sents[15, m] = (
                row[15],
                row[16],
                row[17],
                row[18],
            )
            sents[16, m], sents[17, m], sents[18, m], sents[19, m] = (
                row[19],
                row[20],
                row[24],
                row[21],
            )
            sents[20, m] = row[25]
            m += 1
        line += 1
        i = j + 1
    return m


@cache
def _lexer() -> Callable[..., Any]:
    from numba import njit  # imported on first use: numba takes a while to load

    global tag_field, vdm_at  # lex calls the compiled ones
    tag_field = njit(cache=True, nogil=True, inline="always")(_tag_field)
    vdm_at = njit(cache=True, nogil=True, inline="always")(_vdm_at)
    count = njit(cache=True, nogil=True)(count_lines)
    lexer = njit(cache=True, nogil=True)(lex)

    def run(
        data: NDArray[np.uint8], lenient: bool, n: int | None, space: Workspace
    ) -> tuple[I64, I64]:
        size = len(data) - PAD
        if n is None:
            n = count(data, size)
        lines, sents = space.arrays(n)
        m = lexer(data, size, _BYTE_CLASS, _HEXVAL, lenient, MAX_LINE_BYTES, lines, sents)
        if m < 0:
            raise AssertionError(f"the data holds more than the {n} lines counted")
        return lines, sents[:, :m]

    return run


# columns of the lexer's outputs: per line, and per well-formed sentence
START, END, N_BANG, CODE, GIVEN, XOR = range(6)
(LINE, BANG, STAR, TALKER, OWN, CHANNEL, SEQ, COUNT, NUMBER, FILL, PSTART, PLEN, CHECKSUM_OK,
 TAG_END, TAG_OK, TAG_C, S_START, S_END, S_HASH, GROUP, SUFFIX_T) = range(21)  # fmt: skip


class Workspace:
    """The text buffer and the lexer's output arrays, kept from one block to the next:
    allocating (and so faulting in) ~250 bytes a line anew for every block costs as
    much as lexing."""

    def __init__(self) -> None:
        self._lines = np.empty((6, 0), dtype=np.int64)
        self._sents = np.empty((21, 0), dtype=np.int64)
        self._data = np.empty(0, dtype=np.uint8)

    def buffer(self, size: int) -> NDArray[np.uint8]:
        """A buffer for ``size`` bytes of text followed by ``PAD`` zero bytes."""
        if len(self._data) < size + PAD:
            self._data = np.empty(size + size // 8 + PAD, dtype=np.uint8)
        data = self._data[: size + PAD]
        data[size:] = 0
        return data

    def arrays(self, n: int) -> tuple[I64, I64]:
        """(per line, per sentence) arrays for ``n`` lines, valid until the next call.

        They are slices of wider arrays, never the whole: the compiled lexer then sees
        one array type whatever the block's size (a whole array is C-contiguous, another
        type to compile and cache)."""
        if self._lines.shape[1] <= n:
            self._lines = np.empty((6, n + n // 8 + 1), dtype=np.int64)
            self._sents = np.empty((21, n + n // 8 + 1), dtype=np.int64)
        return self._lines[:, :n], self._sents[:, :n]


def frame(
    data: NDArray[np.uint8],
    lenient: bool,
    line_numbers: I64 | None = None,
    space: Workspace | None = None,
) -> Frame:
    """Lex the lines of ``data`` (followed by ``PAD`` zero bytes) and parse its sentences;
    ``line_numbers`` numbers the lines in the stream (default: from 0). The frame's
    arrays live in ``space`` (a new one by default) until it frames again."""
    n = None if line_numbers is None else len(line_numbers)
    lines, sents = _lexer()(data, lenient, n, space or Workspace())
    ln, k = lines, sents
    code = ln[CODE]
    rejected = np.flatnonzero(code > 0)
    skips = np.bincount(-code[code < 0] - 1, minlength=len(SKIP_REASONS)).astype(np.int64)
    return Frame(
        data=data, starts=ln[START], ends=ln[END], skipped=int(skips.sum()), skips=skips,
        pghp_lines=np.flatnonzero(code == -2),
        ais_lines=np.flatnonzero(ln[N_BANG] > 0), reject_line=rejected,
        reject_code=code[rejected], reject_a=ln[GIVEN][rejected], reject_b=ln[XOR][rejected],
        line=k[LINE], bang=k[BANG], star=k[STAR], talker=k[TALKER], own_ship=k[OWN] == 1,
        channel=k[CHANNEL], seq=k[SEQ], count=k[COUNT], number=k[NUMBER], fill=k[FILL],
        pstart=k[PSTART], plen=k[PLEN], checksum_ok=k[CHECKSUM_OK] == 1,
        tag_ok=np.where(k[TAG_END] >= 0, k[TAG_OK], -1), tag_end=k[TAG_END],
        tag_fields=k[[TAG_C, S_START, S_END, S_HASH, GROUP, SUFFIX_T]],
        line_numbers=np.arange(ln.shape[1]) if line_numbers is None else line_numbers,
    )  # fmt: skip


def span_strings(data: NDArray[np.uint8], start: I64, end: I64) -> pl.Series:
    """The bytes ``[start, end)`` of each span as strings; non-printable bytes become '?'."""
    length = np.maximum(end - start, 0)
    offsets = np.zeros(len(start) + 1, dtype=np.int64)
    np.cumsum(length, out=offsets[1:])
    idx = np.repeat(start - offsets[:-1], length) + np.arange(offsets[-1])
    flat = data[idx]
    flat = np.where((flat < 32) | (flat > 126), np.uint8(63), flat).astype(np.uint8)
    arr = pa.Array.from_buffers(
        pa.large_string(), len(start), [None, pa.py_buffer(offsets), pa.py_buffer(flat)]
    )
    series = pl.Series(values=arr)
    assert isinstance(series, pl.Series)
    return series
