"""Score detectors against a scenario's ground truth (``truth/ground_truth.json``).

A planted anomaly (truth record) is found by an event of the same ``kind`` that
agrees on every key the truth gives:

- ``record_ids``: the event's evidence names all of them (``evidence.records`` holds
  ``table:id`` strings; a truth names the ``id``, everything after the first colon:
  ``MR-00001`` for ``land_reports:MR-00001``, ``ais.nmea:1042`` for the AIS record
  ``ais:ais.nmea:1042``);
- ``subject``, ``severity``, ``zone_id``: equal (a truth without ``zone_id`` or with
  ``zone_id: null`` wants an event without a zone only when it also has ``record_ids``);
- ``start``/``end``: the event's interval overlaps the truth's, widened by
  :data:`TIME_TOLERANCE` on both sides (detectors see sampled reports, not the truth).

Per event kind: precision = events that found a truth / events of that kind,
recall = truths found / truths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from reassure.errors import InputError

__all__ = ["TIME_TOLERANCE", "Score", "load_truth", "score_events"]

TIME_TOLERANCE = timedelta(minutes=30)
"""Slack on each side of a truth interval: reports are minutes apart, so a detector's
first and last report of an anomaly can sit a little inside or outside the truth."""


@dataclass(frozen=True)
class Score:
    kind: str
    events: int
    truths: int
    true_positives: int
    found: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.events if self.events else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.truths if self.truths else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "events": self.events,
            "truths": self.truths,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


def load_truth(folder: Path) -> list[dict[str, Any]]:
    path = folder / "truth" / "ground_truth.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "no ground truth: is this a scenario folder?") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not JSON: {exc.msg}", exc.lineno) from None
    truth = data.get("truth") if isinstance(data, dict) else None
    if not isinstance(truth, list):
        raise InputError(str(path), "expected an object with a 'truth' list")
    return truth


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _matches(truth: dict[str, Any], event: dict[str, Any]) -> bool:
    if "record_ids" in truth:
        wanted = {str(r) for r in truth["record_ids"]}
        if not wanted <= event["records"]:
            return False
    zone_given = "record_ids" in truth or truth.get("zone_id") is not None
    if zone_given and event["zone_id"] != truth.get("zone_id"):
        return False
    for key in ("subject", "severity"):
        if key in truth and event[key] != truth[key]:
            return False
    if "start" in truth:
        start = _time(truth["start"]) - TIME_TOLERANCE
        end = _time(truth.get("end", truth["start"])) + TIME_TOLERANCE
        if event["start_time"] > end or event["end_time"] < start:
            return False
    return True


def score_events(events: pl.DataFrame, truth: list[dict[str, Any]]) -> list[Score]:
    """Precision and recall per event kind among the kinds the truth plants."""
    kinds = sorted({t["kind"] for t in truth})
    scores = []
    for kind in kinds:
        mine = [t for t in truth if t["kind"] == kind]
        candidates = [
            {
                **row,
                "records": {
                    r.split(":", 1)[-1] for r in json.loads(row["evidence"]).get("records", [])
                },
            }
            for row in events.filter(pl.col("kind") == kind).iter_rows(named=True)
        ]
        matched_events: set[int] = set()
        found = 0
        for item in mine:
            hits = [i for i, event in enumerate(candidates) if _matches(item, event)]
            if hits:
                found += 1
                matched_events.update(hits)
        scores.append(Score(kind, len(candidates), len(mine), len(matched_events), found))
    return scores
