"""Assembled AIS messages -> the decoded tables (``schema``), a table at a time.

:class:`Messages` gathers each message's fragments, bit length, receive time and checks,
picks each message's layout (type 24 by its part number and MMSI), rejects messages too
short for their layout, and reads the fields of each table in one compiled pass
(``fields.read_fields``). No Python object per message.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from reassure.sea.fields import read_table
from reassure.sea.nmea import I64, NULL_TIME, Frame, Reason, span_strings
from reassure.sea.schema import (
    LAYOUT_OF_TYPE,
    LAYOUTS,
    MIN_BITS,
    TABLE_LAYOUTS,
    TABLES,
    table_schema,
)

__all__ = ["TABLES", "Messages"]


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
        self.station = station[lead], names
        width = int(f.count[lead].max()) if n else 1
        self.frags = lead[:, None]
        if width > 1:
            self._multi(f, head, rx, width)
        first = lead
        if width > 1:  # a fragment may be empty: the type is the first character sent
            sent = (self.frags >= 0) & (f.plen[np.maximum(self.frags, 0)] > 0)
            first = self.frags[np.arange(n), sent.argmax(axis=1)]
        six = f.data[f.pstart[first]].astype(np.int64) - 48
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
        self.frags = frags

    def labels(self, rows: I64) -> dict[str, pa.Array]:
        """Station, talker and channel of messages ``rows``, from their small dictionaries."""
        out = {}
        for name, (codes, names) in (
            ("station", self.station),
            ("talker", self.talker),
            ("channel", self.channel),
        ):
            idx = codes[rows]
            out[name] = pc.take(names, pa.array(idx, mask=idx < 0 if (idx < 0).any() else None))
        return out

    def provenance(self, rows: I64) -> dict[str, pa.Array]:
        f = self.f
        lead = self.lead[rows]
        rx: I64 = self.rx[rows]
        tag: I64 = self.tag_ok[rows]
        return {
            "source_line": pa.array(f.line_numbers[f.line[lead]] + 1),
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
            probe = self._read("probe24", is24, np.zeros(len(is24), dtype=np.int64))
            part = probe["partno"].fill_null(0).to_numpy().astype(np.int64)
            mmsi = probe["mmsi"].fill_null(0).to_numpy()
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
        rows = np.flatnonzero(_IN_TABLE[TABLES.index(table)][layout])
        if len(rows) == 0:
            return pl.DataFrame(schema=schema)
        arrays = self.provenance(rows)
        arrays.update(self.labels(rows))
        arrays.update(self._read(table, rows, _LOCAL[table][layout[rows]]))
        if table == "aids":
            empty = pa.scalar("", pa.large_string())
            ext = pc.fill_null(arrays["name_ext"], empty)
            arrays["full_name"] = pc.binary_join_element_wise(arrays["name"], ext, empty)
        if table == "other":
            arrays["payload"] = self._armoured(rows)
            last = self.frags[rows, self.f.count[self.lead[rows]] - 1]
            arrays["fill_bits"] = pa.array(self.f.fill[last].astype(np.uint8))
        columns = [
            arrays[name].cast(pa.string_view()) if schema[name] == pl.String else arrays[name]
            for name in schema
        ]
        df = pl.from_arrow(pa.table(columns, names=list(schema)))
        assert isinstance(df, pl.DataFrame)
        return df

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

    def _read(self, reader: str, rows: I64, layout: I64) -> dict[str, pa.Array]:
        f = self.f
        frags, nbits = self.frags[rows], self.nbits[rows]
        return read_table(reader, f.data, f.pstart, f.plen, frags, nbits, layout)

    def _lines_of(self, rows: I64, code: int, a: I64, b: I64) -> tuple[I64, I64, I64, I64]:
        frags = self.frags[rows]
        have = frags >= 0
        which = np.repeat(np.arange(len(rows)), have.sum(axis=1))
        line = self.f.line[frags[have]]
        return line, np.full(len(line), code, dtype=np.int64), a[which], b[which]


_LAYOUT_NAMES = (*LAYOUTS, "bad")
_CODE = {name: i for i, name in enumerate(_LAYOUT_NAMES)}
_BAD = _CODE["bad"]
_IN_TABLE = np.zeros((len(TABLES), len(_LAYOUT_NAMES)), dtype=np.bool_)
for _i, _table_name in enumerate(TABLES):
    for _layout_name in TABLE_LAYOUTS[_table_name]:
        _IN_TABLE[_i, _CODE[_layout_name]] = True
_NEED = np.array([MIN_BITS.get(name, 0) for name in _LAYOUT_NAMES], dtype=np.int64)
_TYPE_TO_LAYOUT = np.full(64, _CODE["other"], dtype=np.int64)
for _type, _name in LAYOUT_OF_TYPE.items():
    _TYPE_TO_LAYOUT[_type] = _CODE[_name]


_LOCAL = {
    table: np.array([layouts.index(n) if n in layouts else -1 for n in _LAYOUT_NAMES])
    for table, layouts in TABLE_LAYOUTS.items()
}
"""Table -> per layout code, the index of the layout among the table's (-1: not in it)."""


def _codes(codes: I64) -> tuple[I64, pa.Array]:
    """Talker or channel codes (up to two bytes): (index into the names, the names)."""
    seen = np.bincount(codes & 0xFFFF, minlength=1 << 16)
    uniq = np.flatnonzero(seen)
    lookup = np.zeros(1 << 16, dtype=np.int64)
    lookup[uniq] = np.arange(len(uniq))
    text = [bytes(b for b in (int(u) >> 8, int(u) & 255) if b).decode("latin-1") for u in uniq]
    return lookup[codes & 0xFFFF], pa.array(text, pa.large_string())
