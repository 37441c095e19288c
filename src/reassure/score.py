"""Score detectors against a scenario's ground truth (``truth/ground_truth.json``).

A planted anomaly (truth record) is found when an event of the same ``kind``, with
the same ``severity`` and ``zone_id``, names all of the truth's ``record_ids`` in its
evidence (``evidence.records`` holds ``table:id`` strings). Per event kind:
precision = events that found a truth / events, recall = truths found / truths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from reassure.errors import InputError

__all__ = ["Score", "load_truth", "score_events"]


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


def _key(kind: str, severity: str, zone: str | None) -> tuple[str, str, str | None]:
    return kind, severity, zone


def score_events(events: pl.DataFrame, truth: list[dict[str, Any]]) -> list[Score]:
    """Precision and recall per event kind among the kinds the truth plants."""
    kinds = sorted({t["kind"] for t in truth})
    index: dict[tuple[str, str, str | None], list[set[str]]] = {}
    for row in events.filter(pl.col("kind").is_in(kinds)).iter_rows(named=True):
        records = {r.split(":", 1)[-1] for r in json.loads(row["evidence"]).get("records", [])}
        index.setdefault(_key(row["kind"], row["severity"], row["zone_id"]), []).append(records)
    scores = []
    for kind in kinds:
        mine = [t for t in truth if t["kind"] == kind]
        matched_events: set[tuple[tuple[str, str, str | None], int]] = set()
        found = 0
        for item in mine:
            key = _key(kind, item["severity"], item.get("zone_id"))
            wanted = {str(r) for r in item["record_ids"]}
            hits = [i for i, records in enumerate(index.get(key, [])) if wanted <= records]
            if hits:
                found += 1
                matched_events.update((key, i) for i in hits)
        n_events = events.filter(pl.col("kind") == kind).height
        scores.append(Score(kind, n_events, len(mine), len(matched_events), found))
    return scores
