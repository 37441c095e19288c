"""The demo pipeline end to end on the seed-7 scenario: scenario → ingest → detect."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import WALL_CLOCK, copy_demo
from reassure.demo import DEMO_USERS, DemoResult, build_demo_store
from reassure.detect import run_detectors
from reassure.ingest import ingest_scenario
from reassure.score import load_truth, score_events
from reassure.store import Store
from reassure.store.ledger import all_events, query_events

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(seed7_demo: DemoResult, tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return copy_demo(seed7_demo, tmp_path_factory.mktemp("demo"))  # a test here writes


def test_every_scenario_file_is_ingested_and_accounted_for(demo) -> None:  # type: ignore[no-untyped-def]
    sources = {r.source: r for r in demo.ingests}
    assert set(sources) == {"zones", "nations", "requirements", "pledges", "lift", "reports", "ais"}
    for report in demo.ingests:
        assert report.n_read == report.n_decoded + report.n_rejected
        assert report.n_rejected == 0, f"the scenario's own {report.source} file has rejects"
    assert sources["nations"].n_decoded == 31  # 30 contributors and the host nation
    assert sources["zones"].n_decoded >= 10
    assert set(demo.tokens) == {u for u, _, _ in DEMO_USERS}


def test_detectors_find_the_planted_violations(demo) -> None:  # type: ignore[no-untyped-def]
    with Store(demo.db_path, read_only=True) as store:
        events = all_events(store.con)
    truth = load_truth(demo.scenario_dir)
    scores = {s.kind: s for s in score_events(events, truth)}
    assert set(scores) == {
        "reported_violation",
        "withdrawal_breach",  # land
        "ais_gap",
        "encounter",
        "loitering",
        "port_call",
        "teleport",
        "identity_clash",
        "position_on_land",
        "exclusion_entry",
        "corridor_departure",  # seas
    }
    for score in scores.values():
        assert score.truths > 0
        assert score.precision == 1.0 and score.recall == 1.0, score.as_dict()


def test_running_it_again_adds_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    with Store(demo.db_path) as store:
        before = {t: store.count(t) for t in ("events", "land_reports", "zones", "ingests")}
        reports = ingest_scenario(store, demo.scenario_dir)
        assert all(r.already for r in reports)
        assert all(d.new == 0 and d.removed == 0 for d in run_detectors(store))
        assert {t: store.count(t) for t in before} == before


def test_same_seed_same_event_ids_in_another_home(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = build_demo_store(tmp_path, seed=7, now=WALL_CLOCK)
    # a plan is reproducible when every stage is proved; one cut short by the time limit
    # (a loaded machine) may differ, and so may its sourcing gaps
    for built in (demo, other):
        assert {p["name"]: p["status"] for p in built.plans if p["status"] != "optimal"} == {}
    with Store(demo.db_path, read_only=True) as a, Store(other.db_path, read_only=True) as b:
        ids_a = all_events(a.con)["event_id"].to_list()
        ids_b = all_events(b.con)["event_id"].to_list()
    assert ids_a == ids_b and len(ids_a) > 0


def test_status_differs_by_nation_only_through_releasability(demo) -> None:  # type: ignore[no-untyped-def]
    with Store(demo.db_path, read_only=True) as store:
        everything = all_events(store.con)
        for nation in ("GBR", "FRA", "TUR"):
            mine = query_events(store.con, nation)
            allowed = [r == [] or nation in r for r in everything["releasability"].to_list()]
            assert mine.height == sum(allowed)
            for releasability in mine["releasability"].to_list():
                assert releasability == [] or nation in releasability
    restricted = [r for r in everything["releasability"].to_list() if r]
    assert restricted, "the scenario should plant some restricted events"
    assert json.loads(everything["evidence"][0])["records"]


def test_the_status_shows_the_picture_the_data_shows(demo) -> None:  # type: ignore[no-untyped-def]
    report = demo.status
    assert report.clock.basis == "data" and report.clock.stale
    assert (
        report.clock.as_of == report.clock.newest == datetime(2026, 12, 3, 23, 59, 59, tzinfo=UTC)
    )
    assert report.clock.note() == "newest data 3 d 23 h old"  # WALL_CLOCK is days later
    levels = {s.objective: s.level for s in report.objectives}
    assert levels == {
        "skies": "no_data",  # no air source exists: never "all clear"
        "seas": "red",
        "land": "red",
        "support": "no_data",
        "force": "green",  # the plan of record reports; no force requirement is short
    }
    assert report.sources["ais"] > 0 and report.sources["land_reports"] > 0


WALL_CLOCKS = {
    "2026-12-07 23:00:00": ("newest data 3 d 23 h old", True),
    "2031-06-01 00:00:00": ("newest data 1640 d 0 h old", True),  # years ahead of the data
    "2026-01-01 00:00:00": ("newest data 336 d 23 h ahead of the wall clock", False),
}


def test_status_json_is_the_same_under_three_wall_clocks(demo) -> None:  # type: ignore[no-untyped-def]
    """The real wall clock, set by Debian's ``faketime`` for the whole process."""
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.fail("Debian's faketime is needed for this test: apt-get install faketime")
    # the suite may itself run under faketime: libfaketime nested in itself compounds
    # the offsets, so the child starts from the real clock
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
    answers = []
    for clock, (note, stale) in WALL_CLOCKS.items():
        command = ["--db", str(demo.db_path), "status", "--nation", "GBR", "--json"]
        run = subprocess.run(
            [faketime, clock, sys.executable, "-m", "reassure", *command],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        assert run.returncode == 0, run.stderr
        body = json.loads(run.stdout)
        # what the wall clock may change: the data's age, in words and seconds...
        assert (body["data"].pop("note"), body["data"].pop("stale")) == (note, stale)
        body["data"].pop("age_s")
        answers.append(body)
    assert answers[0] == answers[1] == answers[2]  # ...and nothing else
    assert answers[0]["as_of"] == "2026-12-03T23:59:59Z"
    levels = [o["level"] for o in answers[0]["objectives"]]
    assert levels == ["no_data", "red", "red", "no_data", "green"]
