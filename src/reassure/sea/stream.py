"""Read NMEA files (plain or gzip) as a stream of line-aligned blocks, in bounded memory.

Several files are one stream: each file ends a line (a missing final newline is added)
and line numbers run on from one file to the next. A block holds whole lines only. A line
longer than :data:`MAX_LINE_BYTES`
is not kept whole: it comes out as one :class:`LongLine` (its first bytes), and the
rest of it is dropped as it is read.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from reassure.errors import InputError
from reassure.sea.nmea import MAX_LINE_BYTES

__all__ = ["CHUNK_BYTES", "MAX_LINE_BYTES", "Block", "BlockReader", "LongLine"]

FIRST_CHUNK_BYTES = 4 << 20
"""The first read of a file is smaller: its block is decoded while the next is read."""
CHUNK_BYTES = 8 << 20
"""Bytes read at a time: memory stays a small multiple of this, whatever the file size."""
RAW_BYTES = 512
"""Bytes of a long line kept as its ``raw`` text."""


@dataclass(frozen=True)
class Block:
    """Whole lines: ``parts`` joined, each line ending with a newline; ``first_line`` is
    the 0-based stream line number of the first, ``n_lines`` their number."""

    parts: tuple[bytes | memoryview, ...]
    first_line: int
    n_lines: int
    bytes_read: int = 0
    """Input bytes read when the block was cut (as stored: compressed for gzip)."""

    @classmethod
    def of(cls, text: bytes, first_line: int = 0) -> Block:
        """A block of ``text`` (its last line may lack its newline)."""
        last = 1 if text and not text.endswith(b"\n") else 0
        return cls((text,), first_line, text.count(b"\n") + last)

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)


@dataclass(frozen=True)
class LongLine:
    """A line too long to hold: its 0-based line number and first bytes."""

    line: int
    raw: bytes


@dataclass
class BlockReader:
    """Iterate over the blocks and long lines of ``paths`` read as one stream; after
    each file, ``sources`` gains its (path, number of lines)."""

    paths: Sequence[Path]
    chunk_bytes: int = CHUNK_BYTES
    max_line: int = MAX_LINE_BYTES
    sources: list[tuple[str, int]] = field(default_factory=list)

    def __iter__(self) -> Iterator[Block | LongLine]:
        head = b""  # the start of a line whose newline has not come yet
        line, skipping, done = 0, False, 0
        for path in self.paths:
            n_lines, last = 0, b"\n"
            for chunk, at in _chunks(path, self.chunk_bytes):
                read = done + at
                newlines = _newlines(chunk)
                n_lines, last, start = n_lines + newlines, chunk[-1:], 0
                if skipping:  # inside a long line: drop up to its newline
                    end = chunk.find(b"\n")
                    if end < 0:
                        continue
                    start, line, newlines, skipping = end + 1, line + 1, newlines - 1, False
                cut = chunk.rfind(b"\n", start) + 1
                if cut:
                    yield Block((head, memoryview(chunk)[start:cut]), line, newlines, read)
                    head, line, start = b"", line + newlines, cut
                head += chunk[start:]
                if len(head) > self.max_line:
                    yield LongLine(line, head.lstrip(b" \t\x0b\x0c\r")[:RAW_BYTES])
                    head, skipping = b"", True
            if last != b"\n":  # the file's last line has no newline: it ends here
                n_lines += 1
                if head:
                    yield Block((head, b"\n"), line, 1, done + at)
                line, head, skipping = line + 1, b"", False
            done += path.stat().st_size
            self.sources.append((str(path), n_lines))


def _newlines(chunk: bytes) -> int:
    """Newlines in ``chunk``, counted without holding the GIL (the reader may run in a
    helper thread beside the decoder)."""
    return int(_counter()(np.frombuffer(chunk, dtype=np.uint8)))


@cache
def _counter() -> Callable[[NDArray[np.uint8]], int]:
    from numba import njit  # imported on first use: numba takes a while to load

    @njit(cache=True, nogil=True)
    def count(data):  # type: ignore[no-untyped-def]
        n = 0
        for byte in data:
            n += byte == 10
        return n

    return count


@contextmanager
def open_input(path: Path) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """``(raw, handle)`` of an input file: ``handle`` reads it decompressed when it starts
    with gzip's magic number (``raw.tell()`` is how far into the file). Failing to open or
    read it, inside the block too (a truncated gzip), is an :class:`InputError` naming it."""
    try:
        with path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            handle: BinaryIO = gzip.GzipFile(fileobj=raw) if gzipped else raw  # type: ignore[assignment]
            yield raw, handle
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except (OSError, EOFError) as exc:  # unreadable, or a truncated / corrupt gzip
        raise InputError(str(path), f"cannot read: {exc}") from None


def _chunks(path: Path, size: int) -> Iterator[tuple[bytes, int]]:
    """The bytes of ``path`` (decompressed when it starts with gzip's magic number), and
    after each chunk the bytes of the file read so far."""
    with open_input(path) as (raw, handle):
        first = min(size, FIRST_CHUNK_BYTES)  # a small first block starts the pipeline
        while chunk := handle.read(first or size):
            yield chunk, raw.tell()
            first = 0
