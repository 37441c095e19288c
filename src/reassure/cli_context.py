"""What every CLI command group shares: options, settings, opening the store.

The root callback (``commands.register``) resolves the settings into ``ctx.obj``; a
command opens the store as a writer (waiting ``lock_wait`` for readers) or a reader,
and reads filtered by releasability as the nation the user names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reassure.codes import parse_nation
from reassure.config import Settings
from reassure.errors import ConfigError

if TYPE_CHECKING:  # the store (DuckDB) is imported when a command opens it
    from reassure.store import Store

__all__ = [
    "JsonOpt",
    "NationOpt",
    "ReleasabilityOpt",
    "reader",
    "reading_nation",
    "releasability",
    "settings",
    "writer",
]

JsonOpt = Annotated[bool, typer.Option("--json", help="print the result as JSON")]


def settings(ctx: typer.Context) -> Settings:
    """The settings the root callback resolved."""
    resolved = ctx.find_root().obj
    assert isinstance(resolved, Settings)
    return resolved


def writer(ctx: typer.Context, spatial: bool = True) -> Store:
    """The store, to change it (waiting ``lock_wait`` for the COP's reads); ``spatial=False``
    when the work calls no spatial function (``Store``)."""
    from reassure.store import Store

    s = settings(ctx)
    return Store(s.db, lock_wait_s=s.lock_wait, memory_limit=s.memory_limit, spatial=spatial)


def reader(ctx: typer.Context) -> Store:
    """The store, to read it."""
    from reassure.store import Store

    s = settings(ctx)
    return Store(s.db, read_only=True, memory_limit=s.memory_limit)


def reading_nation(ctx: typer.Context, nation: str | None) -> str:
    """The nation a filtered read reads as: ``--nation``, else the setting."""
    chosen = nation or settings(ctx).nation
    if chosen is None:
        raise ConfigError(
            "this read is filtered by releasability: give --nation XXX or set REASSURE_NATION"
        )
    try:
        return parse_nation(chosen)
    except ValueError as exc:
        raise ConfigError(f"--nation {exc}") from None


ReleasabilityOpt = Annotated[
    str | None,
    typer.Option(
        "--releasability",
        help="nations allowed to see what these files bring in, e.g. GBR,FRA (default: all)",
    ),
]


def releasability(text: str | None) -> list[str]:
    """``--releasability GBR,FRA`` as sorted codes (empty: every nation)."""
    codes = [c.strip().upper() for c in (text or "").split(",") if c.strip()]
    try:
        return sorted({parse_nation(c) for c in codes})
    except ValueError as exc:
        raise ConfigError(f"--releasability {exc}") from None


NationOpt = Annotated[
    str | None,
    typer.Option("--nation", help="read as this nation (ISO alpha-3); default: the nation setting"),
]
