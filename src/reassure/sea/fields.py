"""Read every field of every message of a table in one compiled pass, into Arrow.

:func:`read_table` allocates a table's columns, runs its compiled reader (generated
from the bit layouts by ``fieldcode`` into ``_fieldkernels``) and hands the columns to
Arrow without copying them. The lookup table here holds pyais 3.3.1's one value
conversion that is not arithmetic: rate of turn.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from reassure.sea.fieldcode import READERS
from reassure.sea.sixbit import ARMOUR_TO_SIX, SIX_TO_ASCII

__all__ = ["TEXT_CHARS", "TURN_VALUES", "read_table"]

I64 = NDArray[np.int64]


def _turn_values() -> NDArray[np.float64]:
    """pyais ``to_turn`` for every signed 8-bit raw value, indexed by ``raw + 128``."""
    out = np.empty(256, dtype=np.float64)
    for raw in range(-128, 128):
        if raw == 0:
            out[raw + 128] = 0.0
        elif abs(raw) in (127, 128):
            out[raw + 128] = float(raw)
        else:
            out[raw + 128] = math.copysign(round((raw / 4.733) ** 2), raw)
    return out


TURN_VALUES = _turn_values()


TEXT_CHARS = 20
"""The longest text field, 120 bits, is 20 characters."""
_TABLES = (ARMOUR_TO_SIX, TURN_VALUES, SIX_TO_ASCII)


def read_table(
    reader: str,
    data: NDArray[np.uint8],
    pstart: I64,
    plen: I64,
    frags: I64,
    nbits: I64,
    layout: I64,
) -> dict[str, pa.Array]:
    """The columns of ``reader`` (a table of ``fieldcode.READERS``) for the messages
    whose fragments are the rows of ``frags`` (sentence indices into ``pstart`` and
    ``plen``, -1 after the last), of ``nbits`` bits, each read with the layout at
    index ``layout`` of the reader's layouts."""
    spec = READERS[reader]
    n = len(nbits)
    outputs: list[NDArray[np.generic]] = []
    for column in spec.columns:
        if column.dtype == "text":
            outputs += [np.empty((n, TEXT_CHARS), np.uint8), np.empty(n, np.int64)]
        else:
            outputs.append(np.empty(n, column.dtype))
        if column.nullable:
            outputs.append(np.empty(n, np.bool_))
    if n:
        kernels = importlib.import_module("reassure.sea._fieldkernels")
        read = getattr(kernels, f"read_{reader}")
        read(data, pstart, plen, frags, nbits, layout, _TABLES, *outputs)
    arrays: dict[str, pa.Array] = {}
    it: Iterator[Any] = iter(outputs)
    for column in spec.columns:
        values = next(it)
        length = next(it) if column.dtype == "text" else None
        valid = next(it) if column.nullable else None
        mask = None if valid is None or valid.all() else ~valid
        if length is None:
            arrays[column.name] = pa.array(values, mask=mask)
        else:
            arrays[column.name] = _strings(values, length, mask)
    return arrays


def _strings(chars: NDArray[np.uint8], length: I64, mask: NDArray[np.bool_] | None) -> pa.Array:
    """Rows of ``chars`` cut to ``length`` as an Arrow large_string array."""
    offsets = np.zeros(len(length) + 1, dtype=np.int64)
    np.cumsum(length, out=offsets[1:])
    flat = chars[np.arange(chars.shape[1]) < length[:, None]]
    validity = None if mask is None else pa.py_buffer(np.packbits(~mask, bitorder="little"))
    return pa.Array.from_buffers(
        pa.large_string(), len(length), [validity, pa.py_buffer(offsets), pa.py_buffer(flat)]
    )
