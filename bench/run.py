"""Benchmarks against peer libraries, same data, same run.

    python bench/run.py AREA [--json] [--quick]

AREA is one of the modules in ``bench/`` that define ``run(quick: bool)`` (or ``all``).
Each result is one JSON object per line: ``name, ours_s, peer, peer_s, ratio, n`` where
``ratio = peer_s / ours_s`` (above 1: we are faster). ``--quick`` runs a small size so
the test suite can check that every benchmark still works.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AREAS = {
    "zones": ("zones",),
    "sea": ("sea_decode", "sea_detect", "sea_command"),
    "force": ("force",),
    "fuzz": ("fuzz",),
}
"""Area → benchmark modules (``bench/bench_<module>.py``)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("area", choices=[*AREAS, "all"])
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    areas = list(AREAS) if args.area == "all" else [args.area]
    for name in (module for area in areas for module in AREAS[area]):
        module = importlib.import_module(f"bench_{name}")
        for result in module.run(quick=args.quick):
            _emit(result, args.json)
    return 0


def _emit(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result), flush=True)
    else:
        print(
            f"{result['name']:<32} n={result['n']:>10,}  ours {result['ours_s']:.3f} s  "
            f"{result['peer']} {result['peer_s']:.3f} s  ratio {result['ratio']:.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
