"""The warm-up compiles every kernel the AIS ingest runs, and the next process finds them
in Numba's cache instead of compiling them again."""

from __future__ import annotations

import os
import subprocess
import sys

from reassure.warm import warm


def test_the_warm_up_sample_decodes_whole() -> None:
    # every table's reader runs: 10 messages (a type 24 pair is one static row each,
    # a type 5 in two parts is one), and the one line with a bad checksum is rejected
    assert warm() == (10, 1)


def test_a_new_process_compiles_no_kernel_again() -> None:
    """A kernel made inside a closure was keyed in the cache by the closure's contents,
    which differ in every process: it was compiled (seconds) on every ingest."""
    code = "from reassure.warm import warm; warm()"
    env = {**os.environ, "NUMBA_DEBUG_CACHE": "1"}

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run()  # compiles what this checkout has not compiled yet
    again = run()
    saved = [line for line in again.splitlines() if "data saved" in line]
    assert saved == [], saved
    # the lexer, the assembler, the newline counter, six table readers, the shore grid
    assert again.count("data loaded") >= 10, again
