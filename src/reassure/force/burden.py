"""How fairly a plan spreads the burden over the coalition's nations.

A nation's *fair share* of the force is its share of the coalition's GDP, the
coalition being the nations that pledge anything. A nation without a GDP figure is
counted at the smallest GDP the coalition knows (a nation whose size is unknown is not
presumed able to carry more than the smallest); with no GDP figure at all, every
pledging nation has the same share.

Burden is counted in *unit-periods*: one unit (a battalion, a ship, a team) serving one
rotation period. The plan's **burden excess** is the number of unit-periods nations
serve beyond their fair shares, ``sum_n max(0, used_n - share_n * used)``: zero when
every nation serves exactly its GDP share, and the number of unit-periods that would
have to move to make it so. The solver minimises it (``sourcing``); the burden table
shows each nation's **burden index**, its share of the unit-periods used over its share
of GDP (1: its fair share; 2: twice it).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from reassure.force.problem import Problem

__all__ = ["BURDEN_SCHEMA", "burden_excess", "burden_table", "fair_shares", "nation_use"]

F64 = NDArray[np.float64]

BURDEN_SCHEMA: dict[str, pl.DataType] = {
    "nation": pl.String(),
    "units_pledged": pl.Int64(),
    "unit_periods_used": pl.Int64(),
    "share_used": pl.Float64(),
    "gdp_share": pl.Float64(),
    "burden_index": pl.Float64(),
    "cost_meur": pl.Float64(),
}


def fair_shares(problem: Problem) -> F64:
    """Per row of ``problem.nations``: its fair share (0 for nations that pledge nothing)."""
    n = problem.nations.height
    pledging = np.zeros(n, dtype=bool)
    pledging[problem.nation] = True
    gdp = problem.nations["gdp_busd"].to_numpy().astype(np.float64)
    known = pledging & np.isfinite(gdp) & (gdp > 0)
    size = np.zeros(n)
    if known.any():
        size[pledging] = gdp[known].min()
        size[known] = gdp[known]
    else:
        size[pledging] = 1.0
    total = size.sum()
    return size / total if total > 0 else size


def nation_use(problem: Problem, x: NDArray[np.int64]) -> NDArray[np.int64]:
    """Unit-periods each nation (row of ``problem.nations``) serves under ``x``."""
    per_pledge = np.bincount(problem.cand_p, weights=x, minlength=len(problem.supply))
    per_nation = np.bincount(problem.nation, weights=per_pledge, minlength=problem.nations.height)
    return np.rint(per_nation).astype(np.int64)


def burden_excess(problem: Problem, x: NDArray[np.int64]) -> float:
    """Unit-periods served beyond GDP-fair shares (the module's measure)."""
    used = nation_use(problem, x).astype(np.float64)
    return float(np.maximum(0.0, used - fair_shares(problem) * used.sum()).sum())


def burden_table(problem: Problem, x: NDArray[np.int64], served: NDArray[np.bool_]) -> pl.DataFrame:
    """One row per pledging nation (``BURDEN_SCHEMA``); ``served[p, t]``: pledge ``p``
    serves in period ``t`` (its cost counts for that rotation)."""
    n = problem.nations.height
    used = nation_use(problem, x)
    units = np.bincount(problem.nation, weights=problem.supply, minlength=n)
    cost = np.bincount(problem.nation, weights=problem.cost * served.sum(axis=1), minlength=n)
    shares = fair_shares(problem)
    gdp = problem.nations["gdp_busd"].to_numpy().astype(np.float64)
    gdp_known = np.isfinite(gdp) & (gdp > 0)
    total = used.sum()
    share_used = used / total if total > 0 else np.zeros(n)
    pledging = np.zeros(n, dtype=bool)
    pledging[problem.nation] = True
    rows = np.flatnonzero(pledging)
    gdp_share = [float(shares[i]) if gdp_known[i] else None for i in rows]
    index = [
        float(share_used[i] / shares[i]) if gdp_known[i] and shares[i] > 0 else None for i in rows
    ]
    return pl.DataFrame(
        {
            "nation": problem.nations["nation"].gather(rows),
            "units_pledged": np.rint(units[rows]).astype(np.int64),
            "unit_periods_used": used[rows],
            "share_used": share_used[rows],
            "gdp_share": gdp_share,
            "burden_index": index,
            "cost_meur": np.round(cost[rows], 3),
        },
        schema=BURDEN_SCHEMA,
    )
