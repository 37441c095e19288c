"""The one exception tree of reassure.

::

    ReassureError                  anything reassure raises on purpose
    ├── InputError                 a bad file or record: carries source, line, reason
    ├── ConfigError                a bad setting or option value
    ├── StoreError                 the DuckDB store cannot be used as asked
    │   ├── StoreLockedError       another process holds the write lock
    │   └── SchemaTooNewError      the file was written by a newer reassure
    ├── SolverError                an optimisation model failed to solve
    ├── NotFoundError              a named record does not exist
    └── AccessDenied               the user may not see or change this record

The CLI maps every ``ReassureError`` except ``SolverError`` to exit code 2 with one
line (``cli.main``); the HTTP API maps them to status codes (``cop.app``).
"""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "ConfigError",
    "InputError",
    "NotFoundError",
    "ReassureError",
    "SchemaTooNewError",
    "SolverError",
    "StoreError",
    "StoreLockedError",
]


class ReassureError(Exception):
    """Base class of every error reassure raises on purpose."""


class InputError(ReassureError):
    """A bad input file or record.

    ``source`` names the file (or stream), ``line`` the 1-based line or the feature
    index where the problem is, ``reason`` says what is wrong in a few words.
    """

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ConfigError(ReassureError):
    """A setting or option has a value reassure cannot use."""


class StoreError(ReassureError):
    """The store cannot be opened or changed as asked."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class SchemaTooNewError(StoreError):
    """The store was written by a newer reassure than this one."""


class SolverError(ReassureError):
    """An optimisation model could not be solved."""


class NotFoundError(ReassureError):
    """A named record (zone, event, user, ...) does not exist."""


class AccessDenied(ReassureError):
    """The user's nation or role does not allow this read or change."""
