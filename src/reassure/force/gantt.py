"""The readiness timeline as a Gantt chart: one bar per move, grouped by objective.

Each bar runs from P-day: notice-to-move (grey), waiting for lift (amber), lift (blue:
the days its loads leave), transit (green), a diamond on the day it is in place and a
tick on the day it was needed (red when it came late). A move no lift can carry is
hatched red from its ready day on. Each objective's IOC (dashed) and FOC (solid) are
vertical lines across its rows, or "never" beside its name.

The chart is drawn with matplotlib on a bare ``Figure`` (no pyplot, no display) to SVG
or PNG by the file's suffix; the same timeline gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
import polars as pl
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from reassure.errors import ConfigError
from reassure.force.catalog import CAPABILITIES
from reassure.force.timeline import Timeline

__all__ = ["FORMATS", "gantt_chart"]

FORMATS = (".svg", ".png")

_COLOURS = {
    "notice": "#c8c8c8",
    "wait": "#f0a830",
    "lift": "#2f6fb5",
    "transit": "#5aa55a",
    "stranded": "#d04040",
    "late": "#d04040",
    "needed": "#404040",
}
_ROW_IN = 0.24
"""Height of one row in inches."""


def gantt_chart(
    timeline: Timeline, path: Path, *, max_period: int = 0, title: str | None = None
) -> Path:
    """Draw the moves of periods up to ``max_period`` (0: the P-day deployment) to
    ``path`` (``.svg`` or ``.png``); returns ``path``."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(f"chart {path.name}: give a file ending in {' or '.join(FORMATS)}")
    units = timeline.units.filter(pl.col("period") <= max_period)
    groups = units.select("objective").unique(maintain_order=True)["objective"].to_list()
    n_rows = units.height + len(groups)
    fig = Figure(figsize=(11, 1.8 + _ROW_IN * max(n_rows, 3)), layout="constrained")
    ax = fig.add_subplot()
    right = _right_edge(timeline, units)
    labels: list[str] = []
    headers: list[int] = []
    y = 0
    for objective in groups:
        mine = units.filter(pl.col("objective") == objective)
        top = y
        headers.append(y)
        labels.append(objective.upper() + _never(timeline, objective))
        y += 1
        for u in mine.iter_rows(named=True):
            _bar(ax, y, u, right, (u["needed_by"] - timeline.p_day).days)
            capability = CAPABILITIES[u["capability"]].label
            labels.append(f"{u['pledge_id']} x{u['quantity']} → {u['requirement_id']} {capability}")
            y += 1
        _milestones(ax, timeline, objective, top, y)
        ax.axhline(y - 0.5, color="#e0e0e0", linewidth=0.6)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for k in headers:
        ax.get_yticklabels()[k].set_fontweight("bold")
    ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)
    ax.set_xlim(0, right)
    ax.set_xlabel(f"days after P-day ({timeline.p_day.isoformat()})")
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    if not labels:
        ax.text(right / 2, 0, "no units in the plan", ha="center", va="center")
    ax.set_title(title or "Readiness timeline", fontsize=10, loc="left")
    fig.legend(handles=_legend(), loc="outside lower center", fontsize=7, frameon=False, ncols=6)
    with matplotlib.rc_context({"svg.hashsalt": "reassure", "svg.fonttype": "path"}):
        if suffix == ".svg":
            fig.savefig(path, format="svg", metadata={"Date": None})
        else:
            fig.savefig(path, format="png", dpi=110, metadata={"Software": None})
    return path


def _right_edge(timeline: Timeline, units: pl.DataFrame) -> float:
    """The last day worth drawing, with a little room after it."""
    days: list[int] = [
        *units["arrival_day"].drop_nulls().to_list(),
        *units["ready_day"].to_list(),
        *[(d - timeline.p_day).days for d in units["needed_by"].to_list()],
        *timeline.objectives["foc_day"].drop_nulls().to_list(),
    ]
    return max([*days, 10]) * 1.08 + 2.0


def _bar(ax: Any, y: int, u: dict[str, Any], right: float, needed: int) -> None:
    """One move's row; each part has the SVG id ``move:<pledge>:<requirement>:<period>:<part>``."""
    name = f"move:{u['pledge_id']}:{u['requirement_id']}:{u['period']}"

    def part(kind: str, start: float, width: float, thin: bool = False, **style: Any) -> None:
        height = 0.3 if thin else 0.6
        if "facecolor" not in style:
            style.setdefault("color", _COLOURS[kind])
        bar = ax.broken_barh([(start, width)], (y - height / 2, height), **style)
        bar.set_gid(f"{name}:{kind}")

    ready = u["ready_day"]
    part("notice", 0, ready)
    if u["arrival_day"] is None:  # no lift can carry it
        part(
            "stranded",
            ready,
            right - ready,
            facecolor="none",
            hatch="///",
            linewidth=0.5,
            edgecolor=_COLOURS["stranded"],
        )
        ax.text(ready + 1, y, u["note"] or "never arrives", va="center", fontsize=6)
        return
    leave = ready
    if u["lift_id"] is not None:
        start, leave = u["lift_start_day"], u["lift_end_day"]
        if start > ready:
            part("wait", ready, start - ready)
        part("lift", start, max(leave - start, 0.5), zorder=3)
    part("transit", leave, u["arrival_day"] - leave, thin=True, zorder=2)
    late = (u["late_days"] or 0) > 0
    ax.plot([needed, needed], [y - 0.4, y + 0.4], color=_COLOURS["needed"], linewidth=0.8)
    ax.plot(
        [u["arrival_day"]],
        [y],
        marker="D",
        markersize=4,
        color=_COLOURS["late"] if late else "black",
        linestyle="none",
        gid=f"{name}:{'late' if late else 'in_place'}",
    )


def _milestones(ax: Any, timeline: Timeline, objective: str, top: int, bottom: int) -> None:
    row = timeline.objectives.filter(pl.col("objective") == objective)
    if row.is_empty():
        return
    labels: dict[int, list[str]] = {}
    for name, style in (("ioc", "--"), ("foc", "-")):
        day = row[f"{name}_day"][0]
        if day is None:
            continue
        ax.plot(
            [day, day],
            [top - 0.4, bottom - 0.6],
            color="black",
            linestyle=style,
            lw=1,
            gid=f"{objective}:{name}",
        )
        labels.setdefault(day, []).append(name.upper())
    for day, names in labels.items():  # one label when IOC and FOC fall on one day
        ax.text(day + 0.5, top, f"{' and '.join(names)} P+{day}", fontsize=7, va="center")


def _never(timeline: Timeline, objective: str) -> str:
    row = timeline.objectives.filter(pl.col("objective") == objective)
    if row.is_empty():
        return ""
    never = [name for name in ("IOC", "FOC") if row[f"{name.lower()}_day"][0] is None]
    return f" ({' and '.join(never)} never)" if never else ""


def _legend() -> list[Artist]:
    return [
        Patch(color=_COLOURS["notice"], label="notice to move"),
        Patch(color=_COLOURS["wait"], label="waiting for lift"),
        Patch(color=_COLOURS["lift"], label="lift"),
        Patch(color=_COLOURS["transit"], label="transit"),
        Patch(facecolor="none", edgecolor=_COLOURS["stranded"], hatch="///", label="no lift"),
        Line2D([], [], marker="D", markersize=4, color="black", ls="none", label="in place"),
        Line2D([], [], marker="D", markersize=4, color=_COLOURS["late"], ls="none", label="late"),
        Line2D(
            [], [], marker="|", markersize=8, color=_COLOURS["needed"], ls="none", label="needed by"
        ),
        Line2D([], [], color="black", ls="--", lw=1, label="IOC"),
        Line2D([], [], color="black", ls="-", lw=1, label="FOC"),
    ]
