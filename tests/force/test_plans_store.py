"""Plans in the store: the plan of record is never confused with a draft."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from members import join_coalition
from plan_stores import coalition_runs
from reassure.force.planning import PlanRun, store_run
from reassure.force.plans import GAP_DETECTOR, list_plans, load_plan
from reassure.store import Store


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PlanRun]:
    return coalition_runs(tmp_path_factory.mktemp("coalition"), periods=1)


def gap_count(store: Store) -> int:
    (count,) = store.con.execute(
        "SELECT count(*) FROM events WHERE detector = ?", [GAP_DETECTOR]
    ).fetchone()  # type: ignore[misc]
    return int(count)


def test_no_plan_of_record_for_a_nation_means_none_not_a_draft(
    runs: dict[str, PlanRun], tmp_path: Path
) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        with store.transaction() as con:
            join_coalition(con, "GBR", "POL")
            store_run(con, replace(runs["mip"], releasability=["GBR"]), of_record=True)
            draft = store_run(con, replace(runs["greedy"], name="open draft"), of_record=False)
        assert load_plan(store.con, "POL") is None
        shown = load_plan(store.con, "POL", draft.plan_id)
        assert shown is not None and not shown.of_record
        record = load_plan(store.con, "GBR")
        assert record is not None and record.of_record and record.name == "mip"


def test_the_same_plan_solved_as_a_draft_stays_the_plan_of_record(
    runs: dict[str, PlanRun], tmp_path: Path
) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        with store.transaction() as con:
            join_coalition(con, "GBR")
            first = store_run(con, runs["mip"], of_record=True)
        gaps = gap_count(store)
        assert gaps > 0
        with store.transaction() as con:
            again = store_run(con, runs["mip"], of_record=False)
        assert again.plan_id == first.plan_id
        (plan,) = list_plans(store.con, "GBR")
        assert plan.of_record
        assert gap_count(store) == gaps
