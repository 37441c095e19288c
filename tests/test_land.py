from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from conftest import square, zone
from reassure.errors import InputError
from reassure.geo.zones import parse_zones
from reassure.land import ReportParams, decode_reports, detect_report_violations

HEADER = (
    "report_id,observed_at,lon,lat,team,reporting_nation,category,weapon_class,"
    "description,releasability"
)


def write_reports(path: Path, *lines: str) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_decode_accounts_for_every_record(tmp_path: Path) -> None:
    path = write_reports(
        tmp_path / "r.csv",
        "R1,2026-12-01T06:00:00Z,36.5,47.5,T-01,GBR,shelling,artillery_100mm_plus,"
        '"12 rounds, 152 mm",',
        "R2,2026-12-01T07:00:00+02:00,36.6,47.6,T-02,FRA,routine_patrol,none,quiet,GBR;FRA",
        "R3,yesterday,36.6,47.6,T-02,FRA,shelling,mortar,x,",
        "R4,2026-12-01T07:00:00Z,361,47.6,T-02,FRA,shelling,mortar,x,",
        "R5,2026-12-01T07:00:00Z,36.6,47.6,T-02,FRA,picnic,none,x,",
        "R1,2026-12-01T08:00:00Z,36.6,47.6,T-02,FRA,shelling,mortar,x,",
        "R6,2026-12-01T07:00:00Z,36.6,47.6,T-02,FRA,shelling",
        "",
        "R7,2026-12-01T07:00:00Z,36.6,47.6,T-02,France,shelling,mortar,x,",
        "R8,2026-12-01T07:00:00,36.6,47.6,T-02,FRA,shelling,mortar,x,GB",
    )
    result = decode_reports(path)
    assert result.n_read == 9 == result.table.height + result.rejects.height
    assert result.table["report_id"].to_list() == ["R1", "R2"]
    r2 = result.table.row(1, named=True)
    assert r2["observed_at"] == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    assert r2["releasability"] == ["FRA", "GBR"] and r2["line"] == 3
    assert result.table.row(0, named=True)["description"] == "12 rounds, 152 mm"
    reasons = dict(zip(result.rejects["line"], result.rejects["reason"], strict=True))
    assert reasons == {
        4: "observed_at 'yesterday' is not ISO 8601",
        5: "lon/lat 361.0,47.6 outside WGS84 range",
        6: "unknown category 'picnic'",
        7: "duplicate report_id 'R1'",
        8: "7 fields, header has 10",
        10: "reporting_nation 'France' is not ISO alpha-3",
        11: "observed_at '2026-12-01T07:00:00' has no UTC offset",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"a,b,c\n1,2,3\n", "missing column 'report_id'", id="wrong-format"),
        pytest.param(b"\x1f\x8b\x08\x00\xff\xfe\x00binary", "not UTF-8", id="binary"),
    ],
)
def test_files_that_are_not_reports_are_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        decode_reports(path)


@pytest.fixture
def zones() -> pl.DataFrame:
    return parse_zones(
        {
            "type": "FeatureCollection",
            "features": [
                zone("dmz-a", "dmz", square(36, 47, 1)),
                zone(
                    "band-art",
                    "withdrawal",
                    square(35, 46, 3),
                    weapon_classes=["artillery_100mm_plus"],
                    distance_km=50,
                    releasability=["GBR", "UKR"],
                ),
                zone(
                    "band-mlrs",
                    "withdrawal",
                    square(34, 45, 5),
                    weapon_classes=["mlrs"],
                    distance_km=70,
                ),
                zone(
                    "band-art-wide",
                    "withdrawal",
                    square(33.5, 44.5, 6),
                    weapon_classes=["artillery_100mm_plus"],
                    distance_km=140,
                ),
                zone("dmz-old", "dmz", square(30, 47, 1), valid_to="2026-11-30T00:00:00Z"),
            ],
        }
    )


def test_detector_rules(tmp_path: Path, zones: pl.DataFrame) -> None:
    path = write_reports(
        tmp_path / "r.csv",
        "in-dmz-fire,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,artillery_100mm_plus,x,",
        "out-fire,2026-12-01T06:10:00Z,38.5,49.5,T1,GBR,drone_strike,drone,x,FRA;GBR",
        "in-dmz-troops,2026-12-01T06:20:00Z,36.2,47.2,T1,GBR,troop_movement,none,x,",
        "band-gun,2026-12-01T06:30:00Z,35.5,46.5,T1,GBR,heavy_weapon_sighting,artillery_100mm_plus,x,FRA;GBR",
        "band-mlrs,2026-12-01T06:40:00Z,35.5,46.5,T1,GBR,heavy_weapon_sighting,mlrs,x,",
        "band-tank,2026-12-01T06:50:00Z,35.5,46.5,T1,GBR,heavy_weapon_sighting,armour,x,",
        "out-troops,2026-12-01T07:00:00Z,38.5,49.5,T1,GBR,troop_movement,none,x,",
        "patrol,2026-12-01T07:10:00Z,36.5,47.5,T1,GBR,routine_patrol,none,x,",
        "expired-dmz,2026-12-01T07:20:00Z,30.5,47.5,T1,GBR,troop_movement,none,x,",
    )
    reports = decode_reports(path).table.with_columns(source=pl.lit(str(path)))
    events = detect_report_violations(reports, zones)
    got = {
        r["subject"]: (r["kind"], r["severity"], r["zone_id"], r["releasability"])
        for r in events.iter_rows(named=True)
    }
    assert got == {
        "in-dmz-fire": ("reported_violation", "critical", "dmz-a", []),
        "out-fire": ("reported_violation", "warning", None, ["FRA", "GBR"]),
        "in-dmz-troops": ("reported_violation", "critical", "dmz-a", []),
        # narrowest band covering the weapon; releasability = report's ∩ zone's
        "band-gun": ("withdrawal_breach", "warning", "band-art", ["GBR"]),
        "band-mlrs": ("withdrawal_breach", "warning", "band-mlrs", []),
    }
    evidence = json.loads(events.filter(pl.col("subject") == "band-gun")["evidence"][0])
    assert evidence["records"] == ["land_reports:band-gun"] and evidence["line"] == 5
    assert evidence["file"] == "r.csv"  # the file name, not the operator's full path
    assert set(events["confidence"]) == {ReportParams().single_source_confidence}
    # deterministic: same input, same ids
    again = detect_report_violations(reports, zones)
    assert again["event_id"].to_list() == events["event_id"].to_list()


def test_detector_with_no_reports_or_no_zones(zones: pl.DataFrame, tmp_path: Path) -> None:
    empty = decode_reports(write_reports(tmp_path / "r.csv")).table
    assert detect_report_violations(empty, zones).height == 0
    one = decode_reports(
        write_reports(
            tmp_path / "r2.csv", "a,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,"
        )
    ).table
    events = detect_report_violations(one, zones.clear())
    assert events.select("kind", "severity").row(0) == ("reported_violation", "warning")


def test_empty_records_and_oversized_fields(tmp_path: Path) -> None:
    path = write_reports(
        tmp_path / "r.csv",
        "R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,x,",
        ",,,,,,,,,",
        "",
    )
    result = decode_reports(path)
    assert (result.n_read, result.table.height) == (2, 1)
    assert result.rejects.row(0) == (3, "empty record", ",,,,,,,,,")
    huge = write_reports(
        tmp_path / "huge.csv",
        'R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,"' + "x" * 200_000 + '",',
    )
    with pytest.raises(InputError, match=r"huge.csv:2: unreadable CSV: field larger"):
        decode_reports(huge)
