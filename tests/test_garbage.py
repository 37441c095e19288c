"""Garbage in (issue 10, finding 8): every line is counted, a file that is not its
source's format is refused and stores nothing unless forced, and a reject's raw text
is capped."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from reassure.errors import InputError
from reassure.ingest import ingest_files, ingest_scenario
from reassure.sea.decode import decode_nmea_bytes, iter_nmea
from reassure.sea.ingest import as_decode_result, write_ais
from reassure.store import Store
from reassure.store.export import export_table
from reassure.store.ingest import (
    REFUSE_MIN_REJECTED,
    REFUSE_REJECTED_SHARE,
    REFUSE_SAMPLE_LINES,
    REJECT_RAW_MAX,
    Decoder,
    DecodeResult,
    run_ingest,
)
from test_cli import one_line_error, reassure
from test_land import write_reports

GOOD = "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23"
GOOD_2 = "!AIVDM,1,1,,A,33P;Tw0tjBQO22:E7dm66DrB20UP,0*2E"


def count_lines(path: Path) -> int:
    """Lines as a reader sees them: newlines, and a last line without one."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def random_text(path: Path, n_bytes: int, seed: int = 1) -> Path:
    """Printable ASCII with a newline every 80 bytes on average: what issue 10 fed in."""
    rng = np.random.default_rng(seed)
    data = rng.integers(32, 127, n_bytes, dtype=np.uint8)
    data[rng.random(n_bytes) < 1 / 80] = 10
    path.write_bytes(data.tobytes())
    return path


def stored_skips(store: Store, ingest_id: int) -> dict[str, int]:
    rows = store.con.execute(
        "SELECT reason, n FROM ingest_skips WHERE ingest_id = ? ORDER BY reason", [ingest_id]
    ).fetchall()
    return dict(rows)


# -- every line is counted ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "decoded", "rejected", "skipped"),
    [
        pytest.param("risky__ais.txt.gz", 34008, 21,
                     {"$PGHP wrapper": 26, "other NMEA sentence": 10632}, id="amsa"),
        pytest.param("risky__exact-earth-augmented-3.txt.gz", 4287, 30, {"$PGHP wrapper": 3355},
                     id="exact-earth"),
        pytest.param("libais__test_data_test.aivdm", 255, 8, {"blank line": 35, "comment": 47},
                     id="libais"),
        pytest.param("pyais__tests_mixed.txt", 14, 3, {"blank line": 7, "$PGHP wrapper": 2,
                     "comment": 5, "other NMEA sentence": 4}, id="pyais-mixed"),
        pytest.param("pyais__tests_nmea_data_sample.txt", 778, 120, {}, id="pyais-sample"),
        pytest.param("risky__exact-earth-with-tag-block.txt", 221, 0, {}, id="tag-blocks"),
    ],
)  # fmt: skip
def test_every_line_of_a_real_ais_file_is_decoded_rejected_or_skipped(
    store: Store,
    shared_data: Path,
    name: str,
    decoded: int,
    rejected: int,
    skipped: dict[str, int],
) -> None:
    path = shared_data / "sea" / name
    (report,) = ingest_files(store, "ais", [path])
    assert (report.n_decoded, report.n_rejected, report.skipped) == (decoded, rejected, skipped)
    assert report.n_decoded + report.n_rejected + report.n_skipped == count_lines(path)
    assert report.n_read == report.n_decoded + report.n_rejected
    assert stored_skips(store, report.ingest_id) == skipped
    (again,) = ingest_files(store, "ais", [path])
    assert again.already and (again.n_skipped, again.skipped) == (report.n_skipped, skipped)


def test_every_line_of_the_scenario_files_is_counted(small_scenario: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        reports = {r.source: r for r in ingest_scenario(store, small_scenario)}
        ais, land = reports["ais"], reports["reports"]
        assert ais.skipped == {} and ais.n_rejected == 0
        assert ais.n_decoded == count_lines(small_scenario / "sea" / "ais.nmea")
        assert land.skipped == {"header": 1} and land.n_rejected == 0
        assert land.n_decoded + 1 == count_lines(small_scenario / "land" / "monitor_reports.csv")
        assert store.count("ingest_skips") == 1


DMA_HEADER = (
    "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
    "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,"
    "Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D"
)
DMA_ROW = (
    "01/03/2024 00:00:0{s},Class A,219000873,56.99,10.30,Moored,,0,0,0,,,{name},,,,,,,,,AIS,,,,"
)


def test_a_position_csv_counts_its_header_empty_rows_and_quoted_line_breaks(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "aisdk.csv"
    rows = [
        DMA_ROW.format(s=1, name="ONE"),
        "",
        DMA_ROW.format(s=2, name='"TWO\nLINES"'),
        DMA_ROW.format(s=3, name="THREE").replace("219000873", "x"),
        DMA_ROW.format(s=4, name="FOUR"),
    ]
    path.write_text("\n".join([DMA_HEADER, *rows]) + "\n")
    (report,) = ingest_files(store, "ais", [path])
    assert (report.n_decoded, report.n_rejected) == (3, 1)
    assert report.skipped == {
        "header": 1,
        "empty row": 1,
        "line break inside a quoted field": 1,
    }
    assert report.n_decoded + report.n_rejected + report.n_skipped == count_lines(path) == 7
    lines = store.con.execute("SELECT source_line FROM ais_positions ORDER BY 1").fetchall()
    assert [line for (line,) in lines] == [2, 4, 7]  # the row after a two-line row is on 7
    assert store.con.execute("SELECT line, reason FROM rejects").fetchall() == [(6, "bad MMSI")]


def test_a_report_csv_counts_its_header_blank_lines_and_quoted_line_breaks(
    store: Store, tmp_path: Path
) -> None:
    good = "R{i},2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,mortar,{text},"
    path = write_reports(
        tmp_path / "r.csv",
        good.format(i=1, text="x"),
        "",
        good.format(i=2, text='"three\nline\nnote"'),
        good.format(i=3, text="x").replace("shelling", "nonsense"),
    )
    (report,) = ingest_files(store, "reports", [path])
    assert (report.n_decoded, report.n_rejected) == (2, 1)
    assert report.skipped == {"header": 1, "blank line": 1, "line break inside a quoted field": 2}
    assert report.n_decoded + report.n_rejected + report.n_skipped == count_lines(path) == 7
    assert store.con.execute("SELECT line FROM rejects").fetchall() == [(7,)]


def test_skipped_lines_export_with_their_ingests_releasability(
    store: Store, shared_data: Path, tmp_path: Path
) -> None:
    path = shared_data / "sea" / "pyais__tests_mixed.txt"
    ingest_files(store, "ais", [path], releasability=["GBR"])
    assert export_table(store, "ingest_skips", tmp_path / "gbr.csv", "GBR") == 4
    assert export_table(store, "ingest_skips", tmp_path / "fra.csv", "FRA") == 0
    rows = (tmp_path / "gbr.csv").read_text().splitlines()
    assert rows[:2] == ["ingest_id,reason,n,releasability", "1,$PGHP wrapper,2,[GBR]"]


# -- garbage is refused ---------------------------------------------------------------


def test_a_binary_file_is_refused_and_stores_nothing_unless_forced(tmp_path: Path) -> None:
    one_line_error(
        reassure(tmp_path, "ingest", "ais", "/bin/ls"),
        "/bin/ls: this does not look like AIS NMEA: 0 of ",
        " lines decoded (line 1: not UTF-8/binary garbage); --force stores it anyway",
    )
    info = reassure(tmp_path, "info", "--json")
    tables = json.loads(info.stdout)["tables"]
    assert (tables["ingests"], tables["rejects"], tables["ingest_skips"]) == (0, 0, 0)
    forced = reassure(tmp_path, "ingest", "ais", "/bin/ls", "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    (report,) = json.loads(forced.stdout)
    assert report["n_decoded"] == 0 and report["n_rejected"] > 0
    assert report["n_rejected"] + report["n_skipped"] == count_lines(Path("/bin/ls"))


def test_random_text_is_refused_with_its_counts_and_forced_is_counted_whole(
    store: Store, tmp_path: Path
) -> None:
    path = random_text(tmp_path / "random.txt", 1 << 20)
    with pytest.raises(InputError) as refused:
        ingest_files(store, "ais", [path])
    assert refused.value.reason == (
        "this does not look like AIS NMEA: 0 of 12,444 lines decoded "
        "(line 1: not an NMEA sentence); --force stores it anyway"
    )
    assert store.count("ingests") == store.count("rejects") == 0
    (report,) = ingest_files(store, "ais", [path], force=True)
    assert (report.n_decoded, report.n_rejected) == (0, 12445)
    assert report.skipped == {"blank line": 173, "comment": 138, "other NMEA sentence": 413}
    assert report.n_rejected + report.n_skipped == count_lines(path)


def _decoder(texts: list[str]) -> Decoder:
    """A decoder yielding one part per text, as a file's blocks."""

    def decode(path: Path) -> Iterator[DecodeResult]:
        for text in texts:
            yield as_decode_result(decode_nmea_bytes(text.encode()))

    return decode


def _garbage(n: int, tag: str = "x") -> list[str]:
    return [f"not ais {tag} {i}" for i in range(n)]


@pytest.mark.parametrize(
    ("parts", "refused"),
    [
        pytest.param([_garbage(REFUSE_MIN_REJECTED - 1)], False, id="too-few-rejects-to-judge"),
        pytest.param([_garbage(REFUSE_MIN_REJECTED)], True, id="enough-rejects"),
        pytest.param([["$GPGGA,1"] * 500], False, id="other-sentences-only"),
        pytest.param([[*_garbage(999), GOOD]], False, id="one-sentence-decodes"),
        pytest.param([_garbage(30) + ["# note"] * 30], True, id="half-rejected"),
        pytest.param([_garbage(30) + ["# note"] * 31], False, id="under-half-rejected"),
        pytest.param([_garbage(REFUSE_SAMPLE_LINES), [GOOD]], True, id="good-after-sample"),
        pytest.param([_garbage(REFUSE_SAMPLE_LINES - 1), [GOOD]], False, id="good-in-sample"),
        pytest.param([[GOOD], _garbage(10_000)], False, id="garbage-after-a-good-start"),
    ],
)
def test_the_refusal_rule(
    store: Store, tmp_path: Path, parts: list[list[str]], refused: bool
) -> None:
    assert REFUSE_REJECTED_SHARE == 0.5  # the ids above say "half"
    path = tmp_path / "feed.nmea"
    path.write_text("\n".join(line for part in parts for line in part))
    decode = _decoder(["\n".join(part) for part in parts])
    if refused:
        with pytest.raises(InputError, match="does not look like AIS NMEA: 0 of"):
            run_ingest(store, "ais", path, decode, write_ais)
        assert store.count("ingests") == 0
    report = run_ingest(store, "ais", path, decode, write_ais, force=refused)
    assert report.n_read + report.n_skipped == sum(len(part) for part in parts)


def test_a_large_garbage_file_is_refused_on_its_first_lines(store: Store, tmp_path: Path) -> None:
    path = random_text(tmp_path / "random.txt", 4 << 20)
    pulled: list[int] = []

    def decode(path: Path) -> Iterator[DecodeResult]:
        for part in iter_nmea(path, chunk_bytes=64 << 10):
            pulled.append(1)
            yield as_decode_result(part)

    with pytest.raises(InputError, match="0 of 1,"):
        run_ingest(store, "ais", path, decode, write_ais)
    assert len(pulled) == 2  # of 64: 64 KiB holds some 800 lines, two hold the 1,000 judged


def test_a_report_csv_of_bad_rows_is_refused_unless_forced(store: Store, tmp_path: Path) -> None:
    row = "R{},2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,shelling,bazooka,x,"
    path = write_reports(tmp_path / "r.csv", *(row.format(i) for i in range(25)))
    with pytest.raises(InputError) as refused:
        ingest_files(store, "reports", [path])
    assert str(refused.value) == (
        f"{path}: this does not look like a monitor-report CSV: 0 of 25 records decoded "
        "(line 2: unknown weapon_class 'bazooka'); --force stores it anyway"
    )
    (report,) = ingest_files(store, "reports", [path], force=True)
    assert (report.n_rejected, report.skipped) == (25, {"header": 1})


def test_a_pledges_file_of_bad_entries_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pledges.yaml"
    path.write_text("pledges:\n" + "".join(f"  - {{pledge_id: P{i}}}\n" for i in range(25)))
    with pytest.raises(InputError, match=r"a pledges YAML: 0 of 25 entries decoded \(entry 1: "):
        ingest_files(store, "pledges", [path])


# -- the raw text of a reject is capped -----------------------------------------------


def test_the_raw_text_kept_per_reject_is_capped(store: Store, tmp_path: Path) -> None:
    long_note = "x" * 5000
    reports = write_reports(
        tmp_path / "r.csv", f"R1,2026-12-01T06:00:00Z,36.5,47.5,T1,GBR,nonsense,none,{long_note},"
    )
    ais = tmp_path / "feed.nmea"
    ais.write_text(f"{GOOD}\n{'y' * 100_000}\n{GOOD_2}\n")
    ingest_files(store, "reports", [reports])
    ingest_files(store, "ais", [ais])
    raws = store.con.execute("SELECT source, length(raw) FROM rejects ORDER BY 1").fetchall()
    assert raws == [("ais", REJECT_RAW_MAX), ("reports", REJECT_RAW_MAX)]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert f"{REJECT_RAW_MAX} characters" in readme


def test_the_readme_states_the_refusal_rule() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for number in (f"{REFUSE_SAMPLE_LINES:,}", str(REFUSE_MIN_REJECTED), "half"):
        assert number in readme, number
