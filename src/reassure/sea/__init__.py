"""Safe seas: AIS decoding (NMEA 0183, tag blocks, CSV), vessel identity, sea detectors.

``decode_nmea(path) -> AisDecoded`` (Polars tables with pyais's field names) is the
entry point for notebooks, ``iter_nmea(paths)`` the same block by block for files of any
size; detectors live in ``reassure.sea.detect`` and are imported
on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from reassure.sea.decode import AisDecoded, decode_nmea, iter_nmea

__all__ = ["AisDecoded", "decode_nmea", "detect_sea", "iter_nmea"]

_LAZY = {"detect_sea": "reassure.sea.detect"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reassure.sea' has no attribute {name!r}")
