"""Decoded AIS positions published as CSV: Danish Maritime Authority and NOAA MarineCadastre.

``decode_position_csv(path)`` detects the format by its header (``.gz`` too) and returns
the same ``AisDecoded`` tables as the NMEA decoder: ``positions`` (one row per CSV row) and
``static`` (one row per vessel and distinct static data, at its first line). Rows that
cannot be read are rejected with their line number and a reason. Every line is
counted: a row is a record; the header, empty rows (blank lines) and the further lines
of a row whose quoted field holds line breaks are skipped, by reason (``SKIP_REASONS``).

Danish Maritime Authority (web.ais.dk/aisdata), time ``dd/mm/YYYY HH:MM:SS`` UTC:

| DMA column | our column | note |
|---|---|---|
| # Timestamp | rx_time | |
| Type of mobile | msg_type | "Class A" -> 1, "Class B" -> 18, other -> 1 |
| MMSI | mmsi | |
| Latitude, Longitude | lat, lon | |
| Navigational status | status | ITU text -> code, "Unknown value" -> 15 |
| ROT | turn | degrees per minute |
| SOG, COG | speed, course | knots, degrees |
| Heading | heading | null -> 511 |
| IMO, Callsign, Name | imo, callsign, shipname | static |
| Ship type, Cargo type | (not kept) | text classes, not ITU codes |
| Draught, Destination | draught, destination | static |
| A, B, C, D | to_bow, to_stern, to_port, to_starboard | static |
| Width, Length, Type of position fixing device, ETA, Data source type | (not kept) | |

NOAA MarineCadastre (marinecadastre.gov/ais), time ``YYYY-MM-DDTHH:MM:SS`` UTC:

| NOAA column | our column | note |
|---|---|---|
| MMSI, BaseDateTime | mmsi, rx_time | |
| LAT, LON, SOG, COG | lat, lon, speed, course | |
| Heading | heading | |
| Status | status | ITU code |
| TransceiverClass | msg_type | "A" -> 1, "B" -> 18 |
| VesselName, IMO, CallSign | shipname, imo, callsign | static; IMO "IMO9074729" -> 9074729 |
| VesselType | ship_type | static; ITU code |
| Draft | draught | static |
| Length, Width, Cargo | (not kept) | size is length/width, not bow/stern/port/starboard |
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from reassure.errors import InputError
from reassure.sea.decode import REJECT_SCHEMA, AisDecoded
from reassure.sea.schema import POSITION_SCHEMA, STATIC_SCHEMA, table_schema
from reassure.sea.stream import open_input

__all__ = ["SKIP_REASONS", "csv_format", "decode_position_csv", "is_position_csv"]

SKIP_REASONS = ("header", "empty row", "line break inside a quoted field")
"""Lines of a position CSV that are no record."""

DMA_HEADER = "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG"
NOAA_HEADER = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status"

NAV_STATUS = {
    "under way using engine": 0, "at anchor": 1, "not under command": 2,
    "restricted maneuverability": 3, "restricted manoeuverability": 3,
    "restricted manoeuvrability": 3, "constrained by her draught": 4, "moored": 5,
    "aground": 6, "engaged in fishing": 7, "under way sailing": 8,
    "reserved for future amendment [hsc]": 9, "reserved for future amendment [wig]": 10,
    "power-driven vessel towing astern": 11,
    "power-driven vessel pushing ahead or towing alongside": 12,
    "reserved for future use": 13, "ais-sart is active": 14, "unknown value": 15,
    "undefined": 15,
}  # fmt: skip


def _num(col: str) -> pl.Expr:
    return pl.col(col).str.strip_chars().cast(pl.Float64, strict=False)


def first_line(path: Path) -> str:
    """The first line of ``path`` (decompressed when it starts with gzip's magic number)."""
    with open_input(path) as (_, handle):
        line = handle.readline(1 << 16)
    return line.decode("utf-8", "replace").lstrip("\ufeff").strip()


def csv_format(path: Path | str) -> str | None:
    """``"dma"`` or ``"noaa"`` when the file's first line is that CSV's header, else None."""
    header = first_line(Path(path))
    if header.startswith(DMA_HEADER):
        return "dma"
    if header.startswith(NOAA_HEADER):
        return "noaa"
    return None


def is_position_csv(path: Path | str) -> bool:
    """Whether ``path`` is a CSV of decoded positions rather than NMEA: its first line is
    a known header, or a CSV header (no NMEA sentence, an ``MMSI`` column) of a format we
    do not know, or the file is named ``.csv`` (``.csv.gz``) and starts with no sentence.
    ``decode_position_csv`` refuses the unknown ones with one line."""
    path = Path(path)
    header = first_line(path)
    if header.startswith((DMA_HEADER, NOAA_HEADER)):
        return True
    if "!" in header or header.startswith(("$", "\\")):
        return False
    columns = {c.strip().lstrip("#").strip().lower() for c in header.split(",")}
    named_csv = path.name.lower().endswith((".csv", ".csv.gz"))
    return named_csv or (len(columns) >= 3 and "mmsi" in columns)


def decode_position_csv(path: Path | str) -> AisDecoded:
    """Read a DMA or NOAA MarineCadastre CSV of decoded AIS into ``AisDecoded`` tables."""
    path = Path(path)
    fmt = csv_format(path)
    if fmt is None:
        raise InputError(
            str(path),
            "not a DMA or NOAA MarineCadastre AIS CSV header (expected the first line to "
            f"start {DMA_HEADER.split(',')[0]!r},... or {NOAA_HEADER.split(',')[0]!r},...)",
            1,
        )
    try:
        raw = pl.read_csv(
            path, infer_schema=False, truncate_ragged_lines=True, encoding="utf8-lossy"
        ).with_row_index("row")
    except (pl.exceptions.PolarsError, OSError, EOFError) as exc:  # a cut gzip, a bad quote
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(str(path), f"cannot read as CSV: {why}") from None
    columns = raw.columns
    raw = raw.with_columns(
        raw=pl.concat_str([pl.col(c).fill_null("") for c in columns[1:]], separator=","),
        empty=pl.all_horizontal(
            pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in columns[1:]
        ),
    )
    # a row spans one line and one more per line break inside its quoted fields
    extra = pl.col("raw").str.count_matches("\n", literal=True).cast(pl.Int64)
    raw = raw.with_columns(line=2 + (1 + extra).cum_sum() - 1 - extra, extra=extra)
    continued = int(raw["extra"].sum())
    empty = raw.filter(pl.col("empty"))
    raw = raw.filter(~pl.col("empty"))
    rows = _dma(raw) if fmt == "dma" else _noaa(raw)
    reason = (
        pl.when(pl.col("mmsi").is_null())
        .then(pl.lit("bad MMSI"))
        .when(pl.col("rx_time").is_null())
        .then(pl.lit("bad time"))
        .when(pl.col("lon").is_null() | pl.col("lat").is_null())
        .then(pl.lit("bad position"))
    )
    schema = {**STATIC_SCHEMA, **POSITION_SCHEMA}
    for column in (c for c in rows.columns if c in schema):  # e.g. a heading of -89.99
        value = pl.col(column)
        unfit = value.is_not_null() & value.cast(schema[column], strict=False).is_null()
        reason = reason.when(unfit).then(pl.lit(f"bad {column}"))
    rows = rows.with_columns(reason=reason)
    rejects = (
        rows.filter(pl.col("reason").is_not_null())
        .select(pl.col("line"), "reason", "raw")
        .cast(pl.Schema(REJECT_SCHEMA))
    )
    good = rows.filter(pl.col("reason").is_null())
    positions = _fit(good.rename({"line": "source_line"}), POSITION_SCHEMA)
    static_cols = [c for c in STATIC_SCHEMA if c in good.columns and c not in PROVENANCE_KEYS]
    static = good.unique(subset=static_cols, keep="first", maintain_order=True)
    static = _fit(static.rename({"line": "source_line"}), STATIC_SCHEMA)
    tables = {t: pl.DataFrame(schema=table_schema(t)) for t in ("base_stations", "aids", "other")}
    skips = dict(zip(SKIP_REASONS, (1, empty.height, continued), strict=True))
    decoded = AisDecoded.of(
        {**tables, "positions": positions, "static": static}, rejects, n_read=raw.height,
        n_messages=positions.height, skips=skips,
    )  # fmt: skip
    return replace(decoded, sources=((str(path), raw.height + sum(skips.values())),))


PROVENANCE_KEYS = {"source_line", "rx_time", "station", "talker", "channel", "own_ship",
                   "checksum_ok", "tag_checksum_ok", "bits", "msg_type"}  # fmt: skip


def _fit(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    defaults = {"own_ship": False, "checksum_ok": True}
    return df.select(
        (pl.col(c) if c in df.columns else pl.lit(defaults.get(c))).cast(d).alias(c)
        for c, d in schema.items()
    )


def _dma(raw: pl.DataFrame) -> pl.DataFrame:
    c = raw.columns
    kind = pl.col(c[2]).str.strip_chars()
    return raw.select(
        "line", "raw",
        rx_time=pl.col(c[1]).str.strip_chars().str.to_datetime("%d/%m/%Y %H:%M:%S", strict=False)
        .dt.replace_time_zone("UTC"),
        msg_type=pl.when(kind == "Class B").then(18).otherwise(1),
        mmsi=pl.col(c[3]).str.strip_chars().cast(pl.Int64, strict=False),
        lat=_num(c[4]), lon=_num(c[5]),
        status=pl.col(c[6]).str.strip_chars().str.to_lowercase()
        .replace_strict(NAV_STATUS, default=15, return_dtype=pl.Int64),
        turn=_num(c[7]), speed=_num(c[8]), course=_num(c[9]),
        heading=_num(c[10]).fill_null(511),
        imo=pl.col(c[11]).str.strip_chars().cast(pl.Int64, strict=False),
        callsign=pl.col(c[12]).str.strip_chars().replace("Unknown", None),
        shipname=pl.col(c[13]).str.strip_chars(),
        draught=_num(c[19]), destination=pl.col(c[20]).str.strip_chars().replace("Unknown", None),
        to_bow=_num(c[23]), to_stern=_num(c[24]), to_port=_num(c[25]), to_starboard=_num(c[26]),
    )  # fmt: skip


def _noaa(raw: pl.DataFrame) -> pl.DataFrame:
    return raw.select(
        "line", "raw",
        rx_time=pl.col("BaseDateTime").str.strip_chars()
        .str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False).dt.replace_time_zone("UTC"),
        msg_type=pl.when(pl.col("TransceiverClass").str.strip_chars() == "B").then(18).otherwise(1),
        mmsi=pl.col("MMSI").str.strip_chars().cast(pl.Int64, strict=False),
        lat=_num("LAT"), lon=_num("LON"), speed=_num("SOG"), course=_num("COG"),
        heading=_num("Heading").fill_null(511),
        status=pl.col("Status").str.strip_chars().cast(pl.Int64, strict=False),
        shipname=pl.col("VesselName").str.strip_chars(),
        imo=pl.col("IMO").str.strip_chars().str.strip_prefix("IMO").cast(pl.Int64, strict=False),
        callsign=pl.col("CallSign").str.strip_chars(),
        ship_type=pl.col("VesselType").str.strip_chars().cast(pl.Int64, strict=False),
        draught=_num("Draft"),
    )  # fmt: skip
