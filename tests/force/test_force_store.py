"""The planner's inputs in the store: the last file of each source is the whole set."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_inputs import PLEDGE, REQ

from conftest import stored_columns
from reassure.force.store import FORCE_TABLES, load_inputs
from reassure.ingest import ingest_files
from reassure.store import Store


def test_store_tables_have_the_decoder_columns(store: Store) -> None:
    for table, schema in FORCE_TABLES.values():
        stored = stored_columns(store, table)
        assert stored == [*schema, "ingest_id"], table


def test_a_newer_statement_of_requirements_replaces_the_set(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(yaml.safe_dump({"requirements": [REQ, {**REQ, "requirement_id": "REQ-2"}]}))
    second = tmp_path / "b.yaml"
    second.write_text(yaml.safe_dump({"requirements": [{**REQ, "requirement_id": "REQ-9"}]}))
    ingest_files(store, "requirements", [first])
    ingest_files(store, "requirements", [second])
    inputs, _ = load_inputs(store.con)
    assert inputs.requirements["requirement_id"].to_list() == ["REQ-9"]
    ingest_files(store, "requirements", [first])  # the older one again: it is back
    inputs, _ = load_inputs(store.con)
    assert sorted(inputs.requirements["requirement_id"]) == ["REQ-1", "REQ-2"]


def test_inputs_keep_the_releasability_of_their_ingests(store: Store, tmp_path: Path) -> None:
    reqs = tmp_path / "r.yaml"
    reqs.write_text(yaml.safe_dump({"requirements": [REQ]}))
    pledges = tmp_path / "p.yaml"
    pledges.write_text(yaml.safe_dump({"pledges": [PLEDGE]}))
    ingest_files(store, "requirements", [reqs])
    inputs, releasable = load_inputs(store.con)
    assert releasable == []
    ingest_files(store, "pledges", [pledges], releasability=["GBR", "FRA"])
    inputs, releasable = load_inputs(store.con)
    assert releasable == ["FRA", "GBR"]
    assert inputs.pledges.row(0, named=True)["caveats"] == ["Not east of 32°E"]
