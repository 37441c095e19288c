"""Deterministic synthetic scenarios on real geography, in real formats, with ground truth.

``generate(out_dir, seed=7, scale=1.0, start=..., days=3, frontline=None)`` writes a
scenario folder and returns its :class:`Manifest`; the same arguments give the same
bytes. Domains are plugins: see :mod:`reassure.scenario.domains`.
"""

from __future__ import annotations

from reassure.scenario.context import FileEntry, ScenarioContext, ZoneShape
from reassure.scenario.generator import DEFAULT_START, Manifest, domain_modules, generate

__all__ = [
    "DEFAULT_START",
    "FileEntry",
    "Manifest",
    "ScenarioContext",
    "ZoneShape",
    "domain_modules",
    "generate",
]
