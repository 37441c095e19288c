from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from conftest import square, write_fc, zone
from reassure.errors import InputError
from reassure.ingest import SOURCES, expand_paths, ingest_files
from reassure.store import Store
from reassure.store.ingest import run_ingest
from test_land import write_reports


def test_same_file_twice_is_a_no_op(store: Store, tmp_path: Path) -> None:
    path = write_reports(
        tmp_path / "r.csv",
        "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,",
        "R2,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,nonsense,mortar,x,",
    )
    (first,) = ingest_files(store, "reports", [path])
    assert (first.n_read, first.n_decoded, first.n_rejected, first.already) == (2, 1, 1, False)
    (second,) = ingest_files(store, "reports", [path])
    assert second.already and second.ingest_id == first.ingest_id
    assert store.count("land_reports") == 1 and store.count("ingests") == 1
    reject = store.con.execute("SELECT line, reason, raw FROM rejects").fetchall()
    assert reject == [
        (
            3,
            "unknown category 'nonsense'",
            "R2,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,nonsense,mortar,x,",
        )
    ]


def test_records_already_stored_from_another_file_are_rejected_not_duplicated(
    store: Store, tmp_path: Path
) -> None:
    a = write_reports(
        tmp_path / "a.csv", "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,"
    )
    b = write_reports(
        tmp_path / "b.csv",
        "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,",
        "R2,2026-12-01T07:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,",
    )
    ingest_files(store, "reports", [a])
    (report,) = ingest_files(store, "reports", [b])
    assert (report.n_read, report.n_decoded, report.n_rejected) == (2, 1, 1)
    assert store.count("land_reports") == 2
    row = store.con.execute(
        "SELECT reason, raw FROM rejects WHERE ingest_id = ?", [report.ingest_id]
    ).fetchone()
    assert row == ("duplicate of a stored record", "R1")
    counts = store.con.execute(
        "SELECT sum(n_read), sum(n_decoded + n_rejected) FROM ingests"
    ).fetchone()
    assert counts == (3, 3)


def test_crash_mid_ingest_leaves_the_store_as_it_was(store: Store, tmp_path: Path) -> None:
    path = write_reports(
        tmp_path / "r.csv", "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,"
    )
    spec = SOURCES["reports"]

    def crashing_writer(con, ingest_id, result):  # type: ignore[no-untyped-def]
        spec.write(con, ingest_id, result)
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_ingest(store, "reports", path, spec.decode, crashing_writer)
    assert store.count("land_reports") == 0 and store.count("ingests") == 0
    (report,) = ingest_files(store, "reports", [path])  # and the same ingest simply runs again
    assert report.n_decoded == 1 and not report.already


def test_a_bad_zone_file_loads_nothing(store: Store, tmp_path: Path) -> None:
    good = write_fc(tmp_path / "good.geojson", [zone("z1", "dmz", square(36, 47, 1))])
    ingest_files(store, "zones", [good])
    bad = write_fc(
        tmp_path / "bad.geojson",
        [
            zone("z2", "dmz", square(30, 46, 1)),
            zone("z3", "dmz", {"type": "Polygon", "coordinates": []}),
        ],
    )
    with pytest.raises(InputError, match="feature 1"):
        ingest_files(store, "zones", [bad])
    assert store.con.execute("SELECT zone_id FROM zones").fetchall() == [("z1",)]
    assert store.count("ingests") == 1


def test_reloading_a_zone_replaces_it(store: Store, tmp_path: Path) -> None:
    ingest_files(
        store, "zones", [write_fc(tmp_path / "v1.geojson", [zone("z1", "dmz", square(36, 47, 1))])]
    )
    ingest_files(
        store, "zones", [write_fc(tmp_path / "v2.geojson", [zone("z1", "dmz", square(36, 47, 2))])]
    )
    assert store.count("zones") == 1
    assert store.scalar("SELECT ST_Area(geometry) FROM zones") == pytest.approx(4.0)


def test_globs(tmp_path: Path) -> None:
    for name in ("b.csv", "a.csv", "c.txt"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in expand_paths([str(tmp_path / "*.csv")])] == ["a.csv", "b.csv"]
    with pytest.raises(InputError, match="no file matches"):
        expand_paths([str(tmp_path / "*.nmea")])


def test_nations_yaml(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "nations.yaml"
    path.write_text(
        "nations:\n"
        "  - {nation: GBR, name: United Kingdom, role: lead, caveats: []}\n"
        "  - {nation: FRA, name: France, role: lead}\n"
        "  - {nation: Ukraine, name: Ukraine, role: host}\n"
        "  - {nation: EST, name: Estonia, role: partner}\n"
        "  - {nation: LVA, name: Latvia, liaison: {email: x}}\n"
        "  - {nation: ZZZ, name: Nobody}\n"
    )
    (report,) = ingest_files(store, "nations", [path])
    assert (report.n_read, report.n_decoded, report.n_rejected) == (6, 2, 4)
    leads = store.con.execute("SELECT nation FROM nations WHERE lead ORDER BY nation").fetchall()
    assert leads == [("FRA",), ("GBR",)]
    reasons = [
        r[0] for r in store.con.execute("SELECT reason FROM rejects ORDER BY line").fetchall()
    ]
    assert reasons == [
        "entry 3: nation 'Ukraine' is not ISO alpha-3",
        "entry 4: role 'partner' is not one of lead, contributor, host, observer",
        "entry 5: liaison must be text (an address), not a mapping or list",
        "entry 6: nation 'ZZZ' is not ISO alpha-3",
    ]
    path.write_text("nations: [unclosed\n")
    with pytest.raises(InputError, match="not YAML"):
        ingest_files(store, "nations", [path])


def test_frame_schema_survives_the_store(store: Store, tmp_path: Path) -> None:
    from reassure.land.ingest import load_reports

    path = write_reports(
        tmp_path / "r.csv", "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,GBR"
    )
    ingest_files(store, "reports", [path])
    frame = load_reports(store.con)
    assert frame["source"].to_list() == [str(path)]
    assert frame["observed_at"].dtype == pl.Datetime("us", "UTC")
    assert frame["releasability"].to_list() == [["GBR"]]


def test_an_ingest_restricts_what_it_brings(store: Store, tmp_path: Path) -> None:
    from reassure.store.ledger import query_zones

    zones = write_fc(
        tmp_path / "z.geojson",
        [
            zone("open", "dmz", square(36, 47, 1)),
            zone("pair", "dmz", square(30, 47, 1), releasability=["FRA", "GBR"]),
            zone("fra", "dmz", square(32, 47, 1), releasability=["FRA"]),
        ],
    )
    ingest_files(store, "zones", [zones], releasability=["GBR", "UKR"])
    assert store.scalar("SELECT releasability FROM ingests") == ["GBR", "UKR"]
    got = dict(store.con.execute("SELECT zone_id, releasability FROM zones").fetchall())
    assert got == {"open": ["GBR", "UKR"], "pair": ["GBR"], "fra": ["ZZZ"]}
    assert set(query_zones(store.con, "UKR")["zone_id"]) == {"open"}
    assert query_zones(store.con, "FRA").height == 0
    reports = write_reports(
        tmp_path / "r.csv",
        "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,",
        "R2,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,FRA",
    )
    ingest_files(store, "reports", [reports], releasability=["GBR"])
    got = dict(store.con.execute("SELECT report_id, releasability FROM land_reports").fetchall())
    assert got == {"R1": ["GBR"], "R2": ["ZZZ"]}
