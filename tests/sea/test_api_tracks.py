"""/api/tracks filters AIS by the releasability of the ingest that brought it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from fastapi.testclient import TestClient

from members import join_coalition
from reassure.cop.app import create_app
from reassure.ingest import ingest_files
from reassure.sea.encode import encode_positions, write_nmea
from reassure.store import Store
from reassure.users import add_user


def test_tracks_are_filtered_by_the_ingests_releasability(
    tmp_path: Path, shared_data: Path
) -> None:
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        ingest_files(
            store,
            "ais",
            [shared_data / "sea" / "risky__nmea-timestamped.txt"],
            releasability=["GBR"],
        )
        ingest_files(store, "ais", [shared_data / "sea" / "risky__exact-earth-with-tag-block.txt"])
        with store.transaction() as con:
            join_coalition(con, "GBR", "FRA")
            tokens = {n: add_user(con, f"{n.lower()}.watch", n, ["watch"]) for n in ("GBR", "FRA")}
        restricted = {
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT mmsi FROM ais_positions JOIN ingests USING (ingest_id) "
                "WHERE len(releasability) > 0 AND rx_time IS NOT NULL"
            ).fetchall()
        }
        open_ = {
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT mmsi FROM ais_positions JOIN ingests USING (ingest_id) "
                "WHERE len(releasability) = 0 AND rx_time IS NOT NULL AND lon <= 180"
            ).fetchall()
        }
    assert restricted - open_, "the restricted file should hold vessels of its own"
    with TestClient(create_app(db)) as client:

        def mmsis(nation: str, query: str = "") -> set[int]:
            body = client.get(
                f"/api/tracks{query}", headers={"Authorization": f"Bearer {tokens[nation]}"}
            ).json()
            return {f["properties"]["mmsi"] for f in body["features"]}

        assert mmsis("FRA") == open_
        assert mmsis("GBR") == open_ | restricted
        assert client.get("/api/tracks").status_code == 401
        one = sorted(restricted - open_)[0]
        assert mmsis("GBR", f"?mmsi={one}") == {one}
        assert mmsis("FRA", f"?mmsi={one}") == set()


def test_a_box_never_finds_a_vessel_by_a_position_the_reader_may_not_see(
    tmp_path: Path,
) -> None:
    """Issue 10, finding 1: the box picked vessels from every position, so a box around
    a GBR-only position gave FRA the vessel back (and bisecting boxes, the position)."""
    t0 = datetime(2026, 12, 1, 6, tzinfo=UTC)

    def reports(mmsi: int, lon: float, lat: float, start: datetime) -> pl.DataFrame:
        times = [start + timedelta(minutes=10 * k) for k in range(3)]
        return pl.DataFrame(
            {"msg_type": 1, "mmsi": mmsi, "lon": lon, "lat": lat, "speed": 0.0,
             "course": 0.0, "rx_time": times}
        )  # fmt: skip

    shared, secret = 211_000_001, 232_000_002
    write_nmea(tmp_path / "open.nmea", encode_positions(reports(shared, 33.0, 45.0, t0)))
    write_nmea(
        tmp_path / "gbr.nmea",
        encode_positions(reports(shared, 30.0, 42.0, t0 + timedelta(hours=1))),
        encode_positions(reports(secret, 30.0, 42.0, t0)),
    )
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        ingest_files(store, "ais", [tmp_path / "open.nmea"])
        ingest_files(store, "ais", [tmp_path / "gbr.nmea"], releasability=["GBR"])
        with store.transaction() as con:
            join_coalition(con, "GBR", "FRA")
            tokens = {n: add_user(con, f"{n.lower()}.watch", n, ["watch"]) for n in ("GBR", "FRA")}
    with TestClient(create_app(db)) as client:

        def mmsis(nation: str, box: str) -> set[int]:
            body = client.get(
                f"/api/tracks?bbox={box}", headers={"Authorization": f"Bearer {tokens[nation]}"}
            ).json()
            return {f["properties"]["mmsi"] for f in body["features"]}

        around_secret = "29.9,41.9,30.1,42.1"
        assert mmsis("GBR", around_secret) == {shared, secret}
        assert mmsis("FRA", around_secret) == set()
        assert mmsis("FRA", "32.9,44.9,33.1,45.1") == {shared}
