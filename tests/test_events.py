from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reassure.events import (
    RELEASABLE_TO_NONE,
    StatusParams,
    combine_releasability,
    event_id,
    events_frame,
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


def _levels(rows: list[dict[str, Any]], **kw: Any) -> dict[str, str]:
    return {s.objective: s.level for s in objective_status(events_frame(rows), **kw)}


def test_status_rules_first_match_wins() -> None:
    levels = _levels(
        [
            ev("skies", "critical", "verified"),  # red: confirmed critical
            *(ev("seas", "critical", hours=h) for h in (0, 1, 2)),  # red: 3 critical
            ev("land", "critical"),
            ev("land", "critical", hours=1),  # amber: 2 critical
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


def test_status_window_and_threshold_are_parameters() -> None:
    rows = [ev("land", "critical", hours=-30), ev("land", "info", hours=0)]
    assert _levels(rows)["land"] == "green"  # the critical one is 30 h before the latest event
    assert _levels(rows, params=StatusParams(window_h=48))["land"] == "amber"
    crit = [ev("land", "critical", hours=h) for h in (0, 1)]
    assert _levels(crit, params=StatusParams(red_min_critical=2))["land"] == "red"


def test_combine_releasability() -> None:
    assert combine_releasability([], []) == []
    assert combine_releasability(["GBR", "FRA"], []) == ["FRA", "GBR"]
    assert combine_releasability(["GBR", "FRA"], ["FRA", "UKR"]) == ["FRA"]
    assert combine_releasability(["GBR"], ["FRA"]) == list(RELEASABLE_TO_NONE)


def test_planned_gaps_count_in_their_period_but_do_not_move_the_clock() -> None:
    later = T0 + timedelta(days=180)
    gap_now = {**ev("seas", "critical", kind="sourcing_gap", subject="REQ-1"), "end_time": later}
    gap_next = {
        **ev("seas", "critical", kind="sourcing_gap", subject="REQ-2", hours=24 * 180),
        "end_time": later + timedelta(days=180),
    }
    observed = ev("land", "critical")
    levels = _levels([gap_now, gap_next, observed])
    assert levels["land"] == "amber"  # judged at T0, not at the end of the next period
    assert levels["seas"] == "amber"  # the gap of the running period counts, the next not yet
