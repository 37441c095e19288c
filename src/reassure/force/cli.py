"""``reassure plan``: source the force, date its readiness, compare courses of action.

::

    reassure plan solve [COA.yaml]         # the plan of record: stored, gaps in the ledger
    reassure plan solve COA.yaml --draft   # stored, but not the plan of record
    reassure plan compare A.yaml B.yaml    # side by side
    reassure plan whatif --remove-nation DEU --un-resolution
    reassure plan timeline --chart gantt.svg --nation GBR
    reassure plan list --nation GBR

Without a COA file the inputs are the store's (``reassure ingest requirements|pledges|
lift``), P-day is the earliest requirement's start unless ``--p-day`` says otherwise.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table

from reassure import cli_context as cli
from reassure import ui
from reassure.errors import ConfigError, InputError
from reassure.force.caveats import Conditions
from reassure.force.problem import ForceInputs, PlanSettings

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

GreedyOpt = Annotated[
    bool, typer.Option("--greedy", help="first-fit by priority instead of the MIP (a baseline)")
]
PDayOpt = Annotated[
    str | None,
    typer.Option("--p-day", help="the day the peace agreement is signed (YYYY-MM-DD)"),
]
PeriodsOpt = Annotated[int | None, typer.Option("--periods", help="rotation periods planned")]
MonthsOpt = Annotated[int | None, typer.Option("--period-months", help="months a rotation")]
UnOpt = Annotated[
    bool | None,
    typer.Option(
        "--un-resolution/--no-un-resolution", help="assume a UN resolution (caveats need it)"
    ),
]
TimeOpt = Annotated[float, typer.Option("--time-limit", help="seconds the solver may take in all")]
ChartOpt = Annotated[
    Path | None, typer.Option("--chart", help="write the readiness Gantt chart (.svg or .png)")
]


@app.command("solve")
def solve_command(
    ctx: typer.Context,
    coa: Annotated[Path | None, typer.Argument(help="a course of action (YAML)")] = None,
    greedy: GreedyOpt = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="store it, but keep the plan of record")
    ] = False,
    p_day: PDayOpt = None,
    periods: PeriodsOpt = None,
    period_months: MonthsOpt = None,
    un_resolution: UnOpt = None,
    time_limit: TimeOpt = 60.0,
    chart: ChartOpt = None,
    as_json: cli.JsonOpt = False,
) -> None:
    """Source the requirements from the pledges (HiGHS MIP) and date the force's readiness."""
    from reassure.force.planning import run_plan, store_run

    with cli.writer(ctx) as store:
        name, source, inputs, settings, releasable = _resolve(
            store, coa, p_day, periods, period_months, un_resolution, time_limit
        )
        run = run_plan(
            inputs, settings, name=name, source=source, method="greedy" if greedy else "mip",
            releasability=releasable,
        )  # fmt: skip
        with store.transaction() as con:
            stored = store_run(con, run, of_record=not draft)
    if chart is not None:
        _chart(run.timeline, chart, name)
    if as_json:
        ui.print_json({"plan_id": stored.plan_id, **run.plan.to_dict(), "summary": run.summary,
                       "timeline": run.timeline.to_dict()})  # fmt: skip
        return
    _print_run(run, stored.plan_id, of_record=not draft)


@app.command("compare")
def compare_command(
    ctx: typer.Context,
    coas: Annotated[list[Path], typer.Argument(help="courses of action (YAML)")],
    greedy: GreedyOpt = False,
    time_limit: TimeOpt = 60.0,
    as_json: cli.JsonOpt = False,
) -> None:
    """Solve candidate force formats and set them side by side (each stored as a draft)."""
    from reassure.force.planning import run_plan, store_run

    runs = []
    with cli.writer(ctx) as store:
        for coa in coas:
            name, source, inputs, settings, releasable = _resolve(
                store, coa, None, None, None, None, time_limit
            )
            run = run_plan(
                inputs, settings, name=name, source=source,
                method="greedy" if greedy else "mip", releasability=releasable,
            )  # fmt: skip
            with store.transaction() as con:
                store_run(con, run, of_record=False)
            runs.append(run)
    summaries = [run.summary for run in runs]
    if as_json:
        ui.print_json(summaries)
        return
    ui.console.print(_comparison(summaries))


@app.command("timeline")
def timeline_command(
    ctx: typer.Context,
    plan: Annotated[
        str | None, typer.Option("--plan", help="a plan id (default: of record)")
    ] = None,
    chart: ChartOpt = None,
    nation: cli.NationOpt = None,
    as_json: cli.JsonOpt = False,
) -> None:
    """The readiness timeline of a stored plan: IOC and FOC per objective, the Gantt chart."""
    from reassure.force.planning import stored_timeline
    from reassure.force.plans import load_plan

    reader = cli.reading_nation(ctx, nation)
    with cli.reader(ctx) as store:
        stored = load_plan(store.con, reader, plan)
    if stored is None:
        what = f"plan {plan}" if plan else "plan"
        raise InputError("store", f"no {what} releasable to {reader}: run `reassure plan solve`")
    objectives = stored.frames.get("timeline_objectives", pl.DataFrame())
    if chart is not None:
        _chart(stored_timeline(stored), chart, stored.name)
    ui.print_frame(
        objectives.select(
            [
                c
                for c in (
                    "objective",
                    "ioc_day",
                    "ioc_date",
                    "foc_day",
                    "foc_date",
                    "units",
                    "troops",
                    "note",
                )
                if c in objectives.columns
            ]
        ),
        f"readiness of {stored.name} ({stored.plan_id})",
        as_json,
    )


@app.command("list")
def list_command(
    ctx: typer.Context, nation: cli.NationOpt = None, as_json: cli.JsonOpt = False
) -> None:
    """Stored plans a nation may see, the plan of record first."""
    from reassure.force.plans import list_plans

    reader = cli.reading_nation(ctx, nation)
    with cli.reader(ctx) as store:
        plans = list_plans(store.con, reader)
    if as_json:
        ui.print_json([p.as_dict(frames=False) for p in plans])
        return
    table = Table(title=f"plans releasable to {reader} ({len(plans)})")
    for column in ("plan", "name", "record", "method", "status", "gap", "fill", "created"):
        table.add_column(column)
    for p in plans:
        table.add_row(
            p.plan_id, p.name, "yes" if p.of_record else "", p.method, p.status,
            _pct(p.gap, 2), _pct(p.summary.get("fill_rate")), p.created.strftime("%Y-%m-%d %H:%M"),
        )  # fmt: skip
    ui.console.print(table)


def _resolve(
    store: Any,
    coa: Path | None,
    p_day: str | None,
    periods: int | None,
    period_months: int | None,
    un_resolution: bool | None,
    time_limit: float,
) -> tuple[str, str, ForceInputs, PlanSettings, list[str]]:
    """(name, source, inputs, settings, releasability) from a COA file or the store."""
    from reassure.force.coa import load_coa
    from reassure.force.store import load_inputs

    stored, releasable = load_inputs(store.con)
    if coa is not None:
        course = load_coa(coa, stored)
        name, source, inputs, settings = course.name, str(coa), course.inputs, course.settings
        if course.inputs.pledges is not stored.pledges:
            releasable = []  # the COA names its own files: they carry no restriction
    else:
        if stored.requirements.height == 0:
            raise InputError("store", "no requirements: `reassure ingest requirements FILE`")
        first = stored.requirements["start"].min()
        assert isinstance(first, date)
        name, source, inputs = "plan", "store", stored
        settings = PlanSettings(p_day=first)
    try:
        settings = replace(
            settings,
            p_day=date.fromisoformat(p_day) if p_day else settings.p_day,
            periods=periods or settings.periods,
            period_months=period_months or settings.period_months,
            time_limit_s=time_limit,
            conditions=Conditions(
                un_resolution=settings.conditions.un_resolution
                if un_resolution is None
                else un_resolution,
                mandates=settings.conditions.mandates,
            ),
        )
    except ValueError as exc:
        raise ConfigError(f"--p-day: {exc}") from None
    return name, source, inputs, settings, releasable


def _chart(timeline: Any, path: Path, name: str) -> None:
    from reassure.force.gantt import gantt_chart

    gantt_chart(timeline, path, title=f"Readiness from P-day — {name}")
    ui.console.print(f"chart: {path}")


def _pct(value: Any, digits: int = 1) -> str:
    return "" if value is None else f"{100 * float(value):.{digits}f} %"


def _day(day: Any) -> str:
    return "never" if day is None else f"P+{int(day)}"


def _print_run(run: Any, plan_id: str, of_record: bool) -> None:
    info, console = run.plan.info, ui.console
    gap = "" if info.gap is None else f", gap {_pct(info.gap, 3)}"
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
        cells = {row["period"]: _pct(row["rate"], 0) for row in mine.iter_rows(named=True)}
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
    table = Table(title="readiness from P-day")
    for column in ("objective", "IOC", "FOC", "units", "troops"):
        table.add_column(column)
    for o in run.timeline.objectives.iter_rows(named=True):
        table.add_row(
            o["objective"], _day(o["ioc_day"]), _day(o["foc_day"]), str(o["units"]),
            f"{o['troops']:,}",
        )  # fmt: skip
    console.print(table)
    burden = run.plan.burden.sort("unit_periods_used", descending=True).head(10)
    table = Table(title="burden (top 10 nations by unit-rotations)")
    for column in ("nation", "used", "share", "GDP share", "index", "M€"):
        table.add_column(column, justify="right" if column != "nation" else "left")
    for b in burden.iter_rows(named=True):
        table.add_row(
            b["nation"], str(b["unit_periods_used"]), _pct(b["share_used"]), _pct(b["gdp_share"]),
            "" if b["burden_index"] is None else f"{b['burden_index']:.2f}",
            f"{b['cost_meur']:,.0f}",
        )  # fmt: skip
    console.print(table)


def _comparison(summaries: list[dict[str, Any]]) -> Table:
    table = Table(title="courses of action")
    table.add_column("")
    for s in summaries:
        table.add_column(s["name"], justify="right")
    objectives = sorted({o for s in summaries for o in s["fill_rate_by_objective"]})

    def row(label: str, cells: list[str]) -> None:
        table.add_row(label, *cells)

    row("fill rate (all rotations)", [_pct(s["fill_rate"]) for s in summaries])
    row("priority-weighted fill", [_pct(s["weighted_fill_rate"]) for s in summaries])
    for objective in objectives:
        if objective != "all":
            row(
                f"  {objective}",
                [_pct(s["fill_rate_by_objective"].get(objective)) for s in summaries],
            )
    for objective in ("skies", "seas", "land", "support"):
        row(
            f"FOC {objective}",
            [_day(s["objectives"].get(objective, {}).get("foc_day")) if objective in s["objectives"]
             else "—" for s in summaries],
        )  # fmt: skip
    row("troops deployed", [f"{s['troops']:,}" for s in summaries])
    row("cost per period set (M€)", [f"{s['cost_meur'] or 0:,.0f}" for s in summaries])
    row("nations involved", [str(len(s["nations"])) for s in summaries])
    row("unfilled critical", [str(s["unfilled_critical"]) for s in summaries])
    row("solver", [f"{s['method']} {s['status']}" for s in summaries])
    return table
