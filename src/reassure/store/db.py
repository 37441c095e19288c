"""The embedded store: one DuckDB file with the spatial extension.

The spatial extension comes from the PyPI wheel ``duckdb-extension-spatial`` and is
loaded by path, so nothing is downloaded at run time (auto-install is switched off).
Migrations are numbered SQL files in ``store/migrations``; each domain adds its own
file. They are applied, in order and each in its own transaction, when a store is
opened for writing.

Crashes. DuckDB commits through a write-ahead log (``<store>.wal``) and folds it into
the file at a checkpoint (on close, or once the log passes 16 MiB); a crash before the
commit leaves nothing in the log, and a commit cut short is ignored on replay, so an
ingest (one transaction, ``store.ingest``) is all or nothing. But DuckDB 1.5.5 cannot
replay the log of an ``ALTER TABLE`` on a table with a column default that calls a
function (``nextval``, ``now()``, and ``[]``, which is ``list_value()``): opening fails
with "Failure while replaying WAL file ... GetDefaultDatabase with no default database
set" (duckdb issues 18259, 20543, 22044; ``tests/test_crash.py`` keeps a reproduction
that fails once DuckDB is fixed). Migration 0003 alters ``ingests``, whose id defaults
to ``nextval``, so a crash during the first command used to leave a store that no
command could open. Three things close that:

- A new store is made whole beside its target (``<store>.creating-<pid>``): every
  migration, a checkpoint, closed, and only then linked into place. A crash leaves no
  store or a complete one with an empty log; the next creation removes the leftover.
- On an existing store, each pending migration is checkpointed as soon as it commits:
  its ``ALTER`` is in the log only between the two.
- A store whose log DuckDB cannot replay (a crash in that moment, or a store from
  before this) is repaired when opened, for reading too: the log replays when the file
  is attached to an in-memory database (the replay then has a default database), and a
  checkpoint folds it in. Nothing committed is dropped, and a warning on stderr says
  what was done. Should that fail too, the open fails with one line that names the log
  and what to do; reassure never deletes a log.

A copy of the file before each ``ALTER`` migration was weighed and not made: it costs
the size of the store at every upgrade, and the repair restores the same state.
"""

from __future__ import annotations

import glob
import importlib.util
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from reassure.config import DEFAULT_MEMORY_LIMIT
from reassure.errors import SchemaTooNewError, StoreError, StoreLockedError

__all__ = ["Migration", "Store", "load_spatial", "migrations", "spatial_extension_path"]

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_REPLAY_FAILED = "Failure while replaying WAL"
_CREATING = ".creating-"
_log = logging.getLogger(__name__)

Config = dict[str, str | bool | int | float | list[str]]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with this reassure, in version order."""
    found = []
    for entry in resources.files("reassure.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def spatial_extension_path() -> Path:
    """Path of the spatial extension shipped in the ``duckdb-extension-spatial`` wheel."""
    spec = importlib.util.find_spec("duckdb_extension_spatial")
    if spec is None or spec.origin is None:
        raise StoreError("the duckdb-extension-spatial package is not installed")
    root = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}"
    path = root / "spatial.duckdb_extension"
    if not path.exists():
        raise StoreError(
            f"no spatial extension for duckdb {duckdb.__version__} in {root.parent}: "
            "pin duckdb-extension-spatial to the same version as duckdb"
        )
    return path


def load_spatial(con: duckdb.DuckDBPyConnection) -> None:
    """Load the spatial extension into a store opened with ``spatial=False``, for the
    one read that needs it (DuckDB's core has ST_AsWKB, not ST_AsGeoJSON or ST_Intersects)."""
    con.execute(f"LOAD '{spatial_extension_path()}'")


class Store:
    """An open store. Use as a context manager or call :meth:`close`.

    ``read_only=True`` never changes the file (except to repair a log DuckDB cannot
    replay, see the module doc) and can share it with other readers;
    a writer needs the file to itself (DuckDB's process-level lock) and waits up to
    ``lock_wait_s`` seconds for it (the COP holds a read lock for one request at a time).
    Times are UTC in every session, whatever the machine's time zone.
    ``spatial=False`` skips loading the spatial extension (a few tenths of a second) for
    work that calls no ``ST_`` function, such as storing AIS: ``GEOMETRY`` columns are
    DuckDB's own type and read and write without it.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        lock_wait_s: float = 0.0,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        spatial: bool = True,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.memory_limit = memory_limit
        if read_only and not self.path.exists():
            raise StoreError(f"store {self.path} does not exist: run `reassure demo` or an ingest")
        if self.path.is_dir():
            raise StoreError(f"store {self.path} is a folder: give a file path")
        config: Config = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": self.memory_limit,
        }
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"store folder {self.path.parent}: {exc.strerror}") from None
            if not self.path.exists():
                _create(self.path, config)
        self.con = self._connect(config, lock_wait_s)
        try:
            self.con.execute("SET TimeZone = 'UTC'")
            if spatial:
                self.con.execute(f"LOAD '{spatial_extension_path()}'")
            self._check_and_migrate()
        except BaseException:
            self.con.close()
            raise

    def _connect(self, config: Config, lock_wait_s: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + lock_wait_s
        replayed = False
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only, config=config)
            except duckdb.Error as exc:
                text = str(exc)
                if _REPLAY_FAILED in text and not replayed:
                    replayed = _replay_log(self.path, config)
                    if replayed:
                        continue
                elif not isinstance(exc, duckdb.IOException) or "lock" not in text.lower():
                    raise _unopenable(self.path, text) from exc
                if time.monotonic() >= deadline:
                    raise StoreLockedError(
                        f"store {self.path} is in use by another process "
                        "(an ingest or detect?): wait for it and retry"
                    ) from exc
                time.sleep(0.1)

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or exists[0] == 0:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _check_and_migrate(self) -> None:
        known = migrations()
        current = self.schema_version()
        newest = known[-1].version if known else 0
        if current == 0 and self.tables():
            raise StoreError(
                f"{self.path} is a DuckDB file of something else (it has tables but no "
                "reassure schema): give a new or a reassure store file"
            )
        applied = (
            self.con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
            if current
            else []
        )
        for version, name in applied:
            shipped = next((m for m in known if m.version == version), None)
            if shipped is not None and shipped.name != name:
                raise SchemaTooNewError(
                    f"store {self.path} has migration {version} {name!r} where this reassure "
                    f"has {shipped.name!r}: it was written by another branch of reassure"
                )
        if current > newest:
            raise SchemaTooNewError(
                f"store {self.path} has schema v{current}, newer than this reassure "
                f"(v{newest}): upgrade reassure or use another REASSURE_HOME"
            )
        pending = [m for m in known if m.version > current]
        if not pending:
            return
        if self.read_only:
            raise StoreError(
                f"store {self.path} has schema v{current}, needs v{newest}: "
                "open it once for writing (any ingest) to migrate"
            )
        for migration in pending:
            _apply(self.con, migration)
            self.con.execute("CHECKPOINT")  # out of the log: DuckDB may not replay an ALTER

    # -- helpers ---------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing block: commits on success, rolls back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def count(self, table: str) -> int:
        row = self.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    def tables(self) -> list[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        return [r[0] for r in rows]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None


# -- making, migrating and repairing the file (see the module doc) ---------------------
def _apply(con: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    """One migration and its ``schema_version`` row, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(migration.sql)
        con.execute(
            "INSERT INTO schema_version VALUES (?, ?, now())", [migration.version, migration.name]
        )
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _create(path: Path, config: Config) -> None:
    """A new store at ``path``, every migration applied and checkpointed, or none at all.

    Built in ``<path>.creating-<pid>`` and hard-linked to ``path``, which fails if
    another process made the store first (its store is then used). Where the file
    system has no hard links, a rename does it (a race with another creator is then
    lost by the first). Leftovers of creations cut short are removed once the store is
    in place: they never held anything but the schema.
    """
    building = path.with_name(f"{path.name}{_CREATING}{os.getpid()}")
    _remove(building)
    try:
        con = duckdb.connect(str(building), config=config)
        try:
            con.execute("SET TimeZone = 'UTC'")
            for migration in migrations():
                _apply(con, migration)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        try:
            os.link(building, path)
        except (FileExistsError, FileNotFoundError):
            pass  # another process made it first (and may have removed ours)
        except OSError:
            if not path.exists():
                os.replace(building, path)
    except duckdb.Error as exc:
        if not path.exists():
            raise _unopenable(path, str(exc)) from exc
    except OSError as exc:
        if not path.exists():
            raise StoreError(f"store {path} cannot be made: {exc.strerror}") from exc
    finally:
        _remove(building)
    for leftover in path.parent.glob(f"{glob.escape(path.name)}{_CREATING}*"):
        _remove(leftover)


def _remove(path: Path) -> None:
    """``path`` and its log gone, if they can be (best effort: a leftover is harmless)."""
    for file in (path, path.with_name(path.name + ".wal")):
        with suppress(OSError):
            file.unlink(missing_ok=True)


def _replay_log(path: Path, config: Config) -> bool:
    """Replay the log DuckDB could not replay when opening ``path`` (see the module doc)
    and fold it into the file. False when another process holds the file; raises
    ``StoreError`` when the log cannot be replayed this way either."""
    con = duckdb.connect(":memory:", config=config)
    quoted = str(path).replace("'", "''")
    try:
        con.execute(f"ATTACH '{quoted}' AS repaired")
        con.execute("CHECKPOINT repaired")
        con.execute("DETACH repaired")
    except duckdb.Error as exc:
        if isinstance(exc, duckdb.IOException) and "could not set lock" in str(exc).lower():
            return False
        log = path.with_name(path.name + ".wal")
        raise StoreError(
            f"store {path} cannot be opened: DuckDB {duckdb.__version__} cannot replay its "
            f"log {log} ({_first_line(str(exc))}): keep both files; moving {log.name} aside "
            "opens the store as of its last checkpoint, without what the log holds"
        ) from exc
    finally:
        con.close()
    _log.warning(
        "reassure: repaired store %s: DuckDB %s could not replay the log %s.wal that a "
        "crash left (a DuckDB bug); reassure replayed it another way and checkpointed it, "
        "keeping every committed change",
        path,
        duckdb.__version__,
        path.name,
    )
    return True


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def _unopenable(path: Path, text: str) -> StoreError:
    return StoreError(f"store {path} cannot be opened: {_first_line(text)}")
