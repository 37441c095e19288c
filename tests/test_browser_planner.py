"""The COP's force-plan and compare views in a real Chromium, on real plans.

As ``test_browser``: the real app served by uvicorn, Debian's Chromium, every request
off the server refused. The store holds the scenario's coalition solved for real
(``plan_stores``): the plan of record and a draft releasable to GBR and FRA only, and a
draft releasable to all. What the page draws is checked against what the API gives the
same user; GBR sees the plan of record, POL its empty state. Screenshots go to
``test-artifacts/planner*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from members import join_coalition
from plan_stores import LEADS, PlanSpec, coalition_runs, plan_store
from reassure.store import Store
from reassure.users import add_user
from test_browser import ARTIFACTS, VIEWPORT, Server, Watch, chromium, open_page, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY_TIMEOUT_MS = 60_000
SPECS = [
    PlanSpec("open", "greedy", "A: greedy baseline, open to all", []),
    PlanSpec("draft", "greedy", "B: leads' draft", LEADS),
    PlanSpec("record", "mip", "Plan of record", LEADS, of_record=True),
]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """The server on a store of plans, and the plans' ids by key."""
    folder = tmp_path_factory.mktemp("planner")
    runs = coalition_runs(folder, periods=4)
    plans, tokens = plan_store(folder / "store.duckdb", runs, SPECS)
    with serve(folder / "store.duckdb", tokens) as running:
        yield running, {key: p.plan_id for key, p in plans.items()}


@pytest.fixture(scope="module")
def server(planned: tuple[Server, dict[str, str]]) -> Server:
    return planned[0]


@pytest.fixture(scope="module")
def plan_ids(planned: tuple[Server, dict[str, str]]) -> dict[str, str]:
    return planned[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def watch(server: Server) -> Watch:
    return Watch(server.url)


@pytest.fixture
def page(browser: Browser, watch: Watch) -> Iterator[Page]:
    page = open_page(browser, watch)
    yield page
    page.context.close()


def get(server: Server, nation: str, path: str) -> Any:
    response = httpx.get(
        f"{server.url}{path}",
        headers={"Authorization": f"Bearer {server.tokens[nation]}"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def wait_view(page: Page, view: str, plan_id: str | None = None) -> dict[str, Any]:
    """Wait until the page says it has drawn ``view`` (of ``plan_id`` when given)."""
    page.wait_for_function(
        """([view, planId]) => {
          const r = window.__plannerReady;
          return r && r.view === view && (planId === null || r.plan_id === planId);
        }""",
        arg=[view, plan_id],
        timeout=READY_TIMEOUT_MS,
    )
    ready: dict[str, Any] = page.evaluate("() => window.__plannerReady")
    return ready


def tall_screenshot(page: Page, name: str) -> Path:
    """The whole planner view: the viewport made as tall as its content, then restored."""
    height = page.evaluate("() => document.getElementById('planner').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 40, 6000)})
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=path)
    page.set_viewport_size(VIEWPORT)
    return path


def data(page: Page, selector: str, key: str) -> list[str]:
    values: list[str] = page.locator(selector).evaluate_all(
        "(els, key) => els.map((e) => e.dataset[key])", key
    )
    return values


def test_the_plan_of_record_draws_its_bars_gantt_gaps_and_burden(
    page: Page, watch: Watch, server: Server, plan_ids: dict[str, str]
) -> None:
    page.goto(f"{server.url}/#token={server.tokens['GBR']}&view=force")
    ready = wait_view(page, "force")
    plan = get(server, "GBR", "/api/plans/current")
    assert ready == {"view": "force", "plan_id": plan_ids["record"], "empty": False}
    assert plan["plan_id"] == plan_ids["record"]
    assert "token" not in page.url and "view=force" in page.url
    expect(page.locator("#views a.active")).to_have_text("Force plan")
    expect(page.locator(".plan-meta")).to_contain_text("Plan of record")
    expect(page.locator(".plan-meta")).to_contain_text("releasable to GBR, FRA only")

    # Fill-rate bars: every objective (and all) overall and per rotation, as the API says.
    rates = plan["frames"]["fill_rates"]
    bars = page.locator(".rate-bar")
    expect(bars).to_have_count(len(rates))
    drawn = page.locator(".rate-bar").evaluate_all(
        "els => els.map((e) => [e.dataset.objective, e.dataset.period, Number(e.dataset.rate)])"
    )
    expected = [
        [r["objective"], "all" if r["period"] is None else str(r["period"]), r["rate"]]
        for r in rates
    ]
    assert sorted(map(tuple, drawn)) == sorted(map(tuple, expected))
    overall = plan["summary"]["fill_rate"]
    expect(page.locator(".rate-bar[data-objective=all][data-period=all]")).to_have_text(
        f"{round(100 * overall)} %"
    )

    # Unfilled requirements, most critical first, each with its reason.
    unfilled = plan["unfilled"]
    assert unfilled
    rows = page.locator("table.unfilled tbody tr")
    expect(rows).to_have_count(len(unfilled))
    assert data(page, "table.unfilled tbody tr", "requirement") == [
        u["requirement_id"] for u in unfilled
    ]
    assert data(page, "table.unfilled tbody tr", "priority")[0] == "1"
    expect(rows.first.locator("td.reason")).to_have_text(unfilled[0]["reason"])

    # The Gantt: a row per move of the first rotation and per requirement left unfilled
    # then, a header per objective with its IOC/FOC, milestone lines where reached.
    units = [u for u in plan["frames"]["timeline_units"] if u["period"] == 0]
    empty = [
        r
        for r in plan["frames"]["timeline_requirements"]
        if r["first_period"] == 0 and r["status"] == "unfilled"
    ]
    assert units
    expect(page.locator("svg.gantt .gantt-row")).to_have_count(len(units) + len(empty))
    expect(page.locator("svg.gantt .gantt-row.unfilled")).to_have_count(len(empty))
    objectives = plan["frames"]["timeline_objectives"]
    heads = page.locator("svg.gantt .gantt-head")
    expect(heads).to_have_count(len(objectives))
    by_objective = {o["objective"]: o for o in objectives}
    for objective, ioc, foc in page.locator("svg.gantt .gantt-head").evaluate_all(
        "els => els.map((e) => [e.dataset.objective, e.dataset.iocDay, e.dataset.focDay])"
    ):
        o = by_objective[objective]
        assert ioc == ("never" if o["ioc_day"] is None else str(o["ioc_day"]))
        assert foc == ("never" if o["foc_day"] is None else str(o["foc_day"]))
    reached = sum((o["ioc_day"] is not None) + (o["foc_day"] is not None) for o in objectives)
    expect(page.locator("svg.gantt line.milestone")).to_have_count(reached)
    arrived = [u for u in units if u["arrival_day"] is not None]
    expect(page.locator("svg.gantt path.arrival")).to_have_count(len(arrived))
    # bars are really drawn: segments with a width, inside the chart
    widths = page.locator("svg.gantt rect.seg-transit").evaluate_all(
        "els => els.map((e) => e.getBBox().width)"
    )
    assert widths and all(w >= 2 for w in widths)

    # Burden: a row per nation that pledges, the heaviest user first.
    burden = [
        b for b in plan["frames"]["burden"] if b["unit_periods_used"] > 0 or b["units_pledged"] > 0
    ]
    expect(page.locator(".burden-row")).to_have_count(len(burden))
    heaviest = max(burden, key=lambda b: b["unit_periods_used"])
    assert data(page, ".burden-row", "nation")[0] == heaviest["nation"]

    tall_screenshot(page, "planner.png")

    # Another plan from the picker: the view follows.
    page.select_option("#plan-select", plan_ids["draft"])
    wait_view(page, "force", plan_ids["draft"])
    expect(page.locator(".plan-meta")).to_contain_text("B: leads' draft")
    expect(page.locator(".plan-meta .badge")).to_have_text("draft")

    # And back to the map: the planner hides, the map is there under it.
    page.click("#views a[data-view=map]")
    expect(page.locator("#planner")).to_be_hidden()
    page.wait_for_function("() => window.__copReady === true", timeout=READY_TIMEOUT_MS)

    assert watch.external == [], f"the page tried to leave the server: {watch.external}"
    assert watch.console_errors == []


def test_compare_sets_the_plans_side_by_side(
    page: Page, watch: Watch, server: Server, plan_ids: dict[str, str]
) -> None:
    page.goto(f"{server.url}/#token={server.tokens['FRA']}&view=compare")
    ready = wait_view(page, "compare")
    body = get(server, "FRA", "/api/plans/compare")
    ids = [p["plan_id"] for p in body["plans"]]
    assert ready["plans"] == ids
    assert set(ids) == set(plan_ids.values())
    assert ids[0] == plan_ids["record"]
    assert data(page, "table.compare thead th[data-plan]", "plan") == ids
    # one bar per plan and objective (and all) it has a rate for
    expected = sum(
        1 + sum(o in p["fill_rate_by_objective"] for o in body["objectives"]) for p in body["plans"]
    )
    expect(page.locator("svg.compare-chart rect.plan-bar")).to_have_count(expected)
    table = page.locator("table.compare")
    for p in body["plans"]:
        expect(table.locator(f"thead th[data-plan='{p['plan_id']}']")).to_contain_text(p["name"])
    troops = page.locator("table.compare tbody tr", has_text="Troops of the P-day force")
    assert troops.locator("td").all_inner_texts() == [f"{p['troops']:,}" for p in body["plans"]]
    critical = page.locator("table.compare tbody tr", has_text="Unfilled critical")
    for cell, p in zip(critical.locator("td").all_inner_texts(), body["plans"], strict=True):
        assert cell.startswith(str(p["unfilled_critical"]))

    tall_screenshot(page, "planner-compare.png")

    # A plan's name opens it in the force view.
    table.locator(f"thead th[data-plan='{plan_ids['open']}'] a").click()
    wait_view(page, "force", plan_ids["open"])
    expect(page.locator("#views a.active")).to_have_text("Force plan")
    expect(page.locator(".plan-meta")).to_contain_text("A: greedy baseline, open to all")
    assert watch.external == []
    assert watch.console_errors == []


def test_a_nation_that_may_not_see_the_plan_of_record_gets_the_empty_state(
    page: Page, watch: Watch, server: Server, plan_ids: dict[str, str]
) -> None:
    page.goto(f"{server.url}/#token={server.tokens['POL']}&view=force")
    ready = wait_view(page, "force")
    assert ready == {"view": "force", "plan_id": None, "empty": True}
    state = page.locator(".empty-state")
    expect(state).to_contain_text("No plan of record")
    expect(state).to_contain_text("No plan of record is releasable to POL")
    expect(state).to_contain_text("reassure plan solve")
    expect(page.locator("svg.gantt")).to_have_count(0)
    expect(page.locator(".rate-bar")).to_have_count(0)
    # the one plan POL may see is offered, nothing else
    options = page.locator("#plan-select option:not([disabled])")
    assert options.evaluate_all("els => els.map((e) => e.value)") == [plan_ids["open"]]
    page.wait_for_function("() => window.__copReady === true", timeout=READY_TIMEOUT_MS)
    tall_screenshot(page, "planner-pol.png")

    page.click("#views a[data-view=compare]")
    ready = wait_view(page, "compare")
    assert ready["plans"] == [plan_ids["open"]]
    html = page.content()
    for key in ("record", "draft"):
        assert plan_ids[key] not in html
    assert "leads' draft" not in html
    restricted = {f"/api/plans/{plan_ids[k]}" for k in ("record", "draft")}
    assert not restricted & set(watch.api_calls)
    assert watch.external == []
    assert watch.console_errors == []


def test_a_store_without_plans_says_how_to_make_one(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = tmp_path_factory.mktemp("no-plans") / "store.duckdb"
    with Store(db) as store, store.transaction() as con:
        join_coalition(con, "GBR")
        tokens = {"GBR": add_user(con, "gbr.planner", "GBR", ["planner"])}
    with serve(db, tokens) as empty:
        watch = Watch(empty.url)
        page = open_page(browser, watch)
        page.goto(f"{empty.url}/#token={tokens['GBR']}&view=force")
        assert wait_view(page, "force") == {"view": "force", "plan_id": None, "empty": True}
        expect(page.locator(".empty-state")).to_contain_text("No plan yet")
        expect(page.locator(".empty-state code").first).to_have_text("reassure plan solve")
        expect(page.locator("#plan-select")).to_have_count(0)
        page.click("#views a[data-view=compare]")
        assert wait_view(page, "compare")["empty"] is True
        expect(page.locator(".empty-state")).to_contain_text("No plan to compare")
        page.context.close()
        assert watch.external == []
        assert watch.console_errors == []
