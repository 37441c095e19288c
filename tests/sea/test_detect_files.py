"""Evidence names each record's file: two AIS files whose line numbers collide, from
ingest through the detectors to the ledger and the score."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from reassure.detect import run_detectors
from reassure.ingest import ingest_files
from reassure.score import score_events
from reassure.sea.encode import encode_positions, write_nmea
from reassure.store import Store
from reassure.store.ledger import all_events

T0 = datetime(2026, 12, 1, 6, tzinfo=UTC)


def hour_of_reports(mmsi: int, lon: float, start: datetime) -> pl.DataFrame:
    """Seven position reports, one every 10 minutes, at 10 kn due north."""
    times = [start + timedelta(minutes=10 * k) for k in range(7)]
    return pl.DataFrame(
        {
            "msg_type": 1,
            "mmsi": mmsi,
            "lon": lon,
            "lat": [43.5 + 10 / 60 * k * 10 / 60 for k in range(7)],
            "speed": 10.0,
            "course": 0.0,
            "rx_time": times,
        }
    )


def write_day(path: Path, start: datetime) -> None:
    """Both vessels' reports: lines 1-14, vessel 1 on the odd lines, vessel 2 the even."""
    frames = [hour_of_reports(211_000_001, 31.5, start), hour_of_reports(211_000_002, 32.5, start)]
    write_nmea(path, *(encode_positions(f) for f in frames))


def test_two_files_with_colliding_lines_give_records_that_name_the_file(
    store: Store, tmp_path: Path
) -> None:
    write_day(tmp_path / "day1.nmea", T0)
    write_day(tmp_path / "day2.nmea", T0 + timedelta(hours=14))  # 13 h after the last report
    ingest_files(store, "ais", [tmp_path / "day1.nmea", tmp_path / "day2.nmea"])

    (first,) = run_detectors(store, ["sea"])
    assert (first.events, first.new) == (2, 2)
    events = all_events(store.con).sort("subject")
    assert events["kind"].to_list() == ["ais_gap", "ais_gap"]
    records = [json.loads(e)["records"] for e in events["evidence"]]
    assert records == [
        ["ais:day1.nmea:13", "ais:day2.nmea:1"],
        ["ais:day1.nmea:14", "ais:day2.nmea:2"],
    ]
    assert all("file" not in json.loads(e) for e in events["evidence"])

    (again,) = run_detectors(store, ["sea"])  # the same ids: nothing new, nothing removed
    assert (again.new, again.updated, again.removed) == (0, 2, 0)
    assert all_events(store.con).sort("subject")["event_id"].equals(events["event_id"])

    truth = [
        {"kind": "ais_gap", "record_ids": ["day2.nmea:1"]},  # vessel 1's, not vessel 2's line 1
        {"kind": "ais_gap", "record_ids": ["day1.nmea:14", "day2.nmea:2"]},
    ]
    (score,) = score_events(events, truth)
    assert (score.true_positives, score.found, score.truths) == (2, 2, 2)
    (score,) = score_events(events, [{"kind": "ais_gap", "record_ids": ["day1.nmea:1"]}])
    assert score.found == 0  # line 1 of day1.nmea is in no event's evidence


def test_an_event_is_releasable_as_its_own_evidence_is(store: Store, tmp_path: Path) -> None:
    """Issue 10, finding 5: vessel 1 showing up later in a GBR-only feed made its earlier
    gap, seen only in unrestricted files, GBR-only. An event follows the feeds of the
    positions it is built from: no more, no less."""
    write_day(tmp_path / "day1.nmea", T0)
    write_day(tmp_path / "day2.nmea", T0 + timedelta(hours=14))
    gbr = tmp_path / "gbr.nmea"
    write_nmea(gbr, encode_positions(hour_of_reports(211_000_001, 31.5, T0 + timedelta(days=3))))
    ingest_files(store, "ais", [tmp_path / "day1.nmea", tmp_path / "day2.nmea"])
    ingest_files(store, "ais", [gbr], releasability=["GBR"])
    run_detectors(store, ["sea"])
    gaps = all_events(store.con).filter(pl.col("kind") == "ais_gap")
    releasability = {
        tuple(json.loads(evidence)["records"]): released
        for evidence, released in zip(
            gaps["evidence"], gaps["releasability"].to_list(), strict=True
        )
    }
    assert releasability == {
        ("ais:day1.nmea:13", "ais:day2.nmea:1"): [],
        ("ais:day1.nmea:14", "ais:day2.nmea:2"): [],
        ("ais:day2.nmea:13", "ais:gbr.nmea:1"): ["GBR"],
    }
