"""Where our fields deliberately differ from pyais 3.3.1's, as one rule (the README's AIS
section lists each): the tests that compare with pyais and the sea benchmark use it."""

from __future__ import annotations

from typing import Any

from pyais.constants import EpfdType, ShipType

__all__ = ["deliberate"]


def deliberate(name: str, theirs: Any, ours: Any) -> bool:
    """A documented difference: pyais folds a reserved code we keep, or reads type 21's
    name extension with its padding as a character and without its leading spaces."""
    if ours is None:
        return False
    if name == "ship_type":
        return bool(theirs == int(ShipType.from_value(ours)))
    if name == "epfd":
        return bool(theirs == int(EpfdType.from_value(ours)))
    if name in ("name_ext", "full_name") and isinstance(theirs, str):
        mine, pyais_text = ours.replace(" ", ""), theirs.replace(" ", "")
        return pyais_text.startswith(mine) and len(pyais_text) - len(mine) <= 1
    return False
