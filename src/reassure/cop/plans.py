"""What the COP's planner and compare views read from a stored plan.

The stored frames stay as the planner wrote them (``force/result.py``,
``force/timeline.py``); this module only adds the views the page would otherwise
rebuild by hand, so that they are computed and tested once:

``periods``   the rotation periods of the plan, ``[start, end)``, from its settings.
``unfilled``  the ``fill`` rows short of units, one row per requirement and reason
              over the run of rotations it is short in, the most critical first:
              priority, then the earliest rotation, then the most units short.
``compare``   one row per plan: fill rate overall, per objective and in the first
              rotation, IOC and FOC per objective, troops, cost, nations, critical gaps.

Nothing here reads the store: the caller passes plans it has loaded for one nation
(``force.plans.list_plans`` / ``load_plan``), so the releasability rule stays there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from reassure.force.catalog import OBJECTIVES
from reassure.force.dates import add_months
from reassure.force.plans import StoredPlan

__all__ = ["MAX_COMPARED", "compare_rows", "plan_periods", "plan_view", "unfilled_rows"]

MAX_COMPARED = 12
"""Plans one comparison may set side by side (a table wider than that is unreadable)."""


def plan_view(plan: StoredPlan) -> dict[str, Any]:
    """The plan with its frames, its rotation periods and its unfilled requirements."""
    out = plan.as_dict()
    out["periods"] = plan_periods(plan.settings)
    fill = plan.frames.get("fill")
    out["unfilled"] = unfilled_rows(fill) if fill is not None else []
    return out


def plan_periods(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{period, start, end}]`` (ISO dates) of the rotation periods ``settings`` plan."""
    p_day = date.fromisoformat(str(settings["p_day"]))
    months = int(settings["period_months"])
    return [
        {
            "period": k,
            "start": add_months(p_day, k * months).isoformat(),
            "end": add_months(p_day, (k + 1) * months).isoformat(),
        }
        for k in range(int(settings["periods"]))
    ]


def unfilled_rows(fill: pl.DataFrame) -> list[dict[str, Any]]:
    """The requirements ``fill`` leaves short, grouped over consecutive rotations with
    the same reason, the most critical first (see the module docstring).

    Each row: ``requirement_id, objective, capability, priority, first_period,
    last_period`` (null for a requirement whose dates miss every period), ``periods``
    (how many rotations short), ``unfilled`` (most units short in one), ``wanted``,
    ``reason``."""
    short = fill.filter(pl.col("unfilled") > 0).sort("requirement_id", "period", nulls_last=True)
    if short.height == 0:
        return []
    # A new run starts where the requirement or the reason changes, or a rotation is skipped.
    keys = ["requirement_id", "reason"]
    new_run = pl.any_horizontal(*(pl.col(k).ne_missing(pl.col(k).shift(1)) for k in keys)) | (
        pl.col("period") != pl.col("period").shift(1) + 1
    ).fill_null(True)
    runs = (
        short.with_columns(run=new_run.cum_sum())
        .group_by("run", maintain_order=True)
        .agg(
            pl.col("requirement_id", "objective", "capability", "priority", "reason").first(),
            pl.col("period").min().alias("first_period"),
            pl.col("period").max().alias("last_period"),
            pl.len().alias("periods"),
            pl.col("unfilled").max(),
            pl.col("wanted").max(),
        )
        .sort(
            ["priority", "first_period", "unfilled", "requirement_id"],
            descending=[False, False, True, False],
            nulls_last=True,
        )
        .drop("run")
    )
    return runs.to_dicts()


def compare_rows(plans: list[StoredPlan]) -> dict[str, Any]:
    """The plans side by side: ``objectives`` (those any plan has) and one row per plan."""
    objectives = [o for o in OBJECTIVES if any(o in p.summary.get("objectives", {}) for p in plans)]
    return {"objectives": objectives, "plans": [_compare_row(p) for p in plans]}


def _compare_row(plan: StoredPlan) -> dict[str, Any]:
    s = plan.summary
    readiness = s.get("objectives", {})
    return {
        "plan_id": plan.plan_id,
        "name": plan.name,
        "of_record": plan.of_record,
        "method": plan.method,
        "status": plan.status,
        "created": plan.created.isoformat(),
        "p_day": plan.settings.get("p_day"),
        "releasability": plan.releasability,
        "fill_rate": s.get("fill_rate"),
        "weighted_fill_rate": s.get("weighted_fill_rate"),
        "fill_rate_by_objective": {
            k: v for k, v in s.get("fill_rate_by_objective", {}).items() if k != "all"
        },
        "first_rotation_fill_rate": {
            k: v for k, v in s.get("first_rotation_fill_rate", {}).items() if k != "all"
        },
        "readiness": {
            o: {k: r.get(k) for k in ("ioc_day", "ioc_date", "foc_day", "foc_date")}
            for o, r in readiness.items()
        },
        "troops": s.get("troops"),
        "cost_meur": s.get("cost_meur"),
        "nations": s.get("nations", []),
        "unfilled_critical": s.get("unfilled_critical"),
        "unfilled_critical_requirements": s.get("unfilled_critical_requirements", []),
    }
