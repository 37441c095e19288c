"""AIS 6-bit armouring and bit fields, on whole columns at once (ITU-R M.1371-5, annex 8).

A message's payload is a string of armoured characters, each carrying 6 bits. Here a
batch of ``n`` payloads lives in a ``(n, chars)`` uint8 matrix of 6-bit values, and
is packed into big-endian 64-bit words laid out ``(n_words, n)`` so that every bit
field of every message is read (or written) with a few shifts on contiguous columns.

The encoder writes through these; the decoder reads with compiled readers generated
from the same layouts (``fieldcode``).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

__all__ = [
    "ARMOUR_TO_SIX",
    "INVALID",
    "SIX_TO_ARMOUR",
    "SIX_TO_ASCII",
    "put_bits",
    "put_text",
    "string_matrix",
    "strings_from_matrix",
    "unpack_words",
]

U8 = NDArray[np.uint8]
U64 = NDArray[np.uint64]
I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

INVALID = 255
"""Marks a byte that is not an armoured payload character ('0'-'W', '`'-'w')."""


def _armour_tables() -> tuple[U8, U8]:
    to_six = np.full(256, INVALID, dtype=np.uint8)
    to_six[48:88] = np.arange(0, 40)
    to_six[96:120] = np.arange(40, 64)
    six = np.arange(64, dtype=np.uint8)
    to_armour = np.where(six < 40, six + 48, six + 56).astype(np.uint8)
    return to_six, to_armour


ARMOUR_TO_SIX, SIX_TO_ARMOUR = _armour_tables()
SIX_TO_ASCII: U8 = np.where(np.arange(64) < 32, np.arange(64) + 64, np.arange(64)).astype(np.uint8)
"""6-bit text value -> ASCII: 0-31 are '@'-'_', 32-63 are ' '-'?'."""

ASCII_TO_SIX: U8 = np.full(256, 0, dtype=np.uint8)
ASCII_TO_SIX[64:96] = np.arange(0, 32)
ASCII_TO_SIX[32:64] = np.arange(32, 64)
ASCII_TO_SIX[97:123] = np.arange(1, 27)  # lower case is sent as upper case
ASCII_TO_SIX[123:128] = ASCII_TO_SIX[91:96]  # no lower case in 6-bit: {|}~ -> [\]^
ASCII_TO_SIX[[9, 10, 13]] = 32  # tabs and line breaks become spaces


def unpack_words(words: U64, chars: int) -> U8:
    """``(n_words, n)`` big-endian 64-bit words -> ``(n, chars)`` 6-bit values."""
    n = words.shape[1]
    raw = np.ascontiguousarray(words.T).astype(">u8").view(np.uint8).reshape(n, -1, 3)
    groups = (
        (raw[:, :, 0].astype(np.uint32) << 16)
        | (raw[:, :, 1].astype(np.uint32) << 8)
        | raw[:, :, 2].astype(np.uint32)
    )
    six = np.empty((n, groups.shape[1], 4), dtype=np.uint8)
    for k in range(4):
        six[:, :, k] = (groups >> (18 - 6 * k)) & 63
    return six.reshape(n, -1)[:, :chars]


def strings_from_matrix(
    matrix: U8, start: NDArray[np.int64], end: NDArray[np.int64], valid: Mask | None = None
) -> pa.Array:
    """Row ``i`` of ``matrix``, columns ``[start[i], end[i])``, as an Arrow string array."""
    n, k = matrix.shape
    cols = np.arange(k)
    keep = (cols >= start[:, None]) & (cols < end[:, None])
    flat = matrix[keep]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.maximum(end - start, 0), out=offsets[1:])
    validity = None
    if valid is not None and not valid.all():
        validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(
        pa.large_string(), n, [validity, pa.py_buffer(offsets), pa.py_buffer(flat)]
    )


def string_matrix(strings: pl.Series, width: int, fill: int = 0) -> tuple[U8, NDArray[np.int64]]:
    """A String Series -> ``(n, width)`` uint8 bytes (cut or padded with ``fill``), lengths."""
    arr = strings.cast(pl.Binary).fill_null(b"").to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_binary())
    n = len(arr)
    _, off_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64)[arr.offset : arr.offset + n + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    )
    lengths = np.diff(offsets)
    out = np.full((n, width), fill, dtype=np.uint8)
    if n == 0 or width == 0:
        return out, lengths
    data = np.concatenate([data, np.zeros(width, np.uint8)])
    windows = np.lib.stride_tricks.sliding_window_view(data, width)
    out[:] = windows[offsets[:-1]]
    cols = np.arange(width)
    out[cols[None, :] >= lengths[:, None]] = fill
    return out, lengths


def put_bits(words: U64, offset: int, width: int, values: NDArray[np.integer]) -> None:
    """Write field ``[offset, offset + width)`` of every message (two's complement)."""
    v = values.astype(np.int64).view(np.uint64) & np.uint64((1 << width) - 1)
    q, r = divmod(offset, 64)
    if r + width <= 64:
        words[q] |= v << np.uint64(64 - r - width)
    else:
        words[q] |= v >> np.uint64(r + width - 64)
        words[q + 1] |= v << np.uint64(128 - r - width)


def put_text(words: U64, offset: int, width: int, strings: pl.Series) -> None:
    """Write text, upper-cased, cut to ``width // 6`` characters, padded with '@'."""
    count = width // 6
    ascii_, _ = string_matrix(strings, count, fill=64)
    six = ASCII_TO_SIX[ascii_]
    for k in range(count):
        put_bits(words, offset + 6 * k, 6, six[:, k])
