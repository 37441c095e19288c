"""The coalition's shore AIS stations and how much of the traffic they hear.

A report is heard by every station within :data:`NEAR_NM`; from there to
:data:`FAR_NM` a share :data:`KEEP_MID` of the candidates is kept, beyond it
:data:`KEEP_FAR` (logged as station ``sat``). Ships at a berth and planted vessels have
shares of their own.
"""

from __future__ import annotations

import numpy as np

from reassure.scenario.ais._types import FloatArray, IntArray

__all__ = [
    "FAR_NM",
    "KEEP_BERTH",
    "KEEP_FAR",
    "KEEP_MID",
    "KEEP_PLANTED",
    "NEAR_NM",
    "RECEIVERS",
    "STATIONS",
    "nearest_station",
    "transmission_times",
]

RECEIVERS: tuple[tuple[str, float, float], ...] = (
    ("ua-odesa", 30.74, 46.49),
    ("ua-bilhorod", 30.35, 46.18),
    ("ro-sulina", 29.66, 45.16),
    ("ro-constanta", 28.65, 44.17),
    ("ro-mangalia", 28.58, 43.81),
    ("bg-varna", 27.93, 43.20),
    ("bg-burgas", 27.47, 42.49),
    ("bg-tsarevo", 27.85, 42.17),
    ("tr-kiyikoy", 28.09, 41.63),
    ("tr-istanbul", 29.10, 41.21),
    ("tr-sile", 29.61, 41.18),
    ("tr-eregli", 31.42, 41.28),
    ("tr-amasra", 32.38, 41.75),
    ("tr-inebolu", 33.76, 41.98),
    ("tr-sinop", 35.15, 42.02),
    ("tr-samsun", 36.33, 41.29),
    ("tr-trabzon", 39.72, 41.00),
    ("ge-poti", 41.67, 42.15),
    ("ge-batumi", 41.63, 41.65),
)
"""Shore AIS receivers (name, lon, lat) whose station names the tag blocks carry."""

STATIONS = [name for name, _, _ in RECEIVERS] + ["sat"]
"""Tag-block station names: the receivers by index, then ``sat`` for the far reports."""
NEAR_NM, FAR_NM = 40.0, 80.0
KEEP_MID, KEEP_FAR, KEEP_BERTH, KEEP_PLANTED = 0.6, 0.35, 0.67, 0.55
"""Shares of report candidates kept: 40-80 NM away, farther, at a berth, planted vessels."""


def nearest_station(
    receivers: FloatArray, x: FloatArray, y: FloatArray
) -> tuple[FloatArray, IntArray]:
    """Distance to the nearest of ``receivers`` ((n, 2) plane positions) and its index."""
    best = np.full(x.size, np.inf)
    which = np.zeros(x.size, np.int64)
    for r, (rx, ry) in enumerate(receivers.tolist()):
        d = np.hypot(x - rx, y - ry)
        closer = d < best
        best[closer] = d[closer]
        which[closer] = r
    return best, which


def transmission_times(
    rng: np.random.Generator,
    ids: IntArray,
    e0: FloatArray,
    e1: FloatArray,
    count: IntArray,
    step_s: tuple[float, float],
    phase_s: float,
) -> tuple[IntArray, FloatArray, bool]:
    """When vessels ``ids`` transmit from ``e0`` (after a random phase up to ``phase_s``)
    to before ``e1``: ``count`` draws each, steps uniform in ``step_s``. Returns the
    vessel and time of each transmission, and whether every vessel's draws reached e1."""
    steps = rng.uniform(step_s[0], step_s[1], int(count.sum()))
    first = np.cumsum(count) - count
    steps[first] = rng.uniform(0.0, phase_s, count.size)
    offsets = np.cumsum(steps)
    before = np.concatenate([[0.0], offsets])[np.repeat(first, count)]
    t = np.repeat(e0, count) + offsets - before
    keep = t < np.repeat(e1, count)
    covered = bool(np.all(t[np.cumsum(count) - 1] >= e1))
    return np.repeat(ids, count)[keep], t[keep], covered
