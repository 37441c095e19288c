"""/api/tracks filters AIS by the releasability of the ingest that brought it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from members import join_coalition
from reassure.cop.app import create_app
from reassure.ingest import ingest_files
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
