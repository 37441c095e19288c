"""``reassure scenario``: generate a deterministic scenario folder.

Bad option values raise :class:`~reassure.errors.ConfigError` or
:class:`~reassure.errors.InputError`; the top-level ``reassure`` entry point turns
them into exit code 2 and one line on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:  # the generator (Shapely, pyproj, Polars...) is imported when it runs
    from reassure.scenario.generator import Manifest

__all__ = ["app"]

app = typer.Typer(
    help="Generate deterministic scenarios: zones, coalition, monitors' reports, ground truth.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Generate deterministic scenarios (same seed and options, same bytes)."""


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Option("--out", help="folder to write (new, empty or a scenario)")],
    seed: Annotated[int, typer.Option(help="random seed (≥ 0)")] = 7,
    scale: Annotated[float, typer.Option(help="multiplies the record counts (> 0)")] = 1.0,
    start: Annotated[str, typer.Option(help="first day (UTC), ISO 8601")] = "2026-12-01",
    days: Annotated[int, typer.Option(help="length of the scenario window in days")] = 3,
    frontline: Annotated[
        Path | None,
        typer.Option(
            help="occupied-area GeoJSON (DeepStateMap style) to derive the line of contact "
            "from; default: the built-in notional line"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the manifest as JSON")] = False,
) -> None:
    """Generate a scenario folder with its manifest and ground truth."""
    from reassure.scenario.generator import domain_modules, generate

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    progress = Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), disable=as_json, transient=True
    )
    task = progress.add_task("scenario", total=len(domain_modules()))

    def step(name: str, done: int, total: int) -> None:
        # Started on the first step: a bad option fails before any progress is drawn.
        if done == 0:
            progress.start()
        progress.update(task, description=f"scenario: {name}", completed=done, total=total)

    try:
        manifest = generate(out, seed, scale, start, days, frontline, progress=step)
    finally:
        progress.stop()
    if as_json:
        typer.echo(json.dumps({"out_dir": str(out), **manifest.as_dict()}, indent=2))
    else:
        _print_summary(manifest)


def _print_summary(manifest: Manifest) -> None:
    console = Console(highlight=False)
    files = Table(title=f"scenario {manifest.out_dir} (seed {manifest.seed})")
    files.add_column("file")
    files.add_column("bytes", justify="right")
    files.add_column("sha256")
    for entry in manifest.files:
        files.add_row(entry.path, f"{entry.bytes:,}", entry.sha256[:16])
    console.print(files)
    counts = Table(title="counts")
    counts.add_column("what")
    counts.add_column("n", justify="right")
    for name, n in sorted(manifest.counts.items()):
        counts.add_row(name, f"{n:,}")
    counts.add_row("ground truth", f"{manifest.truth_records:,}")
    console.print(counts)
    console.print(
        f"line of contact: {manifest.frontline}; start {manifest.start:%Y-%m-%d}, "
        f"{manifest.days} days, scale {manifest.scale:g}"
    )
