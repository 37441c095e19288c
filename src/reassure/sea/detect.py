"""The sea detectors: AIS tracks and zones in, events of the "seas" objective out.

Each detector is a pure function ``detect_xxx(tracks, zones, params) -> events`` (an
:data:`reassure.events.EVENT_SCHEMA` frame) over a positions frame with pyais field
names (cleaned by :func:`reassure.tracks.clean_positions`) and a zones frame
(:data:`reassure.geo.zones.ZONE_SCHEMA`, or None). The measuring is done by
:mod:`reassure.tracks`; this module names, grades and cites.

Every detector is described once, as data (a :class:`SeaDetector`: its ``find_*``
function, parameter class, title, severity, confidence and the measured values its
evidence keeps), and they all run through one path that turns the rows found into
events; ``detect_xxx`` and :data:`SEA_DETECTORS` are that table's public face.

=======================  ====================  ===========================  ==========
detector                 kinds                 parameters (SeaParams field)  severity
=======================  ====================  ===========================  ==========
sea.ais_gap              ais_gap               GapParams (dark_gap)          warning
sea.encounter            encounter             EncounterParams (encounter)   warning
sea.loitering            loitering             LoiteringParams (loitering)   info/warning
sea.port_call            port_call             PortCallParams (port_call)    info
sea.position_jump        teleport,             JumpParams (jumps)            warning,
                         identity_clash                                      critical
sea.position_on_land     position_on_land      OnLandParams (on_land)        critical
sea.exclusion_entry      exclusion_entry       ExclusionParams (exclusion)   critical
sea.corridor_departure   corridor_departure    CorridorParams (corridor)     warning
=======================  ====================  ===========================  ==========

Evidence always holds ``records``, the ids of the first and last positions involved
(of each vessel, for an encounter), ``count`` (positions, or time bins for an
encounter) and the measured values; ``file`` when every record is from one file. A
record id is ``ais:<file>:<line>``: the file's name as ingested (the ``source`` column
of the positions, without folders) and the 1-based line of the position in it, e.g.
``ais:ais.nmea:1042``; the line is after the last colon, so a file name may hold
colons. Positions without a ``source`` (a frame built by hand) give ``ais:<line>``. A
port call's ``exit_record`` names the first position out of port the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import polars as pl

from reassure.events import combine_releasability, event_id, events_frame
from reassure.sea.params import SeaParams
from reassure.tracks import (
    CorridorParams,
    EncounterParams,
    ExclusionParams,
    GapParams,
    JumpParams,
    LoiteringParams,
    OnLandParams,
    PortCallParams,
    clean_positions,
    find_corridor_departures,
    find_encounters,
    find_exclusion_entries,
    find_gaps,
    find_jumps,
    find_loitering,
    find_on_land,
    find_port_calls,
)

__all__ = [
    "SEA_DETECTORS",
    "SEA_DETECTOR_SPECS",
    "SeaDetector",
    "SeaParams",
    "detect_corridor_departures",
    "detect_encounters",
    "detect_exclusion_entries",
    "detect_gaps",
    "detect_loitering",
    "detect_on_land",
    "detect_port_calls",
    "detect_position_jumps",
    "detect_sea",
]

Row = dict[str, Any]
P = TypeVar("P")
_DEFAULT = SeaParams()


def _unchanged(found: pl.DataFrame) -> pl.DataFrame:
    return found


@dataclass(frozen=True)
class SeaDetector(Generic[P]):
    """One sea detector as data: what it finds, how its events are named and graded.

    ``severity`` and ``confidence`` are a fixed value or a function of the row found
    and the parameters; ``measures`` are the columns of the row kept in the evidence.
    """

    name: str
    """``sea.<what>``: the ``detector`` column of its events."""
    kinds: tuple[str, ...]
    """Event kinds it makes: one, or the values of the ``kind`` column it finds."""
    finder: Callable[[pl.DataFrame, pl.DataFrame | None, P], pl.DataFrame]
    """The ``reassure.tracks.find_*`` function: one row per episode."""
    params_class: type[P]
    title: Callable[[Row], str]
    severity: str | Callable[[Row, P], str]
    confidence: Callable[[Row, P], float]
    measures: tuple[str, ...]
    prepare: Callable[[pl.DataFrame], pl.DataFrame] = _unchanged
    """Adds columns the finder does not name as events want them (``subject``;
    ``records`` and ``sources``, else those of ``first_*`` and ``last_*``)."""

    def detect(self, tracks: pl.DataFrame, zones: pl.DataFrame | None, params: P) -> pl.DataFrame:
        """The events of this detector: the one path every sea detector runs."""
        found = self.prepare(self.finder(tracks, zones, params))
        if "records" not in found.columns:
            found = found.with_columns(
                records=pl.concat_list(
                    _record("first_source", "first_line"), _record("last_source", "last_line")
                ),
                sources=pl.concat_list("first_source", "last_source"),
            )
        return events_frame([self._event(r, params) for r in found.iter_rows(named=True)])

    def _event(self, r: Row, params: P) -> Row:
        kind = r["kind"] if "kind" in r else self.kinds[0]
        subject = r.get("subject") or str(r["mmsi"])
        records = list(dict.fromkeys(r["records"]))
        evidence: dict[str, Any] = {"records": records, "count": r["n"]}
        evidence.update({name: _json_value(r[name]) for name in self.measures})
        files = set(r["sources"])
        if len(files) == 1 and None not in files:
            evidence["file"] = files.pop()
        start: datetime = r["start_time"]
        severity = self.severity if isinstance(self.severity, str) else self.severity(r, params)
        return {
            "event_id": event_id(kind, subject, start, records),
            "objective": "seas",
            "kind": kind,
            "subject": subject,
            "start_time": start,
            "end_time": r["end_time"],
            "zone_id": r.get("zone_id"),
            "severity": severity,
            "confidence": float(self.confidence(r, params)),
            "title": self.title(r),
            "detector": self.name,
            "evidence": evidence,
            "releasability": combine_releasability(r.get("releasability") or []),
            "geometry": r["geometry"],
        }


def _from_params(r: Row, params: Any) -> float:
    """The detector's one confidence (``params.confidence``)."""
    return float(params.confidence)


def _from_row(r: Row, params: Any) -> float:
    """The confidence the finder graded for the row (by positions seen, kind)."""
    return float(r["confidence"])


def _gap_title(r: Row) -> str:
    why = f" — unreliable ({', '.join(r['reasons'])})" if r["unreliable"] else ""
    return f"AIS silent {r['gap_h']:.1f} h, reappeared {r['distance_km']:.0f} km away{why}"


def _jump_title(r: Row) -> str:
    if r["kind"] == "identity_clash":
        return (
            f"MMSI {r['mmsi']} in two places at once: {r['jumps']} jumps of up to "
            f"{r['max_distance_km']:.0f} km"
        )
    return (
        f"Position jumped {r['max_distance_km']:.0f} km "
        f"(implied {_fmt(r['max_implied_speed_kn'])} kn)"
    )


def _record(source: str | pl.Expr, line: str | pl.Expr) -> pl.Expr:
    """A position's record id: ``ais:<file>:<line>``, or ``ais:<line>`` without a file."""
    source = pl.col(source) if isinstance(source, str) else source
    line = pl.col(line) if isinstance(line, str) else line
    return (
        pl.when(source.is_null())
        .then(pl.format("ais:{}", line))
        .otherwise(pl.format("ais:{}:{}", source, line))
    )


def _pair(found: pl.DataFrame) -> pl.DataFrame:
    """An encounter's subject names both vessels; its records are both vessels' first
    and last."""
    ends = [
        (pl.col(f"sources_{v}").list.get(k), pl.col(f"lines_{v}").list.get(k))
        for v in "ab"
        for k in (0, 1)
    ]
    return found.with_columns(
        subject=pl.format("{}-{}", "mmsi_a", "mmsi_b"),
        records=pl.concat_list([_record(source, line) for source, line in ends]),
        sources=pl.concat_list("sources_a", "sources_b"),
    )


def _exit_record(found: pl.DataFrame) -> pl.DataFrame:
    """The record of the first position out of port, once the vessel has left."""
    exit_record = _record("exit_source", "exit_line")
    return found.with_columns(exit_record=pl.when(pl.col("complete")).then(exit_record))


GAPS = SeaDetector(
    name="sea.ais_gap",
    kinds=("ais_gap",),
    finder=find_gaps,
    params_class=GapParams,
    title=_gap_title,
    severity="warning",
    confidence=lambda r, p: p.unreliable_confidence if r["unreliable"] else p.confidence,
    measures=(
        "gap_h",
        "distance_km",
        "implied_speed_kn",
        "shore_distance_km_start",
        "shore_distance_km_end",
        "lon_start",
        "lat_start",
        "lon_end",
        "lat_end",
        "unreliable",
        "reasons",
        "zone_ids",
    ),
)
ENCOUNTERS = SeaDetector(
    name="sea.encounter",
    kinds=("encounter",),
    finder=find_encounters,
    params_class=EncounterParams,
    title=lambda r: (
        f"Encounter of {r['mmsi_a']} and {r['mmsi_b']}: {r['duration_h']:.1f} h "
        f"within {r['median_distance_m']:.0f} m at {r['median_speed_kn']:.1f} kn"
    ),
    severity="warning",
    confidence=_from_params,
    measures=(
        "mmsi_a",
        "mmsi_b",
        "duration_h",
        "median_distance_m",
        "min_distance_m",
        "median_speed_kn",
        "lon",
        "lat",
    ),
    prepare=_pair,
)
LOITERING = SeaDetector(
    name="sea.loitering",
    kinds=("loitering",),
    finder=find_loitering,
    params_class=LoiteringParams,
    title=lambda r: (
        f"Loitering {r['duration_h']:.1f} h at {r['mean_speed_kn']:.1f} kn, "
        f"{_fmt(r['mean_shore_distance_nm'])} NM offshore"
    ),
    severity=lambda r, p: "warning" if r["duration_h"] >= p.warning_duration_h else "info",
    confidence=_from_params,
    measures=(
        "duration_h",
        "mean_speed_kn",
        "median_speed_kn",
        "mean_shore_distance_nm",
        "lon",
        "lat",
    ),
)
PORT_CALLS = SeaDetector(
    name="sea.port_call",
    kinds=("port_call",),
    finder=find_port_calls,
    params_class=PortCallParams,
    title=lambda r: (
        f"Port call at {r['zone_id']}: {r['duration_h']:.1f} h"
        + ("" if r["complete"] else " (still in port)")
    ),
    severity="info",
    confidence=_from_params,
    measures=("duration_h", "stopped", "port_gap", "complete", "exit_record"),
    prepare=_exit_record,
)
JUMPS = SeaDetector(
    name="sea.position_jump",
    kinds=("teleport", "identity_clash"),
    finder=find_jumps,
    params_class=JumpParams,
    title=_jump_title,
    severity=lambda r, p: "critical" if r["kind"] == "identity_clash" else "warning",
    confidence=_from_row,
    measures=(
        "jumps",
        "max_distance_km",
        "max_implied_speed_kn",
        "min_interval_s",
        "lon_from",
        "lat_from",
        "lon_to",
        "lat_to",
    ),
)
ON_LAND = SeaDetector(
    name="sea.position_on_land",
    kinds=("position_on_land",),
    finder=find_on_land,
    params_class=OnLandParams,
    title=lambda r: f"Position reported {r['max_inland_km']:.1f} km inland",
    severity="critical",
    confidence=_from_row,
    measures=("max_inland_km", "lon", "lat"),
)
EXCLUSION = SeaDetector(
    name="sea.exclusion_entry",
    kinds=("exclusion_entry",),
    finder=find_exclusion_entries,
    params_class=ExclusionParams,
    title=lambda r: (
        f"Entered {r['zone_id']}: {r['n']} position(s), {r['dwell_min']:.0f} min inside"
    ),
    severity="critical",
    confidence=_from_row,
    measures=("dwell_min", "lon", "lat"),
)
CORRIDOR = SeaDetector(
    name="sea.corridor_departure",
    kinds=("corridor_departure",),
    finder=find_corridor_departures,
    params_class=CorridorParams,
    title=lambda r: (
        f"Left {r['zone_id']} for {r['outside_min']:.0f} min, "
        f"up to {r['max_offset_km']:.1f} km off" + ("" if r["returned"] else " (not seen back)")
    ),
    severity="warning",
    confidence=_from_params,
    measures=("outside_min", "max_offset_km", "returned"),
)


def detect_gaps(
    tracks: pl.DataFrame, zones: pl.DataFrame | None = None, params: GapParams = _DEFAULT.dark_gap
) -> pl.DataFrame:
    """``ais_gap``: silences of 12 h or more, flagged unreliable near shore or in port."""
    return GAPS.detect(tracks, zones, params)


def detect_encounters(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: EncounterParams = _DEFAULT.encounter,
) -> pl.DataFrame:
    """``encounter``: two vessels ≤ 500 m apart for ≥ 2 h at < 2 kn, away from ports."""
    return ENCOUNTERS.detect(tracks, zones, params)


def detect_loitering(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: LoiteringParams = _DEFAULT.loitering,
) -> pl.DataFrame:
    """``loitering``: < 2 kn for ≥ 4 h, ≥ 20 NM from shore."""
    return LOITERING.detect(tracks, zones, params)


def detect_port_calls(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: PortCallParams = _DEFAULT.port_call,
) -> pl.DataFrame:
    """``port_call``: in a port zone, stopped, for ≥ 3 h (GFW port visits)."""
    return PORT_CALLS.detect(tracks, zones, params)


def detect_position_jumps(
    tracks: pl.DataFrame, zones: pl.DataFrame | None = None, params: JumpParams = _DEFAULT.jumps
) -> pl.DataFrame:
    """``teleport`` (> 50 kn implied, once) and ``identity_clash`` (again and again)."""
    return JUMPS.detect(tracks, zones, params)


def detect_on_land(
    tracks: pl.DataFrame, zones: pl.DataFrame | None = None, params: OnLandParams = _DEFAULT.on_land
) -> pl.DataFrame:
    """``position_on_land``: positions reported inland (GNSS spoofing)."""
    return ON_LAND.detect(tracks, zones, params)


def detect_exclusion_entries(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: ExclusionParams = _DEFAULT.exclusion,
) -> pl.DataFrame:
    """``exclusion_entry``: a vessel inside an exclusion zone valid at the time."""
    return EXCLUSION.detect(tracks, zones, params)


def detect_corridor_departures(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: CorridorParams = _DEFAULT.corridor,
) -> pl.DataFrame:
    """``corridor_departure``: out of the corridor for > 30 min, neither in port nor in
    a port's approach (10 km) nor on a direct run to a port off the corridor."""
    return CORRIDOR.detect(tracks, zones, params)


SEA_DETECTOR_SPECS: tuple[SeaDetector[Any], ...] = (
    GAPS,
    ENCOUNTERS,
    LOITERING,
    PORT_CALLS,
    JUMPS,
    ON_LAND,
    EXCLUSION,
    CORRIDOR,
)
"""Every sea detector as data, in the order :func:`detect_sea` runs them."""

Detector = Callable[[pl.DataFrame, pl.DataFrame | None, Any], pl.DataFrame]

SEA_DETECTORS: tuple[tuple[str, Detector, type[Any]], ...] = tuple(
    (spec.name, function, spec.params_class)
    for spec, function in (
        (GAPS, detect_gaps),
        (ENCOUNTERS, detect_encounters),
        (LOITERING, detect_loitering),
        (PORT_CALLS, detect_port_calls),
        (JUMPS, detect_position_jumps),
        (ON_LAND, detect_on_land),
        (EXCLUSION, detect_exclusion_entries),
        (CORRIDOR, detect_corridor_departures),
    )
)
"""(detector name, function, parameter class) of every sea detector."""


def detect_sea(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: SeaParams = _DEFAULT,
    only: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Every sea detector (or those named in ``only``) over the same tracks, one frame of
    events sorted by (start_time, kind, subject, event_id)."""
    tracks = clean_positions(tracks)
    chosen = set(only) if only is not None else None
    frames = [
        spec.detect(tracks, zones, params.for_class(spec.params_class))
        for spec in SEA_DETECTOR_SPECS
        if chosen is None or spec.name in chosen
    ]
    events = pl.concat(frames) if frames else events_frame([])
    return events.sort("start_time", "kind", "subject", "event_id")


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _fmt(value: float | None) -> str:
    return "?" if value is None or math.isnan(value) else f"{value:.0f}"
