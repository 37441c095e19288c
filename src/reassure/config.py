"""Settings declared as data.

One table (``SETTINGS``) drives the environment variables, the config-file keys,
validation and the docs (``reassure settings`` prints it, and a test checks the
README lists every setting). Precedence: CLI option > environment > file > default.

The config file is TOML with the setting names as keys at top level. Its path is the
``--config`` option, else ``$REASSURE_CONFIG``, else ``$XDG_CONFIG_HOME/reassure/config.toml``
(``~/.config/reassure/config.toml``); a missing default file is fine, a missing named
file is an error. Nothing is read or created at import time.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from reassure.codes import parse_nation
from reassure.errors import ConfigError

__all__ = ["DEFAULT_MEMORY_LIMIT", "SETTINGS", "Setting", "Settings", "load_settings"]

DEFAULT_MEMORY_LIMIT = "2GB"
"""DuckDB's own default is 80 % of the machine: too greedy beside a browser and the COP on
a laptop. A large ingest spills to a temporary folder beside the store instead."""


def _path(value: Any) -> Path:
    return Path(str(value)).expanduser()


def _port(value: Any) -> int:
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError("must be between 1 and 65535")
    return port


def _seconds(value: Any) -> float:
    seconds = float(value)
    if not 0 <= seconds <= 3600:
        raise ValueError("must be between 0 and 3600 seconds")
    return seconds


def _memory(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"\d+(\.\d+)?\s*(K|M|G|T)i?B", text, flags=re.IGNORECASE):
        raise ValueError("must be a size such as 512MB or 4GB")
    return text


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "reassure"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, environment variable, parser, default and help."""

    name: str
    parse: Callable[[Any], Any]
    default: Callable[[dict[str, Any]], Any]
    help: str

    @property
    def env(self) -> str:
        return f"REASSURE_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("home", _path, lambda _: _default_home(), "folder for the store and caches"),
    Setting(
        "db",
        _path,
        lambda s: s["home"] / "reassure.duckdb",
        "the DuckDB store file (default: HOME/reassure.duckdb)",
    ),
    Setting("host", str, lambda _: "127.0.0.1", "address the COP server listens on"),
    Setting("port", _port, lambda _: 8000, "port the COP server listens on"),
    Setting(
        "lock_wait",
        _seconds,
        lambda _: 10.0,
        "seconds a writer waits for the store while the COP reads it",
    ),
    Setting(
        "memory_limit",
        _memory,
        lambda _: DEFAULT_MEMORY_LIMIT,
        "memory the store may use (DuckDB's memory_limit); larger work spills to disk",
    ),
    Setting(
        "nation",
        parse_nation,
        lambda _: None,
        "nation (ISO alpha-3) whose releasability filters CLI reads and exports",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with :func:`load_settings`."""

    home: Path
    db: Path
    host: str
    port: int
    lock_wait: float
    memory_limit: str
    nation: str | None


def _config_path(cli_path: Path | None, env: Mapping[str, str]) -> tuple[Path, bool]:
    if cli_path is not None:
        return cli_path, True
    if env.get("REASSURE_CONFIG"):
        return Path(env["REASSURE_CONFIG"]).expanduser(), True
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "reassure" / "config.toml", False


def _read_file(path: Path, required: bool) -> dict[str, Any]:
    if not path.exists():
        if required:
            raise ConfigError(f"config file {path} does not exist")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path}: {exc}") from exc
    known = {s.name for s in SETTINGS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"config file {path}: unknown setting {unknown[0]!r}")
    return data


def load_settings(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Resolve every setting: CLI option > environment > config file > default.

    ``cli`` holds the options given on the command line (``None`` values are ignored).
    """
    env = os.environ if env is None else env
    cli = {k: v for k, v in (cli or {}).items() if v is not None}
    path, required = _config_path(config_file, env)
    file_values = _read_file(path, required)
    resolved: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in cli:
            raw, origin = cli[setting.name], f"option --{setting.name}"
        elif env.get(setting.env):
            raw, origin = env[setting.env], setting.env
        elif setting.name in file_values:
            raw, origin = file_values[setting.name], f"{path} key {setting.name!r}"
        else:
            resolved[setting.name] = setting.default(resolved)
            continue
        try:
            resolved[setting.name] = setting.parse(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{origin}: {raw!r} {exc}") from exc
    names = {f.name for f in fields(Settings)}
    assert names == set(resolved), "SETTINGS and Settings must declare the same names"
    return Settings(**resolved)
