"""Deterministic synthetic scenarios on real geography, in real formats, with ground truth.

``generate(out_dir, seed=7, scale=1.0, start=..., days=3, frontline=None)`` writes a
scenario folder and returns its :class:`Manifest`; the same arguments give the same
bytes. Domains are plugins: see :mod:`reassure.scenario.domains`.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "DEFAULT_START": "reassure.scenario.generator",
    "FileEntry": "reassure.scenario.context",
    "Manifest": "reassure.scenario.generator",
    "ScenarioContext": "reassure.scenario.context",
    "ZoneShape": "reassure.scenario.context",
    "domain_modules": "reassure.scenario.generator",
    "generate": "reassure.scenario.generator",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Exports imported on first use: ``reassure scenario --help`` loads no generator."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reassure.scenario' has no attribute {name!r}")
