"""What a user waits for: the whole ``reassure`` command in a new process, not the decoder.

1. ``sea.command.ingest_ais.risky``: ``reassure ingest ais risky__ais.txt.gz`` (AMSA,
   44,687 lines) in a new process, into an existing store that does not hold the file
   yet (a store made once with a small other file, copied fresh for each run: a second
   ingest of the same file is a no-op by design) — start-up, opening the store, decoding
   and writing. Peer: a new process running a pyais script that decodes the same file
   (``ByteStream`` over ``gzip.open`` + ``decode`` of every message), storing nothing.
   With ``--quick``: the first 2,000 lines of the file.
2. ``sea.command.startup.*``: ``reassure --help`` and ``reassure <group> --help`` in a
   new process, against the bare interpreter (``python -c pass``) started the same way.

Best of 5 runs each (1 with ``--quick``); the machine may be shared. Numba's cache is
warmed first (``python -m reassure.warm``, as ``make setup`` does).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reassure.warm import SAMPLE

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sea"

PYAIS_SCRIPT = """
import gzip, sys
from pyais.stream import ByteStream
n = 0
with gzip.open(sys.argv[1]) as lines:
    for msg in ByteStream(lines):
        try:
            msg.decode()
        except Exception:  # types 29-63, empty payloads: pyais raises
            continue
        n += 1
print(n)
"""

STARTUP = (("help", ()), ("ingest_help", ("ingest",)), ("status_help", ("status",)),
           ("plan_help", ("plan",)), ("scenario_help", ("scenario",)))  # fmt: skip
"""Row name → the command's arguments before ``--help``."""


def _wall(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of a new process running ``args``, and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
    return took, done.stdout


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REASSURE_")}
    env.update(REASSURE_HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    return env


def _reassure(*args: str) -> list[str]:
    return [sys.executable, "-m", "reassure", *args]


def _ingest(tmp: Path, quick: bool, repeat: int) -> dict[str, Any]:
    feed = tmp / "risky__ais.txt.gz"
    if quick:
        with gzip.open(DATA / "risky__ais.txt.gz", "rt") as whole:
            head = "".join(line for _, line in zip(range(2000), whole, strict=False))
        feed.write_bytes(gzip.compress(head.encode()))
    else:
        shutil.copyfile(DATA / "risky__ais.txt.gz", feed)
    prepared = tmp / "prepared"
    sample = tmp / "other.nmea"
    sample.write_text(SAMPLE, encoding="ascii")
    _wall(_reassure("ingest", "ais", str(sample)), _env(prepared))
    best, n_read = float("inf"), 0
    for i in range(repeat):
        home = tmp / f"run{i}"
        shutil.copytree(prepared, home)
        took, out = _wall(_reassure("ingest", "ais", str(feed), "--json"), _env(home))
        (report,) = json.loads(out)
        if report["already"]:
            raise AssertionError("the prepared store already held the file: nothing measured")
        best, n_read = min(best, took), report["n_read"]
        shutil.rmtree(home)
    peer = tmp / "pyais_decode.py"
    peer.write_text(PYAIS_SCRIPT)
    peer_s = float("inf")
    for _ in range(repeat):
        took, out = _wall([sys.executable, str(peer), str(feed)], _env(tmp))
        peer_s = min(peer_s, took)
    return {
        "name": "sea.command.ingest_ais.risky" + ("_2k" if quick else ""),
        "ours_s": round(best, 4),
        "peer": "new process: pyais ByteStream(gzip.open) + decode, nothing stored",
        "peer_s": round(peer_s, 4),
        "ratio": round(peer_s / best, 2),
        "n": n_read,
        "peer_messages": int(out),  # what the pyais script decoded (a sanity figure)
    }


def _startup(tmp: Path, repeat: int) -> list[dict[str, Any]]:
    env = _env(tmp / "home")
    bare = min(_wall([sys.executable, "-c", "pass"], env)[0] for _ in range(repeat))
    rows = []
    for name, args in STARTUP:
        ours = min(_wall(_reassure(*args, "--help"), env)[0] for _ in range(repeat))
        rows.append(
            {
                "name": f"sea.command.startup.{name}",
                "ours_s": round(ours, 4),
                "peer": "new process: python -c pass",
                "peer_s": round(bare, 4),
                "ratio": round(bare / ours, 2),
                "n": 1,
                "command": " ".join(["reassure", *args, "--help"]),
            }
        )
    return rows


def run(quick: bool) -> list[dict[str, Any]]:
    repeat = 1 if quick else 5
    subprocess.run([sys.executable, "-m", "reassure.warm"], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        return [_ingest(tmp, quick, repeat), *_startup(tmp, repeat)]
