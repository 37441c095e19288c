"""A sourcing plan: who fills what and when, what stays unfilled and why, who carries it.

The solver (``sourcing.solve``) and the greedy baseline (``greedy.solve_greedy``) both
return a :class:`Plan`, built by :func:`make_plan` from the units ``x`` they give each
candidate of the :class:`~reassure.force.problem.Problem`:

``assignments``  one row per (pledge, requirement, period) with units:
                 ``pledge_id, nation, requirement_id, objective, capability, period``
                 (0-based), ``period_start, period_end`` (the period's ``[start, end)``),
                 ``quantity``.
``fill``         one row per requirement and period it is active in: ``wanted``,
                 ``filled``, ``unfilled`` and ``reason`` (null when filled, else why:
                 see ``reasons``). A requirement whose dates miss every period has one
                 row with a null period, saying so.
``fill_rates``   unit-periods ``wanted``, ``filled`` and ``rate`` per objective and
                 period, with an ``all`` objective per period, and an overall row (null
                 period) per objective and for ``all``.
``burden``       per pledging nation (``burden``): units pledged, unit-periods used,
                 its share of them, its share of GDP, their ratio, its cost.
``info``         how the plan was made (:class:`SolveInfo`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from reassure.force.burden import burden_excess, burden_table
from reassure.force.catalog import OBJECTIVES
from reassure.force.problem import PRIORITY_WEIGHTS, Problem
from reassure.force.reasons import outside_reason, unfilled_reasons

__all__ = [
    "ASSIGNMENT_SCHEMA",
    "FILL_RATE_SCHEMA",
    "FILL_SCHEMA",
    "Plan",
    "SolveInfo",
    "StageInfo",
    "make_plan",
]

I64 = NDArray[np.int64]

ASSIGNMENT_SCHEMA: dict[str, pl.DataType] = {
    "pledge_id": pl.String(),
    "nation": pl.String(),
    "requirement_id": pl.String(),
    "objective": pl.String(),
    "capability": pl.String(),
    "period": pl.Int64(),
    "period_start": pl.Date(),
    "period_end": pl.Date(),
    "quantity": pl.Int64(),
}
FILL_SCHEMA: dict[str, pl.DataType] = {
    "requirement_id": pl.String(),
    "objective": pl.String(),
    "capability": pl.String(),
    "priority": pl.Int64(),
    "period": pl.Int64(),
    "wanted": pl.Int64(),
    "filled": pl.Int64(),
    "unfilled": pl.Int64(),
    "reason": pl.String(),
}
FILL_RATE_SCHEMA: dict[str, pl.DataType] = {
    "objective": pl.String(),
    "period": pl.Int64(),
    "wanted": pl.Int64(),
    "filled": pl.Int64(),
    "rate": pl.Float64(),
}


@dataclass(frozen=True)
class StageInfo:
    """One stage of the lexicographic solve (``sourcing``)."""

    name: str
    """``fill``, ``burden`` or ``cost``."""
    status: str
    """``optimal`` (within the gap of the bound), ``block optimum`` (no block of one
    capability can do better alone: ``sourcing``), ``time limit``, or ``skipped: why``."""
    objective: float | None = None
    """The value of the stage's objective in the solution kept."""
    bound: float | None = None
    """The best bound HiGHS proved on it."""
    gap: float | None = None
    """Relative gap HiGHS proved, ``|objective - bound| / |objective|`` (0: optimal)."""
    wall_s: float = 0.0


@dataclass(frozen=True)
class SolveInfo:
    """How a plan was made."""

    method: str
    """``mip`` or ``greedy``."""
    status: str
    """``optimal``: every stage proved within its gap; ``fill optimal``: the fill is
    (the burden or cost stage stopped at a block optimum or the time limit: see
    ``stages``); ``time limit``: the budget ran out before the fill was proved (the plan
    is the best found); ``nothing to assign``: no pledge may fill any requirement;
    ``heuristic``: the greedy baseline (proves nothing)."""
    gap: float | None
    """The fill stage's proved relative gap (``None`` for the greedy baseline)."""
    wall_s: float
    candidates: int
    blocks: int = 0
    """Independent blocks (capabilities) the MIP was split into."""
    stages: tuple[StageInfo, ...] = ()
    objectives: dict[str, float] = field(default_factory=dict)
    """The plan's measures, whatever made it: ``weighted_unfilled`` (priority-weighted
    unit-periods unfilled), ``burden_excess`` (``burden``), ``cost_meur``."""


@dataclass(frozen=True, eq=False)
class Plan:
    """A sourcing plan (see the module docstring for the tables)."""

    assignments: pl.DataFrame
    fill: pl.DataFrame
    fill_rates: pl.DataFrame
    burden: pl.DataFrame
    info: SolveInfo
    periods: tuple[tuple[date, date], ...]

    @property
    def unfilled(self) -> pl.DataFrame:
        """The fill rows short of units, most critical first."""
        return self.fill.filter(pl.col("unfilled") > 0).sort(
            "priority", "requirement_id", "period", nulls_last=True
        )

    @property
    def fill_rate(self) -> float:
        """Unit-periods filled over wanted, all objectives and periods."""
        overall = self.fill_rates.filter(pl.col("objective") == "all", pl.col("period").is_null())
        return float(overall["rate"][0]) if overall.height else 1.0

    @property
    def weighted_fill_rate(self) -> float:
        """As :attr:`fill_rate`, each unit-period weighted by its requirement's priority
        (``problem.PRIORITY_WEIGHTS``)."""
        return _weighted(self.fill)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO text) for ``--json`` and the API."""
        return {
            "info": asdict(self.info),
            "fill_rate": self.fill_rate,
            "weighted_fill_rate": self.weighted_fill_rate,
            "periods": [
                {"period": k, "start": a.isoformat(), "end": b.isoformat()}
                for k, (a, b) in enumerate(self.periods)
            ],
            "assignments": _rows(self.assignments),
            "fill": _rows(self.fill),
            "fill_rates": _rows(self.fill_rates),
            "burden": _rows(self.burden),
        }


def make_plan(problem: Problem, x: I64, info: SolveInfo) -> Plan:
    """The plan that gives candidate ``c`` ``x[c]`` units; ``info.objectives`` is
    filled in from ``x``."""
    x = np.asarray(x, dtype=np.int64)
    n_t = len(problem.periods)
    n_p = len(problem.supply)
    used = np.bincount(problem.cand_p * n_t + problem.cand_t, weights=x, minlength=n_p * n_t)
    served = used.reshape(n_p, n_t) > 0
    fill = _fill(problem, x)
    objectives = {
        "weighted_unfilled": _weighted_sums(fill)[2],
        "burden_excess": burden_excess(problem, x),
        "cost_meur": round(float((problem.cost[:, None] * served).sum()), 3),
    }
    return Plan(
        assignments=_assignments(problem, x),
        fill=fill,
        fill_rates=_fill_rates(fill),
        burden=burden_table(problem, x, served),
        info=replace(info, objectives=objectives),
        periods=tuple(problem.periods),
    )


def _assignments(problem: Problem, x: I64) -> pl.DataFrame:
    nz = np.flatnonzero(x)
    p, r, t = problem.cand_p[nz], problem.cand_r[nz], problem.cand_t[nz]
    reqs, pledges = problem.requirements, problem.pledges
    starts = pl.Series([a for a, _ in problem.periods], dtype=pl.Date)
    ends = pl.Series([b for _, b in problem.periods], dtype=pl.Date)
    return pl.DataFrame(
        {
            "pledge_id": pledges["pledge_id"].gather(p),
            "nation": pledges["nation"].gather(p),
            "requirement_id": reqs["requirement_id"].gather(r),
            "objective": reqs["objective"].gather(r),
            "capability": reqs["capability"].gather(r),
            "period": t,
            "period_start": starts.gather(t),
            "period_end": ends.gather(t),
            "quantity": x[nz],
        },
        schema=ASSIGNMENT_SCHEMA,
    ).sort("requirement_id", "period", "pledge_id")


def _fill(problem: Problem, x: I64) -> pl.DataFrame:
    n_r, n_t = problem.active.shape
    filled = np.bincount(problem.cand_r * n_t + problem.cand_t, weights=x, minlength=n_r * n_t)
    filled = np.rint(filled).astype(np.int64).reshape(n_r, n_t)
    r, t = np.nonzero(problem.active)
    outside = np.flatnonzero(~problem.active.any(axis=1))
    wanted = problem.want[r]
    got = filled[r, t]
    short = [(int(a), int(b)) for a, b in zip(r[got < wanted], t[got < wanted], strict=True)]
    reasons: list[str | None] = [None] * len(r)
    for k, why in zip(
        np.flatnonzero(got < wanted), unfilled_reasons(problem, x, short), strict=True
    ):
        reasons[k] = why
    reqs = problem.requirements
    rows = np.concatenate([r, outside])
    out_want = problem.want[outside]
    frame = pl.DataFrame(
        {
            "requirement_id": reqs["requirement_id"].gather(rows),
            "objective": reqs["objective"].gather(rows),
            "capability": reqs["capability"].gather(rows),
            "priority": reqs["priority"].gather(rows),
            "period": [*t.tolist(), *[None] * len(outside)],
            "wanted": np.concatenate([wanted, out_want]),
            "filled": np.concatenate([got, np.zeros(len(outside), dtype=np.int64)]),
            "unfilled": np.concatenate([wanted - got, out_want]),
            "reason": [*reasons, *(outside_reason(problem, int(o)) for o in outside)],
        },
        schema=FILL_SCHEMA,
    )
    return frame.sort("requirement_id", "period", nulls_last=True)


def _fill_rates(fill: pl.DataFrame) -> pl.DataFrame:
    rows = fill.filter(pl.col("period").is_not_null())
    both = pl.concat([rows, rows.with_columns(objective=pl.lit("all"))])
    sums = [pl.col("wanted").sum(), pl.col("filled").sum()]
    per_period = both.group_by("objective", "period").agg(sums)
    overall = both.group_by("objective").agg(sums).with_columns(period=pl.lit(None, pl.Int64))
    order = {name: k for k, name in enumerate([*OBJECTIVES, "all"])}
    return (
        pl.concat([per_period, overall.select(per_period.columns)])
        .with_columns(rate=pl.col("filled") / pl.col("wanted"))
        .with_columns(_order=pl.col("objective").replace_strict(order, default=len(order)))
        .sort("_order", "objective", "period", nulls_last=True)
        .select(list(FILL_RATE_SCHEMA))
        .cast(pl.Schema(FILL_RATE_SCHEMA))
    )


_WEIGHT = pl.col("priority").replace_strict(PRIORITY_WEIGHTS, return_dtype=pl.Float64)


def _weighted_sums(fill: pl.DataFrame) -> tuple[float, float, float]:
    """Priority-weighted unit-periods (wanted, filled, unfilled) over the periods."""
    rows = fill.filter(pl.col("period").is_not_null())
    sums = rows.select(
        (_WEIGHT * pl.col(c)).sum().alias(c) for c in ("wanted", "filled", "unfilled")
    ).row(0)
    wanted, filled, unfilled = (float(v or 0.0) for v in sums)
    return wanted, filled, unfilled


def _weighted(fill: pl.DataFrame) -> float:
    wanted, filled, _ = _weighted_sums(fill)
    return filled / wanted if wanted else 1.0


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
        for row in frame.to_dicts()
    ]
