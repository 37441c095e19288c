"""Type aliases shared by the modules of the AIS scenario."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["XY", "FloatArray", "IntArray", "Point"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
XY = tuple[float, float]
"""(x, y) in the metric plane of the traffic."""
Point = Sequence[float] | FloatArray
"""(x, y): a tuple, a list or an array."""
