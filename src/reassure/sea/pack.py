"""Column values -> payload bits for whole batches of one message layout (the encoder's
half of ``fields``): ``write_layout`` packs the columns of a layout into 64-bit words,
inverting the value conversions pyais 3.3.1 applies (``schema``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from reassure.sea.fields import TURN_VALUES
from reassure.sea.schema import LAYOUTS, Field
from reassure.sea.sixbit import put_bits, put_text

__all__ = ["words_needed", "write_layout"]


def words_needed(layout: str) -> int:
    """64-bit words covering every field of ``layout`` (text may read one char beyond),
    a multiple of 3 (3 words = 32 armoured characters, see ``sixbit.unpack_words``)."""
    end = max(f.offset + 6 * -(-f.width // 6) for f in LAYOUTS[layout])
    return -(-end // 192) * 3


def _to_raw(field: Field, values: pl.Series) -> NDArray[np.int64]:
    raw: NDArray[np.int64] = _raw_values(field, values)
    return raw


def _raw_values(field: Field, values: pl.Series) -> Any:
    kind = field.kind
    if kind in ("speed", "tenth"):
        return np.rint(values.cast(pl.Float64).to_numpy() * 10.0).astype(np.int64)
    if kind == "ll":
        return np.rint(values.cast(pl.Float64).to_numpy() * 600000.0).astype(np.int64)
    if kind == "ll600":
        return np.rint(values.cast(pl.Float64).to_numpy() * 600.0).astype(np.int64)
    if kind == "f":
        return np.rint(values.cast(pl.Float64).to_numpy()).astype(np.int64)
    if kind == "turn":
        return _turn_to_raw(values.cast(pl.Float64).to_numpy())
    return values.cast(pl.Int64).to_numpy()


_TURN_ORDER = np.argsort(TURN_VALUES[1:], kind="stable")  # raw -127..127, by value
_TURN_SORTED = TURN_VALUES[1:][_TURN_ORDER]


def _turn_to_raw(turn: NDArray[np.float64]) -> NDArray[np.int64]:
    """Smallest-magnitude raw rate of turn whose pyais value is nearest ``turn``."""
    raw = np.full(turn.shape, -128, dtype=np.int64)
    known = np.isfinite(turn) & (turn != -128.0)
    t = turn[known]
    pos = np.clip(np.searchsorted(_TURN_SORTED, t), 1, len(_TURN_SORTED) - 1)
    left, right = _TURN_SORTED[pos - 1], _TURN_SORTED[pos]
    pos = np.where(np.abs(t - left) <= np.abs(right - t), pos - 1, pos)
    first = np.searchsorted(_TURN_SORTED, _TURN_SORTED[pos], side="left")
    raw[known] = np.where(t == 0.0, 0, _TURN_ORDER[first] - 127)
    return raw


def write_layout(
    n: int, layout: str, values: Mapping[str, pl.Series], nwords: int | None = None
) -> NDArray[np.uint64]:
    """Pack the columns in ``values`` (missing fields are zero) into payload words."""
    words = np.zeros((nwords or words_needed(layout), n), dtype=np.uint64)
    for field in LAYOUTS[layout]:
        if field.name not in values:
            continue
        column = values[field.name]
        if field.kind in ("t", "tx"):
            put_text(words, field.offset, field.width, column)
        else:
            put_bits(words, field.offset, field.width, _to_raw(field, column))
    return words
