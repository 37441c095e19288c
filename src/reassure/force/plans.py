"""Plans in the store, and the plan of record's sourcing gaps in the event ledger.

A plan is stored whole: a row of ``force_plans`` (name, method, status, the gap the
solver proved, settings, a summary) and its frames as JSON rows. Its id is a hash of
its name, settings and inputs, so solving the same course of action on the same inputs
replaces it rather than adding another. Every plan carries the releasability of its
inputs (a plan drawn from a restricted pledge list is restricted too).

The plan of record (``reassure plan solve`` without ``--draft``) puts each requirement
left unfilled in a rotation period into the ledger as a ``sourcing_gap`` event of the
requirement's objective: critical for priority 1, warning for 2, info otherwise; it is
live while its period runs, so the objectives' status reflects today's gaps.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

import duckdb
import polars as pl

from reassure.events import event_id, events_frame
from reassure.store.access import releasable
from reassure.store.ledger import write_events

__all__ = [
    "GAP_DETECTOR",
    "StoredPlan",
    "gap_events",
    "list_plans",
    "load_plan",
    "plan_id",
    "record_gaps",
    "save_plan",
]

GAP_DETECTOR = "force.sourcing"
"""The ledger's name for the plan of record: its gaps replace the previous plan's."""
SEVERITY_BY_PRIORITY = {1: "critical", 2: "warning"}


@dataclass(frozen=True)
class StoredPlan:
    """A plan as the store holds it."""

    plan_id: str
    name: str
    source: str
    created: datetime
    method: str
    status: str
    gap: float | None
    of_record: bool
    settings: dict[str, Any]
    summary: dict[str, Any]
    releasability: list[str]
    frames: dict[str, pl.DataFrame]

    def as_dict(self, frames: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "plan_id": self.plan_id,
            "name": self.name,
            "source": self.source,
            "created": self.created.isoformat(),
            "method": self.method,
            "status": self.status,
            "gap": self.gap,
            "of_record": self.of_record,
            "settings": self.settings,
            "summary": self.summary,
            "releasability": self.releasability,
        }
        if frames:
            out["frames"] = {
                name: frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d")).to_dicts()
                for name, frame in self.frames.items()
            }
        return out


def plan_id(name: str, settings: dict[str, Any], input_digest: str) -> str:
    """Stable id of a plan: the same course of action on the same inputs, the same id."""
    text = json.dumps([name, settings, input_digest], sort_keys=True, default=str)
    return "PLAN-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def save_plan(con: duckdb.DuckDBPyConnection, plan: StoredPlan) -> None:
    """Insert or replace ``plan`` and its frames; the plan of record is the only one.

    A draft with the id of the plan of record (the same course of action on the same
    inputs: the same plan) stays the plan of record, with its gaps in the ledger."""
    if plan.of_record:
        con.execute("UPDATE force_plans SET of_record = false")
    else:
        kept = con.execute(
            "SELECT of_record FROM force_plans WHERE plan_id = ?", [plan.plan_id]
        ).fetchone()
        if kept is not None and kept[0]:
            plan = replace(plan, of_record=True)
    con.execute("DELETE FROM force_plan_frames WHERE plan_id = ?", [plan.plan_id])
    con.execute("DELETE FROM force_plans WHERE plan_id = ?", [plan.plan_id])
    con.execute(
        "INSERT INTO force_plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            plan.plan_id, plan.name, plan.source, plan.created, plan.method, plan.status,
            plan.gap, plan.of_record, _json(plan.settings), _json(plan.summary),
            plan.releasability,
        ],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO force_plan_frames VALUES (?, ?, ?)",
        [[plan.plan_id, name, _parquet(frame)] for name, frame in plan.frames.items()],
    )


def list_plans(con: duckdb.DuckDBPyConnection, nation: str) -> list[StoredPlan]:
    """Plans releasable to ``nation`` (without their frames), the newest first."""
    return [_plan(row, {}) for row in _rows(con, nation, None)]


def load_plan(
    con: duckdb.DuckDBPyConnection, nation: str, plan_id: str | None = None
) -> StoredPlan | None:
    """A plan releasable to ``nation`` with its frames: ``plan_id``, or the plan of
    record; None when there is none ``nation`` may see (a draft is never taken for the
    plan of record)."""
    rows = _rows(con, nation, plan_id)
    if plan_id is None:
        rows = [row for row in rows if row[7]]
    if not rows:
        return None
    row = rows[0]
    frames = {
        name: pl.read_parquet(io.BytesIO(data))
        for name, data in con.execute(
            "SELECT frame, parquet FROM force_plan_frames WHERE plan_id = ? ORDER BY frame",
            [row[0]],
        ).fetchall()
    }
    return _plan(row, frames)


def _rows(con: duckdb.DuckDBPyConnection, nation: str, plan_id: str | None) -> list[Any]:
    where, params = releasable(nation)
    if plan_id is not None:
        where += " AND plan_id = ?"
        params.append(plan_id)
    return con.execute(
        "SELECT plan_id, name, source, created, method, status, gap, of_record, "
        f"CAST(settings AS VARCHAR), CAST(summary AS VARCHAR), releasability FROM force_plans "
        f"WHERE {where} ORDER BY of_record DESC, created DESC, plan_id",
        params,
    ).fetchall()


def _plan(row: Any, frames: dict[str, pl.DataFrame]) -> StoredPlan:
    created = row[3] if row[3].tzinfo else row[3].replace(tzinfo=UTC)
    return StoredPlan(
        row[0], row[1], row[2], created, row[4], row[5], row[6], bool(row[7]),
        json.loads(row[8]), json.loads(row[9]), list(row[10]), frames,
    )  # fmt: skip


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def _json(value: Any) -> str:
    return json.dumps(value, default=_plain, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def gap_events(
    fill: pl.DataFrame,
    requirements: pl.DataFrame,
    periods: Sequence[tuple[date, date]],
    plan: str,
    releasability: list[str],
) -> pl.DataFrame:
    """The ``sourcing_gap`` events of a plan's ``fill`` rows that are short of units
    (columns requirement_id, period, wanted, filled, unfilled, reason) for the
    ``requirements`` (``inputs.REQUIREMENT_SCHEMA``), each live over its period."""
    reqs = {r["requirement_id"]: r for r in requirements.iter_rows(named=True)}
    rows = []
    short = fill.filter((pl.col("unfilled") > 0) & pl.col("period").is_not_null())
    for gap in short.iter_rows(named=True):
        req = reqs[gap["requirement_id"]]
        period_start, period_end = periods[gap["period"]]
        start = _utc(period_start)
        subject = req["requirement_id"]
        records = [f"plan:{plan}:{subject}:{gap['period']}"]
        label = req["capability"].replace("_", " ")
        rows.append(
            {
                "event_id": event_id("sourcing_gap", subject, start, records),
                "objective": req["objective"],
                "kind": "sourcing_gap",
                "subject": subject,
                "start_time": start,
                "end_time": _utc(period_end),
                "zone_id": None,
                "severity": SEVERITY_BY_PRIORITY.get(req["priority"], "info"),
                "confidence": 1.0,
                "title": (
                    f"{subject}: {gap['unfilled']} of {gap['wanted']} {label} unfilled at "
                    f"{req['base']} in rotation {gap['period'] + 1} — {gap['reason']}"
                ),
                "detector": GAP_DETECTOR,
                "evidence": {
                    "records": records,
                    "plan_id": plan,
                    "period": gap["period"],
                    "wanted": gap["wanted"],
                    "filled": gap["filled"],
                    "priority": req["priority"],
                    "reason": gap["reason"],
                },
                "releasability": releasability,
                "geometry": _point(req.get("lon"), req.get("lat")),
            }
        )
    return events_frame(rows)


def record_gaps(con: duckdb.DuckDBPyConnection, events: pl.DataFrame) -> Any:
    """Put the plan of record's gaps in the ledger, replacing the previous plan's."""
    return write_events(con, events, GAP_DETECTOR)


def _utc(day: Any) -> datetime:
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return datetime.combine(day, time(), tzinfo=UTC)


def _point(lon: float | None, lat: float | None) -> bytes | None:
    if lon is None or lat is None:
        return None
    import shapely  # GEOS: to store a plan's gaps, not to read plans

    wkb: bytes = shapely.to_wkb(shapely.Point(lon, lat))
    return wkb
