from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from members import join_coalition
from reassure.errors import AccessDenied, ConfigError, InputError
from reassure.store import Store
from reassure.store.export import export_table
from test_api import setup  # noqa: F401  (module fixture: store with GBR/FRA/all records)


@pytest.fixture
def store_path(setup, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]  # noqa: F811
    client, _ = setup
    return Path(client.app.state.db_path)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        pytest.param("events.parquet", None, id="geoparquet-by-suffix"),
        pytest.param("events.csv", None, id="csv"),
        pytest.param("events.geojson", None, id="geojson"),
        pytest.param("events.out", "geoparquet", id="format-option"),
    ],
)
def test_exports_are_filtered_by_releasability(
    store_path: Path, tmp_path: Path, name: str, fmt: str | None
) -> None:
    out = tmp_path / name
    with Store(store_path, read_only=True) as store:
        assert export_table(store, "events", out, "FRA", fmt) == 2
    if out.suffix == ".geojson":
        subjects = {f["properties"]["subject"] for f in json.loads(out.read_text())["features"]}
    elif out.suffix == ".csv":
        subjects = {r[0] for r in duckdb.sql(f"SELECT subject FROM read_csv('{out}')").fetchall()}
        assert "geometry_wkt" in out.read_text().splitlines()[0]
    else:
        subjects = set(pq.read_table(out).column("subject").to_pylist())
        assert b"geo" in pq.read_metadata(out).metadata  # GeoParquet metadata
    assert subjects == {"all", "frauk"}


def test_export_refusals(store_path: Path, tmp_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        with pytest.raises(ConfigError, match="needs --nation"):
            export_table(store, "zones", tmp_path / "z.geojson", None)
        with pytest.raises(AccessDenied, match="not exportable"):
            export_table(store, "users", tmp_path / "u.csv", "GBR")
        with pytest.raises(InputError, match="no such table"):
            export_table(store, "secrets", tmp_path / "s.csv", "GBR")
        with pytest.raises(ConfigError, match="cannot tell the format"):
            export_table(store, "zones", tmp_path / "z.xlsx", "GBR")
        with pytest.raises(ConfigError, match="no geometry"):
            export_table(store, "ingests", tmp_path / "i.geojson", "GBR")
        assert export_table(store, "ingests", tmp_path / "i.csv", "GBR") == 2  # zones, reports
        with pytest.raises(ConfigError, match="needs --nation"):
            export_table(store, "nations", tmp_path / "n.csv", None)
        assert export_table(store, "nations", tmp_path / "n.csv", "GBR") == 2  # GBR, FRA
        assert export_table(store, "nations", tmp_path / "n.csv", "RUS") == 0  # not a member


def test_rejects_export_leaves_out_the_raw_text(tmp_path: Path) -> None:
    """A rejected record's own releasability is unknown (it could not be read), so its
    raw text never leaves: here it is a GBR-only report in an unrestricted file."""
    from reassure.ingest import ingest_files
    from test_land import write_reports

    restricted = write_reports(
        tmp_path / "r.csv", "R1,2026-12-01T06:00:00Z,361,47.5,T1,GBR,shelling,mortar,secret,GBR"
    )
    with Store(tmp_path / "s.duckdb") as store:
        with store.transaction() as con:
            join_coalition(con, "TUR")
        ingest_files(store, "reports", [restricted])
        assert export_table(store, "rejects", tmp_path / "rejects.csv", "TUR") == 1
    text = (tmp_path / "rejects.csv").read_text()
    assert "secret" not in text and "raw" not in text.splitlines()[0]
    assert "outside WGS84 range" in text


def test_rejects_of_a_restricted_feed_go_only_to_its_nations(tmp_path: Path) -> None:
    """Issue 10, finding 3: the line numbers and reasons of a GBR-only feed's rejects
    were exported to any nation (and to none named)."""
    from reassure.ingest import ingest_files

    feed = tmp_path / "gbr.nmea"
    feed.write_text("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\nnot ais\n")
    with Store(tmp_path / "s.duckdb") as store:
        with store.transaction() as con:
            join_coalition(con, "GBR", "FRA")
        ingest_files(store, "ais", [feed], releasability=["GBR"])
        with pytest.raises(ConfigError, match="needs --nation"):
            export_table(store, "rejects", tmp_path / "r.csv", None)
        assert export_table(store, "rejects", tmp_path / "gbr.csv", "GBR") == 1
        assert export_table(store, "rejects", tmp_path / "fra.csv", "FRA") == 0
        assert export_table(store, "rejects", tmp_path / "rus.csv", "RUS") == 0
