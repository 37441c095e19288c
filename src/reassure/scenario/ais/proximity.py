"""The proximity check: which vessel pairs come too close, and for how long.

Normal traffic keeps more than 2 km from other vessels outside port areas for more
than 20 minutes; nobody comes within 6 km of a planted
loitering or encounter while it drifts; planted vessels keep 5 km from each other.
Positions are sampled every :data:`STEP_S` and paired on a grid of cells.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from reassure.scenario.ais._types import FloatArray, IntArray
from reassure.scenario.ais.motion import KNOT_MS, PieceTable, evaluate
from reassure.scenario.ais.traffic import Traffic

__all__ = ["STEP_S", "conflicts"]

STEP_S = 300.0
"""Time step of the proximity check."""


def _samples(traffic: Traffic, table: PieceTable, only: npt.NDArray[np.bool_]) -> dict[str, Any]:
    """The position of every vessel in ``only`` every :data:`STEP_S` while it reports."""
    vessel = table.vessel
    first = np.ones(vessel.size, dtype=bool)
    first[1:] = vessel[1:] != vessel[:-1]
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], vessel.size) - 1
    chosen = only[vessel[starts]]
    starts, ends = starts[chosen], ends[chosen]
    v = vessel[starts]
    e0 = np.maximum(0.0, table.t0[starts])
    e1 = np.minimum(traffic.window_s, table.t1[ends])
    k0 = np.ceil(e0 / STEP_S).astype(np.int64)
    k1 = np.floor((e1 - 1e-6) / STEP_S).astype(np.int64)
    n = np.maximum(0, k1 - k0 + 1)
    vv = np.repeat(v, n)
    kk = np.repeat(k0 - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
    t = kk * STEP_S
    idx, x, y, vx, vy = evaluate(table, traffic.geo.trunk, vv, t)
    keep = ~table.silent[idx]
    return {"v": vv[keep], "k": kk[keep], "x": x[keep], "y": y[keep], "piece": idx[keep],
            "slow": (np.hypot(vx, vy)[keep] < 2 * KNOT_MS)}  # fmt: skip


def _pairs(
    k: IntArray, x: FloatArray, y: FloatArray, q: IntArray, radius: float
) -> tuple[IntArray, IntArray]:
    """Sample pairs (i in q, j any, i != j) at the same time step within ``radius``, in
    no particular order."""
    if k.size == 0 or q.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cx = np.floor(x / radius).astype(np.int64)
    cy = np.floor(y / radius).astype(np.int64)
    cx -= cx.min() - 1
    cy -= cy.min() - 1
    wx, wy = int(cx.max()) + 2, int(cy.max()) + 2
    key = (k * wx + cx) * wy + cy
    order = np.argsort(key, kind="stable")
    sk = key[order]
    q = q[np.argsort(key[q], kind="stable")]  # sorted needles: searchsorted runs faster
    out_i, out_j = [], []
    for dx in (-1, 0, 1):
        # cells (cx + dx, cy - 1 .. cy + 1) are one run of keys: 1 <= cy <= wy - 2
        nk = key[q] + dx * wy
        lo = np.searchsorted(sk, nk - 1, "left")
        hi = np.searchsorted(sk, nk + 1, "right")
        count = hi - lo
        total = int(count.sum())
        if total == 0:
            continue
        i = np.repeat(q, count)
        j = order[np.repeat(lo - np.cumsum(count) + count, count) + np.arange(total)]
        near = (np.hypot(x[i] - x[j], y[i] - y[j]) < radius) & (i != j)
        out_i.append(i[near])
        out_j.append(j[near])
    if not out_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


def conflicts(traffic: Traffic, *, normal: bool = True) -> list[tuple[int, int, int]]:
    """(vessel a, vessel b, steps) pairs that break the rules: normal vessels within
    2 km for 5 steps or more outside port areas; anyone within 6 km of a planted
    loitering or encounter while it drifts; planted vessels within 5 km of each other."""
    table = traffic.pieces()
    vessels = traffic.vessels
    # without the 2 km rule, only ships that sail the open sea can meet the planted ones
    only = np.array([normal or ves.fixed or ves.role == "open" for ves in vessels], bool)
    s = _samples(traffic, table, only)
    v, k, x, y = s["v"], s["k"], s["x"], s["y"]
    mmsi = np.array([ves.mmsi for ves in vessels], np.int64)
    group = np.array([ves.group if ves.group >= 0 else -1 - ves.index for ves in vessels], np.int64)
    planted = np.array([ves.fixed for ves in vessels], bool)
    slow_planted = s["slow"] & (table.episode[s["piece"]] >= 0) & planted[v]
    found: dict[tuple[int, int], int] = {}

    def add(i: IntArray, j: IntArray, need: int) -> None:
        a, b = v[i], v[j]
        ok = (a != b) & (mmsi[a] != mmsi[b]) & (group[a] != group[b])
        a, b = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
        if a.size == 0:
            return
        pair = a * len(vessels) + b
        # count distinct time steps per vessel pair
        steps = np.unique(pair * (1 << 24) + k[i[ok]])
        uniq, count = np.unique(steps >> 24, return_counts=True)
        many = count >= need
        for p, c in zip(uniq[many].tolist(), count[many].tolist(), strict=True):
            key = (p // len(vessels), p % len(vessels))
            found[key] = max(found.get(key, 0), c)

    q = np.flatnonzero(slow_planted)
    i, j = _pairs(k, x, y, q, 6_000.0)
    add(i, j, 1)
    q = np.flatnonzero(planted[v])
    i, j = _pairs(k, x, y, q, 5_000.0)
    both = planted[v[j]]
    add(i[both], j[both], 1)
    if normal:
        free = ~shapely.contains_xy(traffic.geo.near_port, x, y)
        q = np.flatnonzero(free)
        i, j = _pairs(k, x, y, q, 2_000.0)
        fj = free[j]
        add(i[fj], j[fj], 5)
    return [(a, b, c) for (a, b), c in sorted(found.items())]
