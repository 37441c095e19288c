from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reassure.events import (
    OBJECTIVES,
    RELEASABLE_TO_NONE,
    STATUS_RULES,
    StatusParams,
    combine_releasability,
    event_id,
    events_frame,
    format_span,
    judge_clock,
    objective_status,
)

T0 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def ev(
    objective: str, severity: str, status: str = "detected", hours: float = 0, **kw: Any
) -> dict[str, Any]:
    start = T0 + timedelta(hours=hours)
    subject = kw.pop("subject", f"{objective}-{severity}-{status}-{hours}")
    return {
        "event_id": event_id("test", subject, start, [subject]),
        "objective": objective,
        "kind": "test",
        "subject": subject,
        "start_time": start,
        "end_time": start,
        "severity": severity,
        "confidence": 0.5,
        "status": status,
        "title": "t",
        "detector": "test",
        "evidence": {"n": 1},
        **kw,
    }


def test_event_id_is_stable_and_depends_on_its_inputs() -> None:
    a = event_id("ais_gap", "271000001", T0, ["f:1", "f:2"])
    assert a == event_id(
        "ais_gap", "271000001", T0, ["f:2", "f:1"]
    )  # order of inputs is irrelevant
    assert a == event_id("ais_gap", "271000001", T0.astimezone(), ["f:1", "f:2"])  # same instant
    assert a != event_id("ais_gap", "271000001", T0, ["f:1", "f:3"])
    assert a.startswith("ais_gap-") and len(a) == len("ais_gap-") + 20
    with pytest.raises(ValueError, match="timezone-aware"):
        event_id("x", "y", datetime(2026, 12, 1), [])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"objective": "space"}, "bad objective", id="objective"),
        pytest.param({"severity": "apocalyptic"}, "bad severity", id="severity"),
        pytest.param({"status": "rumoured"}, "bad status", id="status"),
        pytest.param({"confidence": 1.5}, "bad confidence", id="confidence"),
        pytest.param({"end_time": T0 - timedelta(hours=1)}, "bad end_time", id="ends-before-start"),
    ],
)
def test_events_frame_refuses_rows_that_break_the_schema(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"event row 0: {message}"):
        events_frame([{**ev("land", "info"), **change}])


def test_events_frame_defaults_and_canonical_evidence() -> None:
    frame = events_frame([ev("seas", "warning", evidence={"b": 2, "a": 1})])
    row = frame.row(0, named=True)
    assert row["status"] == "detected" and row["releasability"] == [] and row["zone_id"] is None
    assert row["evidence"] == '{"a":1,"b":2}'
    assert events_frame([]).height == 0


EVERY_SOURCE_REPORTED = dict.fromkeys(OBJECTIVES, 1)


def _levels(rows: list[dict[str, Any]], **kw: Any) -> dict[str, str]:
    kw = {"as_of": T0, "reported": EVERY_SOURCE_REPORTED, **kw}
    return {s.objective: s.level for s in objective_status(events_frame(rows), **kw)}


def test_status_rules_first_match_wins() -> None:
    levels = _levels(
        [
            ev("skies", "critical", "verified"),  # red: confirmed critical
            *(ev("seas", "critical", hours=-h) for h in (0, 1, 2)),  # red: 3 critical
            ev("land", "critical"),
            ev("land", "critical", hours=-1),  # amber: 2 critical
            ev("support", "info"),  # green: info only
            ev("force", "critical", "dismissed"),
            ev("force", "warning", "dismissed"),  # green
        ]
    )
    assert levels == {
        "skies": "red",
        "seas": "red",
        "land": "amber",
        "support": "green",
        "force": "green",
    }


def test_no_data_is_never_green_and_comes_first() -> None:
    rows = [ev("land", "warning"), ev("support", "info"), ev("skies", "critical", hours=-1)]
    reported = {"land": 2, "seas": 4, "support": 0}
    statuses = objective_status(
        events_frame(rows), T0, reported=reported, expects={"skies": "ADS-B / Mode S"}
    )
    by = {s.objective: s for s in statuses}
    assert {o: s.level for o, s in by.items()} == {
        "skies": "no_data",  # a critical event (say a plan's gap), but nobody watched
        "seas": "green",  # sources reported, nothing breached
        "land": "amber",
        "support": "no_data",  # an info event is not a source reporting
        "force": "no_data",
    }
    assert by["skies"].rule == "no source of the objective reported in the window " + (
        "(expects ADS-B / Mode S)"
    )
    assert by["skies"].counts["critical"] == 1  # still counted beside the grey
    assert by["seas"].reported == 4 and by["skies"].reported == 0
    assert [level for level, _ in STATUS_RULES] == ["no_data", "red", "red", "amber", "green"]


def test_status_window_and_threshold_are_parameters() -> None:
    rows = [ev("land", "critical", hours=-30), ev("land", "info", hours=0)]
    assert _levels(rows)["land"] == "green"  # the critical one is 30 h before as-of
    assert _levels(rows, params=StatusParams(window_h=48))["land"] == "amber"
    crit = [ev("land", "critical", hours=-h) for h in (0, 1)]
    assert _levels(crit, params=StatusParams(red_min_critical=2))["land"] == "red"


def test_events_after_as_of_do_not_count() -> None:
    rows = [ev("land", "critical", hours=1)]
    assert _levels(rows)["land"] == "green"
    assert _levels(rows, as_of=T0 + timedelta(hours=2))["land"] == "amber"


NOW = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("newest", "as_of", "basis", "note"),
    [
        pytest.param(None, NOW, "wall clock", "no observed data", id="no-data"),
        pytest.param(
            NOW - timedelta(hours=3), NOW, "wall clock", "newest data 3 h 0 min old", id="fresh"
        ),
        pytest.param(
            NOW - timedelta(days=6, hours=3, minutes=20),
            NOW - timedelta(days=6, hours=3, minutes=20),
            "data",
            "newest data 6 d 3 h old",
            id="stale",
        ),
        pytest.param(
            NOW + timedelta(days=300),
            NOW + timedelta(days=300),
            "data",
            "newest data 300 d 0 h ahead of the wall clock",
            id="ahead",
        ),
    ],
)
def test_the_data_clock(newest: datetime | None, as_of: datetime, basis: str, note: str) -> None:
    clock = judge_clock(newest, NOW, 24.0)
    assert (clock.as_of, clock.basis, clock.note()) == (as_of, basis, note)
    assert clock.stale == (basis == "data" and newest is not None and newest < NOW)
    assert clock.as_dict()["as_of"] == as_of.isoformat().replace("+00:00", "Z")


def test_a_time_the_user_sets_wins_over_the_data_clock() -> None:
    set_at = datetime(2026, 1, 1, tzinfo=UTC)
    clock = judge_clock(NOW - timedelta(days=9), NOW, 24.0, as_of=set_at)
    assert (clock.as_of, clock.basis, clock.note()) == (set_at, "set", "newest data 9 d 0 h old")


@pytest.mark.parametrize(
    ("span", "text"),
    [
        pytest.param(timedelta(seconds=59), "0 min", id="seconds"),
        pytest.param(timedelta(minutes=61), "1 h 1 min", id="hours"),
        pytest.param(timedelta(days=6, hours=3, minutes=59), "6 d 3 h", id="days"),
    ],
)
def test_format_span(span: timedelta, text: str) -> None:
    assert format_span(span) == text


def test_combine_releasability() -> None:
    assert combine_releasability([], []) == []
    assert combine_releasability(["GBR", "FRA"], []) == ["FRA", "GBR"]
    assert combine_releasability(["GBR", "FRA"], ["FRA", "UKR"]) == ["FRA"]
    assert combine_releasability(["GBR"], ["FRA"]) == list(RELEASABLE_TO_NONE)


def test_planned_gaps_count_in_their_period_only() -> None:
    later = T0 + timedelta(days=180)
    gap_now = {**ev("seas", "critical", kind="sourcing_gap", subject="REQ-1"), "end_time": later}
    gap_next = {
        **ev("seas", "critical", kind="sourcing_gap", subject="REQ-2", hours=24 * 180),
        "end_time": later + timedelta(days=180),
    }
    levels = _levels([gap_now, gap_next])
    assert levels["seas"] == "amber"  # the gap of the running period counts, the next not yet
    counts = {
        s.objective: s.counts["critical"]
        for s in objective_status(
            events_frame([gap_now, gap_next]), T0, reported=EVERY_SOURCE_REPORTED
        )
    }
    assert counts["seas"] == 1
