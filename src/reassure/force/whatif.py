"""What if: change the coalition's offer, re-solve, and show what the change does.

A what-if starts from the inputs and settings of a plan (the store's, or a course of
action's) and applies :class:`Change` edits in order:

=================  ================================================================
remove_nation      the nation withdraws: every pledge of it goes
remove_pledge      one pledge goes (by id)
add_pledges        pledges from a file (``inputs.decode_pledges``; every record must
                   decode) join the offer; an id already offered is refused
add_caveat         a caveat (a wording ``caveats.caveat_of`` knows) is put on a pledge
                   (by id) or on a nation (alpha-3: all its forces)
remove_caveat      a caveat is lifted from a pledge or nation (``*``: all of them)
un_resolution      the plan assumes a UN Security Council resolution
mandate            a nation's parliament gives its mandate
=================  ================================================================

Both the plan before and the plan after are solved the same way (the solver is
deterministic), and :func:`compare_runs` sets them side by side: fill rate and IOC/FOC
per objective, the requirement-rotations whose fill changed (with the reason of what is
still short), each nation's unit-rotations and cost, and the totals a planner reads
first. An edit that names nothing (a nation that pledges nothing, an unknown pledge, a
caveat that is not there) raises :class:`~reassure.errors.InputError`: a what-if that
silently changes nothing would mislead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import polars as pl

from reassure.errors import InputError
from reassure.force.caveats import Conditions, caveat_of
from reassure.force.coa import whole
from reassure.force.inputs import decode_pledges
from reassure.force.problem import ForceInputs, PlanSettings

if TYPE_CHECKING:
    from reassure.force.planning import PlanRun

__all__ = [
    "KINDS",
    "Change",
    "WhatIf",
    "apply_changes",
    "compare_runs",
    "parse_change",
    "what_if",
]

Kind = Literal[
    "remove_nation",
    "remove_pledge",
    "add_pledges",
    "add_caveat",
    "remove_caveat",
    "un_resolution",
    "mandate",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
ALL = "*"
"""``remove_caveat`` text that lifts every caveat of its target."""


@dataclass(frozen=True)
class Change:
    """One edit: ``target`` is a nation (alpha-3), a pledge id or a file; ``text`` a
    caveat's wording (``add_caveat``, ``remove_caveat``)."""

    kind: Kind
    target: str = ""
    text: str | None = None

    def describe(self) -> str:
        match self.kind:
            case "remove_nation":
                return f"{self.target} withdraws"
            case "remove_pledge":
                return f"pledge {self.target} withdrawn"
            case "add_pledges":
                return f"pledges added from {Path(self.target).name}"
            case "add_caveat":
                return f"{self.target}: caveat '{self.text}'"
            case "remove_caveat":
                what = "every caveat" if self.text == ALL else f"caveat '{self.text}'"
                return f"{self.target}: {what} lifted"
            case "un_resolution":
                return "UN resolution passed"
            case "mandate":
                return f"{self.target} parliament's mandate given"
        raise AssertionError(self.kind)


def parse_change(kind: Kind, value: str = "") -> Change:
    """A :class:`Change` from a command-line value: ``DEU``, ``PLG-FRA-03``, a file, or
    ``TARGET=wording`` for the caveat edits."""
    value = value.strip()
    if kind in ("add_caveat", "remove_caveat"):
        target, sep, text = value.partition("=")
        target, text = target.strip(), text.strip().strip("'\"").strip()
        if not sep or not target or not text:
            option = kind.replace("_", "-")
            raise InputError(f"--{option}", f"{value!r} is not TARGET=wording")
        return Change(kind, target, text)
    if kind == "un_resolution":
        return Change(kind)
    if not value:
        raise InputError(f"--{kind.replace('_', '-')}", "empty value")
    if kind in ("remove_nation", "mandate"):
        value = value.upper()
    return Change(kind, value)


def apply_changes(
    inputs: ForceInputs, settings: PlanSettings, changes: Sequence[Change]
) -> tuple[ForceInputs, PlanSettings]:
    """``inputs`` and ``settings`` after ``changes``, in order."""
    for change in changes:
        inputs, settings = _apply(inputs, settings, change)
    return inputs, settings


def _apply(
    inputs: ForceInputs, settings: PlanSettings, change: Change
) -> tuple[ForceInputs, PlanSettings]:
    pledges, nations = inputs.pledges, inputs.nations
    source = change.describe()
    match change.kind:
        case "remove_nation":
            mine = pl.col("nation") == change.target
            if not pledges.filter(mine).height:
                raise InputError(source, f"{change.target} pledges nothing here")
            return replace(inputs, pledges=pledges.filter(~mine)), settings
        case "remove_pledge":
            mine = pl.col("pledge_id") == change.target
            if not pledges.filter(mine).height:
                raise InputError(source, f"no pledge {change.target}")
            return replace(inputs, pledges=pledges.filter(~mine)), settings
        case "add_pledges":
            added = whole(decode_pledges, Path(change.target)).table
            again = added.filter(pl.col("pledge_id").is_in(pledges["pledge_id"].implode()))
            if again.height:
                ids = ", ".join(again["pledge_id"].head(3).to_list())
                raise InputError(change.target, f"already pledged: {ids}")
            merged = pl.concat([pledges, added.select(pledges.columns)], how="vertical_relaxed")
            return replace(inputs, pledges=merged), settings
        case "add_caveat" | "remove_caveat":
            frame, key = (
                (nations, "nation") if change.target.isupper() and len(change.target) == 3
                else (pledges, "pledge_id")
            )  # fmt: skip
            edited = _edit_caveats(frame, key, change, source)
            if key == "nation":
                return replace(inputs, nations=edited), settings
            return replace(inputs, pledges=edited), settings
        case "un_resolution":
            conditions = replace(settings.conditions, un_resolution=True)
            return inputs, replace(settings, conditions=conditions)
        case "mandate":
            mandates = settings.conditions.mandates
            if mandates is not None and change.target not in mandates:
                given = (*mandates, change.target)
                conditions = Conditions(settings.conditions.un_resolution, tuple(sorted(given)))
                settings = replace(settings, conditions=conditions)
            return inputs, settings
    raise AssertionError(change.kind)


def _edit_caveats(frame: pl.DataFrame, key: str, change: Change, source: str) -> pl.DataFrame:
    """``frame`` with ``change``'s caveat added to or lifted from its ``key`` row."""
    rows = frame.filter(pl.col(key) == change.target)
    if not rows.height:
        what = "nation" if key == "nation" else "pledge"
        raise InputError(source, f"no {what} {change.target}")
    text = change.text or ""
    current: list[str] = rows["caveats"][0].to_list() if rows["caveats"][0] is not None else []
    if change.kind == "add_caveat":
        try:
            caveat_of(text)
        except ValueError as exc:
            raise InputError(source, str(exc)) from None
        if any(c.strip().lower() == text.lower() for c in current):
            raise InputError(source, f"{change.target} has that caveat already")
        new = [*current, text]
    elif text == ALL:
        if not current:
            raise InputError(source, f"{change.target} has no caveat")
        new = []
    else:
        new = [c for c in current if c.strip().lower() != text.lower()]
        if len(new) == len(current):
            have = "; ".join(current) or "none"
            raise InputError(source, f"{change.target} has no caveat '{text}' (has: {have})")
    dtype = frame.schema["caveats"]
    return frame.with_columns(
        pl.when(pl.col(key) == change.target)
        .then(pl.lit(new, dtype=dtype))
        .otherwise(pl.col("caveats"))
        .alias("caveats")
    )


@dataclass(frozen=True)
class WhatIf:
    """The plan before and after the changes, compared."""

    changes: tuple[Change, ...]
    totals: pl.DataFrame
    """measure, before, after (fill rates, troops, cost, nations, unfilled critical)."""
    objectives: pl.DataFrame
    """Per objective: fill rate, IOC day and FOC day, before and after."""
    requirements: pl.DataFrame
    """Requirement-rotations whose fill changed: wanted, filled before and after, and
    why it is short after (null when filled)."""
    nations: pl.DataFrame
    """Per nation with a unit in either plan: unit-rotations and cost, before and after."""
    assignments_changed: int
    """(pledge, requirement, rotation) assignments in one plan and not the other."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [c.describe() for c in self.changes],
            "totals": self.totals.to_dicts(),
            "objectives": self.objectives.to_dicts(),
            "requirements": self.requirements.to_dicts(),
            "nations": self.nations.to_dicts(),
            "assignments_changed": self.assignments_changed,
        }


def what_if(
    inputs: ForceInputs,
    settings: PlanSettings,
    changes: Sequence[Change],
    *,
    name: str = "plan",
    source: str = "store",
    method: str = "mip",
    releasability: list[str] | None = None,
) -> tuple[PlanRun, PlanRun, WhatIf]:
    """Solve the plan before and after ``changes``: (before, after, comparison), the
    first two :class:`~reassure.force.planning.PlanRun`."""
    from reassure.force.planning import run_plan

    if not changes:
        raise InputError("what-if", "no change given (remove a nation, add a pledge, ...)")
    new_inputs, new_settings = apply_changes(inputs, settings, changes)
    common = {"source": source, "method": method, "releasability": releasability}
    before = run_plan(inputs, settings, name=name, **common)  # type: ignore[arg-type]
    label = f"{name} — what if " + "; ".join(c.describe() for c in changes)
    after = run_plan(new_inputs, new_settings, name=label, **common)  # type: ignore[arg-type]
    return before, after, compare_runs(before, after, changes)


def compare_runs(before: PlanRun, after: PlanRun, changes: Sequence[Change]) -> WhatIf:
    """Compare two :class:`~reassure.force.planning.PlanRun` of the same requirements."""
    b, a = before.summary, after.summary
    totals = pl.DataFrame(
        {
            "measure": [
                "fill rate", "priority-weighted fill", "P-day rotation fill", "troops",
                "cost (M€)", "nations involved", "unfilled critical",
            ],
            "before": [float(v) for v in _totals(b)],
            "after": [float(v) for v in _totals(a)],
        }
    )  # fmt: skip
    objectives = (
        _objectives(before)
        .join(_objectives(after), on="objective", how="full", suffix="_after", coalesce=True)
        .rename(
            {
                "fill_rate": "fill_before",
                "ioc_day": "ioc_before",
                "foc_day": "foc_before",
                "fill_rate_after": "fill_after",
                "ioc_day_after": "ioc_after",
                "foc_day_after": "foc_after",
            }
        )
        .select(
            "objective",
            "fill_before",
            "fill_after",
            "ioc_before",
            "ioc_after",
            "foc_before",
            "foc_after",
        )
    )
    keys = ["requirement_id", "period"]
    fill_b = before.plan.fill.select(
        *keys, "objective", "priority", "wanted", pl.col("filled").alias("filled_before")
    )
    fill_a = after.plan.fill.select(
        *keys, pl.col("filled").alias("filled_after"), pl.col("reason").alias("reason_after")
    )
    requirements = (
        fill_b.join(fill_a, on=keys, how="left", nulls_equal=True)
        .filter(pl.col("filled_before") != pl.col("filled_after"))
        .sort("priority", "requirement_id", "period", nulls_last=True)
    )
    nations = (
        _nations(before)
        .join(_nations(after), on="nation", how="full", suffix="_after", coalesce=True)
        .fill_null(0)
        .rename(
            {
                "unit_periods_used": "used_before",
                "cost_meur": "cost_before",
                "unit_periods_used_after": "used_after",
                "cost_meur_after": "cost_after",
            }
        )
        .filter((pl.col("used_before") != 0) | (pl.col("used_after") != 0))
        .with_columns(delta=pl.col("used_after") - pl.col("used_before"))
        .sort("delta", "nation")
    )
    keys_a = ["pledge_id", "requirement_id", "period", "quantity"]
    old = before.plan.assignments.select(keys_a)
    new = after.plan.assignments.select(keys_a)
    changed = (
        old.join(new, on=keys_a, how="anti").height + new.join(old, on=keys_a, how="anti").height
    )
    return WhatIf(tuple(changes), totals, objectives, requirements, nations, changed)


def _totals(summary: dict[str, Any]) -> list[Any]:
    return [
        summary["fill_rate"],
        summary["weighted_fill_rate"],
        summary["first_rotation_fill_rate"].get("all", 0.0),
        summary["troops"],
        summary["cost_meur"] or 0.0,
        len(summary["nations"]),
        summary["unfilled_critical"],
    ]


def _objectives(run: PlanRun) -> pl.DataFrame:
    rates = run.plan.fill_rates.filter(pl.col("period").is_null(), pl.col("objective") != "all")
    days = run.timeline.objectives.select("objective", "ioc_day", "foc_day")
    return rates.select("objective", pl.col("rate").alias("fill_rate")).join(
        days, on="objective", how="full", coalesce=True
    )


def _nations(run: PlanRun) -> pl.DataFrame:
    return run.plan.burden.select("nation", "unit_periods_used", "cost_meur")
