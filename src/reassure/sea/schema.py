"""The AIS tables: bit layouts (ITU-R M.1371-5) and the Polars schema of each table.

Field names, offsets, widths and value conversions follow pyais 3.3.1 exactly (a test
checks every layout against pyais's own decoder plan), so a row compares one to one
with ``pyais.decode(...).asdict(enum_as_int=True)``. Sentinels are kept as sent:
``lon`` 181, ``lat`` 91, ``heading`` 511, ``speed`` 102.3, ``course`` 360.0, ``turn``
-128.0 mean "not available". pyais's spare and ``reserved_*`` fields are not kept.

Every table starts with the same provenance columns (``PROVENANCE``):

| column | type | meaning |
|---|---|---|
| source_line | Int64 | 1-based input line of the message's fragment 1 |
| rx_time | Datetime(us, UTC) | tag block ``c:``, else ``$PGHP``, else time prefix/suffix |
| station | String | tag block ``s:``, else the station before a time suffix |
| talker | String | talker of the sentence: ``AI``, ``AB``, ``BS``... |
| channel | String | radio channel (``A``, ``B``, ``1``, ``2``; empty when not given) |
| own_ship | Boolean | ``VDO`` (own vessel) rather than ``VDM`` |
| checksum_ok | Boolean | every fragment's checksum matched (always true unless ``lenient``) |
| tag_checksum_ok | Boolean | every tag block's checksum matched; null without tag block |
| bits | UInt16 | payload length in bits (fill bits removed) |

| table | message types | columns after the provenance |
|---|---|---|
| positions | 1, 2, 3 (class A), 18, 19 (class B), 27 (long range) | ``POSITION_SCHEMA`` |
| static | 5, 19 (its static part), 24 part A and part B | ``STATIC_SCHEMA`` |
| base_stations | 4, 11 | ``BASE_STATION_SCHEMA`` |
| aids | 21 | ``AID_SCHEMA`` |
| other | any other type: kept raw | ``OTHER_SCHEMA`` |

Value conversions (pyais's): ``speed`` and ``course`` and ``draught`` are tenths
(``raw / 10``) except type 27 where they are whole knots and degrees; ``lon``/``lat``
are ``round(raw / 600000, 6)`` (type 27: ``round(raw / 600, 6)``); ``turn`` is
``copysign(round((raw / 4.733) ** 2), raw)`` with 0, +-127 and -128 kept as such;
``ship_type`` and ``epfd`` are the codes sent, reserved ones too (pyais's enums fold
reserved ship types 1-19 and 100-255 to 0, 26-28 to 25, 38-39 to 0, x6-x8 to x5 for
x = 4, 6, 7, 8, 9 and 57 to 56, and epfd 9-14 to 0: what was sent is lost).
Type 21's ``name_ext`` is the extension's whole 6-bit characters (the bits after them
are padding), its leading spaces kept: ``full_name`` is ``name`` followed by it, as
gpsd reads it ("FORT PIERCE INLET LB" + " 6").

A message shorter than ``MIN_BITS`` of its layout is rejected ("payload too short"):
it must hold every field up to the last one that is neither spare nor radio state.
Type 5 may stop at 420 bits, as gpsd accepts ("a lot of transmitters in the wild ship
with a length of 420 or 422", gpsd driver_ais.c); other types need 38 bits (an MMSI).
Beyond the minimum a field cut by the end of the message is read as pyais reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

__all__ = [
    "AID_SCHEMA",
    "BASE_STATION_SCHEMA",
    "LAYOUTS",
    "MIN_BITS",
    "OTHER_SCHEMA",
    "POSITION_SCHEMA",
    "PROVENANCE",
    "STATIC_SCHEMA",
    "TABLES",
    "TABLE_LAYOUTS",
    "Field",
    "table_schema",
]

Kind = Literal["u", "i", "b", "t", "tx", "speed", "tenth", "ll", "ll600", "turn", "f"]
"""``t`` text; ``tx`` text that continues another field: whole characters only, leading
spaces kept."""


@dataclass(frozen=True)
class Field:
    """One bit field: ``kind`` says how the raw bits become the value pyais gives."""

    name: str
    offset: int
    width: int
    kind: Kind = "u"

    @property
    def end(self) -> int:
        return self.offset + self.width


def _fields(*spec: tuple[str, int, Kind] | tuple[str, int]) -> tuple[Field, ...]:
    """Consecutive fields from (name, width[, kind]); names starting with '_' are spare."""
    out, offset = [], 0
    for item in spec:
        name, width = item[0], item[1]
        kind: Kind = item[2] if len(item) == 3 else "u"
        if not name.startswith("_"):
            out.append(Field(name, offset, width, kind))
        offset += width
    return tuple(out)


_HEAD: tuple[tuple[str, int], ...] = (("msg_type", 6), ("repeat", 2), ("mmsi", 30))
_DIMS: tuple[tuple[str, int], ...] = (
    ("to_bow", 9), ("to_stern", 9), ("to_port", 6), ("to_starboard", 6),
)  # fmt: skip

LAYOUTS: dict[str, tuple[Field, ...]] = {
    "1": _fields(
        *_HEAD, ("status", 4), ("turn", 8, "turn"), ("speed", 10, "speed"), ("accuracy", 1, "b"),
        ("lon", 28, "ll"), ("lat", 27, "ll"), ("course", 12, "tenth"), ("heading", 9),
        ("second", 6), ("maneuver", 2), ("_spare", 3), ("raim", 1, "b"), ("radio", 19),
    ),
    "4": _fields(
        *_HEAD, ("year", 14), ("month", 4), ("day", 5), ("hour", 5), ("minute", 6),
        ("second", 6), ("accuracy", 1, "b"), ("lon", 28, "ll"), ("lat", 27, "ll"),
        ("epfd", 4), ("_spare", 10), ("raim", 1, "b"), ("radio", 19),
    ),
    "5": _fields(
        *_HEAD, ("ais_version", 2), ("imo", 30), ("callsign", 42, "t"), ("shipname", 120, "t"),
        ("ship_type", 8), *_DIMS, ("epfd", 4), ("month", 4), ("day", 5),
        ("hour", 5), ("minute", 6), ("draught", 8, "tenth"), ("destination", 120, "t"),
        ("dte", 1, "b"), ("_spare", 1),
    ),
    "18": _fields(
        *_HEAD, ("_reserved_1", 8), ("speed", 10, "speed"), ("accuracy", 1, "b"),
        ("lon", 28, "ll"), ("lat", 27, "ll"), ("course", 12, "tenth"), ("heading", 9),
        ("second", 6), ("_reserved_2", 2), ("cs", 1, "b"), ("display", 1, "b"),
        ("dsc", 1, "b"), ("band", 1, "b"), ("msg22", 1, "b"), ("assigned", 1, "b"),
        ("raim", 1, "b"), ("radio", 20),
    ),
    "19": _fields(
        *_HEAD, ("_reserved_1", 8), ("speed", 10, "speed"), ("accuracy", 1, "b"),
        ("lon", 28, "ll"), ("lat", 27, "ll"), ("course", 12, "tenth"), ("heading", 9),
        ("second", 6), ("_reserved_2", 4), ("shipname", 120, "t"),
        ("ship_type", 8), *_DIMS, ("epfd", 4), ("raim", 1, "b"),
        ("dte", 1, "b"), ("assigned", 1, "b"), ("_spare", 4),
    ),
    "21": _fields(
        *_HEAD, ("aid_type", 5), ("name", 120, "t"), ("accuracy", 1, "b"), ("lon", 28, "ll"),
        ("lat", 27, "ll"), *_DIMS, ("epfd", 4), ("second", 6),
        ("off_position", 1, "b"), ("_reserved_1", 8), ("raim", 1, "b"),
        ("virtual_aid", 1, "b"), ("assigned", 1, "b"), ("_spare", 1), ("name_ext", 88, "tx"),
    ),
    "24A": _fields(*_HEAD, ("partno", 2), ("shipname", 120, "t"), ("_spare", 8)),
    "24B": _fields(
        *_HEAD, ("partno", 2), ("ship_type", 8), ("vendorid", 18, "t"), ("model", 4),
        ("serial", 20), ("callsign", 42, "t"), *_DIMS, ("_spare", 6),
    ),
    "24B_aux": _fields(
        *_HEAD, ("partno", 2), ("ship_type", 8), ("vendorid", 18, "t"), ("model", 4),
        ("serial", 20), ("callsign", 42, "t"), ("mothership_mmsi", 30), ("_spare", 6),
    ),
    "27": _fields(
        *_HEAD, ("accuracy", 1, "b"), ("raim", 1, "b"), ("status", 4), ("lon", 18, "ll600"),
        ("lat", 17, "ll600"), ("speed", 6, "f"), ("course", 9, "f"), ("gnss", 1, "b"),
        ("_spare", 1),
    ),
    "other": _fields(*_HEAD),
}  # fmt: skip
"""Layout name -> fields. "1" serves types 1-3, "4" serves 4 and 11; 24B_aux is part B
sent by an auxiliary craft (MMSI 98MIDxxxx): the mother ship's MMSI replaces the size."""

MIN_BITS: dict[str, int] = {
    "1": 149, "4": 149, "5": 420, "18": 148, "19": 308, "21": 271, "24A": 160,
    "24B": 162, "24B_aux": 162, "27": 95, "other": 38,
}  # fmt: skip

LAYOUT_OF_TYPE: dict[int, str] = {1: "1", 2: "1", 3: "1", 4: "4", 11: "4", 5: "5", 18: "18",
                                  19: "19", 21: "21", 27: "27"}  # fmt: skip

PROVENANCE: dict[str, pl.DataType] = {
    "source_line": pl.Int64(),
    "rx_time": pl.Datetime("us", "UTC"),
    "station": pl.String(),
    "talker": pl.String(),
    "channel": pl.String(),
    "own_ship": pl.Boolean(),
    "checksum_ok": pl.Boolean(),
    "tag_checksum_ok": pl.Boolean(),
    "bits": pl.UInt16(),
}

_DTYPES: dict[str, pl.DataType] = {
    "msg_type": pl.UInt8(), "repeat": pl.UInt8(), "mmsi": pl.Int64(), "status": pl.UInt8(),
    "turn": pl.Float64(), "speed": pl.Float64(), "accuracy": pl.Boolean(),
    "lon": pl.Float64(), "lat": pl.Float64(), "course": pl.Float64(), "heading": pl.UInt16(),
    "second": pl.UInt8(), "maneuver": pl.UInt8(), "raim": pl.Boolean(), "radio": pl.UInt32(),
    "cs": pl.Boolean(), "display": pl.Boolean(), "dsc": pl.Boolean(), "band": pl.Boolean(),
    "msg22": pl.Boolean(), "assigned": pl.Boolean(), "gnss": pl.Boolean(),
    "partno": pl.UInt8(), "ais_version": pl.UInt8(), "imo": pl.Int64(),
    "callsign": pl.String(), "shipname": pl.String(), "ship_type": pl.UInt8(),
    "to_bow": pl.UInt16(), "to_stern": pl.UInt16(), "to_port": pl.UInt8(),
    "to_starboard": pl.UInt8(), "epfd": pl.UInt8(), "month": pl.UInt8(), "day": pl.UInt8(),
    "hour": pl.UInt8(), "minute": pl.UInt8(), "draught": pl.Float64(),
    "destination": pl.String(), "dte": pl.Boolean(), "vendorid": pl.String(),
    "model": pl.UInt8(), "serial": pl.UInt32(), "mothership_mmsi": pl.Int64(),
    "year": pl.UInt16(), "aid_type": pl.UInt8(), "name": pl.String(),
    "off_position": pl.Boolean(), "virtual_aid": pl.Boolean(), "name_ext": pl.String(),
    "full_name": pl.String(),
    "payload": pl.String(), "fill_bits": pl.UInt8(),
}  # fmt: skip


def _schema(*names: str) -> dict[str, pl.DataType]:
    return {**PROVENANCE, **{name: _DTYPES[name] for name in names}}


POSITION_SCHEMA = _schema(
    "msg_type", "repeat", "mmsi", "status", "turn", "speed", "accuracy", "lon", "lat",
    "course", "heading", "second", "maneuver", "raim", "radio", "cs", "display", "dsc",
    "band", "msg22", "assigned", "gnss",
)  # fmt: skip
"""Types 1, 2, 3 (class A), 18, 19 (class B: no status, turn, maneuver), 27 (long range:
status, lon, lat, whole-knot speed, whole-degree course, gnss; no heading or second)."""

STATIC_SCHEMA = _schema(
    "msg_type", "repeat", "mmsi", "partno", "ais_version", "imo", "callsign", "shipname",
    "ship_type", "to_bow", "to_stern", "to_port", "to_starboard", "epfd", "month", "day",
    "hour", "minute", "draught", "destination", "dte", "vendorid", "model", "serial",
    "mothership_mmsi",
)  # fmt: skip
"""Type 5 (voyage: month/day/hour/minute are the ETA), 19 (name, type, size, epfd, dte),
24 part A (partno 0: shipname) and part B (partno 1: ship_type, vendorid, model, serial,
callsign, size or mothership_mmsi)."""

BASE_STATION_SCHEMA = _schema(
    "msg_type", "repeat", "mmsi", "year", "month", "day", "hour", "minute", "second",
    "accuracy", "lon", "lat", "epfd", "raim", "radio",
)  # fmt: skip
"""Type 4 (base station report) and 11 (UTC/date response): the station's UTC clock."""

AID_SCHEMA = _schema(
    "msg_type", "repeat", "mmsi", "aid_type", "name", "accuracy", "lon", "lat", "to_bow",
    "to_stern", "to_port", "to_starboard", "epfd", "second", "off_position", "raim",
    "virtual_aid", "assigned", "name_ext", "full_name",
)  # fmt: skip
"""Type 21 (aid-to-navigation report); ``full_name`` is ``name`` + ``name_ext`` (pyais's)."""

OTHER_SCHEMA = _schema("msg_type", "repeat", "mmsi", "payload", "fill_bits")
"""Any other type, kept raw: the armoured payload of all fragments joined, its fill bits."""


TABLE_LAYOUTS: dict[str, tuple[str, ...]] = {
    "positions": ("1", "18", "19", "27"),
    "static": ("5", "19", "24A", "24B", "24B_aux"),
    "base_stations": ("4",),
    "aids": ("21",),
    "other": ("other",),
}
"""Table -> the layouts whose messages it holds (a type 19 is in positions and static)."""
TABLES = tuple(TABLE_LAYOUTS)


def table_schema(table: str) -> dict[str, pl.DataType]:
    """The schema of one table by name (positions, static, base_stations, aids, other)."""
    return {
        "positions": POSITION_SCHEMA,
        "static": STATIC_SCHEMA,
        "base_stations": BASE_STATION_SCHEMA,
        "aids": AID_SCHEMA,
        "other": OTHER_SCHEMA,
    }[table]
