"""The one event schema shared by every domain, stable event ids, and objective status.

An event is one row of a Polars frame with :data:`EVENT_SCHEMA`. Detectors return such
frames (built with :func:`events_frame`); the store's ledger keeps them; the COP, the
reports and the exports only ever read them.

``start_time``/``end_time`` are the schema's *start* and *end* (UTC), named so that
they are not SQL keywords. ``geometry`` is WKB (point, line or polygon, lon/lat).

Objective status (red/amber/no data/green) follows :data:`STATUS_RULES`, evaluated over
the events of one objective that are not dismissed and end inside the look-back window,
and the records its sources reported in that window. The window ends at the picture's
*as of* time, chosen by :func:`judge_clock` from the data's clock, not the wall clock.
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
    "FIRST_YEAR",
    "LAST_YEAR",
    "LEVELS",
    "OBJECTIVES",
    "RELEASABLE_TO_NONE",
    "SEVERITIES",
    "STATUSES",
    "STATUS_RULES",
    "DataClock",
    "ObjectiveStatus",
    "StatusParams",
    "check_judgeable",
    "combine_releasability",
    "event_id",
    "events_frame",
    "format_span",
    "judge_clock",
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

Level = Literal["red", "amber", "no_data", "green"]
LEVELS: tuple[Level, ...] = ("red", "amber", "no_data", "green")
"""Worst first. ``no_data`` is shown grey: the objective's sources said nothing."""

STATUS_RULES: tuple[tuple[Level, str], ...] = (
    ("no_data", "no source of the objective reported in the window (expects {expects})"),
    ("red", "a critical event is corroborated or verified"),
    ("red", "at least {red_min_critical} critical events, confirmed or not"),
    ("amber", "at least one critical or warning event"),
    ("green", "its sources reported and no critical or warning event"),
)
"""The rules, first match wins, over one objective's live events in the window and the
records its sources reported in the same window. Absence of data is never green, and
it comes first: an objective nobody observed is not watched, whatever its events say
(a plan's sourcing gaps are still counted beside it)."""


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
    reported: int = 0
    """Records the objective's sources reported in the window."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "level": self.level,
            "rule": self.rule,
            "counts": self.counts,
            "reported": self.reported,
        }


def objective_status(
    events: pl.DataFrame,
    as_of: datetime,
    params: StatusParams = StatusParams(),
    *,
    reported: Mapping[str, int],
    expects: Mapping[str, str] | None = None,
) -> list[ObjectiveStatus]:
    """Status of every objective at ``as_of`` by :data:`STATUS_RULES`.

    ``events`` are the ones a reader may see; ``reported`` counts, per objective, the
    records its sources reported in the window ending at ``as_of`` (an objective missing
    from it reported nothing); ``expects`` names those sources for the *no data* rule.
    ``as_of`` is explicit: the caller chooses it from the data's clock
    (:func:`judge_clock`), never from the wall clock alone.
    """
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
        n_reported = int(reported.get(objective, 0))
        if n_reported == 0:
            rule = 0
        elif confirmed:
            rule = 1
        elif counts["critical"] >= params.red_min_critical:
            rule = 2
        elif counts["critical"] or counts["warning"]:
            rule = 3
        else:
            rule = 4
        level, text = STATUS_RULES[rule]
        text = text.format(
            red_min_critical=params.red_min_critical,
            expects=(expects or {}).get(objective, "its sources"),
        )
        result.append(ObjectiveStatus(objective, level, text, counts, n_reported))
    return result


# -- the data's clock ---------------------------------------------------------------

ClockBasis = Literal["data", "wall clock", "set"]


@dataclass(frozen=True)
class DataClock:
    """The time the picture is judged at, and how old the data behind it is.

    ``newest`` is the newest observed record (an AIS message, a report, a fire) the
    reader may see; ``now`` the wall clock when it was judged. See :func:`judge_clock`.
    """

    as_of: datetime
    basis: ClockBasis
    newest: datetime | None
    now: datetime
    window_h: float

    @property
    def age(self) -> timedelta | None:
        """How long ago the newest data was observed (negative: ahead of the wall clock)."""
        return None if self.newest is None else self.now - self.newest

    @property
    def stale(self) -> bool:
        """The newest data is older than the status window: the picture is not live."""
        age = self.age
        return age is not None and age > timedelta(hours=self.window_h)

    def note(self) -> str:
        """The data's age in words: ``newest data 6 d 3 h old``."""
        age = self.age
        if age is None:
            return "no observed data"
        if age < timedelta(0):
            return f"newest data {format_span(-age)} ahead of the wall clock"
        return f"newest data {format_span(age)} old"

    def as_dict(self) -> dict[str, Any]:
        age = self.age
        return {
            "as_of": _iso(self.as_of),
            "basis": self.basis,
            "newest": None if self.newest is None else _iso(self.newest),
            "age_s": None if age is None else round(age.total_seconds()),
            "stale": self.stale,
            "note": self.note(),
        }


FIRST_YEAR, LAST_YEAR = 2, 9998
"""Years a status may be judged in (``as_of``): Python's ``datetime`` holds years 1 to
9999, and a year's margin at each end keeps every UTC offset and status window inside."""


def check_judgeable(text: str, year: int) -> None:
    """``ValueError`` with the reason when ``text`` (a time in ``year``) is outside
    :data:`FIRST_YEAR` to :data:`LAST_YEAR`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"{text!r} is out of the representable range: years {FIRST_YEAR:04d} to "
            f"{LAST_YEAR} (any UTC offset or status window must stay inside years 1 to 9999)"
        )


def judge_clock(
    newest: datetime | None,
    now: datetime,
    window_h: float,
    as_of: datetime | None = None,
) -> DataClock:
    """When to judge the picture: ``as_of`` if the user set one; otherwise the wall clock
    while data is fresh (the newest record within the window), else the data's own clock
    (the newest record): a store of old data, or data ahead of the wall clock, is judged
    at its own time, never at a wall-clock moment when nothing was observed."""
    if as_of is not None:
        return DataClock(as_of, "set", newest, now, window_h)
    if newest is None:
        return DataClock(now, "wall clock", None, now, window_h)
    fresh = timedelta(0) <= now - newest <= timedelta(hours=window_h)
    if fresh:
        return DataClock(now, "wall clock", newest, now, window_h)
    return DataClock(newest, "data", newest, now, window_h)


def format_span(span: timedelta) -> str:
    """A duration in the two largest units a watch officer reads: ``6 d 3 h``, ``2 h 5 min``."""
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


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
