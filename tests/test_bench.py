"""Every benchmark still runs (quick sizes); speed itself is measured in bench/, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.mark.slow
@pytest.mark.parametrize("area", ["zones", "sea", "force", "fuzz"])
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
        # sea decoding: the message counts agree, or say why not (the whole-command row
        # reports pyais' message count too, with no breakdown to reconcile it by)
        if "only_pyais" in row:
            only_pyais, only_ours = row["only_pyais"], row["only_ours"]
            assert set(only_pyais) <= {"bad checksum", "payload too short", "truncated sentence",
                                       "malformed sentence"}, only_pyais  # fmt: skip
            assert set(only_ours) <= {"type >= 29"}, only_ours
            expected = row["pyais_messages"] - sum(only_pyais.values()) + sum(only_ours.values())
            assert row["n"] == expected
        if area == "fuzz":  # mutated real lines: ours never raises, pyais may
            assert row["exceptions"] == 0 and row["peer_exceptions"] >= 0
            assert row["decoded_lines"] + row["rejected_lines"] + row["skipped_lines"] == row["n"]
