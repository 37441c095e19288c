"""Every benchmark still runs (quick sizes); speed itself is measured in bench/, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.mark.slow
@pytest.mark.parametrize("area", ["zones", "sea", "force"])
def test_benchmark_smoke(area: str) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), area, "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    for row in rows:
        assert {"name", "ours_s", "peer", "peer_s", "ratio", "n"} <= set(row)
        assert row["ours_s"] > 0 and row["peer_s"] > 0 and row["n"] > 0
