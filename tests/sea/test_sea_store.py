"""AIS in the store: the migration matches the decoder's schema; ingests lose nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

from reassure.ingest import ingest_files
from reassure.sea.ingest import AIS_TABLES, load_tracks
from reassure.sea.schema import table_schema
from reassure.store import Store


def test_store_tables_have_the_decoder_columns(store: Store) -> None:
    for name, table in AIS_TABLES.items():
        stored = [
            r[0]
            for r in store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position",
                [table],
            ).fetchall()
        ]
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
