from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from reassure.events import event_id, events_frame
from reassure.score import score_events

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def ev(
    kind: str,
    subject: str,
    hours: float,
    length_h: float = 1,
    zone: str | None = None,
    records: list[str] | None = None,
) -> dict[str, Any]:
    start = T0 + timedelta(hours=hours)
    return {
        "event_id": event_id(kind, subject, start, records or []),
        "objective": "seas",
        "kind": kind,
        "subject": subject,
        "start_time": start,
        "end_time": start + timedelta(hours=length_h),
        "severity": "warning",
        "confidence": 0.8,
        "title": "t",
        "detector": "d",
        "zone_id": zone,
        "evidence": {"records": records or []},
    }


def iso(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat().replace("+00:00", "Z")


def test_subject_and_time_matching() -> None:
    events = events_frame(
        [
            ev("ais_gap", "271000001", 10, 14),  # matches truth 1
            ev("ais_gap", "271000001", 40, 13),  # same vessel, other time: false positive
            ev(
                "ais_gap", "271000002", 10.6, 13
            ),  # starts 36 min after the truth ends? no: overlaps
            ev("exclusion_entry", "271000003", 5, zone="exclusion-zmiinyi"),
            ev("exclusion_entry", "271000004", 5, zone="exclusion-crimea-west"),
        ]
    )
    truth = [
        {"kind": "ais_gap", "subject": "271000001", "start": iso(10.2), "end": iso(24)},
        {"kind": "ais_gap", "subject": "271000002", "start": iso(11), "end": iso(23)},
        {"kind": "ais_gap", "subject": "271000009", "start": iso(11), "end": iso(23)},  # missed
        {
            "kind": "exclusion_entry",
            "subject": "271000003",
            "start": iso(5.2),
            "zone_id": "exclusion-zmiinyi",
        },
        {
            "kind": "exclusion_entry",
            "subject": "271000004",
            "start": iso(5.2),
            "zone_id": "exclusion-zmiinyi",
        },  # wrong zone in the event: not found
    ]
    scores = {s.kind: s for s in score_events(events, truth)}
    gap = scores["ais_gap"]
    assert (gap.events, gap.truths, gap.true_positives, gap.found) == (3, 3, 2, 2)
    assert gap.precision == 2 / 3 and gap.recall == 2 / 3
    entry = scores["exclusion_entry"]
    assert (entry.precision, entry.recall) == (0.5, 0.5)


def test_record_matching_needs_every_record_and_the_same_zone() -> None:
    events = events_frame(
        [
            ev("reported_violation", "R1", 0, records=["land_reports:R1"], zone="dmz"),
            ev("reported_violation", "R2", 0, records=["land_reports:R2"]),
        ]
    )
    truth = [
        {"kind": "reported_violation", "record_ids": ["R1"], "zone_id": "dmz"},
        {"kind": "reported_violation", "record_ids": ["R2"], "zone_id": "dmz"},
        {"kind": "reported_violation", "record_ids": ["R1", "R3"], "zone_id": "dmz"},
    ]
    (score,) = score_events(events, truth)
    assert (score.true_positives, score.found, score.truths) == (1, 1, 3)


def test_ais_records_are_matched_by_file_and_line() -> None:
    records = ["ais:day1.nmea:7", "ais:day2.nmea:1"]
    events = events_frame([ev("ais_gap", "211000001", 0, records=records)])

    def found(record_ids: list[str]) -> int:
        (score,) = score_events(events, [{"kind": "ais_gap", "record_ids": record_ids}])
        return score.found

    assert found(["day1.nmea:7", "day2.nmea:1"]) == 1
    assert found(["day2.nmea:7"]) == 0  # the right line of the wrong file
    assert found(["7"]) == 0  # a bare line names no file
