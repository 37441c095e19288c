"""The one event schema shared by every domain, stable event ids, and objective status.

An event is one row of a Polars frame with :data:`EVENT_SCHEMA`. Detectors return such
frames (built with :func:`events_frame`); the store's ledger keeps them; the COP, the
reports and the exports only ever read them.

``start_time``/``end_time`` are the schema's *start* and *end* (UTC), named so that
they are not SQL keywords. ``geometry`` is WKB (point, line or polygon, lon/lat).

Objective status (green/amber/red) follows :data:`STATUS_RULES`, evaluated over the
events of one objective that are not dismissed and end inside the look-back window.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import polars as pl

from reassure.codes import NOBODY

__all__ = [
    "EVENT_SCHEMA",
    "OBJECTIVES",
    "PLANNED_KINDS",
    "RELEASABLE_TO_NONE",
    "SEVERITIES",
    "STATUSES",
    "STATUS_RULES",
    "ObjectiveStatus",
    "StatusParams",
    "combine_releasability",
    "default_as_of",
    "event_id",
    "events_frame",
    "objective_status",
]

Objective = Literal["skies", "seas", "land", "support", "force"]
OBJECTIVES: tuple[Objective, ...] = ("skies", "seas", "land", "support", "force")
SEVERITIES = ("info", "warning", "critical")
STATUSES = ("detected", "corroborated", "verified", "dismissed")

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "objective": pl.String(),
    "kind": pl.String(),
    "subject": pl.String(),
    "start_time": pl.Datetime("us", "UTC"),
    "end_time": pl.Datetime("us", "UTC"),
    "zone_id": pl.String(),
    "severity": pl.String(),
    "confidence": pl.Float64(),
    "status": pl.String(),
    "title": pl.String(),
    "detector": pl.String(),
    "evidence": pl.String(),  # JSON text: raw record ids, counts, measured values
    "releasability": pl.List(pl.String()),  # ISO alpha-3; empty = every coalition nation
    "geometry": pl.Binary(),  # WKB
}


def event_id(kind: str, subject: str, start: datetime, inputs: Iterable[str]) -> str:
    """Stable id: a hash of (kind, subject, start, the ids of the input records).

    The same detection on the same inputs always gets the same id, so re-running a
    detector adds no duplicate to the ledger.
    """
    if start.tzinfo is None:
        raise ValueError("event start must be timezone-aware (UTC)")
    digest = hashlib.sha256()
    for part in (kind, subject, start.astimezone(UTC).isoformat(), *sorted(inputs)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return f"{kind}-{digest.hexdigest()[:20]}"


def events_frame(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Build and validate an events frame from row dicts.

    ``evidence`` may be a dict (serialised as canonical JSON); ``status`` defaults to
    ``detected``; ``releasability`` to ``[]``; ``zone_id`` and ``geometry`` to null.
    Raises ``ValueError`` naming the first row and column that break the schema.
    """
    prepared = []
    for index, row in enumerate(rows):
        item = {
            "zone_id": None,
            "status": "detected",
            "releasability": [],
            "geometry": None,
            **row,
        }
        if not isinstance(item["evidence"], str):
            item["evidence"] = json.dumps(item["evidence"], sort_keys=True, separators=(",", ":"))
        _check_row(index, item)
        prepared.append(item)
    return (
        pl.DataFrame(prepared, schema=EVENT_SCHEMA, orient="row")
        if prepared
        else (pl.DataFrame(schema=EVENT_SCHEMA))
    )


def _check_row(index: int, row: Mapping[str, Any]) -> None:
    missing = [name for name in EVENT_SCHEMA if name not in row]
    if missing:
        raise ValueError(f"event row {index}: missing {missing[0]!r}")
    checks = (
        ("objective", row["objective"] in OBJECTIVES),
        ("severity", row["severity"] in SEVERITIES),
        ("status", row["status"] in STATUSES),
        ("confidence", 0.0 <= float(row["confidence"]) <= 1.0),
        ("end_time", row["end_time"] >= row["start_time"]),
    )
    for name, ok in checks:
        if not ok:
            raise ValueError(f"event row {index}: bad {name} {row[name]!r}")


# -- objective status -----------------------------------------------------------

Level = Literal["green", "amber", "red"]

STATUS_RULES: tuple[tuple[Level, str], ...] = (
    ("red", "a critical event is corroborated or verified"),
    ("red", "at least {red_min_critical} critical events, confirmed or not"),
    ("amber", "at least one critical or warning event"),
    ("green", "no critical or warning event"),
)
"""The rules, first match wins, over one objective's live events in the window."""


@dataclass(frozen=True)
class StatusParams:
    """Parameters of :func:`objective_status`."""

    window_h: float = 24.0
    """Look-back window in hours: the coalition's daily reporting cycle (SITREP)."""
    red_min_critical: int = 3
    """Critical events (unconfirmed) in the window that make an objective red."""


@dataclass(frozen=True)
class ObjectiveStatus:
    objective: str
    level: Level
    rule: str
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "level": self.level,
            "rule": self.rule,
            "counts": self.counts,
        }


PLANNED_KINDS = ("sourcing_gap",)
"""Kinds of event about the future (a plan's rotation periods): they count while their
period runs, but do not move the clock a scenario is judged at."""


def default_as_of(events: pl.DataFrame) -> datetime:
    """Now, or the latest ``end_time`` of observed (not planned) events if that is later."""
    observed = events.filter(~pl.col("kind").is_in(PLANNED_KINDS)) if events.height else events
    latest = observed["end_time"].max() if observed.height else None
    now = datetime.now(UTC)
    return max(latest, now) if isinstance(latest, datetime) else now


def objective_status(
    events: pl.DataFrame,
    as_of: datetime | None = None,
    params: StatusParams = StatusParams(),
) -> list[ObjectiveStatus]:
    """Status of every objective from the events, by :data:`STATUS_RULES`.

    ``as_of`` defaults to now, or to the latest ``end_time`` in the frame when that is
    later (a scenario replayed ahead of its dates is judged at its own time); so in
    live operations an objective turns green again after a quiet window.
    """
    as_of = as_of or default_as_of(events)
    since = as_of - timedelta(hours=params.window_h)
    live = events.filter(
        (pl.col("status") != "dismissed")
        & (pl.col("end_time") >= since)
        & (pl.col("start_time") <= as_of)
    )
    result = []
    for objective in OBJECTIVES:
        mine = live.filter(pl.col("objective") == objective)
        counts = {s: int((mine["severity"] == s).sum()) for s in SEVERITIES}
        confirmed = mine.filter(
            (pl.col("severity") == "critical")
            & pl.col("status").is_in(["corroborated", "verified"])
        ).height
        if confirmed:
            level, rule = STATUS_RULES[0]
        elif counts["critical"] >= params.red_min_critical:
            level, rule = STATUS_RULES[1]
            rule = rule.format(red_min_critical=params.red_min_critical)
        elif counts["critical"] or counts["warning"]:
            level, rule = STATUS_RULES[2]
        else:
            level, rule = STATUS_RULES[3]
        result.append(ObjectiveStatus(objective, level, rule, counts))
    return result


RELEASABLE_TO_NONE: tuple[str, ...] = (NOBODY,)
"""Releasability of a record no nation may see: ZZZ is an ISO 3166 user-assigned code
that no nation holds (an empty list would mean *every* nation)."""


def combine_releasability(*lists: Sequence[str]) -> list[str]:
    """Releasability of a record derived from several inputs: the nations allowed to
    see *all* of them. Empty lists (releasable to all) do not restrict."""
    restricting = [set(items) for items in lists if items]
    if not restricting:
        return []
    common = set.intersection(*restricting)
    return sorted(common) if common else list(RELEASABLE_TO_NONE)
