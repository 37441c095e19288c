"""The embedded store: one DuckDB file with the spatial extension.

The spatial extension comes from the PyPI wheel ``duckdb-extension-spatial`` and is
loaded by path, so nothing is downloaded at run time (auto-install is switched off).
Migrations are numbered SQL files in ``store/migrations``; each domain adds its own
file. They are applied, in order and each in its own transaction, when a store is
opened for writing.
"""

from __future__ import annotations

import importlib.util
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
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

    ``read_only=True`` never changes the file and can share it with other readers;
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
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"store folder {self.path.parent}: {exc.strerror}") from None
        self.con = self._connect(lock_wait_s)
        try:
            self.con.execute("SET TimeZone = 'UTC'")
            if spatial:
                self.con.execute(f"LOAD '{spatial_extension_path()}'")
            self._check_and_migrate()
        except BaseException:
            self.con.close()
            raise

    def _connect(self, lock_wait_s: float) -> duckdb.DuckDBPyConnection:
        config: dict[str, str | bool | int | float | list[str]] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": self.memory_limit,
        }
        deadline = time.monotonic() + lock_wait_s
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only, config=config)
            except duckdb.IOException as exc:
                text = str(exc)
                if "lock" not in text.lower():
                    raise StoreError(
                        f"store {self.path} cannot be opened: {text.splitlines()[0]}"
                    ) from exc
                if time.monotonic() >= deadline:
                    raise StoreLockedError(
                        f"store {self.path} is in use by another process "
                        "(an ingest or detect?): wait for it and retry"
                    ) from exc
                time.sleep(0.1)
            except duckdb.Error as exc:
                raise StoreError(
                    f"store {self.path} cannot be opened: {str(exc).splitlines()[0]}"
                ) from exc

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
            with self.transaction():
                self.con.execute(migration.sql)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, now())",
                    [migration.version, migration.name],
                )

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
