"""A crash at any moment leaves a store that opens, and running the command again ends
with the store one clean run makes (``store/db.py``'s module doc says how).

The crash tests run a real ``reassure ingest ais`` and ``kill -9`` it when a point of its
work shows from outside (the store being built, made or held open; its log being
written, folded into the file, gone), never after a delay: they hold on a slow machine
and under faketime. The same command then runs again, and every table must equal what
one clean ingest makes: the same rows, none twice, none lost.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import SHARED_DATA
from reassure.cli import _register, app
from reassure.store.db import migrations

DB = "reassure.duckdb"
LOG = DB + ".wal"
SMALL = SHARED_DATA / "sea" / "pyais__tests_nmea_data_sample.txt"
"""897 lines: what a populated store holds before the crashed ingest."""
AIS = SHARED_DATA / "sea" / "risky__ais.txt.gz"
"""34,029 lines: positions, statics, other message tables and rejects."""
NEWEST = migrations()[-1].version


def run_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REASSURE_")}
    env.update(REASSURE_HOME=str(home), COLUMNS="200", XDG_CONFIG_HOME=str(home / "config"))
    return env


def reassure(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reassure", *args],
        capture_output=True,
        text=True,
        env=run_env(home),
        timeout=120,
    )


# -- the DuckDB bug -------------------------------------------------------------------
DIE_AFTER = """
import duckdb, os, sys
con = duckdb.connect(sys.argv[1])
con.execute(sys.argv[2])
os._exit(0)  # as kill -9 would: no checkpoint on close
"""


def die_after(db: Path, sql: str) -> None:
    """Run ``sql`` on ``db`` in a process that dies right after it, leaving the log."""
    subprocess.run([sys.executable, "-c", DIE_AFTER, str(db), sql], check=True, timeout=60)


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param(
            "CREATE TABLE t (a INT); ALTER TABLE t ADD COLUMN b INT[] DEFAULT []",
            id="add-column-with-a-list-default",
        ),
        pytest.param(
            "CREATE SEQUENCE s; CREATE TABLE t (a BIGINT DEFAULT nextval('s')); "
            "ALTER TABLE t ADD COLUMN b INT",
            id="alter-a-table-with-a-nextval-default",
        ),
    ],
)
def test_duckdb_cannot_replay_an_alter_of_a_table_with_a_function_default(
    tmp_path: Path, sql: str
) -> None:
    """The DuckDB bug the store works around (issues 18259, 20543, 22044 upstream).
    When this fails, DuckDB was fixed: the repair in store/db.py can go."""
    db = tmp_path / "bug.duckdb"
    die_after(db, sql)
    try:
        duckdb.connect(str(db)).close()
    except duckdb.InternalException as exc:
        assert "GetDefaultDatabase with no default database set" in str(exc)
    else:
        pytest.fail(f"DuckDB {duckdb.__version__} fixed the WAL replay bug: the workaround can go")
    con = duckdb.connect()  # the workaround: attached, the log replays
    con.execute(f"ATTACH '{db}' AS fixed")
    assert con.execute("SELECT count(*) FROM fixed.t").fetchone() == (0,)
    con.close()


def test_a_check_constraint_is_not_what_duckdb_trips_on(tmp_path: Path) -> None:
    """The issue blamed ``ingests``' CHECK; the default of its id (``nextval``) does it."""
    db = tmp_path / "check.duckdb"
    die_after(db, "CREATE TABLE t (a INT, b INT, CHECK (a = b)); ALTER TABLE t ADD COLUMN c INT")
    duckdb.connect(str(db)).close()


# -- migrations, and the repair of a store a crash left unopenable ---------------------
def store_at_version(db: Path, version: int) -> None:
    """A store as a reassure of schema ``version`` left it, checkpointed."""
    con = duckdb.connect(str(db))
    for m in migrations()[:version]:
        con.execute(m.sql)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [m.version, m.name])
    con.close()


def migration_sql(version: int) -> str:
    m = migrations()[version - 1]
    return f"{m.sql}; INSERT INTO schema_version VALUES ({m.version}, '{m.name}', now())"


@pytest.mark.parametrize(
    "version", [pytest.param(0, id="new-store"), pytest.param(2, id="upgrade-from-v2")]
)
def test_migrations_leave_nothing_for_duckdb_to_replay(tmp_path: Path, version: int) -> None:
    """A process that dies right after opening (so migrating) a store leaves one that
    DuckDB alone opens: the migrations were checkpointed."""
    db = tmp_path / DB
    if version:
        store_at_version(db, version)
    code = f"import os; from reassure.store import Store; s = Store({str(db)!r}); os._exit(0)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone() == (NEWEST,)
    con.close()
    assert not list(tmp_path.glob(f"{DB}.creating-*"))


def unopenable_store(home: Path) -> Path:
    """The store a crash between a migration's commit and its checkpoint leaves (or any
    reassure before the checkpoint leaves after a crash in its first command)."""
    home.mkdir(exist_ok=True)
    db = home / DB
    store_at_version(db, 2)
    die_after(db, migration_sql(3))
    with pytest.raises(duckdb.InternalException, match="Failure while replaying WAL"):
        duckdb.connect(str(db))
    return db


def test_a_store_a_crash_left_unopenable_is_repaired_saying_so(tmp_path: Path) -> None:
    db = unopenable_store(tmp_path)
    result = reassure(tmp_path, "ingest", "ais", str(SMALL), "--json")
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"reassure: repaired store {db}: DuckDB"), line
    assert "keeping every committed change" in line
    con = duckdb.connect(str(db), read_only=True)  # DuckDB alone opens it now
    assert con.execute("SELECT max(version) FROM schema_version").fetchone() == (NEWEST,)
    assert con.execute("SELECT count(*) FROM ingests").fetchone() == (1,)
    con.close()
    again = reassure(tmp_path, "ingest", "ais", str(SMALL), "--json")
    assert again.returncode == 0 and again.stderr == "", again.stderr


def test_a_log_that_cannot_be_replayed_at_all_is_a_one_line_error_and_kept(
    tmp_path: Path,
) -> None:
    db = unopenable_store(tmp_path)
    log = tmp_path / LOG
    damaged = bytearray(log.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    log.write_bytes(bytes(damaged))
    before = (db.read_bytes(), log.read_bytes())
    result = reassure(tmp_path, "ingest", "ais", str(SMALL))
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"reassure: error: store {db} cannot be opened: DuckDB"), line
    assert f"cannot replay its log {log} (" in line and f"moving {LOG} aside" in line, line
    assert (db.read_bytes(), log.read_bytes()) == before


# -- kill -9 at points of an ingest ----------------------------------------------------
def holds_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (Linux's /proc)."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fds / fd) == str(path) for fd in os.listdir(fds))
    except OSError:  # the process or one of its files went meanwhile
        return False


class Sight:
    """What shows of an ingest from outside its process, looked at again and again."""

    def __init__(self, home: Path, pid: int) -> None:
        self.home, self.pid = home, pid
        self.db, self.log = home / DB, home / LOG
        self.logged = False
        self.size = 0
        """The store's size when its log first showed (the commit)."""

    def building(self) -> bool:
        return any(self.home.glob(f"{DB}.creating-*"))

    def made(self) -> bool:
        return self.db.exists()

    def open(self) -> bool:
        return holds_open(self.pid, self.db)

    def logging(self) -> bool:
        if not self.logged and self.log.exists():
            self.logged, self.size = True, self.db.stat().st_size
        return self.logged

    def folding(self) -> bool:
        return self.logging() and self.log.exists() and self.db.stat().st_size > self.size

    def folded(self) -> bool:
        return self.logging() and not self.log.exists()


POINTS: dict[str, Callable[[Sight], bool]] = {
    "building": Sight.building,  # the migrations, in the file beside the store
    "made": Sight.made,  # the store in place; decoding, nothing committed
    "open": Sight.open,  # the populated store open; decoding, nothing committed
    "logging": Sight.logging,  # the commit: writing the log
    "folding": Sight.folding,  # the checkpoint: the log folded into the file
    "folded": Sight.folded,  # the log gone: all done but the exit
}


def kill_at(home: Path, point: str, path: Path) -> None:
    """Run ``reassure ingest ais path`` and kill -9 it as soon as ``point`` shows."""
    process = subprocess.Popen(
        [sys.executable, "-m", "reassure", "ingest", "ais", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=run_env(home),
    )
    sight, seen = Sight(home, process.pid), POINTS[point]
    while process.poll() is None and not seen(sight):
        time.sleep(0.0005)
    process.kill()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == -9, f"the ingest ended before {point!r}: {stderr.decode()}"


def tables(db: Path) -> dict[str, tuple[int, int, int]]:
    """Each table's rows (but their ingest ids and times) as count, distinct count and a
    sum of row hashes: equal for two stores holding the same rows."""
    con = duckdb.connect(str(db), read_only=True)
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name != 'schema_version' "
            "ORDER BY table_name"
        ).fetchall()
    ]
    found = {}
    for name in names:
        row = con.execute(
            "SELECT count(*), count(DISTINCT r), coalesce(sum(hash(r)::HUGEINT), 0) FROM "
            "(SELECT COLUMNS(lambda c: c NOT IN ('ingest_id', 'started_at', 'finished_at')) "
            f'FROM "{name}") r'
        ).fetchone()
        assert row is not None
        found[name] = (int(row[0]), int(row[1]), int(row[2]))
    assert con.execute("SELECT max(version) FROM schema_version").fetchone() == (NEWEST,)
    con.close()
    return found


def cli_ingest(home: Path, path: Path) -> None:
    """One clean ingest, in this process (faster than a subprocess: a reference)."""
    result = CliRunner().invoke(app, ["ingest", "ais", str(path)], env=run_env(home))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Stores one clean run makes: ``new`` (AIS alone), ``small`` (SMALL alone, the
    populated store a crash test starts from) and ``populated`` (SMALL, then AIS)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real test data missing: expected {SHARED_DATA}")
    _register()
    made = {}
    for name, files in [("new", [AIS]), ("small", [SMALL]), ("populated", [SMALL, AIS])]:
        home = tmp_path_factory.mktemp(name)
        for path in files:
            cli_ingest(home, path)
        made[name] = home / DB
    return made


@pytest.mark.parametrize(
    ("start", "point"),
    [
        pytest.param("new", "building", id="new-store-being-built"),
        pytest.param("new", "made", id="new-store-decoding"),
        pytest.param("new", "logging", id="new-store-committing"),
        pytest.param("new", "folding", id="new-store-checkpointing"),
        pytest.param("populated", "open", id="populated-decoding"),
        pytest.param("populated", "logging", id="populated-committing"),
        pytest.param("populated", "folding", id="populated-checkpointing"),
        pytest.param("populated", "folded", id="populated-done-but-the-exit"),
    ],
)
def test_an_ingest_killed_then_run_again_ends_as_one_clean_ingest(
    tmp_path: Path, clean: dict[str, Path], start: str, point: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    if start == "populated":
        shutil.copyfile(clean["small"], home / DB)
    kill_at(home, point, AIS)
    if (home / DB).exists():  # whatever the crash left, DuckDB alone opens it
        duckdb.connect(str(home / DB), read_only=True).close()
    again = reassure(home, "ingest", "ais", str(AIS))
    assert again.returncode == 0, again.stderr
    assert "repaired" not in again.stderr
    assert tables(home / DB) == tables(clean[start])
    assert sorted(p.name for p in home.iterdir() if p.is_file()) == [DB]
