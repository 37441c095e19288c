"""Bit fields <-> column values for whole batches of one message layout.

``read_layout`` turns packed payload words into the columns of one layout, with the
value conversions pyais 3.3.1 applies (see ``schema``); ``write_layout`` is its inverse,
used by the encoder. Both work on columns: no Python object per message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from reassure.sea.nmea import I64, NULL_TIME, Frame, Reason, span_strings
from reassure.sea.schema import LAYOUT_OF_TYPE, LAYOUTS, MIN_BITS, Field, table_schema
from reassure.sea.sixbit import (
    get_bits,
    get_chars,
    pack_words,
    put_bits,
    put_text,
    strip_pyais,
)

__all__ = [
    "EPFD_FOLD",
    "SHIP_TYPE_FOLD",
    "TABLES",
    "TURN_VALUES",
    "Column",
    "Messages",
    "read_layout",
    "words_needed",
    "write_layout",
]


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


def _ship_type_fold() -> NDArray[np.int64]:
    """pyais's ``ShipType`` enum folds reserved codes onto a neighbour (or 0)."""
    fold = np.arange(256, dtype=np.int64)
    fold[1:20] = 0
    fold[[38, 39]] = 0
    fold[100:] = 0
    fold[[26, 27, 28]] = 25
    fold[57] = 56
    for tens in (40, 60, 70, 80, 90):
        fold[tens + 6 : tens + 9] = tens + 5
    return fold


SHIP_TYPE_FOLD = _ship_type_fold()
EPFD_FOLD = np.where((np.arange(16) >= 9) & (np.arange(16) <= 14), 0, np.arange(16))


def words_needed(layout: str) -> int:
    """64-bit words covering every field of ``layout`` (text may read one char beyond),
    a multiple of 3 (3 words = 32 armoured characters, see ``sixbit.pack_words``)."""
    end = max(f.offset + 6 * -(-f.width // 6) for f in LAYOUTS[layout])
    return -(-end // 192) * 3


NUMPY_TYPES: dict[type[pl.DataType], type[np.generic]] = {
    pl.UInt8: np.uint8, pl.UInt16: np.uint16, pl.UInt32: np.uint32, pl.Int64: np.int64,
    pl.Float64: np.float64, pl.Boolean: np.bool_,
}  # fmt: skip


class Column:
    """One column of a table being filled layout by layout (values, presence)."""

    def __init__(self, n: int, dtype: pl.DataType, chars: int = 0) -> None:
        self.text = chars > 0
        self.values: NDArray[Any] = (
            np.full((n, chars), 64, dtype=np.uint8)
            if self.text
            else np.zeros(n, dtype=NUMPY_TYPES[type(dtype)])
        )
        self.present = np.zeros(n, dtype=np.bool_)

    def fill(
        self,
        words: NDArray[np.uint64],
        nbits: NDArray[np.int64],
        field: Field,
        at: NDArray[np.int64] | slice,
        shortest: int = 0,
    ) -> None:
        """Read ``field`` of the messages in ``words`` into rows ``at``."""
        if self.text:
            self.values[at] = get_chars(words, nbits, field.offset, field.width, shortest)
            self.present[at] = True if field.offset < shortest else nbits > field.offset
        else:
            values, present = field_values(words, nbits, field, shortest)
            self.values[at] = values
            self.present[at] = True if present is None else present

    def finish(self) -> pa.Array:
        if self.text:
            return strip_pyais(self.values, self.present)
        return pa.array(self.values, mask=None if self.present.all() else ~self.present)


def field_values(
    words: NDArray[np.uint64], nbits: NDArray[np.int64], field: Field, shortest: int = 0
) -> tuple[NDArray[Any], NDArray[np.bool_] | None]:
    """A numeric field of every message, converted as pyais converts it: (values, present);
    ``present`` is None when all messages hold the field (see ``sixbit.get_bits``)."""
    kind = field.kind
    signed = kind in ("i", "ll", "ll600", "turn")
    raw, present = get_bits(words, nbits, field.offset, field.width, signed, shortest)
    values: NDArray[np.generic]
    if kind in ("u", "b"):
        values = raw
    elif kind in ("speed", "tenth"):
        values = raw / 10.0
    elif kind == "ll":
        values = ((10 * raw + 3) // 6) / 1e6
    elif kind == "ll600":
        values = ((10000 * raw + 3) // 6) / 1e6
    elif kind == "turn":
        values = TURN_VALUES[np.clip(raw + 128, 0, 255)]
    elif kind == "f":
        values = raw.astype(np.float64)
    elif kind == "ship_type":
        values = SHIP_TYPE_FOLD[raw & 255]
    elif kind == "epfd":
        values = EPFD_FOLD[raw & 15]
    else:  # pragma: no cover - the Kind literal is exhaustive
        raise ValueError(kind)
    return values, present


def read_field(
    words: NDArray[np.uint64], nbits: NDArray[np.int64], field: Field, dtype: pl.DataType
) -> pa.Array:
    """One field of every message, converted as pyais converts it, as an Arrow array."""
    column = Column(words.shape[1], dtype, -(-field.width // 6) if field.kind == "t" else 0)
    column.fill(words, nbits, field, np.arange(words.shape[1]))
    return column.finish()


def read_layout(
    words: NDArray[np.uint64],
    nbits: NDArray[np.int64],
    layout: str,
    schema: Mapping[str, pl.DataType],
) -> dict[str, pa.Array]:
    """The fields of ``layout`` that ``schema`` names, for every message of the batch."""
    return {
        f.name: read_field(words, nbits, f, schema[f.name])
        for f in LAYOUTS[layout]
        if f.name in schema
    }


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
        if field.kind == "t":
            put_text(words, field.offset, field.width, column)
        else:
            put_bits(words, field.offset, field.width, _to_raw(field, column))
    return words


TABLES = ("positions", "static", "base_stations", "aids", "other")
_TABLE_LAYOUTS = {
    "positions": ("1", "18", "19", "27"),
    "static": ("5", "19", "24A", "24B", "24B_aux"),
    "base_stations": ("4",),
    "aids": ("21",),
    "other": ("other",),
}


class Messages:
    """Assembled messages: their fragments, payload bits and provenance columns."""

    def __init__(self, f: Frame, head: I64, rx: I64, station: I64, names: pa.Array) -> None:
        self.f = f
        lead = np.flatnonzero(head == np.arange(len(head)))
        n = len(lead)
        self.lead = lead
        self.rx = rx[lead]
        self.checksum_ok: NDArray[np.bool_] = f.checksum_ok[lead]
        self.tag_ok: I64 = f.tag_ok[lead]
        self.nbits: I64 = 6 * f.plen[lead] - f.fill[lead]
        self.station = station[lead], pl.Series(values=names, dtype=pl.String)
        width = int(f.count[lead].max()) if n else 1
        self.frags = lead[:, None]
        self.offset = np.zeros((n, 1), dtype=np.int64)
        if width > 1:
            self._multi(f, head, rx, width)
        six = f.data[f.pstart[lead]].astype(np.int64) - 48
        self.msg_type = np.where(six > 40, six - 8, six) & 63
        self.n_decoded = 0
        self.talker = _codes(f.talker[lead])
        self.channel = _codes(f.channel[lead])

    def _multi(self, f: Frame, head: I64, rx: I64, width: int) -> None:
        """Fragments of multi-sentence messages: payload offsets, bits, time, checks."""
        n = len(self.lead)
        slot = np.full(len(head), -1, dtype=np.int64)
        slot[self.lead] = np.arange(n)
        member = np.flatnonzero((head >= 0) & (f.count > 1))
        multi = np.unique(slot[head[member]])
        frags = np.full((n, width), -1, dtype=np.int64)
        frags[:, 0] = self.lead
        frags[slot[head[member]], f.number[member] - 1] = member
        sub = frags[multi]
        plen = np.where(sub >= 0, f.plen[sub], 0)
        offset = np.zeros((n, width), dtype=np.int64)
        offset[multi] = np.cumsum(plen, axis=1) - plen
        last = sub[np.arange(len(multi)), f.count[self.lead[multi]] - 1]
        self.nbits[multi] = 6 * plen.sum(axis=1) - f.fill[last]
        for k in range(1, width):
            other = sub[:, k]
            use = (self.rx[multi] == NULL_TIME) & (other >= 0)
            self.rx[multi[use]] = rx[other[use]]
        safe = np.maximum(sub, 0)
        self.checksum_ok[multi] = np.where(sub >= 0, f.checksum_ok[safe], True).all(axis=1)
        tag = np.where(sub >= 0, f.tag_ok[safe], -1)
        self.tag_ok[multi] = np.where(
            (tag < 0).all(axis=1), -1, np.where((tag == 0).any(axis=1), 0, 1)
        )
        self.frags, self.offset = frags, offset

    def six(self, rows: I64, chars: int) -> NDArray[np.uint8]:
        """``(len(rows), chars)`` 6-bit values of the payloads of messages ``rows``."""
        f, data = self.f, self.f.data
        windows = np.lib.stride_tricks.sliding_window_view(data, chars)
        out = windows[f.pstart[self.lead[rows]]]
        cols = np.arange(chars)
        for k in range(1, self.frags.shape[1]):
            sent = self.frags[rows, k]
            have = np.flatnonzero(sent >= 0)
            if len(have) == 0:
                continue
            s = sent[have]
            off = self.offset[rows[have], k]
            src = f.pstart[s][:, None] + cols[None, :] - off[:, None]
            inside = (cols[None, :] >= off[:, None]) & (
                cols[None, :] < off[:, None] + f.plen[s][:, None]
            )
            block = out[have]
            block[inside] = data[src[inside]]
            out[have] = block
        out -= np.uint8(48)  # de-armour: '0'-'W' are 0-39, '`'-'w' are 40-63
        out -= np.uint8(8) * (out > 40)
        out &= np.uint8(63)
        return out

    def labels(self, rows: I64) -> dict[str, pl.Series]:
        """Station, talker and channel of messages ``rows``, from their small dictionaries."""
        out = {}
        for name, (codes, names) in (
            ("station", self.station),
            ("talker", self.talker),
            ("channel", self.channel),
        ):
            idx = codes[rows]
            index = pl.Series(values=pa.array(idx.astype(np.uint32), mask=idx < 0))
            out[name] = names.gather(index).alias(name)
        return out

    def provenance(self, rows: I64) -> dict[str, pa.Array]:
        f = self.f
        lead = self.lead[rows]
        rx: I64 = self.rx[rows]
        tag: I64 = self.tag_ok[rows]
        return {
            "source_line": pa.array(f.line[lead] + 1),
            "rx_time": pa.array(rx, pa.timestamp("us", "UTC"), mask=rx == NULL_TIME),
            "own_ship": pa.array(f.own_ship[lead]),
            "checksum_ok": pa.array(self.checksum_ok[rows]),
            "tag_checksum_ok": pa.array(np.equal(tag, 1), mask=np.less(tag, 0)),
            "bits": pa.array(self.nbits[rows].astype(np.uint16)),
        }

    def tables(self) -> tuple[dict[str, pl.DataFrame], list[tuple[I64, I64, I64, I64]]]:
        """Every table, and the rejects of messages too short or of an unknown part."""
        t, bits, _n = self.msg_type, self.nbits, len(self.lead)
        layout = _TYPE_TO_LAYOUT[t]
        is24 = np.flatnonzero(t == 24)
        bad: list[tuple[I64, I64, I64, I64]] = []
        if len(is24):
            words = pack_words(self.six(is24, 32))
            part = (words[0] >> np.uint64(24)).astype(np.int64) & 3
            mmsi = (words[0] >> np.uint64(26)).astype(np.int64) & 0x3FFFFFFF
            aux = (mmsi >= 980_000_000) & (mmsi <= 989_999_999)
            code = np.where(part == 0, _CODE["24A"], np.where(aux, _CODE["24B_aux"], _CODE["24B"]))
            wrong = (part > 1) & (bits[is24] >= 40)
            layout[is24] = np.where(wrong, _BAD, code)
            bad.append(self._lines_of(is24[wrong], Reason.BAD_PART, part[wrong], part[wrong]))
        need = _NEED[layout]
        short = np.flatnonzero((bits < need) & (layout != _BAD))
        layout[short] = _BAD
        bad.append(
            self._lines_of(short, Reason.TOO_SHORT, t[short] * 10000 + need[short], bits[short])
        )
        self.n_decoded = int((layout != _BAD).sum())
        return {table: self._table(table, layout) for table in TABLES}, bad

    def _table(self, table: str, layout: I64) -> pl.DataFrame:
        """One table: provenance for all its rows, then each layout's fields in place."""
        schema = table_schema(table)
        names = _TABLE_LAYOUTS[table]
        rows = np.flatnonzero(_IN_TABLE[TABLES.index(table)][layout])
        if len(rows) == 0:
            return pl.DataFrame(schema=schema)
        arrays = self.provenance(rows)
        columns = {
            name: Column(len(rows), dtype, _TEXT_CHARS.get(name, 0))
            for name, dtype in schema.items()
            if name not in arrays and name not in _NOT_FIELDS
        }
        for name in names:
            where = np.flatnonzero(layout[rows] == _CODE[name])
            if len(where) == 0:
                continue
            sub = rows[where]
            at: I64 | slice = slice(None) if len(where) == len(rows) else where
            words = pack_words(self.six(sub, words_needed(name) // 3 * 32))
            nbits = self.nbits[sub]
            shortest = int(nbits.min())
            for field in LAYOUTS[name]:
                if field.name in columns:
                    columns[field.name].fill(words, nbits, field, at, shortest)
        arrays.update((name, column.finish()) for name, column in columns.items())
        if table == "aids":
            empty = pa.scalar("", pa.large_string())
            ext = pc.fill_null(arrays["name_ext"], empty)
            arrays["full_name"] = pc.binary_join_element_wise(arrays["name"], ext, empty)
        if table == "other":
            arrays["payload"] = self._armoured(rows)
            last = self.frags[rows, self.f.count[self.lead[rows]] - 1]
            arrays["fill_bits"] = pa.array(self.f.fill[last].astype(np.uint8))
        for name, arr in arrays.items():
            if pa.types.is_large_string(arr.type):
                arrays[name] = arr.cast(pa.string_view())
        df = pl.from_arrow(pa.table(arrays))
        assert isinstance(df, pl.DataFrame)
        df = df.with_columns(**self.labels(rows)).select(list(schema))
        return df if df.schema == schema else df.cast(pl.Schema(schema))

    def _armoured(self, rows: I64) -> pa.Array:
        f = self.f
        parts = []
        for s in self.frags[rows].T:
            at = np.maximum(s, 0)
            text = span_strings(
                f.data, f.pstart[at], f.pstart[at] + np.where(s >= 0, f.plen[at], 0)
            )
            parts.append(text.to_arrow())
        return pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()))

    def _lines_of(self, rows: I64, code: int, a: I64, b: I64) -> tuple[I64, I64, I64, I64]:
        frags = self.frags[rows]
        have = frags >= 0
        which = np.repeat(np.arange(len(rows)), have.sum(axis=1))
        line = self.f.line[frags[have]]
        return line, np.full(len(line), code, dtype=np.int64), a[which], b[which]


_NOT_FIELDS = ("full_name", "payload", "fill_bits", "station", "talker", "channel")
_TEXT_CHARS = {f.name: -(-f.width // 6) for fs in LAYOUTS.values() for f in fs if f.kind == "t"}
_LAYOUT_NAMES = (*LAYOUTS, "bad")
_CODE = {name: i for i, name in enumerate(_LAYOUT_NAMES)}
_BAD = _CODE["bad"]
_IN_TABLE = np.zeros((len(TABLES), len(_LAYOUT_NAMES)), dtype=np.bool_)
for _i, _table_name in enumerate(TABLES):
    for _layout_name in _TABLE_LAYOUTS[_table_name]:
        _IN_TABLE[_i, _CODE[_layout_name]] = True
_NEED = np.array([MIN_BITS.get(name, 0) for name in _LAYOUT_NAMES], dtype=np.int64)
_TYPE_TO_LAYOUT = np.full(64, _CODE["other"], dtype=np.int64)
for _type, _name in LAYOUT_OF_TYPE.items():
    _TYPE_TO_LAYOUT[_type] = _CODE[_name]


def _codes(codes: I64) -> tuple[I64, pl.Series]:
    """Talker or channel codes (up to two bytes): (index into the names, the names)."""
    seen = np.bincount(codes & 0xFFFF, minlength=1 << 16)
    uniq = np.flatnonzero(seen)
    lookup = np.zeros(1 << 16, dtype=np.int64)
    lookup[uniq] = np.arange(len(uniq))
    text = [bytes(b for b in (int(u) >> 8, int(u) & 255) if b).decode("latin-1") for u in uniq]
    return lookup[codes & 0xFFFF], pl.Series(text, dtype=pl.String)
