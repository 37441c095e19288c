"""Docs cannot drift: what the code registers, the README names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import reassure
from reassure.detect import DETECTORS
from reassure.geo.zones import ZONE_KINDS
from reassure.ingest import SOURCES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_detector_source_and_zone_kind_is_in_the_readme() -> None:
    for name in DETECTORS:
        assert f"`{name}`" in README, f"detector {name} is not in the README"
    for name in SOURCES:
        assert name in README, f"ingest source {name} is not in the README"
    for kind in ZONE_KINDS:
        assert kind in README, f"zone kind {kind} is not in the README"


def test_top_level_exports_resolve() -> None:
    for name in reassure.__all__:
        assert getattr(reassure, name) is not None


def test_import_has_no_side_effects(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "REASSURE_HOME": str(tmp_path / "home"),
    }
    code = "import reassure, reassure.cli, reassure.store; print(reassure.__version__)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == reassure.__version__
    assert list(tmp_path.iterdir()) == []
