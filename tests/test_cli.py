"""The ``reassure`` command as a user runs it: a real subprocess, real store files."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import square, write_fc, write_lock_held_elsewhere, zone
from members import join_coalition
from reassure.cli import _register, app
from reassure.store import Store

REPO = Path(__file__).resolve().parents[1]


def reassure(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REASSURE_")}
    env.update(
        REASSURE_HOME=str(home),
        COLUMNS="200",
        XDG_CONFIG_HOME=str(home / "config"),
        REASSURE_LOCK_WAIT="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "reassure", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_help_lists_every_command_and_each_has_help(tmp_path: Path) -> None:
    result = reassure(tmp_path, "--help")
    assert result.returncode == 0
    listed = re.findall(r"^│ (\w+)\s", result.stdout, flags=re.M)
    expected = {
        "scenario",
        "ingest",
        "zones",
        "users",
        "demo",
        "detect",
        "status",
        "export",
        "serve",
        "info",
        "settings",
    }
    assert expected <= set(listed), listed
    readme = (REPO / "README.md").read_text()
    runner = CliRunner()
    _register()
    for command in listed:
        assert f"reassure {command}" in readme, f"`reassure {command}` is not in the README"
        assert runner.invoke(app, [command, "--help"]).exit_code == 0, command
    for sub in ("zones", "reports", "nations", "scenario"):
        assert runner.invoke(app, ["ingest", sub, "--help"]).exit_code == 0, sub


def coalition_home(home: Path, *nations: str) -> None:
    """Put ``nations`` in the store of ``home`` (the nations file, in short): reads as a
    nation outside it see no unrestricted record."""
    with Store(home / "reassure.duckdb") as store, store.transaction() as con:
        join_coalition(con, *nations)


def test_zone_files_bad_and_good(tmp_path: Path) -> None:
    coalition_home(tmp_path, "GBR")
    good = write_fc(tmp_path / "good.geojson", [zone("dmz-1", "dmz", square(36, 47, 1))])
    loaded = reassure(tmp_path, "zones", "load", str(good), "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)[0]["n_decoded"] == 1
    again = reassure(tmp_path, "zones", "load", str(good))
    assert again.returncode == 0 and "already ingested" in again.stdout

    db = tmp_path / "reassure.duckdb"
    before = db.read_bytes()
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat')
    one_line_error(reassure(tmp_path, "zones", "load", str(broken)), "broken.geojson:1: not JSON")
    bowtie = write_fc(
        tmp_path / "bowtie.geojson",
        [
            zone("ok", "dmz", square(30, 46, 1)),
            zone(
                "bad",
                "dmz",
                {
                    "type": "Polygon",
                    "coordinates": [[[30, 46], [31, 47], [31, 46], [30, 47], [30, 46]]],
                },
            ),
        ],
    )
    one_line_error(
        reassure(tmp_path, "zones", "load", str(bowtie)),
        "bowtie.geojson: feature 1: invalid geometry: Self-intersection",
    )
    one_line_error(
        reassure(tmp_path, "zones", "load", str(tmp_path / "nope.geojson")),
        "nope.geojson",
        "no such file",
    )
    one_line_error(reassure(tmp_path, "zones", "load", str(tmp_path)), "is a folder")
    assert db.read_bytes() == before  # nothing half-loaded
    listed = reassure(tmp_path, "zones", "list", "--nation", "gbr", "--json")
    assert [z["zone_id"] for z in json.loads(listed.stdout)] == ["dmz-1"]


def test_store_problems_are_one_line_exit_2(tmp_path: Path) -> None:
    one_line_error(reassure(tmp_path, "info"), "does not exist")
    good = write_fc(tmp_path / "z.geojson", [zone("dmz-1", "dmz", square(36, 47, 1))])
    assert reassure(tmp_path, "zones", "load", str(good)).returncode == 0
    con = duckdb.connect(str(tmp_path / "reassure.duckdb"))
    con.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    con.close()
    one_line_error(reassure(tmp_path, "zones", "load", str(good)), "newer than this reassure")
    one_line_error(reassure(tmp_path, "info"), "newer than this reassure")


def test_bad_options_and_settings(tmp_path: Path) -> None:
    one_line_error(reassure(tmp_path, "status"), "--nation")
    one_line_error(reassure(tmp_path, "--nation", "Britain", "info"), "alpha-3")
    one_line_error(reassure(tmp_path, "detect", "--only", "nonsense"), "no detector 'nonsense'")
    one_line_error(
        reassure(tmp_path, "ingest", "reports", str(tmp_path / "*.csv")), "no file matches"
    )
    not_csv = tmp_path / "photo.csv"
    not_csv.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    one_line_error(reassure(tmp_path, "ingest", "reports", str(not_csv)), "photo.csv", "UTF-8")
    assert reassure(tmp_path, "zones").returncode == 2  # no sub-command: usage, exit 2


def test_settings_command_shows_precedence(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "reassure").mkdir()
    (tmp_path / "config" / "reassure" / "config.toml").write_text("port = 8100\n")
    rows = json.loads(reassure(tmp_path, "settings", "--json").stdout)
    values = {r["name"]: r["value"] for r in rows}
    assert values["port"] == "8100" and values["home"] == str(tmp_path)


def test_a_store_locked_by_another_writer(tmp_path: Path) -> None:
    coalition_home(tmp_path, "GBR")
    good = write_fc(tmp_path / "z.geojson", [zone("dmz-1", "dmz", square(36, 47, 1))])
    assert reassure(tmp_path, "zones", "load", str(good)).returncode == 0
    db = tmp_path / "reassure.duckdb"
    other = write_fc(tmp_path / "z2.geojson", [zone("dmz-2", "dmz", square(30, 47, 1))])
    with write_lock_held_elsewhere(db):
        one_line_error(reassure(tmp_path, "zones", "load", str(other)), "in use by another process")
    listed = reassure(tmp_path, "zones", "list", "--nation", "GBR", "--json")
    assert [z["zone_id"] for z in json.loads(listed.stdout)] == ["dmz-1"]


def test_an_ais_file_broken_half_way_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    """A gzip cut short after 2 MB of good sentences: the blocks already decoded are not
    kept, the error names the file, and the same command works once the file is whole."""
    line = b"!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F\n"
    whole = gzip.compress(line * 60_000)
    cut = tmp_path / "feed.nmea.gz"
    cut.write_bytes(whole[: len(whole) * 3 // 4])
    good = write_fc(tmp_path / "z.geojson", [zone("dmz-1", "dmz", square(36, 47, 1))])
    assert reassure(tmp_path, "zones", "load", str(good)).returncode == 0
    one_line_error(reassure(tmp_path, "ingest", "ais", str(cut)), "feed.nmea.gz", "cannot read")
    info = json.loads(reassure(tmp_path, "info", "--json").stdout)
    assert info["tables"]["ais_positions"] == 0 and info["tables"]["ingests"] == 1
    cut.write_bytes(whole)
    done = json.loads(reassure(tmp_path, "ingest", "ais", str(cut), "--json").stdout)
    assert [(r["n_read"], r["n_decoded"], r["n_rejected"]) for r in done] == [(60_000, 60_000, 0)]


DMA_CSV = (
    "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
    "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,"
    "Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D\n"
    "01/03/2024 00:00:01,Class A,219000873,46.4,30.8,Under way using engine,0.0,12.3,234.5,"
    "235,9074729,OXAB2,ODESA STAR,Cargo,,20,120,GPS,7.5,ISTANBUL,,AIS,100,20,10,10\n"
    "01/03/2024 00:00:02,Class B,219000874,46.5,30.9,Unknown value,,0.1,,,Unknown,Unknown,"
    "SMALL ONE,Pleasure,,,,,,Unknown,,AIS,,,,\n"
    "31/02/2024 99:00:00,Class A,219000875,46.0,31.0,Moored,,0,0,0,,,,,,,,,,,,AIS,,,,\n"
    "01/03/2024 00:00:03,Class A,219000873,46.41,30.81,Under way using engine,0.0,12.4,234.0,"
    "234,9074729,OXAB2,ODESA STAR,Cargo,,20,120,GPS,7.5,ISTANBUL,,AIS,100,20,10,10\n"
    "01/03/2024 00:00:05,Class A,not-a-number,46.0,31.0,Moored,,0,0,0,,,,,,,,,,,,AIS,,,,\n"
)
"""Five rows of a Danish Maritime Authority CSV: three good, a bad time and a bad MMSI."""


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("aisdk.csv", id="csv"),
        pytest.param("aisdk.csv.gz", id="csv-gz"),
        pytest.param("aisdk-export.txt", id="csv-by-its-header-not-its-name"),
    ],
)
def test_ingest_ais_reads_a_position_csv(tmp_path: Path, name: str) -> None:
    """A DMA CSV goes through `reassure ingest ais` with the NMEA files' accounting."""
    path = tmp_path / name
    data = DMA_CSV.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    done = reassure(tmp_path, "ingest", "ais", str(path), "--releasability", "GBR", "--json")
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    assert (report["n_read"], report["n_decoded"], report["n_rejected"]) == (5, 3, 2)
    again = reassure(tmp_path, "ingest", "ais", str(path))
    assert again.returncode == 0 and "already ingested" in again.stdout, again.stdout
    with duckdb.connect(str(tmp_path / "reassure.duckdb"), read_only=True) as con:
        positions = con.execute(
            "SELECT mmsi, source_line FROM ais_positions ORDER BY source_line"
        ).fetchall()
        rejects = con.execute("SELECT line, reason FROM rejects ORDER BY line").fetchall()
        ingests = con.execute("SELECT n_read, releasability FROM ingests").fetchall()
    assert positions == [(219000873, 2), (219000874, 3), (219000873, 5)]
    assert rejects == [(4, "bad time"), (6, "bad MMSI")]
    assert ingests == [(5, ["GBR"])]


def _cut_gzip(text: str) -> bytes:
    whole = gzip.compress(text.encode())
    return whole[: len(whole) // 2]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        pytest.param(
            "positions.csv",
            b"mmsi,time,lat,lon\n219000873,2024-03-01T00:00:01,46.4,30.8\n",
            "not a DMA or NOAA MarineCadastre AIS CSV header",
            id="unknown-header",
        ),
        pytest.param(
            "aisdk.csv.gz",
            _cut_gzip(DMA_CSV + DMA_CSV.split("\n", 1)[1] * 2000),
            "cannot read as CSV",
            id="gzip-cut-short",
        ),
    ],
)
def test_ingest_ais_refuses_a_broken_csv(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    one_line_error(reassure(tmp_path, "ingest", "ais", str(path)), name, says)
    info = json.loads(reassure(tmp_path, "info", "--json").stdout)
    assert info["tables"]["ingests"] == 0 and info["tables"]["rejects"] == 0


HEAVY = ("polars", "numpy", "duckdb", "numba", "pyarrow", "highspy", "matplotlib", "simpy",
         "fastapi", "uvicorn", "shapely", "pyproj", "pandas", "yaml")  # fmt: skip
"""What a command's help must not load: each costs 0.05-0.4 s of start-up."""


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--help"], id="reassure"),
        pytest.param(["ingest", "--help"], id="ingest"),
        pytest.param(["ingest", "ais", "--help"], id="ingest-ais"),
        pytest.param(["plan", "--help"], id="plan"),
        pytest.param(["plan", "solve", "--help"], id="plan-solve"),
        pytest.param(["scenario", "--help"], id="scenario"),
        pytest.param(["status", "--help"], id="status"),
        pytest.param(["zones", "--help"], id="zones"),
        pytest.param(["users", "--help"], id="users"),
        pytest.param(["settings", "--json"], id="settings"),
    ],
)
def test_help_and_settings_load_no_data_library(tmp_path: Path, args: list[str]) -> None:
    """The CLI imports a domain when one of its commands runs, not to list or explain it."""
    code = (
        "import sys\n"
        "from reassure.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "finally:\n"
        f"    print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REASSURE_")}
    env.update(REASSURE_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr


def test_a_nation_outside_the_coalition_gets_no_account_and_reads_nothing(
    tmp_path: Path,
) -> None:
    """Issue 10, finding 4: `users add --nation RUS` was accepted and that token read
    every unrestricted record. The coalition is the nations file: anyone else is
    refused an account, and reads only what is released to it by name."""
    nations = tmp_path / "nations.yaml"
    nations.write_text(
        "nations:\n"
        "  - {nation: GBR, name: United Kingdom, role: lead}\n"
        "  - {nation: JPN, name: Japan, role: observer}\n"
    )
    zones = write_fc(
        tmp_path / "z.geojson",
        [
            zone("all", "dmz", square(36, 47, 1)),
            zone("jpn", "dmz", square(30, 47, 1), releasability=["JPN"]),
        ],
    )
    assert reassure(tmp_path, "ingest", "zones", str(zones)).returncode == 0
    for code in ("RUS", "XXA", "GBR"):  # no nations loaded yet: nobody
        one_line_error(
            reassure(tmp_path, "users", "add", "x", "--nation", code, "--role", "watch"),
            f"nation {code} is not in the coalition's nations table",
        )
    refused = reassure(tmp_path, "ingest", "nations", str(nations), "--releasability", "GBR")
    one_line_error(refused, "nations cannot be restricted")
    assert reassure(tmp_path, "ingest", "nations", str(nations)).returncode == 0
    one_line_error(
        reassure(tmp_path, "users", "add", "x", "--nation", "rus", "--role", "watch"),
        "nation RUS is not in the coalition's nations table",
    )
    for code in ("GBR", "JPN"):
        done = reassure(tmp_path, "users", "add", code.lower(), "--nation", code, "--role", "watch")
        assert done.returncode == 0, done.stderr

    def exported(nation: str) -> list[str]:
        out = tmp_path / f"zones-{nation}.csv"
        done = reassure(tmp_path, "export", "zones", "--out", str(out), "--nation", nation)
        assert done.returncode == 0, done.stderr
        return sorted(r[0] for r in duckdb.sql(f"SELECT zone_id FROM read_csv('{out}')").fetchall())

    assert exported("GBR") == ["all"]
    assert exported("JPN") == ["jpn"]  # an observer: by name only
    assert exported("RUS") == []


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31T23:59:59-01:00"])
def test_status_as_of_out_of_range_is_one_line(tmp_path: Path, when: str) -> None:
    """Issue 10, finding 7, in the CLI: a traceback and exit 0 became exit 2."""
    coalition_home(tmp_path, "GBR")
    one_line_error(
        reassure(tmp_path, "status", "--as-of", when, "--nation", "GBR"),
        "out of the representable range",
    )
