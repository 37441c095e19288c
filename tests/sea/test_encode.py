"""decode(encode(x)) == x for random valid messages, field by field; pyais agrees."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyais import decode as pyais_decode

from reassure.sea.decode import AisDecoded, decode_nmea, decode_nmea_bytes
from reassure.sea.encode import encode_positions, encode_static, write_nmea
from reassure.sea.fields import TURN_VALUES

T0 = datetime(2026, 1, 1, tzinfo=UTC)
TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -./", max_size=20).map(str.strip)


def _degrees(raw: int, scale: float) -> float:
    return ((10 * raw + 3) // 6) / 1e6 if scale == 600000 else ((10000 * raw + 3) // 6) / 1e6


@st.composite
def positions(draw: st.DrawFn) -> dict[str, object]:
    msg_type = draw(st.sampled_from([1, 2, 3, 18, 27]))
    long_range = msg_type == 27
    scale = 600.0 if long_range else 600000.0
    lon = draw(st.integers(int(-180 * scale), int(180 * scale)) | st.just(int(181 * scale)))
    lat = draw(st.integers(int(-90 * scale), int(90 * scale)) | st.just(int(91 * scale)))
    row: dict[str, object] = {
        "msg_type": msg_type,
        "mmsi": draw(st.integers(0, 999_999_999)),
        "lon": _degrees(lon, scale),
        "lat": _degrees(lat, scale),
        "speed": float(draw(st.integers(0, 63))) if long_range else draw(st.integers(0, 1023)) / 10,
        "course": float(draw(st.integers(0, 511)))
        if long_range
        else draw(st.integers(0, 3600)) / 10,
        "status": None if msg_type == 18 else draw(st.integers(0, 15)),
        "rx_time": T0 + timedelta(seconds=draw(st.integers(0, 86_400))),
        "accuracy": draw(st.booleans()),
        "raim": draw(st.booleans()),
    }
    if not long_range:
        row |= {"heading": draw(st.integers(0, 511)), "second": draw(st.integers(0, 63))}
    if msg_type < 18:
        raw_turn = draw(st.integers(-128, 127))
        row |= {"turn": float(TURN_VALUES[raw_turn + 128]), "maneuver": draw(st.integers(0, 3)),
                "radio": draw(st.integers(0, 2**19 - 1))}  # fmt: skip
    if msg_type == 18:
        row |= {"radio": draw(st.integers(0, 2**20 - 1)), "cs": draw(st.booleans())}
    return row


@st.composite
def statics(draw: st.DrawFn) -> dict[str, object]:
    return {
        "msg_type": draw(st.sampled_from([5, 24])),
        "mmsi": draw(st.integers(0, 979_999_999)),
        "imo": draw(st.integers(0, 2**30 - 1)),
        "callsign": draw(TEXT.map(lambda s: s[:7].strip())),
        "shipname": draw(TEXT),
        "ship_type": draw(st.sampled_from([0, 20, 30, 31, 36, 37, 52, 60, 70, 79, 80, 84, 90, 99])),
        "to_bow": draw(st.integers(0, 511)),
        "to_stern": draw(st.integers(0, 511)),
        "to_port": draw(st.integers(0, 63)),
        "to_starboard": draw(st.integers(0, 63)),
        "draught": draw(st.integers(0, 255)) / 10,
        "destination": draw(TEXT),
        "month": draw(st.integers(0, 12)),
        "day": draw(st.integers(0, 31)),
        "hour": draw(st.integers(0, 24)),
        "minute": draw(st.integers(0, 60)),
        "epfd": draw(st.integers(0, 8)),
        "rx_time": T0 + timedelta(seconds=draw(st.integers(0, 86_400))),
    }


def _roundtrip(lines: pl.DataFrame) -> AisDecoded:
    text = ("\n".join(lines["line"]) + "\n").encode()
    decoded = decode_nmea_bytes(text)
    assert decoded.rejects.height == 0
    return decoded


@settings(max_examples=60, deadline=None)
@given(st.lists(positions(), min_size=1, max_size=40))
def test_positions_round_trip(rows: list[dict[str, object]]) -> None:
    df = pl.DataFrame(rows)
    decoded = _roundtrip(encode_positions(df)).positions
    assert decoded.height == df.height
    for name in df.columns:
        expected = df[name].to_list()
        got = decoded[name].to_list()
        if name == "rx_time":
            got = [g.replace(microsecond=0) for g in got]
        assert got == expected, name
    assert decoded["checksum_ok"].all() and decoded["tag_checksum_ok"].all()
    assert set(decoded["station"]) == {"reassure"}


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(statics(), min_size=1, max_size=20))
def test_static_round_trip(rows: list[dict[str, object]]) -> None:
    df = pl.DataFrame(rows)
    decoded = _roundtrip(encode_static(df)).static
    fives = df.filter(pl.col("msg_type") == 5)
    got5 = decoded.filter(pl.col("msg_type") == 5)
    assert got5.height == fives.height
    for name in fives.columns:
        assert got5[name].to_list() == fives[name].to_list(), name
    part_a = decoded.filter((pl.col("msg_type") == 24) & (pl.col("partno") == 0))
    part_b = decoded.filter((pl.col("msg_type") == 24) & (pl.col("partno") == 1))
    twenty_fours = df.filter(pl.col("msg_type") == 24)
    assert part_a["shipname"].to_list() == twenty_fours["shipname"].to_list()
    for name in ("mmsi", "callsign", "ship_type", "to_bow", "to_stern", "to_port", "to_starboard"):
        assert part_b[name].to_list() == twenty_fours[name].to_list(), name


def test_pyais_reads_what_we_write() -> None:
    df = pl.DataFrame(
        {"msg_type": [1, 18, 27], "mmsi": [271000001, 271000002, 271000003],
         "lon": [30.5, 31.25, 29.1], "lat": [46.1, 45.0, 44.5], "speed": [12.3, 5.0, 10.0],
         "course": [200.1, 90.0, 45.0], "heading": [200, 90, 511], "status": [0, 0, 1],
         "second": [10, 20, 60], "rx_time": [T0] * 3, "turn": [4.0, -128.0, -128.0]}
    )  # fmt: skip
    for line, row in zip(encode_positions(df)["line"], df.iter_rows(named=True), strict=True):
        got = pyais_decode(line.split("\\")[-1], error_if_checksum_invalid=True).asdict()
        assert (got["mmsi"], got["lon"], got["lat"], got["speed"]) == (
            row["mmsi"], row["lon"], row["lat"], row["speed"],
        )  # fmt: skip
    static = encode_static(
        pl.DataFrame({"mmsi": [271000001], "imo": [9074729], "callsign": ["UUAB2"],
                      "shipname": ["ODESA STAR"], "destination": ["ISTANBUL"], "rx_time": [T0]})
    )  # fmt: skip
    lines = static["line"].to_list()
    assert lines[0].startswith("\\g:1-2-1,s:reassure,c:1767225600*")
    assert lines[1].startswith("\\g:2-2-1*")
    five = pyais_decode(*(s.split("\\")[-1] for s in lines), error_if_checksum_invalid=True)
    assert (five.shipname, five.callsign, five.imo, five.destination) == (  # type: ignore[union-attr]
        "ODESA STAR", "UUAB2", 9074729, "ISTANBUL",
    )  # fmt: skip


@pytest.mark.parametrize("name", ["out.nmea", "out.nmea.gz"])
def test_write_nmea_sorts_by_time_and_is_reproducible(tmp_path: Path, name: str) -> None:
    late = pl.DataFrame({"rx_time": [T0 + timedelta(seconds=5)], "line": ["b"]})
    early = pl.DataFrame({"rx_time": [T0, T0], "line": ["a1", "a2"]})
    path = tmp_path / name
    assert write_nmea(path, late, early) == 3
    first = path.read_bytes()
    assert write_nmea(path, late, early) == 3
    assert path.read_bytes() == first
    text = gzip.decompress(first) if name.endswith(".gz") else first
    assert text == b"a1\na2\nb\n"
    if name.endswith(".gz"):  # no file name, time 0; XFL 0: level 6 (9 would say 2)
        flags, mtime, xfl = first[3], first[4:8], first[8]
        assert (flags & 0x08, mtime, xfl) == (0, b"\0\0\0\0", 0)


def test_encoded_file_decodes(tmp_path: Path) -> None:
    pos = pl.DataFrame(
        {"msg_type": [1, 1], "mmsi": [271000001, 271000001], "lon": [30.0, 30.1],
         "lat": [46.0, 46.1], "speed": [10.0, 10.5], "course": [180.0, 181.0],
         "heading": [180, 181], "status": [0, 0], "second": [0, 30],
         "rx_time": [T0, T0 + timedelta(seconds=30)], "station": ["odesa", "odesa"]}
    )  # fmt: skip
    static = pl.DataFrame(
        {"mmsi": [271000001], "shipname": ["X"], "rx_time": [T0 + timedelta(seconds=10)]}
    )
    path = tmp_path / "scenario.nmea.gz"
    assert write_nmea(path, encode_positions(pos), encode_static(static)) == 4
    decoded = decode_nmea(path)
    assert decoded.positions["source_line"].to_list() == [1, 4]
    assert decoded.static["source_line"].to_list() == [2]
    assert decoded.positions["station"].to_list() == ["odesa", "odesa"]
    assert decoded.positions["channel"].to_list() == ["A", "B"]
