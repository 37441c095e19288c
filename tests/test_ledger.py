"""The ledger holds what the detectors find now, whatever the order files came in."""

from __future__ import annotations

from pathlib import Path

from conftest import square, write_fc, zone
from reassure.detect import DetectReport, run_detectors
from reassure.ingest import ingest_files
from reassure.store import Store
from reassure.store.ledger import all_events
from test_land import write_reports


def _events(store: Store) -> dict[str, tuple[str, str, str | None, list[str], str]]:
    return {
        r["subject"]: (r["kind"], r["severity"], r["zone_id"], r["releasability"], r["status"])
        for r in all_events(store.con).iter_rows(named=True)
    }


def _land(reports: list[DetectReport]) -> DetectReport:
    return next(r for r in reports if r.detector == "land.report_violations")


def test_detect_before_and_after_zones_change(store: Store, tmp_path: Path) -> None:
    reports = write_reports(
        tmp_path / "r.csv",
        "fire,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,",
        "gun,2026-12-01T06:30:00Z,35.5,46.5,T1,GBR,heavy_weapon_sighting,artillery_100mm_plus,x,",
    )
    ingest_files(store, "reports", [reports])
    run_detectors(store)  # no zones yet: the shelling is a plain warning, the gun no event
    assert _events(store) == {"fire": ("reported_violation", "warning", None, [], "detected")}

    zones_v1 = write_fc(
        tmp_path / "v1.geojson",
        [
            zone("dmz-a", "dmz", square(36, 47, 1)),
            zone(
                "band",
                "withdrawal",
                square(35, 46, 3),
                weapon_classes=["artillery_100mm_plus"],
                distance_km=50,
            ),
        ],
    )
    ingest_files(store, "zones", [zones_v1])
    report = _land(run_detectors(store))
    assert (report.new, report.updated, report.removed) == (1, 1, 0)
    assert _events(store) == {
        "fire": ("reported_violation", "critical", "dmz-a", [], "detected"),
        "gun": ("withdrawal_breach", "warning", "band", [], "detected"),
    }

    # a person verifies the shelling; then the agreement narrows the DMZ's releasability
    store.con.execute("UPDATE events SET status = 'verified' WHERE subject = 'fire'")
    zones_v2 = write_fc(
        tmp_path / "v2.geojson",
        [
            zone("dmz-a", "dmz", square(36, 47, 1), releasability=["FRA"]),
        ],
    )
    ingest_files(store, "zones", [zones_v2])
    store.con.execute("DELETE FROM zones WHERE zone_id = 'band'")  # the band is withdrawn
    report = _land(run_detectors(store))
    assert (report.new, report.updated, report.removed) == (0, 1, 1)
    assert _events(store) == {
        "fire": ("reported_violation", "critical", "dmz-a", ["FRA"], "verified")
    }


def test_an_older_zone_file_loaded_again_wins(store: Store, tmp_path: Path) -> None:
    a = write_fc(tmp_path / "a.geojson", [zone("z", "dmz", square(36, 47, 1))])
    b = write_fc(tmp_path / "b.geojson", [zone("z", "dmz", square(36, 47, 2))])
    for path in (a, b, a):
        ingest_files(store, "zones", [path])
    assert store.scalar("SELECT ST_Area(geometry) FROM zones") == 1.0
    (again,) = ingest_files(store, "zones", [a])
    assert again.already  # the latest load already is this file
    assert store.count("ingests") == 3
