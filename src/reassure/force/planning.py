"""One planning run: inputs and settings -> sourcing plan -> readiness timeline -> summary.

``run_plan`` is what ``reassure plan solve|compare|whatif`` and the COP call: it builds
the sourcing problem, solves it (the MIP, or the greedy baseline), simulates the
deployment from P-day, and sums the run up as a course of action is compared:

=====================  ======================================================
fill_rate              unit-periods filled over wanted, all periods (and per
                       objective, and the P-day force's: period 1)
weighted_fill_rate     the same, weighted by priority (``PRIORITY_WEIGHTS``)
ioc / foc              per objective: day after P-day (``P+n``) or never
troops                 troops in place once the P-day force has arrived
cost_meur              cost of the rotations the plan uses
nations                nations that contribute a unit
unfilled_critical      priority-1 requirement-periods short of units
=====================  ======================================================
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import polars as pl

from reassure.errors import InputError
from reassure.force.greedy import solve_greedy
from reassure.force.plans import StoredPlan, gap_events, plan_id, record_gaps, save_plan
from reassure.force.problem import ForceInputs, PlanSettings, build_problem
from reassure.force.result import Plan
from reassure.force.sourcing import solve
from reassure.force.timeline import Timeline, simulate

__all__ = ["PlanRun", "run_plan", "store_run", "store_settings", "stored_timeline"]

METHODS = ("mip", "greedy")


@dataclass(frozen=True)
class PlanRun:
    """A solved course of action: what went in, the plan, the timeline, the summary."""

    name: str
    source: str
    settings: PlanSettings
    inputs: ForceInputs
    releasability: list[str]
    plan: Plan
    timeline: Timeline

    @property
    def summary(self) -> dict[str, Any]:
        rates = self.plan.fill_rates
        by_objective = {
            row["objective"]: row["rate"]
            for row in rates.filter(pl.col("period").is_null()).iter_rows(named=True)
        }
        first = {
            row["objective"]: row["rate"]
            for row in rates.filter(pl.col("period") == 0).iter_rows(named=True)
        }
        objectives = {
            row["objective"]: {
                "ioc_day": row["ioc_day"],
                "foc_day": row["foc_day"],
                "ioc_date": _iso(row["ioc_date"]),
                "foc_date": _iso(row["foc_date"]),
                "troops": row["troops"],
                "units": row["units"],
            }
            for row in self.timeline.objectives.iter_rows(named=True)
        }
        unfilled = self.plan.unfilled
        critical = unfilled.filter(pl.col("priority") == 1)
        used = self.plan.assignments
        return {
            "name": self.name,
            "method": self.plan.info.method,
            "status": self.plan.info.status,
            "gap": self.plan.info.gap,
            "fill_rate": self.plan.fill_rate,
            "weighted_fill_rate": self.plan.weighted_fill_rate,
            "fill_rate_by_objective": by_objective,
            "first_rotation_fill_rate": first,
            "objectives": objectives,
            "troops": int(sum(o["troops"] or 0 for o in objectives.values())),
            "cost_meur": self.plan.info.objectives.get("cost_meur"),
            "nations": sorted(set(used["nation"])) if used.height else [],
            "unfilled_critical": critical.height,
            "unfilled_critical_requirements": sorted(set(critical["requirement_id"])),
            "requirements": self.inputs.requirements.height,
            "pledges": self.inputs.pledges.height,
        }


def store_settings(inputs: ForceInputs, **given: Any) -> PlanSettings:
    """The settings of the plan of the store's inputs: P-day is the earliest
    requirement's start (``given`` sets the others)."""
    if inputs.requirements.height == 0:
        raise InputError("store", "no requirements: `reassure ingest requirements FILE`")
    first = inputs.requirements["start"].min()
    assert isinstance(first, date), first
    return PlanSettings(p_day=first, **given)


def run_plan(
    inputs: ForceInputs,
    settings: PlanSettings,
    *,
    name: str = "plan",
    source: str = "store",
    method: str = "mip",
    releasability: list[str] | None = None,
) -> PlanRun:
    """Solve ``inputs`` under ``settings`` and simulate the deployment."""
    if method not in METHODS:
        raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
    problem = build_problem(inputs, settings)
    plan = solve(problem) if method == "mip" else solve_greedy(problem)
    timeline = simulate(
        plan.assignments,
        problem.requirements,
        problem.pledges,
        inputs.lift,
        inputs.transit,
        settings,
    )
    return PlanRun(name, source, settings, inputs, releasability or [], plan, timeline)


def store_run(con: duckdb.DuckDBPyConnection, run: PlanRun, of_record: bool) -> StoredPlan:
    """Keep ``run`` in the store; the plan of record's gaps go to the event ledger."""
    settings = _settings_dict(run.settings)
    stored = StoredPlan(
        plan_id=plan_id(run.name, settings, _digest(run.inputs)),
        name=run.name,
        source=run.source,
        created=datetime.now(UTC),
        method=run.plan.info.method,
        status=run.plan.info.status,
        gap=run.plan.info.gap,
        of_record=of_record,
        settings=settings,
        summary=run.summary,
        releasability=run.releasability,
        frames={
            "assignments": run.plan.assignments,
            "fill": run.plan.fill,
            "fill_rates": run.plan.fill_rates,
            "burden": run.plan.burden,
            **{f"timeline_{k}": v for k, v in _timeline_frames(run.timeline).items()},
        },
    )
    save_plan(con, stored)
    if of_record:
        events = gap_events(
            run.plan.fill, run.inputs.requirements, run.plan.periods, stored.plan_id,
            run.releasability,
        )  # fmt: skip
        record_gaps(con, events)
    return stored


def _timeline_frames(timeline: Timeline) -> dict[str, pl.DataFrame]:
    return {name: getattr(timeline, name) for name in Timeline.FRAMES}


def stored_timeline(stored: StoredPlan) -> Timeline:
    """The timeline a stored plan keeps (its ``timeline_*`` frames)."""
    p_day = date.fromisoformat(stored.settings["p_day"])
    frames = {name: stored.frames[f"timeline_{name}"] for name in Timeline.FRAMES}
    return Timeline(p_day=p_day, **frames)


def _settings_dict(settings: PlanSettings) -> dict[str, Any]:
    out = asdict(settings)
    out["p_day"] = settings.p_day.isoformat()
    return out


def _digest(inputs: ForceInputs) -> str:
    """A fingerprint of the inputs (their rows, in order), for the plan's id."""
    digest = hashlib.sha256()
    for frame in (inputs.requirements, inputs.pledges, inputs.nations, inputs.lift, inputs.transit):
        if frame is not None:
            digest.update(json.dumps(frame.to_dicts(), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
