"""Run the detectors over the store and add their events to the ledger.

Each :class:`Detector` loads its inputs from the store (``load``), runs a pure detector
function on them (``run``) and returns events; :func:`run_detectors` writes them,
keeping ids already in the ledger. A domain adds its detector to :data:`DETECTORS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from reassure.land.ingest import load_reports
from reassure.land.violations import DETECTOR as LAND_REPORTS
from reassure.land.violations import detect_report_violations
from reassure.store.db import Store
from reassure.store.ledger import all_zones, write_events

__all__ = ["DETECTORS", "DetectReport", "Detector", "run_detectors"]


@dataclass(frozen=True)
class Detector:
    name: str
    objective: str
    help: str
    load: Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]
    run: Callable[..., pl.DataFrame]


DETECTORS: dict[str, Detector] = {
    d.name: d
    for d in (
        Detector(
            LAND_REPORTS,
            "land",
            "monitors' reports of fire, troops or heavy weapons against the DMZ and "
            "withdrawal zones",
            lambda con: {"reports": load_reports(con), "zones": all_zones(con)},
            detect_report_violations,
        ),
    )
}


@dataclass(frozen=True)
class DetectReport:
    detector: str
    events: int
    new: int

    def as_dict(self) -> dict[str, Any]:
        return {"detector": self.detector, "events": self.events, "new": self.new}


def run_detectors(
    store: Store,
    names: list[str] | None = None,
    on_done: Callable[[DetectReport], None] | None = None,
) -> list[DetectReport]:
    """Run detectors (all by default) and write their events, each in one transaction."""
    chosen = [DETECTORS[n] for n in (names or sorted(DETECTORS))]
    reports = []
    for detector in chosen:
        events = detector.run(**detector.load(store.con))
        with store.transaction() as con:
            new = write_events(con, events)
        report = DetectReport(detector.name, events.height, new)
        reports.append(report)
        if on_done is not None:
            on_done(report)
    return reports
