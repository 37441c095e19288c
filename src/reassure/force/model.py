"""The sourcing MIP of one block of candidates, as arrays HiGHS reads column-wise.

A block is a set of candidates closed under the constraints: one capability's (no
requirement or pledge has two). Its columns are ``x | u | y`` (units, unfilled, pledge
serves), its rows ``fill | supply | rotations`` (``sourcing`` writes them out); the
burden and cost stages add a column ``e_n`` per nation, one ``U`` (the block's units)
and the rows ``U = sum x`` and ``e_n - sum_{x of n} x + share_n U >= -target_n``.
Everything is built in a few NumPy passes, with no Python loop per variable: 200 k
candidates build in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from highspy import HighsStatus
from highspy._core import _Highs  # the compiled solver: see new_highs()
from numpy.typing import NDArray

from reassure.errors import SolverError
from reassure.force.problem import Problem

__all__ = ["Block", "new_highs"]

I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
F64 = NDArray[np.float64]

INTEGER, CONTINUOUS = 1, 0
INF = float("inf")


def new_highs(mip_gap: float) -> _Highs:
    """A silent HiGHS. ``highspy.Highs`` installs Python callbacks in its constructor,
    which makes HiGHS print its banner on stdout before output can be switched off (and
    would corrupt ``--json`` output): the compiled class underneath it does not."""
    highs = _Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", mip_gap)
    highs.setOptionValue("random_seed", 0)
    return highs


@dataclass(frozen=True)
class Block:
    """The model of the candidates ``cands`` (indices into the problem's arrays)."""

    problem: Problem
    cands: I64
    u_r: I64
    u_t: I64
    """Per ``u`` column: its (requirement, period)."""
    y_p: I64
    y_t: I64
    """Per ``y`` column: its (pledge, period)."""
    x_nation: I64
    """Per ``x``: its nation's row in ``problem.nations``."""
    col_upper: F64
    integrality: I32
    row_lower: F64
    row_upper: F64
    coo: tuple[I64, I64, F64]
    """(row, column, value) of every coefficient."""

    @property
    def n_x(self) -> int:
        return len(self.cands)

    @property
    def n_cols(self) -> int:
        return len(self.col_upper)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    @property
    def u0(self) -> int:
        return self.n_x

    @property
    def y0(self) -> int:
        return self.u0 + len(self.u_r)

    @property
    def e0(self) -> int:
        """The first burden column, once added."""
        return self.y0 + len(self.y_p)

    @classmethod
    def of(cls, problem: Problem, cands: I64) -> Block:
        n_t = len(problem.periods)
        cp, cr, ct = problem.cand_p[cands], problem.cand_r[cands], problem.cand_t[cands]
        n_x = len(cands)
        # fill rows: one per active (r, t) of the block's requirements; u columns alike
        reqs = np.unique(cr)
        active = problem.active[reqs]
        u_r, u_t = reqs[np.nonzero(active)[0]], np.nonzero(active)[1]
        fill_row = np.full(problem.active.size, -1, dtype=np.int64)
        fill_row[u_r * n_t + u_t] = np.arange(len(u_r))
        # supply rows: one per (p, t) with a candidate; y columns alike
        pt, x_y = np.unique(cp * n_t + ct, return_inverse=True)
        y_p, y_t = pt // n_t, pt % n_t
        # rotation rows where they can bind
        periods_open = np.bincount(y_p, minlength=len(problem.supply))
        bind = np.flatnonzero(periods_open > problem.rotations)
        rot_row = np.full(len(problem.supply), -1, dtype=np.int64)
        rot_row[bind] = np.arange(len(bind))
        n_u, n_y = len(u_r), len(pt)
        r_supply, r_rot = n_u, n_u + n_y
        c_u, c_y = n_x, n_x + n_u
        xs, ys = np.arange(n_x), np.arange(n_y)
        y_rot = rot_row[y_p]
        has_rot = y_rot >= 0
        coo = _coo(
            [
                (fill_row[cr * n_t + ct], xs, 1.0),  # x in its fill row
                (r_supply + x_y, xs, 1.0),  # x in its supply row
                (np.arange(n_u), c_u + np.arange(n_u), 1.0),  # u in its fill row
                (r_supply + ys, c_y + ys, -problem.supply[y_p].astype(np.float64)),
                (r_rot + y_rot[has_rot], c_y + ys[has_rot], 1.0),
            ]
        )
        want = problem.want.astype(np.float64)
        col_upper = np.concatenate(
            [np.minimum(problem.supply[cp], problem.want[cr]), want[u_r], np.ones(n_y)]
        ).astype(np.float64)
        integrality = np.full(len(col_upper), INTEGER, dtype=np.int32)
        integrality[c_u:c_y] = CONTINUOUS
        return cls(
            problem=problem,
            cands=np.asarray(cands, dtype=np.int64),
            u_r=u_r.astype(np.int64),
            u_t=u_t.astype(np.int64),
            y_p=y_p.astype(np.int64),
            y_t=y_t.astype(np.int64),
            x_nation=problem.nation[cp].astype(np.int64),
            col_upper=col_upper,
            integrality=integrality,
            row_lower=np.concatenate([want[u_r], np.full(n_y + len(bind), -INF)]),
            row_upper=np.concatenate(
                [want[u_r], np.zeros(n_y), problem.rotations[bind].astype(np.float64)]
            ),
            coo=coo,
        )

    def pass_to(self, highs: _Highs, *, integer_x: bool = True, relaxed: bool = False) -> None:
        """Load the model with no objective yet: ``x`` integer or not, or every column
        continuous (``relaxed``: the LP relaxation)."""
        integrality = self.integrality.copy()
        if not integer_x:
            integrality[: self.n_x] = CONTINUOUS
        if relaxed:
            integrality[:] = CONTINUOUS
        rows, cols, vals = self.coo
        order = np.lexsort((rows, cols))
        starts = np.searchsorted(cols[order], np.arange(self.n_cols)).astype(np.int32)
        status = highs.passModel(
            self.n_cols,
            self.n_rows,
            len(vals),
            1,  # column-wise
            1,  # minimise
            0.0,
            np.zeros(self.n_cols),
            np.zeros(self.n_cols),
            self.col_upper,
            self.row_lower,
            self.row_upper,
            starts,
            rows[order].astype(np.int32),
            vals[order],
            integrality,
        )
        if status == HighsStatus.kError:
            raise SolverError("HiGHS refused the sourcing model")

    def add_burden(self, highs: _Highs, share: F64, target: F64) -> None:
        """A column ``e_n`` per nation (row of ``problem.nations``) and one ``U`` (this
        block's units), and the rows ``U - sum x = 0`` and
        ``e_n - sum_{x of n} x + share[n] * U >= -target[n]``: with ``target[n] =
        share[n] * U_other - used_other[n]`` (the other blocks' units, fixed), ``e_n``
        is how far the nation's unit-periods exceed its share of all of them."""
        n_n = len(target)
        highs.addVars(n_n + 1, np.zeros(n_n + 1), np.full(n_n + 1, INF))
        ns, xs, u_col = np.arange(n_n), np.arange(self.n_x), self.e0 + n_n
        rows, cols, vals = _coo(
            [
                (np.zeros(self.n_x), xs, -1.0),  # row 0: U - sum x = 0
                ([0], [u_col], 1.0),
                (1 + self.x_nation, xs, -1.0),  # rows 1..: the nations
                (1 + ns, self.e0 + ns, 1.0),
                (1 + ns, np.full(n_n, u_col), np.asarray(share, dtype=np.float64)),
            ]
        )
        keep = vals != 0
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        order = np.lexsort((cols, rows))
        starts = np.searchsorted(rows[order], np.arange(n_n + 1)).astype(np.int32)
        highs.addRows(
            n_n + 1,
            np.concatenate([[0.0], -np.asarray(target, dtype=np.float64)]),
            np.concatenate([[0.0], np.full(n_n, INF)]),
            len(vals),
            starts,
            cols[order].astype(np.int32),
            vals[order],
        )

    def values(self, x: I64, share: F64 | None = None, target: F64 | None = None) -> F64:
        """Every column's value in the plan giving this block's candidates ``x`` (with
        the burden columns when ``share`` and ``target`` are given: ``add_burden``)."""
        problem, n_t = self.problem, len(self.problem.periods)
        cp, cr, ct = (a[self.cands] for a in (problem.cand_p, problem.cand_r, problem.cand_t))
        filled = np.bincount(cr * n_t + ct, weights=x, minlength=problem.active.size)
        used = np.bincount(cp * n_t + ct, weights=x, minlength=len(problem.supply) * n_t)
        parts = [
            np.asarray(x, dtype=np.float64),
            problem.want[self.u_r] - filled[self.u_r * n_t + self.u_t],
            (used[self.y_p * n_t + self.y_t] > 0).astype(np.float64),
        ]
        if share is not None and target is not None:
            units = float(np.sum(x))
            mine = np.bincount(self.x_nation, weights=x, minlength=len(target))
            parts.append(np.maximum(0.0, mine - share * units - target))
            parts.append(np.array([units]))
        return np.concatenate(parts)

    def costs(self, name: str, n_nations: int = 0) -> F64:
        """Every column's cost in stage ``name`` (``fill``, ``burden`` or ``cost``), the
        burden columns (``n_nations`` and ``U``) included when ``n_nations``."""
        costs = np.zeros(self.e0 + (n_nations + 1 if n_nations else 0))
        if name == "fill":
            costs[self.u0 : self.y0] = self.problem.weight[self.u_r]
        elif name == "burden":
            costs[self.e0 : self.e0 + n_nations] = 1.0
        else:
            costs[self.y0 : self.e0] = self.problem.cost[self.y_p]
        return costs

    def aim(self, highs: _Highs, name: str) -> None:
        """Make stage ``name``'s objective the model's."""
        costs = self.costs(name, max(0, highs.getNumCol() - self.e0 - 1))
        highs.changeColsCost(len(costs), np.arange(len(costs), dtype=np.int32), costs)

    def weighted_unfilled(self, x: I64) -> float:
        return float(self.costs("fill") @ self.values(x))

    def bound_y(self, highs: _Highs, lower: F64, upper: F64) -> None:
        cols = np.arange(self.y0, self.e0, dtype=np.int32)
        highs.changeColsBounds(len(cols), cols, lower, upper)

    def hold_fill(self, highs: _Highs, x: I64, *, exactly: bool = True) -> None:
        """Fill held at ``x``'s: ``exactly``, no (requirement, period) less filled (the
        block-coordinate descent: small, fast MIPs); else only the priority-weighted
        unfilled at most ``x``'s, so that *which* requirement and period is filled may
        change among plans of equal weighted fill (weights are whole, and so is the
        need a plan leaves unfilled: a slack of 0.5 lets no unit go)."""
        cols = np.arange(self.u0, self.y0, dtype=np.int32)
        unfilled = self.values(x)[self.u0 : self.y0]
        if exactly:
            highs.changeColsBounds(len(cols), cols, np.zeros(len(cols)), unfilled)
            return
        weight = self.costs("fill")[self.u0 : self.y0]
        keep = weight != 0
        highs.addRows(
            1,
            np.array([-INF]),
            np.array([float(weight @ unfilled) + 0.5]),
            int(keep.sum()),
            np.array([0], dtype=np.int32),
            cols[keep],
            weight[keep],
        )

    def hold_excess(self, highs: _Highs, n_nations: int, most: float) -> None:
        """The burden columns' sum at most ``most`` (the burden stage's value)."""
        cols = np.arange(self.e0, self.e0 + n_nations, dtype=np.int32)
        highs.addRows(
            1,
            np.array([-INF]),
            np.array([most]),
            n_nations,
            np.array([0], dtype=np.int32),
            cols,
            np.ones(n_nations),
        )


def _coo(blocks: list[tuple[Any, Any, Any]]) -> tuple[I64, I64, F64]:
    """Concatenated (rows, columns, values) of blocks whose value may be a scalar."""
    rows = np.concatenate([np.asarray(b[0], dtype=np.int64) for b in blocks])
    cols = np.concatenate([np.asarray(b[1], dtype=np.int64) for b in blocks])
    vals = np.concatenate(
        [np.broadcast_to(np.asarray(b[2], dtype=np.float64), (len(b[0]),)) for b in blocks]
    )
    return rows, cols, vals
