"""AIS in the store: the migration matches the decoder's schema; ingests lose nothing."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from test_nmea import POS, tag, vdm

from conftest import stored_columns
from reassure.errors import InputError
from reassure.ingest import ingest_files
from reassure.sea.decode import iter_nmea
from reassure.sea.ingest import AIS_TABLES, as_decode_result, load_tracks, write_ais
from reassure.sea.schema import table_schema
from reassure.store import Store
from reassure.store.ingest import Decoder, DecodeResult, run_ingest


def test_store_tables_have_the_decoder_columns(store: Store) -> None:
    for name, table in AIS_TABLES.items():
        stored = stored_columns(store, table)
        assert stored == [*table_schema(name), "ingest_id"], table


def test_real_file_every_line_accounted_and_no_duplicate(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    source = shared_data / "sea" / "risky__exact-earth-augmented.txt.gz"
    (report,) = ingest_files(store, "ais", [source])
    assert report.n_read == report.n_decoded + report.n_rejected
    assert report.n_rejected == store.count("rejects") > 0  # the file has broken lines
    positions = store.count("ais_positions")
    assert positions > 1000
    # the same data as a plain file: another sha256, but every timed message is stored
    plain = tmp_path / "copy.txt"
    plain.write_bytes(gzip.decompress(source.read_bytes()))
    (again,) = ingest_files(store, "ais", [plain])
    assert not again.already
    assert again.n_read == report.n_read
    assert store.count("ais_positions") == positions
    reasons = store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE ingest_id = ? GROUP BY reason ORDER BY 2 DESC",
        [again.ingest_id],
    ).fetchall()
    assert reasons[0][0] == "duplicate of a stored record"
    tracks = load_tracks(store.con)
    assert tracks.height == positions
    assert set(tracks["source"]) == {source.name}
    assert tracks["rx_time"].is_sorted() or tracks.select("mmsi").n_unique() > 1


def _in_blocks(chunk_bytes: int) -> Decoder:
    def decode(path: Path) -> Iterator[DecodeResult]:
        return (as_decode_result(p) for p in iter_nmea(path, chunk_bytes=chunk_bytes))

    return decode


def _stored(store: Store) -> dict[str, pl.DataFrame]:
    return {
        table: pl.DataFrame(
            store.con.execute(f"SELECT * EXCLUDE (ingest_id) FROM {table}").pl()
        ).sort("source_line")
        for table in [*AIS_TABLES.values(), "rejects"]
        if table != "rejects"
    } | {"rejects": pl.DataFrame(store.con.execute("SELECT line, reason FROM rejects").pl())}


def test_a_file_stored_block_by_block_is_stored_as_whole(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "sea" / "risky__exact-earth-augmented.txt.gz"
    reports = []
    stored = []
    for name, decode in (("whole", _in_blocks(1 << 30)), ("blocks", _in_blocks(20_000))):
        with Store(tmp_path / f"{name}.duckdb") as store:
            reports.append(run_ingest(store, "ais", source, decode, write_ais))
            stored.append(_stored(store))
    whole, blocks = stored
    assert reports[0].n_read == reports[1].n_read > 0
    assert (reports[0].n_decoded, reports[0].n_rejected) == (
        reports[1].n_decoded,
        reports[1].n_rejected,
    )
    for table in whole:
        assert_frame_equal(
            blocks[table].sort(pl.all()), whole[table].sort(pl.all()), check_exact=True
        )


def test_repeats_within_a_file_are_kept_across_blocks(store: Store, tmp_path: Path) -> None:
    """Two stations hearing one message give two rows, even in different blocks;
    only another file's copy is a duplicate."""
    line = tag("s:A,c:1700000000") + vdm(1, 1, "", "A", POS)
    path = tmp_path / "twice.nmea"
    path.write_text("\n".join([line, *["# filler"] * 300, line]) + "\n")
    report = run_ingest(store, "ais", path, _in_blocks(1000), write_ais)
    assert (report.n_read, report.n_decoded, report.n_rejected) == (2, 2, 0)
    assert store.count("ais_positions") == 2
    copy = tmp_path / "copy.nmea"
    copy.write_text(line + "\n")
    again = run_ingest(store, "ais", copy, _in_blocks(1000), write_ais)
    assert (again.n_decoded, again.n_rejected) == (0, 1)


def test_a_file_broken_half_way_stores_nothing(store: Store, tmp_path: Path) -> None:
    lines = [tag(f"s:A,c:{1700000000 + i}") + vdm(1, 1, "", "A", POS) for i in range(4000)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.nmea.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])  # the gzip stream ends too early
    with pytest.raises(InputError, match="cannot read"):
        run_ingest(store, "ais", path, _in_blocks(10_000), write_ais)
    assert store.count("ais_positions") == store.count("ingests") == store.count("rejects") == 0


def test_tracks_name_files_that_share_a_name_apart(store: Store, tmp_path: Path) -> None:
    for day in ("day1", "day2"):
        folder = tmp_path / day
        folder.mkdir()
        stamp = 1700000000 if day == "day1" else 1700090000
        (folder / "ais.nmea").write_text(tag(f"c:{stamp}") + vdm(1, 1, "", "A", POS) + "\n")
        ingest_files(store, "ais", [folder / "ais.nmea"])
    (folder / "other.nmea").write_text(tag("c:1700190000") + vdm(1, 1, "", "A", POS) + "\n")
    ingest_files(store, "ais", [folder / "other.nmea"])
    assert load_tracks(store.con)["source"].to_list() == ["ais.nmea#1", "ais.nmea#2", "other.nmea"]
