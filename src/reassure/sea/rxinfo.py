"""When and by whom each sentence was received: tag blocks, Gatehouse wrappers, time
prefixes and suffixes, on whole columns (``receive_info``)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import polars as pl
import pyarrow as pa

from reassure.sea.nmea import I64, NULL_TIME, Frame, span_strings

__all__ = ["Reception", "receive_info"]


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


class Reception(NamedTuple):
    rx: I64
    """Per sentence: receive time (µs since the epoch, ``NULL_TIME`` when unknown)."""
    station: I64
    """Per sentence: station, an index into ``names`` (-1 when unknown)."""
    names: pa.Array
    group: I64
    """Per sentence: tag block group id (``g:``, -1 when none)."""
    wrappers: I64
    """Lines of well-formed ``$PGHP`` wrappers."""


def receive_info(f: Frame) -> Reception:
    """When and by whom each sentence was received.

    Time: tag block ``c:`` (UNIX seconds, or milliseconds when 13 digits), else the
    ``$PGHP`` line right before the sentence (no other AIS line between: Gatehouse's
    wrapper), else a UNIX or ISO 8601 time before the sentence, else a UNIX time as
    the last field after the checksum (``...*hh,1328172009321``). Station: tag block
    ``s:``, else the field before that suffix time (``...*hh,b003669794,1272412827``).
    """
    data, n = f.data, len(f.line)
    tag_c, s_start, s_end, s_hash, group, suffix_t = f.tag_fields
    rx = np.where(tag_c >= 0, _epoch_us(tag_c), NULL_TIME)
    station = np.full(n, -1, dtype=np.int64)
    names: list[pa.Array] = []
    named = np.flatnonzero(s_start >= 0)
    if len(named):
        _, first, inverse = np.unique(s_hash[named], return_index=True, return_inverse=True)
        station[named] = inverse.reshape(-1)
        rep = named[first]
        names.append(span_strings(data, s_start[rep], s_end[rep]).to_arrow())
    wrappers = _pghp(f, rx)
    line_start = f.starts[f.line]
    prefix = np.flatnonzero((f.tag_ok < 0) & (f.bang > line_start) & (rx == NULL_TIME))
    if len(prefix):
        text = span_strings(data, line_start[prefix], f.bang[prefix])
        found = pl.select(_time_expr(text.str.strip_chars(" ,;\t|"))).to_series()
        rx[prefix] = found.fill_null(NULL_TIME).to_numpy()
    suffix = (suffix_t >= 0) & (rx == NULL_TIME)
    rx[suffix] = _epoch_us(suffix_t[suffix])
    dictionary = pa.concat_arrays(names) if names else pa.array([], pa.large_string())
    return Reception(rx, station, dictionary, group, wrappers)


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


def _pghp(f: Frame, rx: I64) -> I64:
    """``$PGHP,1,yyyy,m,d,h,m,s,ms,...`` (Gatehouse) times the next AIS sentence;
    returns the lines of the wrappers whose time is well-formed."""
    data, st, lines = f.data, f.starts, f.pghp_lines
    if len(lines) == 0:
        return lines
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
    if len(lines) == 0 or len(f.line) == 0:
        return lines
    j = np.searchsorted(lines, f.line) - 1
    k = np.searchsorted(f.ais_lines, f.line) - 1
    prev_ais = np.where(k >= 0, f.ais_lines[np.maximum(k, 0)], -1)
    use = (j >= 0) & (rx == NULL_TIME)
    use &= lines[np.maximum(j, 0)] > prev_ais
    rx[use] = us[j[use]]
    return lines
