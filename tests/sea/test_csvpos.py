# ruff: noqa: E501  (CSV fixtures are long lines)
"""DMA and NOAA MarineCadastre position CSVs: column maps, accounting, rejects."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reassure.errors import InputError
from reassure.sea.csvpos import decode_position_csv
from reassure.sea.decode import REJECT_SCHEMA
from reassure.store.ingest import REJECT_SCHEMA as STORE_REJECT_SCHEMA

DMA = """\
# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D
01/03/2024 00:00:01,Class A,219000873,56.990910,10.304543,Under way using engine,0.0,12.3,234.5,235,9074729,OXAB2,ODESA STAR,Cargo,,20,120,GPS,7.5,ISTANBUL,02/03/2024 12:00:00,AIS,100,20,10,10
01/03/2024 00:00:02,Class B,219000874,55.5,11.25,Unknown value,,0.1,,,Unknown,Unknown,SMALL ONE,Pleasure,,,,,,Unknown,,AIS,,,,
01/03/2024 00:00:03,Class A,219000873,56.991,10.305,Under way using engine,0.0,12.4,234.0,234,9074729,OXAB2,ODESA STAR,Cargo,,20,120,GPS,7.5,ISTANBUL,02/03/2024 12:00:00,AIS,100,20,10,10
31/02/2024 99:00:00,Class A,219000875,55.0,11.0,Moored,,0,0,0,,,,,,,,,,,,AIS,,,,
01/03/2024 00:00:05,Class A,not-a-number,55.0,11.0,Moored,,0,0,0,,,,,,,,,,,,AIS,,,,
01/03/2024 00:00:06,Class A,219000876,,11.0,Moored,,0,0,0,,,,,,,,,,,,AIS,,,,
"""

NOAA = """\
MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass
367000001,2023-01-01T00:00:03,29.93,-89.99,8.1,271.2,270,GULF STAR,IMO9074729,WDA1234,70,0,120,20,7.1,70,A
367000002,2023-01-01T00:01:00,30.00,-90.00,0.0,360.0,511,LITTLE,,,37,15,10,3,,,B
367000003,yesterday,30.00,-90.00,0.0,360.0,511,LITTLE,,,37,15,10,3,,,B
"""


def test_dma(tmp_path: Path) -> None:
    path = tmp_path / "aisdk.csv"
    path.write_text(DMA)
    result = decode_position_csv(path)
    pos = result.positions
    assert (result.n_read, pos.height, result.rejects.height) == (6, 3, 3)
    assert result.n_decoded + result.rejects.height == result.n_read
    assert pos["source_line"].to_list() == [2, 3, 4]
    first = pos.row(0, named=True)
    assert first["rx_time"] == datetime(2024, 3, 1, 0, 0, 1, tzinfo=UTC)
    assert (first["msg_type"], first["mmsi"], first["lat"], first["lon"]) == (
        1,
        219000873,
        56.990910,
        10.304543,
    )
    assert (first["status"], first["speed"], first["course"], first["heading"]) == (
        0,
        12.3,
        234.5,
        235,
    )
    assert pos["msg_type"].to_list() == [1, 18, 1]
    assert pos["status"].to_list() == [0, 15, 0]
    assert pos["heading"].to_list() == [235, 511, 234]
    static = result.static
    assert static["source_line"].to_list() == [2, 3]  # line 4 repeats line 2's static data
    row = static.row(0, named=True)
    assert (row["imo"], row["callsign"], row["shipname"], row["destination"], row["draught"]) == (
        9074729, "OXAB2", "ODESA STAR", "ISTANBUL", 7.5,
    )  # fmt: skip
    assert (row["to_bow"], row["to_stern"], row["to_port"], row["to_starboard"]) == (
        100,
        20,
        10,
        10,
    )
    assert list(zip(result.rejects["line"], result.rejects["reason"], strict=True)) == [
        (5, "bad time"), (6, "bad MMSI"), (7, "bad position"),
    ]  # fmt: skip


def test_noaa(tmp_path: Path) -> None:
    path = tmp_path / "AIS_2023_01_01.csv"
    path.write_text(NOAA)
    result = decode_position_csv(path)
    assert (result.n_read, result.positions.height) == (3, 2)
    assert result.positions["msg_type"].to_list() == [1, 18]
    assert result.positions["rx_time"][0] == datetime(2023, 1, 1, 0, 0, 3, tzinfo=UTC)
    assert result.static["imo"].to_list() == [9074729, None]
    assert result.static["ship_type"].to_list() == [70, 37]
    assert result.rejects.row(0) == (
        4,
        "bad time",
        "367000003,yesterday,30.00,-90.00,0.0,360.0,511,LITTLE,,,37,15,10,3,,,B",
    )


def test_a_value_that_does_not_fit_its_column_is_a_reject(tmp_path: Path) -> None:
    """A heading of -5 (or a shifted row's longitude there) was an uncaught cast error."""
    path = tmp_path / "AIS_2023_01_01.csv"
    header, good, *_ = NOAA.splitlines()
    path.write_text("\n".join([header, good, good.replace(",270,", ",-5,")]) + "\n")
    result = decode_position_csv(path)
    assert result.positions["source_line"].to_list() == [2]
    assert result.rejects.select("line", "reason").rows() == [(3, "bad heading")]


def test_unknown_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="not a DMA or NOAA"):
        decode_position_csv(path)


def test_reject_schema_is_the_store_one() -> None:
    assert REJECT_SCHEMA == STORE_REJECT_SCHEMA
