"""reassure: plan, watch and share the picture of a ceasefire reassurance force.

The few names a notebook user needs are re-exported here and imported on first use,
so ``import reassure`` stays cheap and has no side effects (no config read, no folder
created, no store opened).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Store": "reassure.store.db",
    "read_zones": "reassure.geo.zones",
    "decode_reports": "reassure.land.reports",
    "detect_report_violations": "reassure.land.violations",
    "objective_status": "reassure.events",
    "events_frame": "reassure.events",
    "load_settings": "reassure.config",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'reassure' has no attribute {name!r}")
