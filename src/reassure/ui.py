"""Terminal output of the CLI: Rich tables and progress bars, or plain JSON.

Progress goes to stderr so that ``--json`` output on stdout stays parseable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

if TYPE_CHECKING:
    import polars as pl

    from reassure.demo import DemoResult
    from reassure.score import Score
    from reassure.store.ingest import IngestReport
    from reassure.store.observed import StatusReport

__all__ = [
    "console",
    "file_progress",
    "ingest_progress",
    "print_frame",
    "print_ingests",
    "print_json",
    "steps",
]

console = Console(highlight=False)
_progress_console = Console(stderr=True)
_LEVEL_STYLE = {
    "green": "bold green",
    "amber": "bold yellow",
    "red": "bold red",
    "no_data": "bold bright_black",
}
_LEVEL_TEXT = {"no_data": "no data"}


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str, sort_keys=False))


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_progress_console,
        disable=quiet,
        transient=True,
    )


@contextmanager
def file_progress(
    total: int, quiet: bool, label: str = "ingesting"
) -> Iterator[Callable[[Any], None]]:
    """A progress bar over ``total`` items; call the yielded function once per item done."""
    with _progress(quiet) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _: progress.advance(task)


@contextmanager
def ingest_progress(
    paths: Sequence[Path], quiet: bool, label: str = "ingesting"
) -> Iterator[tuple[Callable[[Any], None], Callable[[int], None]]]:
    """A progress bar over the bytes of ``paths``, ingested in order: yields the
    function to call when a file is done and the one told the bytes of the current
    file read so far."""
    sizes = [path.stat().st_size if path.is_file() else 0 for path in paths]
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_progress_console, disable=quiet, transient=True) as bar:
        task = bar.add_task(label, total=sum(sizes))
        done = [0, 0]  # files done, their bytes

        def file_done(_: Any) -> None:
            done[1] += sizes[done[0]] if done[0] < len(sizes) else 0
            done[0] += 1
            bar.update(task, completed=done[1])

        def read(n: int) -> None:
            current = sizes[done[0]] if done[0] < len(sizes) else 0
            bar.update(task, completed=done[1] + min(n, current))

        yield file_done, read


@contextmanager
def steps(names: list[str], quiet: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar over named steps; call the yielded function with each step's name."""
    with _progress(quiet) as progress:
        task = progress.add_task(names[0], total=len(names))
        started: list[str] = []

        def step(name: str) -> None:
            if started:
                progress.advance(task)
            started.append(name)
            progress.update(task, description=name)

        yield step
        progress.update(task, completed=len(names))


def print_ingests(reports: list[IngestReport], as_json: bool) -> None:
    if as_json:
        print_json([r.as_dict() for r in reports])
        return
    table = Table(title="ingest")
    counts = ("read", "decoded", "rejected", "skipped")
    for column in ("source", "file", *counts, "note"):
        table.add_column(column, justify="right" if column in counts else "left")
    for r in reports:
        note = (
            f"already ingested (run {r.ingest_id}): nothing to do"
            if r.already
            else f"run {r.ingest_id}"
        )
        if r.skipped:
            note += "; skipped: " + ", ".join(f"{n:,} {why}" for why, n in r.skipped.items())
        table.add_row(
            r.source, _short(r.path), f"{r.n_read:,}", f"{r.n_decoded:,}", f"{r.n_rejected:,}",
            f"{r.n_skipped:,}", note,
        )  # fmt: skip
    console.print(table)


def _short(path: str) -> str:
    """The last two parts of a path: enough to recognise a scenario file."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) > 2 else path


def print_frame(frame: pl.DataFrame, title: str, as_json: bool) -> None:
    if as_json:
        print_json(frame.to_dicts())
        return
    table = Table(title=f"{title} ({frame.height})")
    for column in frame.columns:
        table.add_column(column)
    for row in frame.iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def print_status(report: StatusReport, as_json: bool) -> None:
    if as_json:
        print_json(report.as_dict())
        return
    clock = report.clock
    stamp = clock.as_of.strftime("%Y-%m-%d %H:%M UTC")
    basis = {"data": "the newest data", "wall clock": "now", "set": "as set"}[clock.basis]
    table = Table(
        title=f"objective status as of {stamp} ({basis}; events of the last "
        f"{clock.window_h:g} h) — {clock.note()}"
    )
    for column in ("objective", "status", "critical", "warning", "info", "reported", "rule"):
        table.add_column(column)
    for s in report.objectives:
        table.add_row(
            s.objective,
            f"[{_LEVEL_STYLE[s.level]}]{_LEVEL_TEXT.get(s.level, s.level)}[/]",
            str(s.counts["critical"]),
            str(s.counts["warning"]),
            str(s.counts["info"]),
            f"{s.reported:,}",
            s.rule,
        )
    console.print(table)
    if clock.stale and clock.basis == "data":
        console.print(
            f"[bold yellow]{clock.note()}[/]: the picture is judged at the newest data, "
            "not now (--as-of sets another time)"
        )


def print_scores(scores: list[Score]) -> None:
    table = Table(title="detectors against ground truth")
    for column in ("event kind", "events", "planted", "precision", "recall"):
        table.add_column(column)
    for s in scores:
        table.add_row(s.kind, str(s.events), str(s.truths), f"{s.precision:.3f}", f"{s.recall:.3f}")
    console.print(table)


def print_demo(result: DemoResult, url: str) -> None:
    print_ingests(result.ingests, False)
    detections = Table(title="detectors")
    for column in ("detector", "events", "new", "updated", "no longer found"):
        detections.add_column(column)
    for d in result.detections:
        detections.add_row(d.detector, str(d.events), str(d.new), str(d.updated), str(d.removed))
    console.print(detections)
    totals = Table(title="events in the ledger (releasable to GBR)")
    for column in ("objective", "critical", "warning", "info", "total"):
        totals.add_column(column, justify="left" if column == "objective" else "right")
    for objective, counts in result.events_by_objective.items():
        totals.add_row(
            objective,
            str(counts["critical"]),
            str(counts["warning"]),
            str(counts["info"]),
            str(sum(counts.values())),
        )
    console.print(totals)
    if result.status is not None:
        print_status(result.status, False)
    if result.plans:
        plans = Table(title="force plans (reassure plan list --nation GBR)")
        for column in ("plan", "record", "fill", "weighted", "unfilled critical", "troops"):
            plans.add_column(column, justify="left" if column == "plan" else "right")
        for p in result.plans:
            plans.add_row(
                p["name"], "yes" if p["of_record"] else "", f"{100 * p['fill_rate']:.0f} %",
                f"{100 * p['weighted_fill_rate']:.0f} %", str(p["unfilled_critical"]),
                f"{p['troops']:,}",
            )  # fmt: skip
        console.print(plans)
    console.print(f"store: {result.db_path}")
    console.print(f"users: {', '.join(sorted(result.tokens))} (tokens are new on every run)")
    console.print(f"[bold]COP:[/] {url}")
