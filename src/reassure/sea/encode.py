"""Encode AIS messages into NMEA 0183 sentences with NMEA 4.10 tag blocks, vectorised.

Used by the scenario generator to write the same wire format a shore receiver logs::

    \\s:reassure,c:1767225600*hh\\!AIVDM,1,1,,A,<payload>,0*hh

* ``encode_positions`` - types 1, 2, 3 (class A), 18 (class B) and 27 (long range);
* ``encode_static`` - type 5 as two sentences grouped by ``g:1-2-n`` / ``g:2-2-n`` tag
  blocks (sequential id cycling 0-9), and type 24 as part A and part B;
* ``write_nmea`` - sort the sentences of any number of frames by receive time and
  write them, gzipped when the file name ends with ``.gz``, byte for byte reproducible.

Input columns use pyais's field names and units (``schema``): speed in knots, course
in degrees, lon/lat in degrees. The tag block ``c:`` is whole UNIX seconds (floored).
``decode_nmea(write_nmea(encode_...(x)))`` gives back ``x`` for every valid value.
"""

from __future__ import annotations

import gzip as gzip_module
from pathlib import Path
from typing import Any, cast

import numpy as np
import polars as pl
from numpy.typing import NDArray

from reassure.sea.pack import write_layout
from reassure.sea.sixbit import SIX_TO_ARMOUR, string_matrix, strings_from_matrix, unpack_words

__all__ = ["encode_positions", "encode_static", "write_nmea"]

LINES_SCHEMA: dict[str, pl.DataType] = {"rx_time": pl.Datetime("us", "UTC"), "line": pl.String()}

_POSITION_DEFAULTS: dict[str, object] = {
    "repeat": 0, "turn": -128.0, "accuracy": False, "maneuver": 0, "raim": False, "radio": 0,
    "status": 15, "heading": 511, "second": 60, "cs": False, "display": False, "dsc": False,
    "band": False, "msg22": False, "assigned": False, "gnss": False,
}  # fmt: skip
_STATIC_DEFAULTS: dict[str, object] = {
    "repeat": 0, "ais_version": 0, "imo": 0, "callsign": "", "shipname": "", "ship_type": 0,
    "to_bow": 0, "to_stern": 0, "to_port": 0, "to_starboard": 0, "epfd": 1, "month": 0,
    "day": 0, "hour": 24, "minute": 60, "draught": 0.0, "destination": "", "dte": False,
    "vendorid": "", "model": 0, "serial": 0,
}  # fmt: skip
_HEX = pl.Series([f"{i:02X}" for i in range(256)])


def _xor_rows(matrix: NDArray[np.uint8]) -> NDArray[np.uint8]:
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0], dtype=np.uint8)
    out: NDArray[np.uint8] = np.bitwise_xor.reduce(matrix, axis=1)
    return out


def _xor_text(text: str) -> int:
    out = 0
    for byte in text.encode():
        out ^= byte
    return out


def _xor_series(strings: pl.Series) -> NDArray[np.uint8]:
    width = int(cast(int, strings.str.len_bytes().max()) or 0)
    matrix, _ = string_matrix(strings, width)
    return _xor_rows(matrix)


def _hex(values: NDArray[np.integer[Any]]) -> pl.Series:
    return _HEX.gather(pl.Series(values.astype(np.uint32)))


def _column(df: pl.DataFrame, name: str, default: object) -> pl.Series:
    if name in df.columns:
        return df[name].fill_null(default) if default is not None else df[name]
    return pl.repeat(cast(Any, default), df.height, eager=True).alias(name)


def _channels(df: pl.DataFrame) -> pl.Series:
    alternating = pl.Series(np.where(np.arange(df.height) % 2 == 0, "A", "B"))
    if "channel" in df.columns:
        return df["channel"].fill_null(alternating)
    return alternating


def _payload(words: NDArray[np.uint64], chars: int) -> NDArray[np.uint8]:
    return SIX_TO_ARMOUR[unpack_words(words, chars)]


def _sentences(
    tag: pl.Series, head: pl.Series, channel: pl.Series, payload: NDArray[np.uint8], fill: int
) -> pl.Series:
    """``\\<tag>*hh\\!AIVDM,<head><channel>,<payload>,<fill>*hh`` for every row."""
    n = payload.shape[0]
    zeros = np.zeros(n, dtype=np.int64)
    text = pl.Series(values=strings_from_matrix(payload, zeros, zeros + payload.shape[1]))
    body_xor = (
        _xor_text("AIVDM,")
        ^ _xor_series(head)
        ^ _xor_series(channel)
        ^ _xor_rows(payload)
        ^ _xor_text(f",,{fill}")
    )
    frame = pl.DataFrame(
        {
            "tag": tag,
            "tx": _hex(_xor_series(tag)),
            "head": head,
            "ch": channel,
            "p": text,
            "x": _hex(body_xor),
        }
    )
    return frame.select(
        pl.concat_str(
            pl.lit("\\"),
            "tag",
            pl.lit("*"),
            "tx",
            pl.lit("\\!AIVDM,"),
            "head",
            "ch",
            pl.lit(","),
            "p",
            pl.lit(f",{fill}*"),
            "x",
        )
    ).to_series()


def _time_tag(df: pl.DataFrame, prefix: str = "") -> tuple[pl.Series, pl.Series]:
    rx_time = df["rx_time"].cast(pl.Datetime("us", "UTC"))
    station = _column(df, "station", "reassure").cast(pl.String)
    tag = pl.DataFrame({"s": station, "c": rx_time.dt.epoch("s")}).select(
        pl.concat_str(pl.lit(prefix + "s:"), "s", pl.lit(",c:"), pl.col("c").cast(pl.String))
    )
    return rx_time, tag.to_series()


def _concat(*parts: str | pl.Series) -> pl.Series:
    exprs = [pl.lit(p) if isinstance(p, pl.Series) else pl.lit(p, dtype=pl.String) for p in parts]
    return pl.select(pl.concat_str(exprs)).to_series()


def _lines(rx_time: pl.Series, line: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"rx_time": rx_time, "line": line}, schema=LINES_SCHEMA)


def encode_positions(df: pl.DataFrame) -> pl.DataFrame:
    """Position reports (types 1, 2, 3, 18, 27) -> one ``(rx_time, line)`` row each.

    Required: msg_type, mmsi, lon, lat, speed, course, rx_time (and heading, status,
    second when meaningful); optional with defaults: repeat 0, turn -128 (n/a),
    accuracy, raim, cs, display, dsc, band, msg22, assigned, gnss False, maneuver 0,
    radio 0, heading 511, status 15, second 60, channel alternating "A"/"B", station
    "reassure". Rows come out in input order.
    """
    if df.height == 0:
        return pl.DataFrame(schema=LINES_SCHEMA)
    df = df.with_row_index("_row").with_columns(_channel=_channels(df))
    parts = []
    for layout, types, chars in (("1", (1, 2, 3), 28), ("18", (18,), 28), ("27", (27,), 16)):
        sub = df.filter(pl.col("msg_type").is_in(types))
        if sub.height == 0:
            continue
        values = {
            name: _column(sub, name, _POSITION_DEFAULTS.get(name))
            for name in ("msg_type", "mmsi", "lon", "lat", "speed", "course", *_POSITION_DEFAULTS)
        }
        words = write_layout(sub.height, layout, values)
        fill = chars * 6 - (96 if layout == "27" else 168)
        rx_time, tag = _time_tag(sub)
        head = pl.repeat("1,1,,", sub.height, eager=True)
        line = _sentences(tag, head, sub["_channel"], _payload(words, chars), fill)
        parts.append(_lines(rx_time, line).with_columns(_row=sub["_row"]))
    unknown = df.filter(~pl.col("msg_type").is_in([1, 2, 3, 18, 27]))
    if unknown.height:
        raise ValueError(f"encode_positions: msg_type {unknown['msg_type'][0]} is not 1-3, 18, 27")
    return pl.concat(parts).sort("_row").drop("_row")


def encode_static(df: pl.DataFrame) -> pl.DataFrame:
    """Static and voyage data -> ``(rx_time, line)`` rows, in input order.

    Type 5 (``msg_type`` 5, the default) gives two sentences per row; type 24 gives
    part A and part B (or only the part in a ``partno`` column). Columns: mmsi, imo,
    callsign, shipname, ship_type, to_bow, to_stern, to_port, to_starboard, draught,
    destination, month, day, hour, minute (the ETA), rx_time; optional: epfd (1),
    ais_version, dte, vendorid, model, serial, channel, station, group_id (tag block
    group, default row number + 1).
    """
    if df.height == 0:
        return pl.DataFrame(schema=LINES_SCHEMA)
    msg_type = _column(df, "msg_type", 5)
    df = df.with_row_index("_row").with_columns(
        msg_type=msg_type, _channel=_channels(df), _group=_column(df, "group_id", None)
    )
    df = df.with_columns(_group=pl.col("_group").fill_null(pl.col("_row") % 9999 + 1))
    parts = [_encode_type5(df.filter(pl.col("msg_type") == 5))]
    parts.append(_encode_type24(df.filter(pl.col("msg_type") == 24)))
    if df.filter(~pl.col("msg_type").is_in([5, 24])).height:
        raise ValueError("encode_static: msg_type must be 5 or 24")
    return pl.concat(parts).sort("_row", "_part").drop("_row", "_part")


def _static_values(sub: pl.DataFrame) -> dict[str, pl.Series]:
    names = ("msg_type", "mmsi", "partno", *_STATIC_DEFAULTS)
    return {name: _column(sub, name, _STATIC_DEFAULTS.get(name, 0)) for name in names}


def _encode_type5(sub: pl.DataFrame) -> pl.DataFrame:
    if sub.height == 0:
        return pl.DataFrame(schema={**LINES_SCHEMA, "_row": pl.UInt32, "_part": pl.Int32})
    payload = _payload(write_layout(sub.height, "5", _static_values(sub)), 71)
    seq = pl.Series(np.arange(sub.height) % 10).cast(pl.String)
    group = sub["_group"].cast(pl.String)
    rx_time, tag = _time_tag(sub)
    first_tag = _concat("g:1-2-", group, ",", tag)
    second_tag = _concat("g:2-2-", group)
    out = []
    for part, (tags, chars, fill) in enumerate(
        ((first_tag, slice(0, 60), 0), (second_tag, slice(60, 71), 2))
    ):
        head = _concat(f"2,{part + 1},", seq, ",")
        line = _sentences(tags, head, sub["_channel"], payload[:, chars], fill)
        out.append(_lines(rx_time, line).with_columns(_row=sub["_row"], _part=pl.lit(part)))
    return pl.concat(out)


def _encode_type24(sub: pl.DataFrame) -> pl.DataFrame:
    if sub.height == 0:
        return pl.DataFrame(schema={**LINES_SCHEMA, "_row": pl.UInt32, "_part": pl.Int32})
    out = []
    rx_time, tag = _time_tag(sub)
    wanted = _column(sub, "partno", None)
    for partno, layout, chars, fill in ((0, "24A", 27, 2), (1, "24B", 28, 0)):
        keep = wanted.is_null() | (wanted == partno) if "partno" in sub.columns else None
        part = sub if keep is None else sub.filter(keep)
        if part.height == 0:
            continue
        values = _static_values(part) | {"partno": pl.repeat(partno, part.height, eager=True)}
        payload = _payload(write_layout(part.height, layout, values), chars)
        tags = tag if keep is None else tag.filter(keep)
        head = pl.repeat("1,1,,", part.height, eager=True)
        line = _sentences(tags, head, part["_channel"], payload, fill)
        times = rx_time if keep is None else rx_time.filter(keep)
        out.append(_lines(times, line).with_columns(_row=part["_row"], _part=pl.lit(partno)))
    return pl.concat(out)


def write_nmea(path: Path, *frames: pl.DataFrame, gzip: bool | None = None) -> int:
    """Write the ``line`` of all frames, stably sorted by ``rx_time``; return the count.

    ``gzip=None`` compresses when ``path`` ends with ``.gz``, at level 6 (level 9 took
    four times as long for a file 3 % smaller); the gzip header carries no name and
    time 0, so the same rows give the same bytes.
    """
    path = Path(path)
    if frames:
        schema = pl.Schema(LINES_SCHEMA)
        rows = pl.concat([f.select(LINES_SCHEMA.keys()).cast(schema) for f in frames])
    else:
        rows = pl.DataFrame(schema=LINES_SCHEMA)
    rows = rows.sort("rx_time", maintain_order=True, nulls_last=True)
    compress = path.name.endswith(".gz") if gzip is None else gzip
    with path.open("wb") as raw:
        sink = (
            gzip_module.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)
            if compress
            else raw
        )
        try:
            for start in range(0, rows.height, 1 << 20):
                chunk = rows.select("line").slice(start, 1 << 20)
                sink.write(chunk.write_csv(include_header=False, quote_style="never").encode())
        finally:
            if compress:
                sink.close()
    return rows.height
