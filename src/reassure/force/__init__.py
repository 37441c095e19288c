"""Force generation and readiness: nations, requirements, pledges, lift; sourcing them.

``inputs`` reads and checks the planner's files, ``caveats`` turns national caveats
into rules, ``problem`` builds the sourcing problem every planner reads.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"decode_nations": "reassure.force.nations"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Exports imported on first use: ``reassure plan --help`` loads no planner."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reassure.force' has no attribute {name!r}")
