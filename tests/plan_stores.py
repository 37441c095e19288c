"""Real stores of force plans for the COP tests: the scenario's coalition, solved for real.

``coalition_runs`` generates the scenario's coalition (its nations, statement of
requirements, pledges and lift at scale 1), ingests it into a store and solves it twice
(over two rotations unless told): the MIP (``mip``) and the greedy baseline (``greedy``). A store of
plans is then made of those runs under other names and releasabilities
(``PlanSpec``), without solving again, with one user per nation of ``NATIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from members import join_coalition
from reassure.force.planning import PlanRun, run_plan, store_run, store_settings
from reassure.force.plans import StoredPlan
from reassure.force.store import load_inputs
from reassure.ingest import ingest_files
from reassure.scenario.context import ScenarioContext
from reassure.scenario.domains import coalition
from reassure.scenario.frontline import notional_line
from reassure.scenario.generator import DEFAULT_START
from reassure.store import Store
from reassure.users import add_user

NATIONS = ("GBR", "FRA", "POL")
"""A user of each: GBR and FRA lead the coalition; POL may not see their restricted plans."""
LEADS = ["GBR", "FRA"]


@dataclass(frozen=True)
class PlanSpec:
    key: str
    """The name the test uses for the plan."""
    run: str
    """``mip`` or ``greedy``: which solved run it is."""
    name: str
    releasability: list[str]
    of_record: bool = False


def coalition_runs(folder: Path, periods: int = 2) -> dict[str, PlanRun]:
    """The scenario's coalition solved over ``periods`` rotations, by the MIP and the
    greedy."""
    ctx = ScenarioContext(7, 1.0, DEFAULT_START, 3, folder, notional_line())
    coalition.generate(ctx)
    with Store(folder / "inputs.duckdb") as store:
        for source in ("nations", "requirements", "pledges", "lift"):
            ingest_files(store, source, [folder / "coalition" / f"{source}.yaml"])
        inputs, _ = load_inputs(store.con)
    settings = store_settings(inputs, periods=periods)
    return {
        "mip": run_plan(inputs, settings, name="mip"),
        "greedy": run_plan(inputs, settings, name="greedy", method="greedy"),
    }


def plan_store(
    db: Path, runs: dict[str, PlanRun], specs: list[PlanSpec]
) -> tuple[dict[str, StoredPlan], dict[str, str]]:
    """A store at ``db`` holding ``specs`` (stored in that order) and a user per nation:
    (plans by key, tokens by nation)."""
    stored = {}
    with Store(db) as store, store.transaction() as con:
        for spec in specs:
            run = replace(runs[spec.run], name=spec.name, releasability=spec.releasability)
            stored[spec.key] = store_run(con, run, of_record=spec.of_record)
        join_coalition(con, *NATIONS)
        tokens = {n: add_user(con, f"{n.lower()}.planner", n, ["planner"]) for n in NATIONS}
    return stored, tokens
