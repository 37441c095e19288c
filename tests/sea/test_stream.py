"""Block by block, in bounded memory: reading a stream in pieces gives what reading it
whole gives, whatever the block size, and lines too long to hold are rejects."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from test_nmea import POS, T5A, T5B, tag, vdm

from conftest import SHARED_DATA
from reassure.sea.decode import TABLES, AisDecoded, decode_nmea, decode_nmea_bytes, iter_nmea
from reassure.sea.nmea import MAX_LINE_BYTES

RISKY = SHARED_DATA / "sea" / "risky__ais.txt.gz"
GATEHOUSE = SHARED_DATA / "sea" / "pyais__examples_gatehouse.nmea"


def assert_same(a: AisDecoded, b: AisDecoded) -> None:
    for name in (*TABLES, "rejects"):
        assert_frame_equal(a.table(name), b.table(name), check_exact=True)
    assert (a.n_read, a.skipped, a.n_messages) == (b.n_read, b.skipped, b.n_messages)


def in_blocks(path: Path | list[Path], chunk_bytes: int, threads: int = 2) -> AisDecoded:
    parts = list(iter_nmea(path, chunk_bytes=chunk_bytes, threads=threads))
    for part in parts:
        assert part.n_decoded + part.rejects.height == part.n_read
    return AisDecoded.concat(parts, ())


def mangled(path: Path, seed: int) -> bytes:
    """A real file with truncated lines, flipped bytes, repeated and swapped lines."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    rng = random.Random(seed)
    lines = raw.split(b"\n")[:6000]
    out: list[bytes] = []
    for line in lines:
        roll = rng.random()
        if roll < 0.03 and len(line) > 5:
            line = line[: rng.randrange(len(line))]
        elif roll < 0.06 and line:
            k = rng.randrange(len(line))
            line = line[:k] + bytes([rng.randrange(256)]) + line[k + 1 :]
        elif roll < 0.08:
            out.append(line)
        out.append(line)
    for i in range(0, len(out) - 4, 40):
        j = i + rng.randrange(4)
        out[i], out[j] = out[j], out[i]
    return b"\n".join(out)


@pytest.mark.parametrize(
    "chunk_bytes",
    [pytest.param(2000, id="2kB"), pytest.param(9973, id="10kB"), pytest.param(60_000, id="60kB")],
)
@pytest.mark.parametrize(
    "threads", [pytest.param(1, id="1-thread"), pytest.param(2, id="2-threads")]
)
def test_blocks_give_what_the_whole_file_gives(
    tmp_path: Path, chunk_bytes: int, threads: int
) -> None:
    path = tmp_path / "mangled.nmea"
    path.write_bytes(mangled(RISKY, seed=3))
    whole = decode_nmea(path)
    assert whole.rejects.height > 100  # the mangling left plenty to reject
    assert_same(in_blocks(path, chunk_bytes, threads), whole)


def test_gatehouse_wrappers_time_across_block_ends(tmp_path: Path) -> None:
    """A $PGHP wrapper times the sentence after it, even when a block ends between."""
    whole = decode_nmea(GATEHOUSE)
    assert whole.positions["rx_time"].dt.year().to_list() == [2008, None, 2009, None]
    for chunk_bytes in range(40, 400, 7):
        assert_same(in_blocks(GATEHOUSE, chunk_bytes), whole)


def test_fragments_join_across_a_block_end(tmp_path: Path) -> None:
    lines = [vdm(2, 1, "1", "A", T5A), *[vdm(1, 1, "", "B", POS)] * 50, vdm(2, 2, "1", "A", T5B, 2)]
    path = tmp_path / "split.nmea"
    path.write_text("\n".join(lines) + "\n")
    result = in_blocks(path, 500)  # fragment 1 in the first block, fragment 2 in the last
    assert result.static["source_line"].to_list() == [1]
    assert result.static["mmsi"].to_list() == [351759000]
    assert result.positions.height == 50
    assert result.rejects.height == 0


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.sampled_from(
            [
                vdm(1, 1, "", "B", POS),
                vdm(2, 1, "1", "A", T5A),
                vdm(2, 2, "1", "A", T5B, 2),
                vdm(2, 1, "2", "A", T5A),
                vdm(2, 2, "2", "A", T5B, 2),
                tag("g:1-2-7,c:1700000000") + vdm(2, 1, "", "A", T5A),
                tag("g:2-2-7") + vdm(2, 2, "", "A", T5B, 2),
                "$PGHP,1,2008,5,9,0,0,0,10,219,0,2190047,1,42*17",
                "$PGHP,1,2008,5,9,0,0,99,10,219,0,2190047,1,42*17",
                "# a comment",
                "!AIVDM,1,1,,A,15M67F",
                "\xff\xfegarbage",
                "",
            ]
        ),
        max_size=60,
    ),
    chunk_bytes=st.integers(min_value=1, max_value=600),
)
def test_any_stream_in_any_blocks(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], chunk_bytes: int
) -> None:
    text = "\n".join(lines).encode("latin-1")
    path = tmp_path_factory.mktemp("soup") / "soup.nmea"
    path.write_bytes(text)
    assert_same(in_blocks(path, chunk_bytes, threads=1), decode_nmea_bytes(text))


def test_a_line_too_long_to_hold_is_one_reject(tmp_path: Path) -> None:
    long = b"x" * (3 * MAX_LINE_BYTES)
    path = tmp_path / "long.nmea"
    good = vdm(1, 1, "", "A", POS).encode()
    path.write_bytes(b"\n".join([good, long, good, long]))  # the last one without newline
    for chunk_bytes in (1000, 1 << 20, 8 << 20):
        result = in_blocks(path, chunk_bytes)
        assert result.positions["source_line"].to_list() == [1, 3]
        assert result.rejects["line"].to_list() == [2, 4]
        assert (
            result.rejects["reason"].to_list()
            == [f"line longer than {MAX_LINE_BYTES} bytes: not an NMEA sentence"] * 2
        )
        assert result.rejects["raw"].to_list() == ["x" * 512] * 2
        assert (result.n_read, result.skipped) == (4, 0)


def test_gzip_streams_like_the_plain_file(tmp_path: Path) -> None:
    plain = tmp_path / "a.nmea"
    plain.write_bytes(mangled(RISKY, seed=5))
    packed = tmp_path / "a.nmea.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert_same(in_blocks(packed, 5000), decode_nmea(plain))


def test_a_payload_with_a_character_outside_the_armour_is_rejected() -> None:
    bad = vdm(1, 1, "", "A", POS[:5] + "!" + POS[6:])
    result = decode_nmea_bytes((bad + "\n").encode(), lenient=True)
    assert result.rejects["reason"].to_list() == ["payload has invalid 6-bit character"]


_MEMORY_PROBE = """
import json, resource, sys
from reassure.sea.decode import decode_nmea_bytes, iter_nmea
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
decode_nmea_bytes(open(sys.argv[1], "rb").read(1 << 20))  # load the compiled code
before = peak_mb()
n = rejects = 0
for part in iter_nmea(sys.argv[1], chunk_bytes=8 << 20):
    n += part.n_messages
    rejects += part.rejects.height
print(json.dumps({"messages": n, "rejects": rejects, "grew_mb": peak_mb() - before}))
"""


@pytest.mark.slow
def test_memory_stays_bounded_on_a_file_far_larger_than_a_block(tmp_path: Path) -> None:
    """300 MB of real traffic and binary garbage, read in 8 MB blocks: memory grows by
    that of a few blocks (and their tables), not by the file's size, and every record
    is counted."""
    sample = gzip.decompress(RISKY.read_bytes())
    garbage = random.Random(1).randbytes(200_000)
    path = tmp_path / "big.nmea"
    with path.open("wb") as out:
        for _ in range(130):  # copies 1,001 lines apart: no fragment joins the next copy
            out.write(sample)
            out.write(garbage + b"\n" * 1001)
    size_mb = path.stat().st_size / 1e6
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    got = json.loads(done.stdout)
    one = decode_nmea_bytes(sample)
    assert got["messages"] == 130 * one.n_messages
    assert got["rejects"] > 130 * one.rejects.height  # the garbage lines
    assert size_mb > 300
    assert got["grew_mb"] < 250, got
