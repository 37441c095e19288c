"""The CLI's commands. ``register(app)`` attaches them to the ``reassure`` Typer app.

Store-touching commands resolve settings (CLI > env > file > default) in the app's
callback; domain command groups live in their own modules (``scenario.cli``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from reassure import cli_context as cli
from reassure import ui
from reassure.config import SETTINGS, load_settings
from reassure.errors import ConfigError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    from reassure.force.cli import app as plan_app
    from reassure.scenario.cli import app as scenario_app

    @app.callback()
    def root(
        ctx: typer.Context,
        home: Annotated[
            Path | None, typer.Option(help="folder of the store and caches [REASSURE_HOME]")
        ] = None,
        db: Annotated[Path | None, typer.Option(help="store file [REASSURE_DB]")] = None,
        nation: Annotated[
            str | None, typer.Option(help="nation for filtered reads [REASSURE_NATION]")
        ] = None,
        config: Annotated[
            Path | None, typer.Option(help="TOML config file [REASSURE_CONFIG]")
        ] = None,
    ) -> None:
        """Plan, watch and share the picture of the reassurance force."""
        ctx.obj = load_settings({"home": home, "db": db, "nation": nation}, config_file=config)

    app.add_typer(scenario_app, name="scenario", help="Generate deterministic scenarios.")
    app.add_typer(_ingest_app(), name="ingest", help="Decode files into the store.")
    app.add_typer(_zones_app(), name="zones", help="Load and list the agreement's zones.")
    app.add_typer(_users_app(), name="users", help="Users, nations and tokens for the COP.")
    app.add_typer(plan_app, name="plan", help="Source the force, date its readiness, compare COAs.")
    app.command()(demo)
    app.command()(detect)
    app.command()(status)
    app.command()(export)
    app.command()(serve)
    app.command()(info)
    app.command("settings")(show_settings)


# -- demo ---------------------------------------------------------------------------


def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="scenario seed")] = 7,
    scale: Annotated[float, typer.Option(help="scenario scale")] = 1.0,
    frontline: Annotated[
        Path | None,
        typer.Option(
            help="occupied-area GeoJSON (DeepStateMap style) to derive the line of contact from"
        ),
    ] = None,
    serve_cop: Annotated[
        bool, typer.Option("--serve/--no-serve", help="serve the COP after")
    ] = True,
    port: Annotated[int | None, typer.Option(help="COP port [REASSURE_PORT]")] = None,
    as_json: cli.JsonOpt = False,
) -> None:
    """Run the whole demo: scenario → ingest → detect → plan → users, then serve the COP."""
    from reassure.demo import build_demo_store

    settings = cli.settings(ctx)
    with ui.steps(["scenario", "ingest", "detect", "plan", "users"], quiet=as_json) as step:
        result = build_demo_store(
            settings.home,
            seed=seed,
            scale=scale,
            frontline=frontline,
            db_path=settings.db,
            step=step,
            now=datetime.now(UTC),
        )
    port = port or settings.port
    url = f"http://{settings.host}:{port}/#token={result.tokens['gbr.watch']}"
    if as_json:
        ui.print_json({**result.summary(), "url": url})
    else:
        ui.print_demo(result, url)
    if serve_cop:
        _serve(settings.db, settings.host, port)


# -- ingest -------------------------------------------------------------------------


def _ingest_app() -> typer.Typer:
    from reassure.ingest import SOURCES, expand_paths, ingest_files, ingest_scenario

    group = typer.Typer(no_args_is_help=True)

    def make(name: str) -> Any:
        def command(
            ctx: typer.Context,
            files: Annotated[list[str], typer.Argument(help="files or glob patterns")],
            releasability: cli.ReleasabilityOpt = None,
            force: Annotated[
                bool,
                typer.Option(
                    "--force",
                    help="store a file even if it does not look like this source's format "
                    "(refused otherwise: its first lines decode to nothing, most of them "
                    "rejected; the README gives the rule)",
                ),
            ] = False,
            as_json: cli.JsonOpt = False,
        ) -> None:
            paths = expand_paths(files)
            nations = cli.releasability(releasability)
            spatial = SOURCES[name].spatial
            with (
                cli.writer(ctx, spatial) as store,
                ui.ingest_progress(paths, as_json) as (done, read),
            ):
                reports = ingest_files(store, name, paths, done, nations, read, force)
            ui.print_ingests(reports, as_json)

        command.__doc__ = f"Ingest {SOURCES[name].help}."
        return command

    for name in SOURCES:
        group.command(name)(make(name))

    @group.command("scenario")
    def scenario(
        ctx: typer.Context,
        folder: Annotated[
            Path, typer.Argument(help="a folder made by `reassure scenario generate`")
        ],
        as_json: cli.JsonOpt = False,
    ) -> None:
        """Ingest every known file of a scenario folder."""
        from reassure.ingest import scenario_files

        paths = [path for _, path in scenario_files(folder)]
        with cli.writer(ctx) as store, ui.ingest_progress(paths, as_json) as (done, read):
            reports = ingest_scenario(store, folder, done, read)
        ui.print_ingests(reports, as_json)

    return group


# -- zones --------------------------------------------------------------------------


def _zones_app() -> typer.Typer:
    group = typer.Typer(no_args_is_help=True)

    @group.command("load")
    def load(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="RFC 7946 GeoJSON FeatureCollection")],
        as_json: cli.JsonOpt = False,
    ) -> None:
        """Load zones (all or nothing: one bad feature refuses the file)."""
        from reassure.ingest import ingest_files

        with cli.writer(ctx) as store:
            reports = ingest_files(store, "zones", [file])
        ui.print_ingests(reports, as_json)

    @group.command("list")
    def list_zones(
        ctx: typer.Context, nation: cli.NationOpt = None, as_json: cli.JsonOpt = False
    ) -> None:
        """List the zones releasable to a nation."""
        from reassure.store.ledger import query_zones

        reader = cli.reading_nation(ctx, nation)
        with cli.reader(ctx) as store:
            frame = query_zones(store.con, reader).drop("geometry", "properties")
        ui.print_frame(frame, "zones", as_json)

    return group


# -- users --------------------------------------------------------------------------


def _users_app() -> typer.Typer:
    group = typer.Typer(no_args_is_help=True)

    @group.command("add")
    def add(
        ctx: typer.Context,
        user_id: Annotated[str, typer.Argument(help="e.g. gbr.watch")],
        nation: Annotated[str, typer.Option(help="the user's nation (ISO alpha-3)")],
        role: Annotated[list[str], typer.Option(help="watch, planner, analyst, liaison, admin")],
        as_json: cli.JsonOpt = False,
    ) -> None:
        """Create (or re-key) a user and print its token once."""
        from reassure.users import add_user

        with cli.writer(ctx) as store, store.transaction() as con:
            token = add_user(con, user_id, nation.upper(), role)
        if as_json:
            ui.print_json({"user_id": user_id, "token": token})
        else:
            ui.console.print(f"user {user_id} ({nation.upper()}) token: {token}")

    @group.command("list")
    def list_(ctx: typer.Context, as_json: cli.JsonOpt = False) -> None:
        """List users with their nation and roles (never their tokens)."""
        from reassure.users import list_users

        with cli.reader(ctx) as store:
            users = list_users(store.con)
        if as_json:
            ui.print_json([u.as_dict() for u in users])
        else:
            for user in users:
                ui.console.print(f"{user.user_id:<20} {user.nation}  {', '.join(user.roles)}")

    return group


# -- detect, status, export, serve, info ---------------------------------------------


def detect(
    ctx: typer.Context,
    only: Annotated[list[str] | None, typer.Option(help="run only these detectors")] = None,
    score: Annotated[
        Path | None,
        typer.Option(help="scenario folder: print precision and recall against its ground truth"),
    ] = None,
    as_json: cli.JsonOpt = False,
) -> None:
    """Run the detectors over the store and add their events to the ledger."""
    from reassure.detect import DETECTORS, run_detectors

    unknown = [n for n in only or [] if n not in DETECTORS]
    if unknown:
        raise ConfigError(f"no detector {unknown[0]!r}; detectors: {', '.join(sorted(DETECTORS))}")
    with (
        cli.writer(ctx) as store,
        ui.file_progress(len(only or DETECTORS), as_json, "detecting") as done,
    ):
        reports = run_detectors(store, only, done)
        scores = _score(store, score) if score is not None else None
    if as_json:
        result: dict[str, Any] = {"detectors": [r.as_dict() for r in reports]}
        if scores is not None:
            result["scores"] = [s.as_dict() for s in scores]
        ui.print_json(result)
    else:
        for r in reports:
            ui.console.print(
                f"{r.detector}: {r.events} events ({r.new} new, {r.updated} updated, "
                f"{r.removed} no longer found)"
            )
        if scores is not None:
            ui.print_scores(scores)


def _score(store: Any, folder: Path) -> list[Any]:
    from reassure.score import load_truth, score_events
    from reassure.store.ledger import all_events

    return score_events(all_events(store.con), load_truth(folder))


def status(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="judge at this time (ISO 8601, UTC if no zone); default: the data's clock, "
            "i.e. now while data is fresh, else the newest observed record. E.g. a day in a "
            "plan's rotation to see its sourcing gaps",
        ),
    ] = None,
    nation: cli.NationOpt = None,
    as_json: cli.JsonOpt = False,
) -> None:
    """Red/amber/no data/green status of each objective, from what a nation may see."""
    from reassure.events import check_judgeable
    from reassure.store.observed import status_report

    when = None
    if as_of is not None:
        try:
            when = datetime.fromisoformat(as_of)
        except ValueError:
            raise ConfigError(f"--as-of {as_of!r} is not an ISO 8601 time") from None
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        try:
            check_judgeable(as_of, when.year)  # the API's range too
        except ValueError as exc:
            raise ConfigError(f"--as-of {exc}") from None
    reader = cli.reading_nation(ctx, nation)
    with cli.reader(ctx) as store:
        report = status_report(store.con, reader, datetime.now(UTC), when)
    ui.print_status(report, as_json)


def export(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help="events, zones, ingests, rejects, nations, ...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="file to write")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="parquet|geoparquet|csv|geojson (default: from --out)"),
    ] = None,
    nation: cli.NationOpt = None,
    as_json: cli.JsonOpt = False,
) -> None:
    """Export a table to Parquet/GeoParquet, CSV or GeoJSON (filtered by releasability)."""
    from reassure.store.export import export_table

    reader = cli.reading_nation(ctx, nation) if (nation or cli.settings(ctx).nation) else None
    with cli.reader(ctx) as store:
        count = export_table(store, table, out, reader, fmt)
    if as_json:
        ui.print_json({"table": table, "out": str(out), "rows": count})
    else:
        ui.console.print(f"wrote {count} rows of {table} to {out}")


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="listen address [REASSURE_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="port [REASSURE_PORT]")] = None,
) -> None:
    """Serve the COP (web map + API) over the store, read-only."""
    settings = cli.settings(ctx)
    _serve(settings.db, host or settings.host, port or settings.port)


def _serve(db: Path, host: str, port: int) -> None:
    import uvicorn

    from reassure.cop.app import create_app
    from reassure.store import Store

    Store(db, read_only=True).close()  # fail now, with one line, if the store is unusable
    ui.console.print(f"COP on http://{host}:{port}/  (OpenAPI: /openapi.json) — Ctrl-C to stop")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


def info(ctx: typer.Context, as_json: cli.JsonOpt = False) -> None:
    """What the store holds: schema version, row counts, ingests."""

    with cli.reader(ctx) as store:
        version = store.schema_version()
        counts = {t: store.count(t) for t in store.tables()}
    if as_json:
        ui.print_json({"db": str(store.path), "schema_version": version, "tables": counts})
    else:
        ui.console.print(f"store {store.path} (schema v{version})")
        for name, n in counts.items():
            ui.console.print(f"  {name:<16} {n:>10,}")


def show_settings(ctx: typer.Context, as_json: cli.JsonOpt = False) -> None:
    """The settings, their environment variables and current values."""
    settings = cli.settings(ctx)
    rows = [
        {"name": s.name, "env": s.env, "value": str(getattr(settings, s.name)), "help": s.help}
        for s in SETTINGS
    ]
    if as_json:
        ui.print_json(rows)
    else:
        for row in rows:
            ui.console.print(f"{row['name']:<8} {row['env']:<18} {row['value']:<40} {row['help']}")
