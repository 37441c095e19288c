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
    """A detector as the pipeline runs it: ``run`` loads its inputs from the store and
    calls the domain's pure detector function on them."""

    name: str
    objective: str
    help: str
    run: Callable[[duckdb.DuckDBPyConnection], pl.DataFrame]


def _land_reports(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return detect_report_violations(load_reports(con), all_zones(con))


def _sea(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    from reassure.sea.detect import detect_sea
    from reassure.sea.ingest import load_tracks, restrict_by_evidence

    return restrict_by_evidence(con, detect_sea(load_tracks(con), all_zones(con)))


DETECTORS: dict[str, Detector] = {
    d.name: d
    for d in (
        Detector(
            LAND_REPORTS,
            "land",
            "monitors' reports of fire, troops or heavy weapons against the DMZ and "
            "withdrawal zones",
            _land_reports,
        ),
        Detector(
            "sea",
            "seas",
            "AIS tracks: dark gaps, encounters, loitering, port calls, teleports and "
            "identity clashes, positions on land, exclusion-zone entries, corridor departures",
            _sea,
        ),
    )
}


@dataclass(frozen=True)
class DetectReport:
    detector: str
    events: int
    new: int
    updated: int
    removed: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def run_detectors(
    store: Store,
    names: list[str] | None = None,
    on_done: Callable[[DetectReport], None] | None = None,
) -> list[DetectReport]:
    """Run detectors (all by default) and write their events, each in one transaction.

    The ledger then holds exactly what each detector finds in the store now, plus
    every event a person has touched (see ``write_events``).
    """
    chosen = [DETECTORS[n] for n in (names or sorted(DETECTORS))]
    reports = []
    for detector in chosen:
        events = detector.run(store.con)
        with store.transaction() as con:
            change = write_events(con, events, detector.name)
        report = DetectReport(
            detector.name, events.height, change.new, change.updated, change.removed
        )
        reports.append(report)
        if on_done is not None:
            on_done(report)
    return reports
