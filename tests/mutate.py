"""Mutations of real input lines, for the fuzz tests and ``bench/bench_fuzz.py``.

Each mutation takes a line (bytes) and a :class:`Choose` — hypothesis' ``draw`` in the
tests (shrinkable, deterministic with ``derandomize``), a seeded ``random.Random`` in
the benchmark — and returns the line changed. The NMEA-aware ones change one field of
the sentence (fragment count, number, sequential id, channel, fill bits, payload, tag
block) and, when asked, put the checksum right again, so that the change reaches the
assembly and field decoding instead of stopping at the checksum.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

__all__ = [
    "BYTE_MUTATIONS",
    "NMEA_MUTATIONS",
    "Choose",
    "RandomChoose",
    "count_lines",
    "draws",
    "fix_checksum",
]

T = TypeVar("T")
ARMOUR = b"0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw"
TRICKY = b'",;:!$*\\#\r\t -{}[]\n\x00\xff'
FIELD_VALUES = (b"", b"0", b"1", b"2", b"3", b"9", b"10", b"x", b"-1", b"12345", b"AB", b"ABC")
FILL_VALUES = (b"", b"0", b"1", b"2", b"5", b"6", b"9", b"x", b"00", b"-1")
_SENTENCE = re.compile(rb"[!$][A-Za-z]{2}VD[MOmo],")


class Choose(Protocol):
    """The source of choices a mutation makes."""

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``."""


class RandomChoose:
    """Choices from a seeded ``random.Random`` (the benchmark: fast, no shrinking)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]


class _DrawChoose:
    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        value: int = self.draw(st.integers(low, high))
        return value

    def pick(self, options: Sequence[T]) -> T:
        value: T = self.draw(st.sampled_from(options))
        return value


def draws(draw: Callable[[st.SearchStrategy[Any]], Any]) -> Choose:
    """A :class:`Choose` over hypothesis' ``draw`` (inside ``@st.composite``)."""
    return _DrawChoose(draw)


def count_lines(data: bytes) -> int:
    """Lines as the readers see them: newlines, and a last line without one."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


# -- byte-level mutations (any text) ----------------------------------------------------


def flip_byte(line: bytes, c: Choose) -> bytes:
    if not line:
        return line
    at = c.integer(0, len(line) - 1)
    byte = c.pick([c.integer(0, 255), c.pick(TRICKY), c.pick(ARMOUR)])
    return line[:at] + bytes([byte]) + line[at + 1 :]


def flip_bit(line: bytes, c: Choose) -> bytes:
    if not line:
        return line
    at = c.integer(0, len(line) - 1)
    return line[:at] + bytes([line[at] ^ (1 << c.integer(0, 7))]) + line[at + 1 :]


def truncate(line: bytes, c: Choose) -> bytes:
    return line[: c.integer(0, len(line))]


def insert(line: bytes, c: Choose) -> bytes:
    at = c.integer(0, len(line))
    return line[:at] + bytes([c.pick(TRICKY)]) * c.integer(1, 3) + line[at:]


def delete(line: bytes, c: Choose) -> bytes:
    if not line:
        return line
    at = c.integer(0, len(line) - 1)
    return line[:at] + line[at + c.integer(1, 8) :]


def repeat(line: bytes, c: Choose) -> bytes:
    """A span of the line written twice (a spliced or doubled field)."""
    if not line:
        return line
    at = c.integer(0, len(line) - 1)
    end = c.integer(at, len(line))
    return line[:end] + line[at:end] + line[end:]


BYTE_MUTATIONS: dict[str, Callable[[bytes, Choose], bytes]] = {
    "flip_byte": flip_byte,
    "flip_bit": flip_bit,
    "truncate": truncate,
    "insert": insert,
    "delete": delete,
    "repeat": repeat,
}


# -- NMEA-aware mutations --------------------------------------------------------------


def _fields(line: bytes) -> tuple[int, int, list[int]] | None:
    """(sentence start, star, comma positions) of the line's AIS sentence, or None."""
    found = _SENTENCE.search(line)
    if found is None:
        return None
    star = line.find(b"*", found.start())
    end = star if star >= 0 else len(line)
    commas = [i for i in range(found.start(), end) if line[i] == 44]
    return found.start(), star, commas


def fix_checksum(line: bytes) -> bytes:
    """The line with its sentence's (and its tag block's) checksum put right."""
    out = line
    found = _fields(out)
    if found is not None and found[1] >= 0:
        start, star, _ = found
        value = 0
        for byte in out[start + 1 : star]:
            value ^= byte
        out = out[: star + 1] + b"%02X" % value + out[star + 3 :]
    if out.startswith(b"\\"):
        end = out.find(b"\\", 1)
        tag_star = out.find(b"*", 1, end) if end > 0 else -1
        if tag_star > 0:
            value = 0
            for byte in out[1:tag_star]:
                value ^= byte
            out = out[: tag_star + 1] + b"%02X" % value + out[tag_star + 3 :]
    return out


def _set_field(line: bytes, index: int, value: bytes, c: Choose) -> bytes:
    found = _fields(line)
    if found is None:
        return flip_byte(line, c)
    _, star, commas = found
    if index >= len(commas):
        return line
    end = commas[index + 1] if index + 1 < len(commas) else (star if star >= 0 else len(line))
    out = line[: commas[index] + 1] + value + line[end:]
    return fix_checksum(out) if c.pick([True, True, False]) else out


def fragment_field(line: bytes, c: Choose) -> bytes:
    """Fragment count, fragment number, sequential id or channel."""
    return _set_field(line, c.integer(0, 3), c.pick(FIELD_VALUES), c)


def fill_bits(line: bytes, c: Choose) -> bytes:
    return _set_field(line, 5, c.pick(FILL_VALUES), c)


def payload(line: bytes, c: Choose) -> bytes:
    """A payload character changed, the payload cut or lengthened (checksum put right)."""
    found = _fields(line)
    if found is None or len(found[2]) < 6:
        return flip_byte(line, c)
    _, _, commas = found
    start, end = commas[4] + 1, commas[5]
    body = line[start:end]
    how = c.pick(["char", "cut", "extend", "empty"])
    if how == "char" and body:
        at = c.integer(0, len(body) - 1)
        body = body[:at] + bytes([c.pick(ARMOUR)]) + body[at + 1 :]
    elif how == "cut":
        body = body[: c.integer(0, len(body))]
    elif how == "extend":
        body += bytes(c.pick(ARMOUR) for _ in range(c.integer(1, 40)))
    else:
        body = b""
    return fix_checksum(line[:start] + body + line[end:])


def tag_block(line: bytes, c: Choose) -> bytes:
    """A tag block added or changed: odd group (``g:``), time (``c:``) or station."""
    field = c.pick([b"g:1-2-x", b"g:3-2-7", b"g:1-2-", b"g:--", b"c:", b"c:99999999999999999",
                    b"c:-5", b"s:", b"s:" + b"x" * 40, b"g:1-1-123456789012345678901"])  # fmt: skip
    rest = line
    if line.startswith(b"\\"):
        end = line.find(b"\\", 1)
        rest = line[end + 1 :] if end > 0 else line
    return fix_checksum(b"\\" + field + b"*00\\" + rest)


NMEA_MUTATIONS: dict[str, Callable[[bytes, Choose], bytes]] = {
    **BYTE_MUTATIONS,
    "fragment_field": fragment_field,
    "fill_bits": fill_bits,
    "payload": payload,
    "tag_block": tag_block,
}
