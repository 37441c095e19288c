"""The coalition domain of the scenario: force generation inputs the planner can use.

Every file is read back with the planner's own decoders (``reassure.force``); the
sourcing problem of the scale-1 scenario is built and its gaps are checked against the
ones the scenario plants: one capability nobody offers, battalions every caveat keeps
out of the DMZ east of the Dnipro, and mine countermeasures wanted faster than any
nation holds them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from reassure.codes import is_alpha3
from reassure.force.catalog import CAPABILITIES, PLACES
from reassure.force.caveats import Conditions, caveat_of, excluded
from reassure.force.dates import add_months
from reassure.force.inputs import decode_lift, decode_pledges, decode_requirements
from reassure.force.nations import decode_nations
from reassure.force.problem import ForceInputs, PlanSettings, Problem, build_problem
from reassure.scenario.coalition.nations import NATIONS
from reassure.scenario.coalition.requirements import STATEMENT
from reassure.scenario.context import ScenarioContext
from reassure.scenario.domains import coalition
from reassure.scenario.frontline import notional_line
from reassure.scenario.generator import DEFAULT_START
from reassure.scenario.places import SECTOR_NAMES

P_DAY = DEFAULT_START.date()
HORIZON_END = add_months(P_DAY, 48)
COA_KEYS = {
    "name",
    "description",
    "p_day",
    "periods",
    "period_months",
    "conditions",
    "requirements",
    "pledges",
    "lift",
    "nations",
}


@dataclass(frozen=True)
class Coalition:
    folder: Path
    """The scenario's ``coalition/`` folder."""
    counts: dict[str, int]

    def load(self, name: str) -> Any:
        return yaml.safe_load((self.folder / name).read_text("utf-8"))

    def inputs(self, requirements: str = "requirements.yaml") -> ForceInputs:
        return ForceInputs(
            decode_nations(self.folder / "nations.yaml").table,
            decode_requirements(self.folder / requirements).table,
            decode_pledges(self.folder / "pledges.yaml").table,
        )


def make(out: Path, scale: float = 1.0, seed: int = 7) -> Coalition:
    ctx = ScenarioContext(seed, scale, DEFAULT_START, 3, out, notional_line())
    coalition.generate(ctx)
    assert sorted(ctx.files) == sorted(
        f"coalition/{name}"
        for name in (
            "nations.yaml",
            "requirements.yaml",
            "requirements_a.yaml",
            "requirements_b.yaml",
            "pledges.yaml",
            "lift.yaml",
            "coa/coa_a.yaml",
            "coa/coa_b.yaml",
            "coa/coa_c.yaml",
        )
    )
    return Coalition(out / "coalition", dict(ctx.counts))


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> Coalition:
    return make(tmp_path_factory.mktemp("coalition"))


@pytest.fixture(scope="module")
def problem(one: Coalition) -> Problem:
    return build_problem(one.inputs(), PlanSettings(p_day=P_DAY))


def supply_and_demand(one: Coalition, capability: str) -> tuple[int, int]:
    """Unit-periods pledged at most (rotations and availability), and unit-periods asked."""
    bounds = [(add_months(P_DAY, 6 * k), add_months(P_DAY, 6 * k + 6)) for k in range(8)]
    supply = 0
    for p in one.load("pledges.yaml")["pledges"]:
        if p["capability"] == capability:
            a, b = date.fromisoformat(p["available_from"]), date.fromisoformat(p["available_to"])
            periods = sum(a <= start and end <= b for start, end in bounds)
            supply += p["quantity"] * min(periods, p["rotations"])
    demand = 0
    for r in one.load("requirements.yaml")["requirements"]:
        if r["capability"] == capability:
            a, b = date.fromisoformat(r["start"]), date.fromisoformat(r["end"])
            demand += r["quantity"] * sum(a < end and start < b for start, end in bounds)
    return supply, demand


# -- every file reads back through the planner's decoders --------------------------------


@pytest.mark.parametrize(
    ("scale", "requirements", "pledges"),
    [
        pytest.param(1.0, 40, 150, id="scale-1"),
        pytest.param(6.7, 268, 1005, id="scale-6.7"),
        pytest.param(7.5, 300, 1125, id="scale-7.5"),
    ],
)
def test_every_file_decodes_with_no_rejects(
    tmp_path: Path, scale: float, requirements: int, pledges: int
) -> None:
    made = make(tmp_path, scale)
    nations = decode_nations(made.folder / "nations.yaml")
    assert nations.rejects.height == 0 and nations.n_decoded == 31
    for name in ("requirements.yaml", "requirements_a.yaml", "requirements_b.yaml"):
        result = decode_requirements(made.folder / name)
        assert result.rejects.height == 0, result.rejects.to_dicts()[:3]
        assert result.n_decoded == result.n_read > 0
    assert decode_requirements(made.folder / "requirements.yaml").n_decoded == requirements
    result = decode_pledges(made.folder / "pledges.yaml")
    assert result.rejects.height == 0, result.rejects.to_dicts()[:3]
    assert result.n_decoded == pledges == made.counts["pledges"]
    lift = decode_lift(made.folder / "lift.yaml")
    assert lift.rejects.height == 0, lift.rejects.to_dicts()[:3]
    assert lift.tables["lift"].height == made.counts["lift"]
    assert lift.tables["transit"].height == made.counts["transit"]
    assert made.counts["requirements"] == requirements


def test_a_smaller_scale_keeps_the_minimum_essential_force(tmp_path: Path) -> None:
    half = make(tmp_path, 0.5).load("requirements.yaml")["requirements"]
    assert len(half) == 20
    assert sum(r["priority"] == 1 for r in half) == sum(line.priority == 1 for line in STATEMENT)
    assert {r["objective"] for r in half} == {"skies", "seas", "land", "support"}


def test_lift_grows_with_the_scale_and_transit_does_not(tmp_path: Path) -> None:
    single, double = (make(tmp_path / str(s), s).load("lift.yaml") for s in (1.0, 2.0))
    assert [2 * x["loads_per_day"] for x in single["lift"]] == [
        x["loads_per_day"] for x in double["lift"]
    ]
    assert single["transit"] == double["transit"]


# -- the statement of requirements --------------------------------------------------------


def test_requirements_cover_four_objectives_at_three_readiness_tiers(one: Coalition) -> None:
    reqs = one.load("requirements.yaml")["requirements"]
    assert Counter(r["objective"] for r in reqs) == {
        "skies": 10,
        "seas": 10,
        "land": 13,
        "support": 7,
    }
    assert Counter(r["priority"] for r in reqs) == {1: 14, 2: 14, 3: 5, 4: 5, 5: 2}
    notice = {r["max_notice_days"] for r in reqs}
    assert notice & {5, 7, 10} and 30 in notice and notice & {60, 90}
    assert notice <= {5, 7, 10, 30, 60, 90}
    for r in reqs:
        capability = CAPABILITIES[r["capability"]]
        assert r["objective"] == capability.objective
        assert set(r.get("tasks", capability.tasks)) <= set(capability.tasks), r
        assert P_DAY.isoformat() <= r["start"] < r["end"] <= HORIZON_END.isoformat()
        assert r["rotation_months"] in (4, 6)
        name = r["base"].split(" (")[0]
        assert name in PLACES or {"lon", "lat", "east_of_dnipro"} <= set(r), r
        if "sector" in r:
            assert r["sector"] in SECTOR_NAMES and r["objective"] == "land"
    assert {r.get("sector") for r in reqs} - {None} == set(SECTOR_NAMES)


# -- the pledges -------------------------------------------------------------------------


def test_lead_nations_pledge_the_most_at_the_shortest_notice(one: Coalition) -> None:
    pledges = one.load("pledges.yaml")["pledges"]
    units = Counter[str]()
    for p in pledges:
        units[p["nation"]] += p["quantity"]
    assert {n for n, _ in units.most_common(2)} == {"GBR", "FRA"}
    assert (units["GBR"] + units["FRA"]) / sum(units.values()) > 0.25
    fastest = {p["nation"] for p in pledges if p["notice_days"] <= 5}
    assert fastest == {"GBR", "FRA"}

    def mean_notice(leads: bool) -> float:
        days = [p["notice_days"] for p in pledges if (p["nation"] in ("GBR", "FRA")) == leads]
        return sum(days) / len(days)

    assert mean_notice(True) < mean_notice(False) / 2


def test_each_nation_pledges_what_it_has_with_its_own_caveats(one: Coalition) -> None:
    nations = {n.code: n for n in NATIONS}
    for p in one.load("pledges.yaml")["pledges"]:
        nation = nations[p["nation"]]
        assert p["capability"] in nation.offers, p
        national = {caveat_of(text).code for text in nation.caveats}
        codes = [caveat_of(text).code for text in p["caveats"]]
        assert len(codes) == len(set(codes)) and not national & set(codes), p
        assert 1 <= p["rotations"] <= 4
        assert p["available_from"] >= P_DAY.isoformat()
        if p["notice_days"] <= 10:
            assert p["available_from"] == P_DAY.isoformat(), "very high readiness is ready now"
        assert p["cost_meur_per_rotation"] > 0
        if p["capability"] == "mcm_vessel":
            assert p["notice_days"] >= 30


# -- the sourcing problem of the scale-1 scenario ----------------------------------------


def why_unfillable(problem: Problem, r: int) -> str:
    """The reason a requirement without candidates gives, from the ruled-out pairs."""
    reasons = [problem.pair_reason[k] for k, rr in enumerate(problem.pair_r) if rr == r]
    if not reasons:
        return "no capability offered"
    kinds = {reason.split(" ")[0] for reason in reasons}  # caveat, notice-to-move, not
    return "+".join(sorted(kinds))


def test_the_scale_1_problem_fills_the_minimum_force_and_explains_the_gaps(
    problem: Problem,
) -> None:
    reqs = problem.requirements
    with_candidates = set(problem.cand_r.tolist())
    priority_1 = [r for r in range(reqs.height) if reqs["priority"][r] == 1]
    assert len(priority_1) == 14 and all(r in with_candidates for r in priority_1)
    gaps = {
        reqs["requirement_id"][r]: why_unfillable(problem, r)
        for r in range(reqs.height)
        if r not in with_candidates
    }
    planted = {}
    for r, row in enumerate(reqs.iter_rows(named=True)):
        if row["capability"] == "maritime_patrol_aircraft":
            planted[row["requirement_id"]] = "no capability offered"
        elif row["capability"] == "mechanised_battalion" and row["east_of_dnipro"]:
            planted[row["requirement_id"]] = why_unfillable(problem, r)
            assert planted[row["requirement_id"]].startswith("caveat")
        elif row["capability"] == "mcm_vessel" and row["max_notice_days"] <= 10:
            planted[row["requirement_id"]] = "notice-to-move"
    assert gaps == planted and len(gaps) == 5
    assert set(gaps.values()) >= {"no capability offered", "notice-to-move"}
    reasons = Counter(reason.split(":")[0] for reason in problem.pair_reason)
    un = "caveat 'no deployment before a UN resolution'"
    assert sum(n for reason, n in reasons.items() if reason.startswith(un)) > 0
    assert sum(n for reason, n in reasons.items() if reason.startswith("caveat")) > 100
    assert sum(n for reason, n in reasons.items() if reason.startswith("notice")) > 100
    assert problem.n_candidates > 1000


def test_no_battalion_goes_into_the_dmz_east_of_the_dnipro(
    one: Coalition, problem: Problem
) -> None:
    reqs = problem.requirements
    east = reqs.filter((pl.col("capability") == "mechanised_battalion") & pl.col("east_of_dnipro"))
    assert east.height == 2 and east["near_contact"].all()
    battalions = problem.pledges.filter(pl.col("capability") == "mechanised_battalion")
    assert battalions.height >= 10
    with_un = Conditions(un_resolution=True)
    for nation, caveats in battalions.select("nation", "caveats").iter_rows():
        assert len(excluded(east, caveats, with_un, nation)) == east.height, caveats


@pytest.mark.parametrize("capability", ["air_defence_battery", "mcm_vessel"])
def test_scarce_capabilities_are_wanted_more_than_offered(one: Coalition, capability: str) -> None:
    supply, demand = supply_and_demand(one, capability)
    assert 0 < supply < demand


# -- lift and transit --------------------------------------------------------------------


def test_every_pledging_nation_has_transit_and_lift_for_its_units(one: Coalition) -> None:
    tables = decode_lift(one.folder / "lift.yaml").tables
    transit = {(n, m): d for n, m, d in tables["transit"].iter_rows()}
    lift = tables["lift"]
    pools = lift.filter(pl.col("provider") == "POOL")
    assert 1 <= pools.height <= 3
    for p in one.load("pledges.yaml")["pledges"]:
        mode = CAPABILITIES[p["capability"]].lift
        nation = p["nation"]
        assert (nation, "air") in transit and (nation, mode) in transit, (nation, mode)
        if mode != "self":
            own = lift.filter((pl.col("provider") == nation) & (pl.col("mode") == mode))
            pooled = pools.filter(
                (pl.col("mode") == mode)
                & ((pl.col("users").list.len() == 0) | pl.col("users").list.contains(nation))
            )
            assert own.height + pooled.height > 0, (nation, mode)
    ranges = {"air": (1, 2), "rail": (3, 7), "sea": (3, 32), "self": (1, 20)}
    for (_, mode), days in transit.items():
        low, high = ranges[mode]
        assert low <= days <= high, (mode, days)
    assert transit[("GBR", "sea")] > transit[("FRA", "sea")] > transit[("ROU", "self")]
    national = set(lift.filter(pl.col("provider") != "POOL")["provider"])
    assert {"GBR", "FRA"} <= national and all(is_alpha3(n) for n in national)


# -- courses of action -------------------------------------------------------------------


def test_courses_of_action_nest_and_name_their_files(one: Coalition) -> None:
    codes = {n.code for n in NATIONS}
    kept: dict[str, list[dict[str, Any]]] = {}
    for key in ("a", "b", "c"):
        path = one.folder / "coa" / f"coa_{key}.yaml"
        coa = yaml.safe_load(path.read_text("utf-8"))
        assert set(coa) == COA_KEYS
        assert coa["name"].startswith(f"{key.upper()}: ")
        assert date.fromisoformat(coa["p_day"]) == P_DAY
        assert (coa["periods"], coa["period_months"]) == (8, 6)
        assert isinstance(coa["conditions"]["un_resolution"], bool)
        assert set(coa["conditions"].get("mandates", [])) <= codes
        for field in ("requirements", "pledges", "lift"):
            assert (path.parent / coa[field]).resolve().is_file(), coa[field]
        kept[key] = yaml.safe_load((path.parent / coa["requirements"]).read_text("utf-8"))[
            "requirements"
        ]
    full = {r["requirement_id"]: r for r in one.load("requirements.yaml")["requirements"]}
    assert [r["requirement_id"] for r in kept["c"]] == list(full)
    ids = {key: {r["requirement_id"] for r in rows} for key, rows in kept.items()}
    assert ids["a"] < ids["b"] < ids["c"]
    for rows in kept.values():
        assert all(r == full[r["requirement_id"]] for r in rows), "subsets hold the same records"
    a = decode_requirements(one.folder / "requirements_a.yaml").table
    assert set(a["objective"]) == {"skies", "seas"}
    assert a.filter((pl.col("objective") == "skies") & (pl.col("country") == "UKR")).is_empty()
    assert a.filter(pl.col("near_contact")).is_empty()
    b = decode_requirements(one.folder / "requirements_b.yaml").table
    assert set(b["objective"]) == {"skies", "seas", "land", "support"}
    assert not b["east_of_dnipro"].fill_null(False).any()


def test_the_courses_of_action_conditions_change_who_may_serve(
    one: Coalition, problem: Problem
) -> None:
    def conditions(key: str) -> Conditions:
        found = one.load(f"coa/coa_{key}.yaml")["conditions"]
        mandates = found.get("mandates")
        return Conditions(found["un_resolution"], tuple(mandates) if mandates else None)

    def nations_serving(key: str) -> set[str]:
        name = one.load(f"coa/coa_{key}.yaml")["requirements"].removeprefix("../")
        built = build_problem(one.inputs(name), PlanSettings(P_DAY, conditions=conditions(key)))
        return set(built.pledges["nation"].gather(built.cand_p.tolist()))

    assert "DEU" not in nations_serving("b"), "Germany has no mandate in B"
    assert {"ITA", "IRL"} <= nations_serving("c"), "a UN resolution brings them in"
    assert not {"ITA", "IRL"} & set(problem.pledges["nation"].gather(problem.cand_p.tolist()))
    assert "DEU" in nations_serving("a")
