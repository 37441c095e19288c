"""The sourcing problem: which pledge may fill which requirement when, and what is refused.

Inputs no plan can be built from raise an ``InputError`` naming the records; settings
out of range a ``ConfigError``; neither ever turns into an empty plan.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import polars as pl
import pytest
from sourcing_inputs import force_inputs, nation, problem_of
from timeline_inputs import P_DAY, SETTINGS, pledge, requirement

from reassure.errors import ConfigError, InputError
from reassure.force.dates import add_months
from reassure.force.inputs import PLEDGE_SCHEMA
from reassure.force.problem import ForceInputs, PlanSettings, build_problem, period_bounds


def _reqs(**fields: Any) -> list[dict[str, Any]]:
    return [requirement("R1", "frigate"), {**requirement("R2", "frigate"), **fields}]


def _pledges(**fields: Any) -> list[dict[str, Any]]:
    return [pledge("P-A", "FRA", "frigate"), {**pledge("P-B", "GBR", "frigate"), **fields}]


@pytest.mark.parametrize(
    ("reqs", "pledges", "nations", "source", "reason"),
    [
        pytest.param(
            _reqs(end=P_DAY - (add_months(P_DAY, 1) - P_DAY)),
            _pledges(), None, "requirements", "end is not after start: R2",
            id="requirement-ends-before-it-starts",
        ),
        pytest.param(
            _reqs(end=P_DAY), _pledges(), None, "requirements", "end is not after start: R2",
            id="requirement-ends-the-day-it-starts",
        ),
        pytest.param(
            _reqs(), _pledges(available_to=P_DAY, available_from=add_months(P_DAY, 1)), None,
            "pledges", "available_to is not after available_from: P-B",
            id="pledge-available-to-before-from",
        ),
        pytest.param(
            _reqs(capability="submarine"), _pledges(), None, "requirements",
            "unknown capability: R2", id="requirement-unknown-capability",
        ),
        pytest.param(
            _reqs(), _pledges(capability="tank"), None, "pledges", "unknown capability: P-B",
            id="pledge-unknown-capability",
        ),
        pytest.param(
            _reqs(requirement_id="R1"), _pledges(), None, "requirements", "id given twice: R1",
            id="requirement-id-twice",
        ),
        pytest.param(
            _reqs(), _pledges(pledge_id="P-A"), None, "pledges", "id given twice: P-A",
            id="pledge-id-twice",
        ),
        pytest.param(
            _reqs(), _pledges(), [nation("FRA", 1.0), nation("FRA", 2.0)], "nations",
            "id given twice: FRA", id="nation-twice",
        ),
        pytest.param(
            _reqs(quantity=-2), _pledges(), None, "requirements", "quantity below 1: R2",
            id="requirement-negative-quantity",
        ),
        pytest.param(
            _reqs(), _pledges(quantity=0), None, "pledges", "quantity below 1: P-B",
            id="pledge-no-units",
        ),
        pytest.param(
            _reqs(priority=6), _pledges(), None, "requirements", "priority is not 1 to 5: R2",
            id="priority",
        ),
        pytest.param(
            _reqs(max_notice_days=-1), _pledges(), None, "requirements",
            "negative max_notice_days: R2", id="negative-max-notice",
        ),
        pytest.param(
            _reqs(), _pledges(notice_days=-3), None, "pledges", "negative notice_days: P-B",
            id="negative-notice",
        ),
        pytest.param(
            _reqs(), _pledges(rotations=0), None, "pledges", "rotations below 1: P-B",
            id="no-rotations",
        ),
        pytest.param(
            _reqs(), _pledges(cost_meur_per_rotation=-1.0), None, "pledges",
            "negative cost: P-B", id="negative-cost",
        ),
        pytest.param(
            _reqs(start=None), _pledges(), None, "requirements", "no start: R2",
            id="requirement-without-start",
        ),
        pytest.param(
            _reqs(), _pledges(caveats=["only on Tuesdays"]), None, "pledges",
            "P-B: unknown caveat 'only on Tuesdays'", id="pledge-unknown-caveat",
        ),
        pytest.param(
            _reqs(), _pledges(), [nation("GBR", 1.0, "only on Tuesdays")], "nations",
            "GBR: unknown caveat 'only on Tuesdays'", id="nation-unknown-caveat",
        ),
    ],
)  # fmt: skip
def test_contradictory_inputs_are_refused_naming_the_record(
    reqs: list[dict[str, Any]],
    pledges: list[dict[str, Any]],
    nations: list[dict[str, Any]] | None,
    source: str,
    reason: str,
) -> None:
    with pytest.raises(InputError) as caught:
        problem_of(reqs, pledges, nations)
    assert caught.value.source == source
    assert caught.value.reason.startswith(reason), caught.value.reason


def test_many_bad_records_are_named_three_and_counted() -> None:
    reqs = [requirement(f"R{k}", "frigate", priority=0) for k in range(5)]
    with pytest.raises(InputError, match=r"priority is not 1 to 5: R0, R1, R2 and 2 more"):
        problem_of(reqs, _pledges())


def test_a_frame_without_a_column_is_refused() -> None:
    inputs = force_inputs(_reqs(), _pledges())
    short = ForceInputs(inputs.nations, inputs.requirements, inputs.pledges.drop("rotations"))
    with pytest.raises(InputError, match="pledges: missing columns: rotations"):
        build_problem(short, SETTINGS)


@pytest.mark.parametrize(
    ("nations", "message"),
    [
        pytest.param(pl.DataFrame({"code": ["FRA"]}), "missing columns: nation", id="no-nation"),
        pytest.param(
            pl.DataFrame({"nation": [None]}, schema={"nation": pl.String}),
            "no nation in a row", id="null-nation",
        ),
    ],
)  # fmt: skip
def test_a_nations_table_without_nations_is_refused(nations: pl.DataFrame, message: str) -> None:
    inputs = force_inputs(_reqs(), _pledges())
    with pytest.raises(InputError, match=message):
        build_problem(ForceInputs(nations, inputs.requirements, inputs.pledges), SETTINGS)


def test_a_pledge_without_caveats_is_a_pledge_with_none() -> None:
    problem = problem_of(_reqs(), _pledges(caveats=None))
    assert problem.n_candidates == 16  # two pledges, two requirements, four periods


def test_no_nations_table_means_every_pledging_nation_unknown() -> None:
    inputs = force_inputs(_reqs(), _pledges())
    bare = ForceInputs(pl.DataFrame(), inputs.requirements, inputs.pledges)
    problem = build_problem(bare, SETTINGS)
    assert problem.nations["nation"].to_list() == ["FRA", "GBR"]
    assert problem.nations["gdp_busd"].to_list() == [None, None]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"periods": 0}, "periods 0 is not between 1 and 120", id="no-periods"),
        pytest.param({"periods": 121}, "periods 121", id="too-many-periods"),
        pytest.param({"period_months": 0}, "period_months 0", id="no-months"),
        pytest.param({"period_months": 37}, "period_months 37", id="too-long"),
        pytest.param({"time_limit_s": 0.0}, "time_limit_s 0 is not positive", id="no-time"),
        pytest.param({"time_limit_s": math.nan}, "time_limit_s nan", id="nan-time"),
        pytest.param({"mip_gap": 1.0}, r"mip_gap 1 is not in \[0, 1\)", id="gap-one"),
        pytest.param({"mip_gap": -0.01}, "mip_gap -0.01", id="negative-gap"),
        pytest.param({"mip_gap": math.nan}, "mip_gap nan", id="nan-gap"),
    ],
)
def test_settings_out_of_range_are_a_config_error(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        PlanSettings(p_day=P_DAY, **fields)


def test_periods_run_from_p_day_and_clip_at_month_ends() -> None:
    settings = PlanSettings(p_day=date(2027, 8, 31), periods=3, period_months=6)
    assert period_bounds(settings) == [
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2028, 2, 29), date(2028, 8, 31)),
        (date(2028, 8, 31), date(2029, 2, 28)),
    ]


def test_candidates_and_the_reasons_pairs_are_ruled_out() -> None:
    reqs = [
        requirement("R1", "frigate", max_notice_days=10, tasks=["patrol"]),
        requirement("R2", "frigate", end=add_months(P_DAY, 12), tasks=["patrol"]),
        requirement("R3", "medical_unit"),
    ]
    pledges = [
        pledge("P-A", "FRA", "frigate", notice_days=30),
        pledge("P-B", "GBR", "frigate", available_from=add_months(P_DAY, 12)),
        pledge("P-C", "ITA", "frigate", caveats=["Escort duties only"]),
        pledge("P-D", "NLD", "frigate", available_from=add_months(P_DAY, 6)),
    ]
    problem = problem_of(reqs, pledges)
    ids = problem.pledges["pledge_id"].to_list()
    rids = problem.requirements["requirement_id"].to_list()
    triples = {
        (ids[p], rids[r], t)
        for p, r, t in zip(problem.cand_p, problem.cand_r, problem.cand_t, strict=True)
    }
    assert triples == {
        ("P-A", "R2", 0), ("P-A", "R2", 1),
        ("P-B", "R1", 2), ("P-B", "R1", 3),
        ("P-D", "R1", 1), ("P-D", "R1", 2), ("P-D", "R1", 3), ("P-D", "R2", 1),
    }  # fmt: skip
    ruled = {
        (ids[p], rids[r]): why
        for p, r, why in zip(problem.pair_p, problem.pair_r, problem.pair_reason, strict=True)
    }
    assert ruled == {
        ("P-A", "R1"): "notice-to-move 30 d > 10 d allowed",
        ("P-B", "R2"): "not available when needed",
        ("P-C", "R1"): "caveat 'Escort duties only' (not escort duties)",
        ("P-C", "R2"): "caveat 'Escort duties only' (not escort duties)",
    }
    assert problem.active.tolist() == [[True] * 4, [True, True, False, False], [True] * 4]
    assert problem.want.tolist() == [1, 1, 1]
    assert problem.weight.tolist() == [1000.0, 1000.0, 1000.0]
    assert PLEDGE_SCHEMA.keys() <= set(problem.pledges.columns)
