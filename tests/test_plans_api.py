"""The COP's plan routes on real stores of real plans, endpoint by endpoint, per nation.

Two stores of the scenario's coalition, solved for real (``plan_stores``):

``restricted``  the plan of record and one draft releasable to GBR and FRA only, one
                draft releasable to every coalition nation (``open``);
``open``        the plan of record releasable to all, one draft to GBR and FRA only.

A POL user must never receive a plan, a summary or a sourcing gap of a plan restricted
to GBR and FRA; ``current`` is the plan of record only for a nation that may see it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from fastapi.testclient import TestClient

from members import join_coalition
from plan_stores import LEADS, PlanSpec, coalition_runs, plan_store
from reassure.cop.app import create_app
from reassure.cop.plans import MAX_COMPARED, unfilled_rows
from reassure.force.planning import PlanRun
from reassure.force.plans import StoredPlan
from reassure.store import Store
from reassure.store.ledger import query_events
from reassure.users import add_user

FRAMES = {
    "assignments",
    "fill",
    "fill_rates",
    "burden",
    "timeline_units",
    "timeline_requirements",
    "timeline_objectives",
    "timeline_lift",
    "timeline_lift_daily",
    "timeline_deployed",
}
STORES = {
    "restricted": [
        PlanSpec("open", "greedy", "A: open draft", []),
        PlanSpec("draft", "greedy", "B: leads' draft", LEADS),
        PlanSpec("record", "mip", "plan", LEADS, of_record=True),
    ],
    "open": [
        PlanSpec("draft", "greedy", "B: leads' draft", LEADS),
        PlanSpec("record", "mip", "plan", [], of_record=True),
    ],
}


class Api:
    """A TestClient on one store of plans, with a token per nation."""

    def __init__(self, client: TestClient, tokens: dict[str, str], plans: dict[str, StoredPlan]):
        self.client, self.tokens, self.plans = client, tokens, plans

    def get(self, nation: str, url: str, status: int = 200) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[nation]}"}
        response = self.client.get(url, headers=headers)
        assert response.status_code == status, response.text
        return response.json()

    def id(self, key: str) -> str:
        return self.plans[key].plan_id


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PlanRun]:
    return coalition_runs(tmp_path_factory.mktemp("coalition"))


@pytest.fixture(scope="module", params=list(STORES))
def api(
    request: pytest.FixtureRequest,
    runs: dict[str, PlanRun],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Api]:
    db = tmp_path_factory.mktemp(f"plans-{request.param}") / "store.duckdb"
    plans, tokens = plan_store(db, runs, STORES[request.param])
    with TestClient(create_app(db)) as client:
        yield Api(client, tokens, plans)


def visible_to(api: Api, nation: str) -> set[str]:
    """Keys of the plans of ``api``'s store that ``nation`` may see."""
    return {
        key
        for key, plan in api.plans.items()
        if not plan.releasability or nation in plan.releasability
    }


def gaps(plan: StoredPlan) -> pl.DataFrame:
    """The fill rows of ``plan`` that the ledger must hold as sourcing gaps."""
    return plan.frames["fill"].filter((pl.col("unfilled") > 0) & pl.col("period").is_not_null())


@pytest.mark.parametrize(
    "url",
    [
        "/api/plans",
        "/api/plans/current",
        "/api/plans/compare",
        "/api/plans/PLAN-000000000000",
    ],
)
def test_every_plan_route_needs_a_valid_token(api: Api, url: str) -> None:
    assert api.client.get(url).status_code == 401
    assert api.client.get(url, headers={"Authorization": "Bearer forged"}).status_code == 401


@pytest.mark.parametrize("nation", ["GBR", "FRA", "POL"])
def test_the_plan_list_holds_what_the_nation_may_see_record_first(api: Api, nation: str) -> None:
    listed = api.get(nation, "/api/plans")
    expected = {api.id(key) for key in visible_to(api, nation)}
    assert {p["plan_id"] for p in listed} == expected
    assert all("frames" not in p for p in listed)
    record = [p["plan_id"] for p in listed if p["of_record"]]
    if "record" in visible_to(api, nation):
        assert record == [api.id("record")] and listed[0]["plan_id"] == api.id("record")
    else:
        assert record == []
    for p in listed:
        assert p["releasability"] == [] or nation in p["releasability"]


def test_pol_never_sees_the_leads_plans(api: Api) -> None:
    listed = {p["plan_id"] for p in api.get("POL", "/api/plans")}
    for plan in api.plans.values():
        if plan.releasability == LEADS:
            assert plan.plan_id not in listed
            body = api.get("POL", f"/api/plans/{plan.plan_id}", status=404)
            assert body["detail"] == f"no plan {plan.plan_id!r} releasable to POL"
            # the leads see it
            assert api.get("GBR", f"/api/plans/{plan.plan_id}")["plan_id"] == plan.plan_id
            assert api.get("FRA", f"/api/plans/{plan.plan_id}")["name"] == plan.name


def test_an_unknown_plan_is_the_same_404_as_a_restricted_one(api: Api) -> None:
    body = api.get("POL", "/api/plans/PLAN-000000000000", status=404)
    assert body["detail"] == "no plan 'PLAN-000000000000' releasable to POL"


@pytest.mark.parametrize("nation", ["GBR", "FRA", "POL"])
def test_current_is_the_plan_of_record_only_where_releasable(api: Api, nation: str) -> None:
    if "record" in visible_to(api, nation):
        body = api.get(nation, "/api/plans/current")
        assert body["plan_id"] == api.id("record")
        assert body["of_record"] is True
    else:
        # POL may see a draft, but a draft is not the plan of record
        assert visible_to(api, nation) == {"open"}
        body = api.get(nation, "/api/plans/current", status=404)
        assert body["detail"] == f"no plan of record releasable to {nation}"


def test_a_plan_comes_with_its_frames_periods_and_unfilled_requirements(api: Api) -> None:
    record = api.plans["record"]
    body = api.get("GBR", f"/api/plans/{record.plan_id}")
    assert set(body["frames"]) == FRAMES
    assert body["summary"] == record.summary
    periods = body["periods"]
    assert [p["period"] for p in periods] == list(range(record.settings["periods"]))
    assert periods[0]["start"] == record.settings["p_day"]
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(periods))
    spans = {(p["period"], p["start"], p["end"]) for p in periods}
    for a in body["frames"]["assignments"]:
        assert (a["period"], a["period_start"], a["period_end"]) in spans
    # the frames are the stored ones, dates as ISO text
    fill = record.frames["fill"]
    assert len(body["frames"]["fill"]) == fill.height
    unit = body["frames"]["timeline_units"][0]
    assert isinstance(unit["arrival_date"], str | None) and isinstance(unit["needed_by"], str)
    overall = {
        r["objective"]: r["rate"] for r in body["frames"]["fill_rates"] if r["period"] is None
    }
    assert overall == record.summary["fill_rate_by_objective"]
    # every unfilled row is a run of short rotations of one requirement, most critical first
    unfilled = body["unfilled"]
    assert unfilled, "the scenario's coalition leaves requirements short"
    assert sum(u["periods"] for u in unfilled) == fill.filter(pl.col("unfilled") > 0).height
    assert [u["priority"] for u in unfilled] == sorted(u["priority"] for u in unfilled)
    critical = {u["requirement_id"] for u in unfilled if u["priority"] == 1}
    assert critical == set(record.summary["unfilled_critical_requirements"])
    assert all(u["reason"] for u in unfilled)


def test_compare_sets_the_visible_plans_side_by_side(api: Api) -> None:
    body = api.get("GBR", "/api/plans/compare")
    listed = [p["plan_id"] for p in api.get("GBR", "/api/plans")]
    assert [p["plan_id"] for p in body["plans"]] == listed
    assert set(body["objectives"]) <= {"skies", "seas", "land", "support"}
    assert body["objectives"]
    for row in body["plans"]:
        summary = next(p for p in api.plans.values() if p.plan_id == row["plan_id"]).summary
        assert row["fill_rate"] == summary["fill_rate"]
        assert row["troops"] == summary["troops"]
        assert row["cost_meur"] == summary["cost_meur"]
        assert row["nations"] == summary["nations"]
        assert row["unfilled_critical"] == summary["unfilled_critical"]
        assert "all" not in row["fill_rate_by_objective"]
        for objective in body["objectives"]:
            assert (
                row["readiness"][objective]["foc_day"]
                == (summary["objectives"][objective]["foc_day"])
            )


def test_compare_keeps_the_order_asked_and_drops_repeats(api: Api) -> None:
    a, b = api.id("record"), api.id("draft")
    body = api.get("FRA", f"/api/plans/compare?ids={b}&ids={a}&ids={b}")
    assert [p["plan_id"] for p in body["plans"]] == [b, a]


def test_compare_refuses_a_plan_the_nation_may_not_see(api: Api) -> None:
    restricted = [p for p in api.plans.values() if p.releasability == LEADS]
    assert restricted
    pol = {p["plan_id"] for p in api.get("POL", "/api/plans/compare")["plans"]}
    assert pol == {api.id(key) for key in visible_to(api, "POL")}
    for plan in restricted:
        body = api.get("POL", f"/api/plans/compare?ids={plan.plan_id}", status=404)
        assert body["detail"] == f"no plan {plan.plan_id!r} releasable to POL"
        mixed = "&".join(f"ids={p}" for p in [*sorted(pol), plan.plan_id])
        api.get("POL", f"/api/plans/compare?{mixed}", status=404)


def test_compare_has_a_limit(api: Api) -> None:
    many = "&".join(f"ids=PLAN-{k:012d}" for k in range(MAX_COMPARED + 1))
    [error] = api.get("GBR", f"/api/plans/compare?{many}", status=422)["detail"]
    assert error["loc"] == ["query", "ids"] and str(MAX_COMPARED) in error["msg"]


@pytest.mark.parametrize("nation", ["GBR", "FRA", "POL"])
def test_sourcing_gaps_of_the_plan_of_record_are_filtered_alike(api: Api, nation: str) -> None:
    record = api.plans["record"]
    expected = gaps(record)
    assert expected.height > 0
    body = api.get(nation, "/api/events?kind=sourcing_gap")
    features = [f["properties"] for f in body["features"]]
    if "record" not in visible_to(api, nation):
        assert features == []
    else:
        assert len(features) == expected.height
        assert {p["subject"] for p in features} == set(expected["requirement_id"])
        # drafts put nothing in the ledger: every gap is the plan of record's
        assert {p["evidence"]["plan_id"] for p in features} == {record.plan_id}
        assert all(sorted(p["releasability"]) == sorted(record.releasability) for p in features)
        critical = expected.filter(pl.col("priority") == 1).height
        assert sum(p["severity"] == "critical" for p in features) == critical
    # the ledger itself, as every other read path uses it
    with Store(api.client.app.state.db_path, read_only=True) as store:  # type: ignore[attr-defined]
        ledger = query_events(store.con, nation).filter(pl.col("kind") == "sourcing_gap")
    assert ledger.height == len(features)


@pytest.mark.parametrize("nation", ["GBR", "POL"])
def test_objective_status_counts_the_gaps_only_where_releasable(api: Api, nation: str) -> None:
    record = api.plans["record"]
    as_of = record.settings["p_day"] + "T12:00:00Z"
    status = api.get(nation, f"/api/status?as_of={as_of}&window_h=24")
    counted = sum(sum(o["counts"].values()) for o in status["objectives"])
    live = gaps(record).filter(pl.col("period") == 0).height
    assert counted == (live if "record" in visible_to(api, nation) else 0)


def test_a_store_without_plans_answers_with_empty_lists(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with Store(db) as store, store.transaction() as con:
        join_coalition(con, "POL")
        token = add_user(con, "pol.planner", "POL", ["planner"])
    api = Api(TestClient(create_app(db)), {"POL": token}, {})
    with api.client:
        assert api.get("POL", "/api/plans") == []
        assert api.get("POL", "/api/plans/compare") == {"objectives": [], "plans": []}
        body = api.get("POL", "/api/plans/current", status=404)
        assert body["detail"] == "no plan of record releasable to POL"


def test_the_plan_routes_are_in_the_openapi_document(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    assert {"/api/plans", "/api/plans/compare", "/api/plans/{plan_id}"} <= set(paths)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [("R1", 2, 0, 1, "x"), ("R1", 2, 1, 2, "x"), ("R1", 2, 2, 1, "x")],
            [("R1", 0, 2, 3, 2)],
            id="one-run-keeps-the-most-short",
        ),
        pytest.param(
            [("R1", 1, 0, 1, "x"), ("R1", 1, 1, 1, "y")],
            [("R1", 0, 0, 1, 1), ("R1", 1, 1, 1, 1)],
            id="a-new-reason-starts-a-run",
        ),
        pytest.param(
            [("R1", 1, 0, 1, "x"), ("R1", 1, 2, 1, "x")],
            [("R1", 0, 0, 1, 1), ("R1", 2, 2, 1, 1)],
            id="a-filled-rotation-between-splits",
        ),
        pytest.param(
            [
                ("R9", 3, 0, 4, "x"),
                ("R2", 1, 1, 1, "x"),
                ("R1", 1, 1, 2, "x"),
                ("R0", 1, 0, 1, "x"),
            ],
            [("R0", 0, 0, 1, 1), ("R1", 1, 1, 1, 2), ("R2", 1, 1, 1, 1), ("R9", 0, 0, 1, 4)],
            id="priority-then-first-rotation-then-most-short",
        ),
        pytest.param(
            [("R5", 2, None, 3, "outside"), ("R4", 2, 0, 1, "x")],
            [("R4", 0, 0, 1, 1), ("R5", None, None, 1, 3)],
            id="outside-every-period-comes-last-of-its-priority",
        ),
        pytest.param([("R1", 1, 0, 0, None)], [], id="nothing-short"),
    ],
)
def test_unfilled_rows(
    rows: list[tuple[str, int, int | None, int, str | None]],
    expected: list[tuple[str, int | None, int | None, int, int]],
) -> None:
    fill = pl.DataFrame(
        [
            {
                "requirement_id": r,
                "objective": "land",
                "capability": "infantry_battalion",
                "priority": priority,
                "period": period,
                "wanted": 4,
                "filled": 4 - short,
                "unfilled": short,
                "reason": reason,
            }
            for r, priority, period, short, reason in rows
        ]
    )
    got = [
        (u["requirement_id"], u["first_period"], u["last_period"], u["periods"], u["unfilled"])
        for u in unfilled_rows(fill)
    ]
    assert got == expected
