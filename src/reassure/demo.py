"""The demo: scenario → ingest → detect → plan → users, ready for the COP.

The plan step solves the coalition's statement of requirements from its pledges (the
plan of record: its sourcing gaps join the ledger) and the scenario's three courses of
action (stored as drafts), so the COP's planner view has plans to show and compare.

``build_demo_store`` does the work (also used by the tests); ``reassure demo`` calls it,
prints what it loaded and serves the COP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from reassure.detect import DetectReport, run_detectors
from reassure.events import OBJECTIVES, SEVERITIES
from reassure.ingest import ingest_scenario
from reassure.store.db import Store
from reassure.store.ingest import IngestReport
from reassure.store.ledger import query_events
from reassure.store.observed import StatusReport, status_report
from reassure.users import add_user

__all__ = ["DEMO_USERS", "DemoResult", "build_demo_store"]

DEMO_USERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("gbr.watch", "GBR", ("watch",)),
    ("fra.watch", "FRA", ("watch",)),
    ("ukr.liaison", "UKR", ("liaison",)),
    ("pol.planner", "POL", ("planner",)),
    ("tur.analyst", "TUR", ("analyst",)),
)
"""Demo users: (user id, nation, roles). Tokens are new on every run."""


@dataclass
class DemoResult:
    db_path: Path
    scenario_dir: Path
    ingests: list[IngestReport] = field(default_factory=list)
    detections: list[DetectReport] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    status: StatusReport | None = None
    """Objective status as the first demo user (GBR) sees it, at the data's clock."""
    events_by_objective: dict[str, dict[str, int]] = field(default_factory=dict)
    """Events in the ledger per objective and severity, as the first demo user sees them."""
    plans: list[dict[str, Any]] = field(default_factory=list)
    """Plans solved: the plan of record, then the courses of action (their summaries)."""

    def summary(self) -> dict[str, Any]:
        return {
            "db": str(self.db_path),
            "scenario": str(self.scenario_dir),
            "ingests": [r.as_dict() for r in self.ingests],
            "detections": [d.as_dict() for d in self.detections],
            "status": None if self.status is None else self.status.as_dict(),
            "events_by_objective": self.events_by_objective,
            "plans": self.plans,
            "users": sorted(self.tokens),
        }


def build_demo_store(
    home: Path,
    seed: int = 7,
    scale: float = 1.0,
    frontline: Path | None = None,
    db_path: Path | None = None,
    step: Callable[[str], None] = lambda _: None,
    *,
    now: datetime,
) -> DemoResult:
    """Generate the scenario into ``home/scenario``, ingest it into the store, run every
    detector and create the demo users. Running it again adds nothing twice. ``now`` is
    the wall clock the status is judged against (it only says how old the data is)."""
    from reassure.scenario import generate

    scenario_dir = home / "scenario"
    result = DemoResult(db_path or home / "reassure.duckdb", scenario_dir)
    step("scenario")
    generate(scenario_dir, seed=seed, scale=scale, frontline=frontline)
    with Store(result.db_path) as store:
        step("ingest")
        result.ingests = ingest_scenario(store, scenario_dir)
        step("detect")
        result.detections = run_detectors(store)
        step("plan")
        result.plans = plan_demo(store, scenario_dir)
        step("users")
        with store.transaction() as con:
            for user_id, nation, roles in DEMO_USERS:
                result.tokens[user_id] = add_user(con, user_id, nation, list(roles))
        visible = query_events(store.con, DEMO_USERS[0][1])
        result.status = status_report(store.con, DEMO_USERS[0][1], now, events=visible)
        result.events_by_objective = {
            objective: {
                severity: visible.filter(
                    (pl.col("objective") == objective) & (pl.col("severity") == severity)
                ).height
                for severity in SEVERITIES
            }
            for objective in OBJECTIVES
        }
    return result


PLAN_TIME_LIMIT_S = 120.0
"""The demo's budget per plan. The scale-1 coalition is proved optimal in a few seconds;
the budget is generous so that a loaded machine still proves every stage: a plan cut
short by its time limit depends on the machine's speed, and so would its sourcing gaps'
event ids."""


def plan_demo(store: Store, scenario_dir: Path) -> list[dict[str, Any]]:
    """Solve the plan of record from the store and the scenario's courses of action."""
    from dataclasses import replace

    from reassure.force.coa import load_coa
    from reassure.force.planning import run_plan, store_run, store_settings
    from reassure.force.store import load_inputs

    inputs, releasable = load_inputs(store.con)
    if inputs.requirements.height == 0:
        return []
    settings = store_settings(inputs, time_limit_s=PLAN_TIME_LIMIT_S)
    runs = [(run_plan(inputs, settings, name="plan", releasability=releasable), True)]
    for path in sorted((scenario_dir / "coalition" / "coa").glob("coa_*.yaml")):
        course = load_coa(path, inputs)
        course_settings = replace(course.settings, time_limit_s=PLAN_TIME_LIMIT_S)
        run = run_plan(course.inputs, course_settings, name=course.name, source=str(path))
        runs.append((run, False))
    summaries = []
    for run, of_record in runs:
        with store.transaction() as con:
            stored = store_run(con, run, of_record=of_record)
        summaries.append({"plan_id": stored.plan_id, "of_record": of_record, **run.summary})
    return summaries
