"""Courses of action: what a COA file names comes from its files, the rest from the store."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reassure.errors import InputError
from reassure.force.coa import load_coa
from reassure.force.inputs import decode_pledges, decode_requirements
from reassure.force.nations import decode_nations
from reassure.force.problem import ForceInputs
from reassure.scenario.context import ScenarioContext
from reassure.scenario.domains import coalition
from reassure.scenario.frontline import notional_line
from reassure.scenario.generator import DEFAULT_START


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("coalition")
    coalition.generate(ScenarioContext(7, 0.5, DEFAULT_START, 3, out, notional_line()))
    return out / "coalition"


def stored(folder: Path) -> ForceInputs:
    return ForceInputs(
        decode_nations(folder / "nations.yaml").table,
        decode_requirements(folder / "requirements.yaml").table,
        decode_pledges(folder / "pledges.yaml").table,
    )


def write(folder: Path, **data: object) -> Path:
    path = folder / "coa_test.yaml"
    path.write_text(yaml.safe_dump({"name": "test", "p_day": "2026-12-01", **data}))
    return path


def test_a_statement_and_ids_pick_the_requirements(folder: Path) -> None:
    ids = ["REQ-001", "REQ-003"]
    data = {"statement": "requirements.yaml", "requirements": ids, "pledges": "pledges.yaml"}
    course = load_coa(write(folder, **data))
    assert course.inputs.requirements["requirement_id"].to_list() == ids
    assert course.inputs.pledges.height == stored(folder).pledges.height


def test_what_the_coa_does_not_name_comes_from_the_store(folder: Path) -> None:
    store = stored(folder)
    course = load_coa(write(folder, requirements=["REQ-002"]), store)
    assert course.inputs.requirements["requirement_id"].to_list() == ["REQ-002"]
    assert course.inputs.pledges is store.pledges
    named = load_coa(write(folder, requirements="requirements.yaml", pledges="pledges.yaml"))
    assert named.inputs.pledges.height == store.pledges.height
    assert named.inputs.requirements.height == store.requirements.height


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            {"requirements": "requirements.yaml"}, "no pledges: name a pledges", id="no-pledges"
        ),
        pytest.param({"pledges": "pledges.yaml"}, "no requirements: name a file", id="no-reqs"),
        pytest.param(
            {
                "statement": "requirements.yaml",
                "requirements": ["REQ-999"],
                "pledges": "pledges.yaml",
            },
            "requirement(s) not in the statement: REQ-999",
            id="unknown-id",
        ),
    ],
)
def test_a_coa_without_its_inputs_says_what_is_missing(
    folder: Path, data: dict[str, object], reason: str
) -> None:
    with pytest.raises(InputError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        load_coa(write(folder, **data))
