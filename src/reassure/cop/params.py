"""The COP API's query parameters as types: what each accepts is written once, checked
by pydantic and stated in the OpenAPI document, so a client (or Schemathesis) reading
``/openapi.json`` knows which values the server takes.

A value a type refuses is a 422 naming the parameter and the reason, in FastAPI's
validation-error shape (``{"detail": [{"loc": ["query", name], "msg": ...}]}``).

``Time``      an RFC 3339 date-time with its UTC offset, in years 0002 to 9998, read as
              UTC. Python's ``datetime`` holds years 1 to 9999: a year's margin at each
              end keeps every UTC offset (at most ±23:59) and every status window (at
              most :data:`MAX_WINDOW_H`) inside what it can represent. A bare number is
              not a time (pydantic would take it for Unix seconds).
``BBoxText``  ``minlon,minlat,maxlon,maxlat``: four finite decimal numbers, each minimum
              at most its maximum.
``Objective``, ``Severity``  one of the event schema's values (:mod:`reassure.events`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from reassure.events import Objective, check_judgeable
from reassure.store.ledger import BBox

__all__ = [
    "BBOX_PATTERN",
    "MAX_WINDOW_H",
    "TIME_PATTERN",
    "BBoxText",
    "Objective",
    "Severity",
    "Time",
    "bbox_of",
]

MAX_WINDOW_H = 24 * 31
"""The longest status window the API computes (``/api/status?window_h=``): a month."""

_TIME = r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
TIME_PATTERN = rf"^(?!000[01]|9999){_TIME}$"
"""RFC 3339 ``date-time`` in years 0002 to 9998 (:data:`reassure.events.FIRST_YEAR`,
:data:`~reassure.events.LAST_YEAR`)."""

_NUMBER = r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,2})?"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
"""Four decimal numbers (exponents of two digits at most: always finite)."""


def _rfc3339(value: object) -> object:
    if not isinstance(value, str) or not re.fullmatch(_TIME, value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time, e.g. 2026-12-01T06:00:00Z")
    check_judgeable(value, int(value[:4]))
    return value


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


Time = Annotated[
    datetime,
    BeforeValidator(_rfc3339),
    AfterValidator(_utc),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": TIME_PATTERN}),
]


def bbox_of(text: str | None) -> BBox | None:
    """The box a :data:`BBoxText` value names (``None``: no box)."""
    return None if text is None else _numbers(text)


def _numbers(text: str) -> BBox:
    w, s, e, n = (float(part) for part in text.split(","))
    return (w, s, e, n)


def _check_bbox(value: str) -> str:
    if not re.fullmatch(BBOX_PATTERN, value):
        raise ValueError(f"bbox {value!r} must be minlon,minlat,maxlon,maxlat (four numbers)")
    w, s, e, n = _numbers(value)
    if w > e or s > n:
        raise ValueError(f"bbox {value!r}: a minimum is above its maximum")
    return value


BBoxText = Annotated[
    str,
    AfterValidator(_check_bbox),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": BBOX_PATTERN,
            "description": "minlon,minlat,maxlon,maxlat (each minimum at most its maximum)",
        }
    ),
]
"""A box as text (a tuple would make FastAPI read a repeated parameter): the route
reads it with :func:`bbox_of`."""

Severity = Literal["info", "warning", "critical"]
"""The event schema's :data:`~reassure.events.SEVERITIES` (a test keeps them equal)."""
