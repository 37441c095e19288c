"""The track engine of the AIS scenario: vessels' motion as pieces, evaluated in bulk.

:class:`Track` writes a vessel's motion as *pieces* (straight legs at constant
velocity, or runs along a lane at constant speed along it), :class:`PieceTable`
holds every vessel's pieces as columns, and :func:`evaluate` turns (vessel, time)
pairs into positions and velocities for all vessels at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from reassure.geo.metric import NAUTICAL_MILE_M
from reassure.scenario.ais._types import FloatArray, IntArray, Point
from reassure.scenario.ais.trunk import Trunk

__all__ = ["KNOT_MS", "LANE_PIECE", "XY_PIECE", "PieceTable", "Track", "evaluate"]

KNOT_MS = NAUTICAL_MILE_M / 3600.0
"""One knot in metres per second."""

XY_PIECE, LANE_PIECE = 0, 1
"""Piece kinds: a straight leg; a run along a lane (by distance sailed along it)."""

_FIELDS = (
    "t0", "t1", "kind", "a", "b", "va", "vb", "lane", "status", "silent", "rate", "hdg",
    "port", "episode", "voyage",
)  # fmt: skip


@dataclass
class PieceTable:
    """The pieces of every vessel, as parallel columns sorted by (vessel, t0)."""

    vessel: IntArray
    t0: FloatArray
    t1: FloatArray
    kind: IntArray
    a: FloatArray
    """x0 (straight leg) or u0, the distance along the lane (lane run)."""
    b: FloatArray
    """y0 (straight leg)."""
    va: FloatArray
    """vx or du/dt, metres per second."""
    vb: FloatArray
    lane: IntArray
    status: IntArray
    silent: npt.NDArray[np.bool_]
    rate: FloatArray
    """Share of reception candidates kept; NaN: by distance to the receivers."""
    hdg: FloatArray
    """Fixed heading in degrees (drifting, moored) or NaN: the course."""
    port: IntArray
    """Index of the port zone of a stay (sorted port suffixes), else -1."""
    episode: IntArray
    voyage: IntArray
    key: IntArray

    @staticmethod
    def build(tracks: Sequence[Track]) -> PieceTable:
        parts = [t.columns() for t in tracks if t.pieces]
        if not parts:
            raise ValueError("no traffic")
        values = {name: np.concatenate([p[name] for p in parts]) for name in _FIELDS}
        vessel = np.concatenate([np.full(len(t.pieces), t.vessel, np.int64) for t in tracks])
        key = _key(vessel, values["t0"])
        order = np.argsort(key, kind="stable")
        return PieceTable(
            vessel=vessel[order],
            key=key[order],
            **{k: v[order] for k, v in values.items()},
        )


_DTYPES: dict[str, type[Any]] = {
    "kind": np.int64, "lane": np.int64, "status": np.int64, "port": np.int64,
    "episode": np.int64, "voyage": np.int64, "silent": np.bool_,
}  # fmt: skip
_OFFSET_S = 30 * 86_400.0


def _key(vessel: IntArray, t: FloatArray) -> IntArray:
    """Sort key (vessel, time) as one integer: time in milliseconds."""
    ms = np.rint((np.asarray(t, float) + _OFFSET_S) * 1000.0).astype(np.int64)
    return np.asarray(vessel, np.int64) * (1 << 42) + ms


@dataclass
class Track:
    """One vessel's motion, written leg by leg from a starting time and place."""

    vessel: int
    t: float
    x: float
    y: float
    pieces: list[tuple[Any, ...]] = field(default_factory=list)
    status: int = 0
    rate: float = math.nan
    episode: int = -1
    voyage: int = -1
    _columns: tuple[int, int, dict[str, Any]] | None = field(default=None, repr=False)

    def columns(self) -> dict[str, Any]:
        """The pieces as arrays, one per field of :class:`PieceTable` (kept until the
        pieces change)."""
        stamp = (id(self.pieces), len(self.pieces))
        if self._columns is None or self._columns[:2] != stamp:
            cols = list(zip(*self.pieces, strict=True))
            arrays = {
                name: np.asarray(col, _DTYPES.get(name, np.float64))
                for name, col in zip(_FIELDS, cols, strict=True)
            }
            self._columns = (*stamp, arrays)
        return self._columns[2]

    def _add(
        self, t1: float, kind: int, a: float, b: float, va: float, vb: float, **kw: Any
    ) -> None:
        if t1 <= self.t:
            return
        self.pieces.append(
            (
                self.t, t1, kind, a, b, va, vb, kw.get("lane", -1),
                kw.get("status", self.status), kw.get("silent", False),
                kw.get("rate", self.rate), kw.get("hdg", math.nan), kw.get("port", -1),
                kw.get("episode", self.episode), kw.get("voyage", self.voyage),
            )
        )  # fmt: skip

    def goto(self, to: Point, knots: float, **kw: Any) -> float:
        """Sail straight to ``to`` (x, y) at ``knots``; returns the arrival time."""
        x, y = float(to[0]), float(to[1])
        dist = math.hypot(x - self.x, y - self.y)
        dt = dist / (knots * KNOT_MS)
        if dt > 0:
            vx, vy = (x - self.x) / dt, (y - self.y) / dt
            self._add(self.t + dt, XY_PIECE, self.x, self.y, vx, vy, **kw)
        self.t += dt
        self.x, self.y = x, y
        return self.t

    def drift(self, vx: float, vy: float, duration: float, **kw: Any) -> float:
        """Move at (vx, vy) m/s for ``duration`` seconds (drifting, loitering)."""
        self._add(self.t + duration, XY_PIECE, self.x, self.y, vx, vy, **kw)
        self.t += duration
        self.x += vx * duration
        self.y += vy * duration
        return self.t

    def follow(self, path: FloatArray, knots: float, **kw: Any) -> float:
        for point in path.tolist():
            self.goto(point, knots, **kw)
        return self.t

    def stay(self, duration: float, **kw: Any) -> float:
        return self.drift(0.0, 0.0, duration, **kw)

    def jump(self, x: float, y: float) -> None:
        """Be reported elsewhere from now on (a teleport)."""
        self.x, self.y = x, y

    def lane(self, trunk: Trunk, lane: int, s0: float, s1: float, knots: float, **kw: Any) -> float:
        """Run along ``lane`` from s0 to s1 (already at its start) at ``knots``."""
        u0, u1 = trunk.lane_u_at(lane, s0), trunk.lane_u_at(lane, s1)
        vu = math.copysign(knots * KNOT_MS, u1 - u0)
        dt = abs(u1 - u0) / abs(vu)
        self._add(self.t + dt, LANE_PIECE, u0, 0.0, vu, 0.0, lane=lane, **kw)
        self.t += dt
        self.x, self.y = trunk.lane_xy(lane, s1)
        return self.t

    def offset_run(
        self, trunk: Trunk, d: float, s0: float, s1: float, knots: float, **kw: Any
    ) -> float:
        """Sail at a constant offset ``d`` from the trunk from s0 to s1 (legs of 1 km)."""
        s = np.linspace(s0, s1, max(2, int(abs(s1 - s0) // 1_000.0) + 1))
        x, y = trunk.xy(s, np.full(s.size, d))
        return self.follow(np.column_stack([x, y])[1:], knots, **kw)


def evaluate(
    table: PieceTable, trunk: Trunk, vessel: npt.ArrayLike, t: npt.ArrayLike
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """(piece, x, y, vx, vy) of every vessel at every time (times inside its pieces)."""
    vessel = np.asarray(vessel, np.int64)
    t = np.asarray(t, float)
    idx = np.searchsorted(table.key, _key(vessel, t), side="right") - 1
    idx = np.clip(idx, 0, table.key.size - 1)
    dt = t - table.t0[idx]
    kind = table.kind[idx]
    va, vb = table.va[idx], table.vb[idx]
    x = table.a[idx] + va * dt
    y = table.b[idx] + vb * dt
    vx, vy = va.copy(), vb.copy()
    run = np.flatnonzero(kind == LANE_PIECE)
    if run.size:
        u = x[run]
        step = va[run] * 5.0
        lane = table.lane[idx[run]]

        def at(uv: FloatArray) -> tuple[FloatArray, FloatArray]:
            sv = trunk.lane_s(lane, uv)
            return trunk.xy(sv, trunk.lane_d(lane, sv))

        px, py = at(u)
        ax, ay = at(u + step)
        bx, by = at(u - step)
        x[run], y[run] = px, py
        vx[run], vy[run] = (ax - bx) / 10.0, (ay - by) / 10.0
    return idx, x, y, vx, vy
