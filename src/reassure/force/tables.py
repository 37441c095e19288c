"""The planner's tables in the terminal: a plan, a comparison of courses of action, a
what-if. ``reassure plan`` prints them; ``--json`` prints the data they are made of."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl
from rich.table import Table

from reassure import ui

if TYPE_CHECKING:
    from reassure.force.planning import PlanRun
    from reassure.force.whatif import WhatIf

__all__ = ["comparison_table", "pct", "print_run", "print_what_if", "readiness_table"]


def pct(value: Any, digits: int = 1) -> str:
    """``12.3 %``, or empty for None."""
    return "" if value is None else f"{100 * float(value):.{digits}f} %"


def day(value: Any) -> str:
    """``P+12``, or ``never`` for None."""
    return "never" if value is None else f"P+{int(value)}"


def print_run(run: PlanRun, plan_id: str, of_record: bool) -> None:
    info, console = run.plan.info, ui.console
    gap = "" if info.gap is None else f", gap {pct(info.gap, 3)}"
    console.print(
        f"[bold]{run.name}[/] ({plan_id}{', plan of record' if of_record else ', draft'}): "
        f"{info.method} {info.status}{gap} in {info.wall_s:.1f} s, "
        f"{info.candidates:,} candidates; P-day {run.settings.p_day}"
    )
    rates = run.plan.fill_rates
    periods = sorted(p for p in rates["period"].unique().to_list() if p is not None)
    table = Table(title="fill rate by objective and rotation")
    for column in ("objective", *(f"R{p + 1}" for p in periods), "all"):
        table.add_column(column, justify="right" if column != "objective" else "left")
    for objective in rates["objective"].unique(maintain_order=True).to_list():
        mine = rates.filter(pl.col("objective") == objective)
        cells = {row["period"]: pct(row["rate"], 0) for row in mine.iter_rows(named=True)}
        table.add_row(objective, *(cells.get(p, "") for p in periods), cells.get(None, ""))
    console.print(table)
    unfilled = run.plan.unfilled
    if unfilled.height:
        grouped = (
            unfilled.group_by(
                "requirement_id", "objective", "priority", "reason", maintain_order=True
            )
            .agg(
                pl.col("period").min().alias("first"),
                pl.col("period").max().alias("last"),
                pl.col("unfilled").max(),
                pl.col("wanted").max(),
            )
            .head(25)
        )
        table = Table(title=f"unfilled ({unfilled.height} requirement-rotations)")
        for column in ("requirement", "objective", "prio", "rotations", "short", "why"):
            table.add_column(column)
        for g in grouped.iter_rows(named=True):
            span = "" if g["first"] is None else f"R{g['first'] + 1}-R{g['last'] + 1}"
            table.add_row(
                g["requirement_id"], g["objective"], str(g["priority"]), span,
                f"{g['unfilled']}/{g['wanted']}", g["reason"] or "",
            )  # fmt: skip
        console.print(table)
    console.print(readiness_table(run.timeline.objectives))
    burden = run.plan.burden.sort("unit_periods_used", descending=True).head(10)
    table = Table(title="burden (top 10 nations by unit-rotations)")
    for column in ("nation", "used", "share", "GDP share", "index", "M€"):
        table.add_column(column, justify="right" if column != "nation" else "left")
    for b in burden.iter_rows(named=True):
        table.add_row(
            b["nation"], str(b["unit_periods_used"]), pct(b["share_used"]), pct(b["gdp_share"]),
            "" if b["burden_index"] is None else f"{b['burden_index']:.2f}",
            f"{b['cost_meur']:,.0f}",
        )  # fmt: skip
    console.print(table)


def comparison_table(summaries: list[dict[str, Any]]) -> Table:
    table = Table(title="courses of action")
    table.add_column("")
    for s in summaries:
        table.add_column(s["name"], justify="right")
    objectives = sorted({o for s in summaries for o in s["fill_rate_by_objective"]})

    def row(label: str, cells: list[str]) -> None:
        table.add_row(label, *cells)

    row("fill rate (all rotations)", [pct(s["fill_rate"]) for s in summaries])
    row("priority-weighted fill", [pct(s["weighted_fill_rate"]) for s in summaries])
    for objective in objectives:
        if objective != "all":
            row(
                f"  {objective}",
                [pct(s["fill_rate_by_objective"].get(objective)) for s in summaries],
            )
    for objective in ("skies", "seas", "land", "support"):
        row(
            f"FOC {objective}",
            [day(s["objectives"].get(objective, {}).get("foc_day")) if objective in s["objectives"]
             else "—" for s in summaries],
        )  # fmt: skip
    row("troops deployed", [f"{s['troops']:,}" for s in summaries])
    row("cost per period set (M€)", [f"{s['cost_meur'] or 0:,.0f}" for s in summaries])
    row("nations involved", [str(len(s["nations"])) for s in summaries])
    row("unfilled critical", [str(s["unfilled_critical"]) for s in summaries])
    row("solver", [f"{s['method']} {s['status']}" for s in summaries])
    return table


def readiness_table(objectives: pl.DataFrame, title: str = "readiness from P-day") -> Table:
    """IOC and FOC per objective (``timeline.objectives``), and what keeps them away."""
    table = Table(title=title)
    for column in ("objective", "IOC", "FOC", "units", "troops", "note"):
        table.add_column(column, overflow="fold")
    for o in objectives.iter_rows(named=True):
        table.add_row(
            o["objective"], day(o["ioc_day"]), day(o["foc_day"]), str(o["units"]),
            f"{o['troops']:,}", o.get("note") or "",
        )  # fmt: skip
    return table


def print_what_if(result: WhatIf) -> None:
    """The what-if's changes, then what they do: totals, objectives, requirements whose
    fill changed, nations whose load changed."""
    console = ui.console
    console.print("[bold]what if[/] " + "; ".join(c.describe() for c in result.changes))
    table = Table(title="the plan before and after")
    for column in ("", "before", "after", "change"):
        table.add_column(column, justify="left" if not column else "right")
    for m in result.totals.iter_rows(named=True):
        rate = m["measure"].endswith(" fill") or m["measure"] == "fill rate"
        delta = m["after"] - m["before"]
        if rate:
            cells = pct(m["before"]), pct(m["after"]), f"{100 * delta:+.1f} pt"
        else:
            cells = f"{m['before']:,.0f}", f"{m['after']:,.0f}", f"{delta:+,.0f}"
        table.add_row(m["measure"], *cells)
    console.print(table)
    table = Table(title="objectives")
    for column in ("objective", "fill before", "fill after", "IOC", "FOC"):
        table.add_column(column)
    for o in result.objectives.iter_rows(named=True):
        table.add_row(
            o["objective"], pct(o["fill_before"]), pct(o["fill_after"]),
            _moved(o["ioc_before"], o["ioc_after"]), _moved(o["foc_before"], o["foc_after"]),
        )  # fmt: skip
    console.print(table)
    reqs = result.requirements
    if reqs.height:
        table = Table(title=f"requirement-rotations whose fill changed ({reqs.height})")
        for column in ("requirement", "objective", "prio", "rotation", "filled", "still short"):
            table.add_column(column, overflow="fold")
        for r in reqs.head(30).iter_rows(named=True):
            rotation = "" if r["period"] is None else f"R{r['period'] + 1}"
            table.add_row(
                r["requirement_id"], r["objective"], str(r["priority"]), rotation,
                f"{r['filled_before']} → {r['filled_after']} of {r['wanted']}",
                r["reason_after"] or "",
            )  # fmt: skip
        console.print(table)
    else:
        console.print("no requirement-rotation's fill changed")
    moved = result.nations.filter(pl.col("delta") != 0)
    if moved.height:
        table = Table(title="nations whose load changed (unit-rotations)")
        for column in ("nation", "before", "after", "change", "M€ before", "M€ after"):
            table.add_column(column, justify="right" if column != "nation" else "left")
        for n in moved.iter_rows(named=True):
            table.add_row(
                n["nation"], str(n["used_before"]), str(n["used_after"]), f"{n['delta']:+d}",
                f"{n['cost_before']:,.0f}", f"{n['cost_after']:,.0f}",
            )  # fmt: skip
        console.print(table)
    console.print(f"{result.assignments_changed} assignments differ between the two plans")


def _moved(before: Any, after: Any) -> str:
    return day(after) if before == after else f"{day(before)} → {day(after)}"
