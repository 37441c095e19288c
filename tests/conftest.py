"""Shared fixtures: temp stores, the shared real data folder, small zone sets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reassure.demo import DemoResult, build_demo_store
from reassure.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("REASSURE_SHARED_DATA") or REPO.parent / "shared" / "data")
"""The real data the tests use (not shipped): ``../shared/data`` beside the clone, or
``$REASSURE_SHARED_DATA``."""


WALL_CLOCK = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
"""The wall clock tests pass wherever the code asks for one (the COP app, the demo):
nothing a test checks may depend on the real one. The seed-7 scenario's data is about
six days older than this."""


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(
            f"real test data missing: expected {SHARED_DATA} beside the repository "
            "(or set REASSURE_SHARED_DATA)"
        )
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.duckdb") as s:
        yield s


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    """A GeoJSON polygon: a square of ``size`` degrees with its SW corner at lon, lat."""
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


def zone(zone_id: str, kind: str, geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    objective = props.pop("objective", "land")
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"zone_id": zone_id, "kind": kind, "objective": objective, **props},
    }


def write_fc(path: Path, features: list[dict[str, Any]], **extra: Any) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features, **extra}))
    return path


@contextmanager
def write_lock_held_elsewhere(db: Path) -> Iterator[None]:
    """Another process opens ``db`` for writing (DuckDB's file lock) until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        yield
    finally:
        holder.kill()
        holder.communicate()


def stored_columns(store: Store, table: str) -> list[str]:
    """The columns of a store table, in order."""
    return [
        r[0]
        for r in store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]


@pytest.fixture(scope="session")
def seed7_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    """The seed-7 demo store (scenario, ingest, detect, plans, users), built once for the
    whole session. Read it only; a test that writes takes :func:`copy_demo` of it."""
    return build_demo_store(tmp_path_factory.mktemp("seed7-demo"), seed=7, now=WALL_CLOCK)


def copy_demo(demo: DemoResult, folder: Path) -> DemoResult:
    """The demo with its store copied into ``folder`` (its users and tokens come along)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / demo.db_path.name
    shutil.copyfile(demo.db_path, db)
    return replace(demo, db_path=db)


@pytest.fixture(scope="session")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small seed-7 scenario folder (scale 0.1, one day), made once for the session:
    real wire formats of every source, for tests that read or mutate its files."""
    from reassure.scenario.generator import generate

    folder = tmp_path_factory.mktemp("small-scenario") / "scenario"
    generate(folder, seed=7, scale=0.1, days=1)
    return folder
