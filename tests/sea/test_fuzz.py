"""Fuzz the AIS decoders with mutated real lines: no exception but the documented
``InputError``, and every line counted (``lines = decoded + rejected + skipped``).

The lines come from ``../shared/data/sea`` (real feeds, see its README for sources and
licences) and from the scenario's NMEA; ``tests/mutate.py`` changes them byte by byte
or field by field (fragment count, number, sequential id, fill bits, payload, tag
block, with the checksum put right so the change reaches the assembly and the field
readers). Deterministic (``derandomize``); ``bench/bench_fuzz.py`` runs the same
mutations over a million lines.
"""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SHARED_DATA
from mutate import BYTE_MUTATIONS, NMEA_MUTATIONS, count_lines, draws
from reassure.errors import InputError
from reassure.sea.csvpos import decode_position_csv
from reassure.sea.decode import TABLES, AisDecoded, decode_nmea, decode_nmea_bytes, iter_nmea
from reassure.sea.ingest import as_decode_result
from reassure.store.ingest import REJECT_RAW_MAX

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _corpus() -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted((SHARED_DATA / "sea").iterdir()):
        if path.name == "README.md":
            continue
        data = path.read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        lines.extend(data.splitlines()[:400])  # each file's kinds of line, not all AMSA
    return lines


CORPUS = _corpus() if (SHARED_DATA / "sea").is_dir() else [b""]


@st.composite
def nmea_text(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    """A few consecutive real lines (so fragments keep their partners), each mutated
    or not, in order or shuffled, with or without a final newline."""
    c = draws(draw)
    start = draw(st.integers(0, len(CORPUS) - 1))
    lines = list(CORPUS[start : start + draw(st.integers(1, 8))])
    for i in range(len(lines)):
        name = draw(st.sampled_from(["none", "none", *NMEA_MUTATIONS]))
        if name != "none":
            lines[i] = NMEA_MUTATIONS[name](lines[i], c)
    if draw(st.booleans()):
        lines = draw(st.permutations(lines))
    end: bytes = draw(st.sampled_from([b"", b"\n", b"\r\n"]))
    return b"\n".join(lines) + end


SPLIT_NAME = b"!\nIVDM,1,1,,A,402M??AvAPP000h0MJR07Ug02H0I,0*10\n"
"""A sentence whose name a newline cut after its ``!`` (``test_nmea`` has it too)."""


def check_counts(decoded: AisDecoded, n_lines: int) -> None:
    """Every line decoded, rejected or skipped; rejects well formed and capped."""
    assert decoded.n_read + decoded.skipped == n_lines
    assert decoded.n_decoded + decoded.rejects.height == decoded.n_read
    assert sum(decoded.skips.values()) == decoded.skipped
    as_decode_result(decoded)  # the store's invariant holds too
    rejects = decoded.rejects
    assert rejects["reason"].null_count() == 0
    assert rejects["line"].is_between(1, n_lines).all()
    assert (rejects["raw"].str.len_chars() <= REJECT_RAW_MAX).all()
    for name in TABLES:
        lines = decoded.table(name)["source_line"]
        assert lines.is_between(1, n_lines).all(), name


@pytest.mark.skipif(not (SHARED_DATA / "sea").is_dir(), reason="needs ../shared/data/sea")
@FUZZ
@given(text=nmea_text(), lenient=st.booleans())
def test_nmea_mutated_lines_are_decoded_rejected_or_skipped(text: bytes, lenient: bool) -> None:
    check_counts(decode_nmea_bytes(text, lenient=lenient), count_lines(text))


@pytest.mark.skipif(not (SHARED_DATA / "sea").is_dir(), reason="needs ../shared/data/sea")
@FUZZ
@given(text=nmea_text(), chunk=st.integers(16, 400))
@example(text=SPLIT_NAME, chunk=16)  # found by a longer run of this test
def test_nmea_mutated_lines_read_block_by_block_give_what_reading_whole_gives(
    text: bytes, chunk: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.nmea"
        path.write_bytes(text)
        whole = decode_nmea(path)
        parts = list(iter_nmea(path, chunk_bytes=chunk))
    check_counts(whole, count_lines(text))
    joined = AisDecoded.concat(parts, whole.sources)
    assert (joined.n_read, joined.skips, joined.n_messages) == (
        whole.n_read,
        whole.skips,
        whole.n_messages,
    )
    assert joined.rejects.equals(whole.rejects)
    for name in TABLES:
        assert joined.table(name).equals(whole.table(name)), name


DMA = (
    "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
    "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,"
    "Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D",
    "01/03/2024 00:00:01,Class A,219000873,56.990910,10.304543,Under way using engine,0.0,"
    "12.3,234.5,235,9074729,OXAB2,ODESA STAR,Cargo,,20,120,GPS,7.5,ISTANBUL,"
    "02/03/2024 12:00:00,AIS,100,20,10,10",
    "01/03/2024 00:00:02,Class B,219000874,55.5,11.25,Unknown value,,0.1,,,Unknown,Unknown,"
    "SMALL ONE,Pleasure,,,,,,Unknown,,AIS,,,,",
    "31/02/2024 99:00:00,Class A,219000875,55.0,11.0,Moored,,0,0,0,,,,,,,,,,,,AIS,,,,",
)
NOAA = (
    "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,"
    "Length,Width,Draft,Cargo,TransceiverClass",
    "367000001,2023-01-01T00:00:03,29.93,-89.99,8.1,271.2,270,GULF STAR,IMO9074729,WDA1234,"
    "70,0,120,20,7.1,70,A",
    "367000002,2023-01-01T00:01:00,30.00,-90.00,0.0,360.0,511,LITTLE,,,37,15,10,3,,,B",
)
"""Rows as the Danish Maritime Authority and NOAA MarineCadastre publish them (the
formats ``test_csvpos`` checks column by column)."""


@st.composite
def position_csv(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    c = draws(draw)
    header, *rows = draw(st.sampled_from([DMA, NOAA]))
    lines = [row.encode() for row in draw(st.lists(st.sampled_from(rows), min_size=1, max_size=6))]
    for i in range(len(lines)):
        name = draw(st.sampled_from(["none", *BYTE_MUTATIONS]))
        if name != "none":
            lines[i] = BYTE_MUTATIONS[name](lines[i], c)
    end: bytes = draw(st.sampled_from([b"", b"\n"]))
    return b"\n".join([header.encode(), *lines]) + end


@FUZZ
@given(text=position_csv())
def test_position_csv_mutated_rows_are_decoded_rejected_or_skipped(text: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "positions.csv"
        path.write_bytes(text)
        try:
            decoded = decode_position_csv(path)
        except InputError as exc:  # a quote left open: the CSV cannot be read
            assert exc.source == str(path)
            return
    check_counts(decoded, count_lines(text))
    assert decoded.positions["mmsi"].dtype == pl.Int64
