"""Users: a nation, roles, and a bearer token stored only as its SHA-256.

Roles: ``watch``, ``planner``, ``analyst``, ``liaison``, ``admin``. A user of nation X
reads only records releasable to X (:mod:`reassure.store.access`), whatever the role.
A user's nation must be in the nations table (the coalition's nations file, where a
partner outside the coalition is an explicit ``observer``): an unknown code is refused.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from reassure.codes import parse_nation
from reassure.errors import AccessDenied, ConfigError
from reassure.store.access import is_member

__all__ = ["ROLES", "User", "add_user", "authenticate", "list_users"]

ROLES = ("watch", "planner", "analyst", "liaison", "admin")
_USER_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class User:
    user_id: str
    nation: str
    roles: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"user_id": self.user_id, "nation": self.nation, "roles": list(self.roles)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(
    con: duckdb.DuckDBPyConnection,
    user_id: str,
    nation: str,
    roles: list[str],
    token: str | None = None,
) -> str:
    """Create or replace a user and return its bearer token (shown once, stored hashed)."""
    if not _USER_ID.match(user_id):
        raise ConfigError(f"user id {user_id!r}: use lower-case letters, digits, . _ -")
    try:
        nation = parse_nation(nation)
    except ValueError as exc:
        raise ConfigError(f"nation {exc}") from None
    if not is_member(con, nation):
        raise ConfigError(
            f"nation {nation} is not in the coalition's nations table: load the nations "
            "file first (`reassure ingest nations FILE`), where a partner outside the "
            "coalition is role: observer"
        )
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ConfigError(
            f"role {unknown[0] if unknown else ''!r} is not one of {', '.join(ROLES)}"
        )
    token = token or secrets.token_urlsafe(24)
    con.execute("DELETE FROM users WHERE user_id = ?", [user_id])
    con.execute(
        "INSERT INTO users VALUES (?, ?, ?, ?, ?)",
        [user_id, nation, sorted(set(roles)), _digest(token), datetime.now(UTC)],
    )
    return token


def authenticate(con: duckdb.DuckDBPyConnection, token: str) -> User:
    """The user holding ``token``; :class:`AccessDenied` when none does."""
    row = con.execute(
        "SELECT user_id, nation, roles FROM users WHERE token_sha256 = ?", [_digest(token)]
    ).fetchone()
    if row is None:
        raise AccessDenied("unknown or revoked token")
    return User(row[0], row[1], tuple(row[2]))


def list_users(con: duckdb.DuckDBPyConnection) -> list[User]:
    rows = con.execute("SELECT user_id, nation, roles FROM users ORDER BY user_id").fetchall()
    return [User(r[0], r[1], tuple(r[2])) for r in rows]
