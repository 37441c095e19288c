"""What the sources observed: the data's clock and who reported in a status window.

The picture is judged *as of* a time (:func:`reassure.events.judge_clock`): by default
the time of the newest observed record a reader may see, not the wall clock, so a store
of last week's data is judged last week and says how old it is. An objective whose
sources reported nothing in the window is *no data*, never green.

Each source of observed records is an :class:`Observed`: a query giving one row per
record with its time and releasability. Every read filters by the reader's nation
(:func:`reassure.store.access.releasable`) before anything else, so neither the clock
nor a count reveals a record the reader may not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import polars as pl

from reassure.events import (
    OBJECTIVES,
    STATUS_RULES,
    DataClock,
    ObjectiveStatus,
    StatusParams,
    judge_clock,
    objective_status,
)
from reassure.store.access import releasable
from reassure.store.ledger import query_events

__all__ = ["EXPECTS", "OBSERVED", "Observed", "StatusReport", "newest_observed", "status_report"]


@dataclass(frozen=True)
class Observed:
    """One source of observed records for the data clock and the *no data* rule."""

    name: str
    objective: str
    label: str
    rows: str
    """SQL giving one row per record: ``observed_at`` (TIMESTAMPTZ or NULL) and
    ``releasability`` (the record's, or that of the ingest that brought it)."""
    clocked: bool = True
    """Records carry the time they were observed: they move the data clock and count
    only inside the window. A plan is not an observation: it counts while it exists."""


OBSERVED: tuple[Observed, ...] = (
    Observed(
        "ais",
        "seas",
        "AIS positions",
        "SELECT p.rx_time AS observed_at, i.releasability FROM ais_positions p "
        "JOIN ingests i USING (ingest_id)",
    ),
    Observed(
        "land_reports",
        "land",
        "monitors' reports",
        "SELECT observed_at, releasability FROM land_reports",
    ),
    Observed(
        "plan_of_record",
        "force",
        "the plan of record",
        "SELECT NULL::TIMESTAMPTZ AS observed_at, releasability FROM force_plans WHERE of_record",
        clocked=False,
    ),
)
"""Sources of observed records in the store, by objective."""

EXPECTS: dict[str, str] = {
    "skies": "an ADS-B / Mode S air picture",
    "seas": "AIS positions",
    "land": "monitors' reports, satellite fire detections or event reports",
    "support": "needs, pledges and deliveries to the Ukrainian Armed Forces",
    "force": "a plan of record",
}
"""What each objective's status rests on, named in its *no data* rule."""


def _releasable_rows(source: Observed, nation: str) -> tuple[str, list[Any]]:
    rule, params = releasable(nation)
    return f"(SELECT * FROM ({source.rows}) WHERE {rule})", params


def newest_observed(con: duckdb.DuckDBPyConnection, nation: str) -> datetime | None:
    """Time of the newest observed record releasable to ``nation`` (the data's clock)."""
    selects, params = [], []
    for source in OBSERVED:
        if source.clocked:
            rows, rule_params = _releasable_rows(source, nation)
            selects.append(f"SELECT max(observed_at) AS t FROM {rows}")
            params.extend(rule_params)
    sql = " UNION ALL ".join(selects)
    row = con.execute(f"SELECT max(t) FROM ({sql})", params).fetchone()
    newest = row[0] if row else None
    return newest.astimezone(UTC) if isinstance(newest, datetime) else None


def _reported(
    con: duckdb.DuckDBPyConnection, nation: str, since: datetime, until: datetime
) -> dict[str, int]:
    """Records each source reported in ``[since, until]`` (a plan: while it exists)."""
    counts = {}
    for source in OBSERVED:
        rows, params = _releasable_rows(source, nation)
        window = "observed_at BETWEEN ? AND ?" if source.clocked else "TRUE"
        if source.clocked:
            params += [since, until]
        row = con.execute(f"SELECT count(*) FROM {rows} WHERE {window}", params).fetchone()
        counts[source.name] = int(row[0]) if row else 0
    return counts


@dataclass(frozen=True)
class StatusReport:
    """Objective status with the clock it was judged at and what each source reported."""

    clock: DataClock
    objectives: list[ObjectiveStatus]
    sources: dict[str, int]
    """Records per source in the window, releasable to the reader."""
    params: StatusParams

    def rules(self) -> list[dict[str, str]]:
        """:data:`~reassure.events.STATUS_RULES` in words, for a legend."""
        return [
            {
                "level": level,
                "rule": text.format(
                    red_min_critical=self.params.red_min_critical, expects="its sources"
                ),
            }
            for level, text in STATUS_RULES
        ]

    def as_dict(self) -> dict[str, Any]:
        clock = self.clock.as_dict()
        return {
            "as_of": clock["as_of"],
            "window_h": self.clock.window_h,
            "data": clock,
            "rules": self.rules(),
            "objectives": [
                {
                    **s.as_dict(),
                    "expects": EXPECTS.get(s.objective, ""),
                    "sources": [
                        {"source": o.name, "label": o.label, "records": self.sources[o.name]}
                        for o in OBSERVED
                        if o.objective == s.objective
                    ],
                }
                for s in self.objectives
            ],
        }


def status_report(
    con: duckdb.DuckDBPyConnection,
    nation: str,
    now: datetime,
    as_of: datetime | None = None,
    params: StatusParams | None = None,
    events: pl.DataFrame | None = None,
) -> StatusReport:
    """Status of every objective as ``nation`` may see it, judged at ``as_of`` or at the
    data's clock (:func:`reassure.events.judge_clock`); ``now`` is the wall clock, passed
    in so that nothing here reads it. ``events`` defaults to the ledger's releasable rows."""
    params = params or StatusParams()
    clock = judge_clock(newest_observed(con, nation), now, params.window_h, as_of)
    since = clock.as_of - timedelta(hours=params.window_h)
    sources = _reported(con, nation, since, clock.as_of)
    by_objective: Mapping[str, int] = {
        objective: sum(sources[s.name] for s in OBSERVED if s.objective == objective)
        for objective in OBJECTIVES
    }
    frame = query_events(con, nation) if events is None else events
    statuses = objective_status(frame, clock.as_of, params, reported=by_objective, expects=EXPECTS)
    return StatusReport(clock, statuses, sources, params)
