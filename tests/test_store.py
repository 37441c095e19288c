from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from conftest import write_lock_held_elsewhere
from reassure.errors import SchemaTooNewError, StoreError, StoreLockedError
from reassure.store import Store
from reassure.store.db import migrations


def test_open_applies_every_migration(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == migrations()[-1].version
        for table in ("ingests", "rejects", "zones", "events", "nations", "users"):
            assert table in store.tables()
        assert store.scalar("SELECT ST_AsText(ST_Point(30.5, 46.5))") == "POINT (30.5 46.5)"
    with Store(tmp_path / "s.duckdb", read_only=True) as store:  # reopening migrates nothing
        assert store.scalar("SELECT count(*) FROM schema_version") == len(migrations())


def test_a_store_opened_without_the_spatial_extension(tmp_path: Path) -> None:
    """AIS ingest skips the extension: migrations and GEOMETRY columns need only DuckDB;
    a spatial function is then an error, not a silent difference."""
    with Store(tmp_path / "s.duckdb", spatial=False) as store:
        assert store.schema_version() == migrations()[-1].version
        assert store.scalar("SELECT count(*) FROM zones WHERE geometry IS NOT NULL") == 0
        with pytest.raises(duckdb.CatalogException, match=r"(?i)st_point"):
            store.scalar("SELECT ST_AsText(ST_Point(30.5, 46.5))")
    with Store(tmp_path / "s.duckdb") as store:
        assert store.scalar("SELECT ST_AsText(ST_Point(30.5, 46.5))") == "POINT (30.5 46.5)"


def test_schema_from_a_newer_reassure_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    con.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="v999, newer than this reassure"):
        Store(path)
    assert path.read_bytes() == before


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_store_locked_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with write_lock_held_elsewhere(path), pytest.raises(StoreLockedError, match="in use by"):
        Store(path)
    time.sleep(0.1)
    Store(path).close()  # usable again once the other writer is gone


def test_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as con:
        con.execute(
            "INSERT INTO nations (nation, name, lead, role, caveats) "
            "VALUES ('GBR', 'United Kingdom', true, 'lead', [])"
        )
        raise RuntimeError("crash mid-ingest")
    assert store.count("nations") == 0


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        pytest.param("2GB", "1.8 GiB", id="default"),
        pytest.param("512MiB", "512.0 MiB", id="binary"),
    ],
)
def test_the_store_keeps_to_its_memory_limit(tmp_path: Path, limit: str, shown: str) -> None:
    with Store(tmp_path / "s.duckdb", memory_limit=limit) as store:
        row = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None and row[0] == shown


def test_a_bad_memory_limit_is_a_config_error(tmp_path: Path) -> None:
    from reassure.config import load_settings
    from reassure.errors import ConfigError

    with pytest.raises(ConfigError, match="memory_limit"):
        load_settings({"memory_limit": "lots"}, env={})
