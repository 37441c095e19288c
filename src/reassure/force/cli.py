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
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from reassure import cli_context as cli
from reassure import ui
from reassure.errors import ConfigError, InputError

if TYPE_CHECKING:  # the planner (Polars, HiGHS...) is imported when a command runs
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
    from reassure.force import tables
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
    tables.print_run(run, stored.plan_id, of_record=not draft)


@app.command("compare")
def compare_command(
    ctx: typer.Context,
    coas: Annotated[list[Path], typer.Argument(help="courses of action (YAML)")],
    greedy: GreedyOpt = False,
    time_limit: TimeOpt = 60.0,
    as_json: cli.JsonOpt = False,
) -> None:
    """Solve candidate force formats and set them side by side (each stored as a draft)."""
    from reassure.force import tables
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
    ui.console.print(tables.comparison_table(summaries))


@app.command("whatif")
def whatif_command(
    ctx: typer.Context,
    coa: Annotated[
        Path | None, typer.Argument(help="a course of action (default: the store's)")
    ] = None,
    remove_nation: Annotated[
        list[str] | None, typer.Option("--remove-nation", help="a nation withdraws (alpha-3)")
    ] = None,
    remove_pledge: Annotated[
        list[str] | None, typer.Option("--remove-pledge", help="a pledge is withdrawn (id)")
    ] = None,
    add_pledges: Annotated[
        list[Path] | None, typer.Option("--add-pledges", help="pledges to add (YAML or CSV)")
    ] = None,
    add_caveat: Annotated[
        list[str] | None,
        typer.Option("--add-caveat", help="PLEDGE_OR_NATION='wording': put a caveat on"),
    ] = None,
    remove_caveat: Annotated[
        list[str] | None,
        typer.Option("--remove-caveat", help="PLEDGE_OR_NATION='wording' (or =*): lift it"),
    ] = None,
    un_resolution: Annotated[
        bool, typer.Option("--un-resolution", help="a UN Security Council resolution passes")
    ] = False,
    mandate: Annotated[
        list[str] | None, typer.Option("--mandate", help="a nation's parliament gives its mandate")
    ] = None,
    greedy: GreedyOpt = False,
    save: Annotated[
        bool, typer.Option("--save", help="store the plan after the change as a draft")
    ] = False,
    time_limit: TimeOpt = 60.0,
    as_json: cli.JsonOpt = False,
) -> None:
    """Change the offer (a nation withdraws, a pledge is added, a caveat changes), re-solve,
    and show the difference."""
    from reassure.force import tables
    from reassure.force.planning import store_run
    from reassure.force.whatif import Change, parse_change, what_if

    changes: list[Change] = []
    for kind, values in (
        ("remove_nation", remove_nation), ("remove_pledge", remove_pledge),
        ("add_pledges", [str(p) for p in add_pledges or []]), ("add_caveat", add_caveat),
        ("remove_caveat", remove_caveat), ("mandate", mandate),
    ):  # fmt: skip
        changes += [parse_change(kind, v) for v in values or []]  # type: ignore[arg-type]
    if un_resolution:
        changes.append(parse_change("un_resolution"))
    open_store = cli.writer if save else cli.reader
    with open_store(ctx) as store:
        name, source, inputs, settings, releasable = _resolve(
            store, coa, None, None, None, None, time_limit
        )
        _before, after, result = what_if(
            inputs, settings, changes, name=name, source=source,
            method="greedy" if greedy else "mip", releasability=releasable,
        )  # fmt: skip
        if save:
            with store.transaction() as con:
                stored = store_run(con, after, of_record=False)
            ui.console.print(f"stored as draft {stored.plan_id}", style="dim")
    if as_json:
        ui.print_json(result.to_dict())
        return
    tables.print_what_if(result)


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
    import polars as pl

    from reassure.force import tables
    from reassure.force.planning import stored_timeline
    from reassure.force.plans import load_plan

    reader = cli.reading_nation(ctx, nation)
    with cli.reader(ctx) as store:
        stored = load_plan(store.con, reader, plan)
    if stored is None:
        what = f"plan {plan}" if plan else "plan of record"
        raise InputError(
            "store", f"no {what} releasable to {reader}: `reassure plan solve`, or --plan ID"
        )
    objectives = stored.frames.get("timeline_objectives", pl.DataFrame())
    if chart is not None:
        _chart(stored_timeline(stored), chart, stored.name)
    if as_json:
        ui.print_json(stored_timeline(stored).to_dict())
        return
    title = f"readiness of {stored.name} ({stored.plan_id})"
    ui.console.print(tables.readiness_table(objectives, title))


@app.command("list")
def list_command(
    ctx: typer.Context, nation: cli.NationOpt = None, as_json: cli.JsonOpt = False
) -> None:
    """Stored plans a nation may see, the plan of record first."""
    from reassure.force import tables
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
            tables.pct(p.gap, 2), tables.pct(p.summary.get("fill_rate")),
            p.created.strftime("%Y-%m-%d %H:%M"),
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
    from reassure.events import combine_releasability
    from reassure.force.caveats import Conditions
    from reassure.force.coa import load_coa
    from reassure.force.planning import store_settings
    from reassure.force.store import input_releasability, load_inputs

    stored, releasable = load_inputs(store.con)
    if coa is not None:
        course = load_coa(coa, stored)
        name, source, inputs, settings = course.name, str(coa), course.inputs, course.settings
        # files the COA names carry no restriction; what it takes from the store does
        parts = input_releasability(store.con)
        releasable = combine_releasability(*(parts[p] for p in sorted(course.from_store)))
    else:
        name, source, inputs = "plan", "store", stored
        settings = store_settings(stored)
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
