"""ISO-3166 alpha-3 nation codes: one rule for every reader, writer and setting."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["NOBODY", "is_alpha3", "parse_nation"]

_ALPHA3 = re.compile(r"^[A-Z]{3}$")

NOBODY = "ZZZ"
"""A user-assigned ISO 3166 code no nation holds: the releasability of a record no
nation may see (an empty list means *every* nation). No user or reader is ever ZZZ."""


def is_alpha3(value: Any) -> bool:
    """True for three upper-case letters (``GBR``)."""
    return isinstance(value, str) and _ALPHA3.match(value) is not None


def parse_nation(value: Any) -> str:
    """A reader's or user's nation: alpha-3 (case-insensitive), never :data:`NOBODY`.

    Raises ``ValueError`` with the reason.
    """
    text = str(value).strip().upper()
    if not _ALPHA3.match(text):
        raise ValueError(f"{value!r} is not an ISO-3166 alpha-3 code such as GBR")
    if text == NOBODY:
        raise ValueError(f"{NOBODY} is the code of 'releasable to nobody', not a nation")
    return text
