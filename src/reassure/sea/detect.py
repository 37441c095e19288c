"""The sea detectors: AIS tracks and zones in, events of the "seas" objective out.

Each detector is a pure function ``detect_xxx(tracks, zones, params) -> events`` (an
:data:`reassure.events.EVENT_SCHEMA` frame) over a positions frame with pyais field
names (cleaned by :func:`reassure.tracks.clean_positions`) and a zones frame
(:data:`reassure.geo.zones.ZONE_SCHEMA`, or None). The measuring is done by
:mod:`reassure.tracks`; this module names, grades and cites.

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

Evidence always holds ``records`` (``ais:<source_line>`` of the first and last
positions involved), ``count`` (positions, or time bins for an encounter) and the
measured values; ``file`` when every position came from one source file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

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
_DEFAULT = SeaParams()


def detect_gaps(
    tracks: pl.DataFrame, zones: pl.DataFrame | None = None, params: GapParams = _DEFAULT.dark_gap
) -> pl.DataFrame:
    """``ais_gap``: silences of 12 h or more, flagged unreliable near shore or in port."""
    found = find_gaps(tracks, zones, params)

    def title(r: Row) -> str:
        why = f" — unreliable ({', '.join(r['reasons'])})" if r["unreliable"] else ""
        return f"AIS silent {r['gap_h']:.1f} h, reappeared {r['distance_km']:.0f} km away{why}"

    return _events(
        found,
        "ais_gap",
        "sea.ais_gap",
        title,
        severity=lambda r: "warning",
        confidence=lambda r: params.unreliable_confidence if r["unreliable"] else params.confidence,
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
        tracks=tracks,
    )


def detect_encounters(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: EncounterParams = _DEFAULT.encounter,
) -> pl.DataFrame:
    """``encounter``: two vessels ≤ 500 m apart for ≥ 2 h at < 2 kn, away from ports."""
    found = find_encounters(tracks, zones, params).with_columns(
        subject=pl.format("{}-{}", "mmsi_a", "mmsi_b"),
        records=pl.concat_list("lines_a", "lines_b"),
    )
    return _events(
        found,
        "encounter",
        "sea.encounter",
        lambda r: (
            f"Encounter of {r['mmsi_a']} and {r['mmsi_b']}: {r['duration_h']:.1f} h "
            f"within {r['median_distance_m']:.0f} m at {r['median_speed_kn']:.1f} kn"
        ),
        severity=lambda r: "warning",
        confidence=lambda r: params.confidence,
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
        tracks=tracks,
    )


def detect_loitering(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: LoiteringParams = _DEFAULT.loitering,
) -> pl.DataFrame:
    """``loitering``: < 2 kn for ≥ 4 h, ≥ 20 NM from shore."""
    found = find_loitering(tracks, zones, params)
    return _events(
        found,
        "loitering",
        "sea.loitering",
        lambda r: (
            f"Loitering {r['duration_h']:.1f} h at {r['mean_speed_kn']:.1f} kn, "
            f"{_fmt(r['mean_shore_distance_nm'])} NM offshore"
        ),
        severity=lambda r: "warning" if r["duration_h"] >= params.warning_duration_h else "info",
        confidence=lambda r: params.confidence,
        measures=(
            "duration_h",
            "mean_speed_kn",
            "median_speed_kn",
            "mean_shore_distance_nm",
            "lon",
            "lat",
        ),
        tracks=tracks,
    )


def detect_port_calls(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: PortCallParams = _DEFAULT.port_call,
) -> pl.DataFrame:
    """``port_call``: in a port zone, stopped, for ≥ 3 h (GFW port visits)."""
    found = find_port_calls(tracks, zones, params)
    return _events(
        found,
        "port_call",
        "sea.port_call",
        lambda r: (
            f"Port call at {r['zone_id']}: {r['duration_h']:.1f} h"
            + ("" if r["complete"] else " (still in port)")
        ),
        severity=lambda r: "info",
        confidence=lambda r: params.confidence,
        measures=("duration_h", "stopped", "port_gap", "complete", "exit_line"),
        tracks=tracks,
    )


def detect_position_jumps(
    tracks: pl.DataFrame, zones: pl.DataFrame | None = None, params: JumpParams = _DEFAULT.jumps
) -> pl.DataFrame:
    """``teleport`` (> 50 kn implied, once) and ``identity_clash`` (again and again)."""
    found = find_jumps(tracks, zones, params)

    def title(r: Row) -> str:
        if r["kind"] == "identity_clash":
            return (
                f"MMSI {r['mmsi']} in two places at once: {r['jumps']} jumps of up to "
                f"{r['max_distance_km']:.0f} km"
            )
        return (
            f"Position jumped {r['max_distance_km']:.0f} km "
            f"(implied {_fmt(r['max_implied_speed_kn'])} kn)"
        )

    return _events(
        found,
        None,
        "sea.position_jump",
        title,
        severity=lambda r: "critical" if r["kind"] == "identity_clash" else "warning",
        confidence=lambda r: r["confidence"],
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
        tracks=tracks,
    )


def detect_on_land(
    tracks: pl.DataFrame, zones: pl.DataFrame | None = None, params: OnLandParams = _DEFAULT.on_land
) -> pl.DataFrame:
    """``position_on_land``: positions reported inland (GNSS spoofing)."""
    found = find_on_land(tracks, zones, params)
    return _events(
        found,
        "position_on_land",
        "sea.position_on_land",
        lambda r: f"Position reported {r['max_inland_km']:.1f} km inland",
        severity=lambda r: "critical",
        confidence=lambda r: r["confidence"],
        measures=("max_inland_km", "lon", "lat"),
        tracks=tracks,
    )


def detect_exclusion_entries(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: ExclusionParams = _DEFAULT.exclusion,
) -> pl.DataFrame:
    """``exclusion_entry``: a vessel inside an exclusion zone valid at the time."""
    found = find_exclusion_entries(tracks, zones, params)
    return _events(
        found,
        "exclusion_entry",
        "sea.exclusion_entry",
        lambda r: f"Entered {r['zone_id']}: {r['n']} position(s), {r['dwell_min']:.0f} min inside",
        severity=lambda r: "critical",
        confidence=lambda r: r["confidence"],
        measures=("dwell_min", "lon", "lat"),
        tracks=tracks,
    )


def detect_corridor_departures(
    tracks: pl.DataFrame,
    zones: pl.DataFrame | None = None,
    params: CorridorParams = _DEFAULT.corridor,
) -> pl.DataFrame:
    """``corridor_departure``: out of the corridor, not in port, for > 30 min."""
    found = find_corridor_departures(tracks, zones, params)
    return _events(
        found,
        "corridor_departure",
        "sea.corridor_departure",
        lambda r: (
            f"Left {r['zone_id']} for {r['outside_min']:.0f} min, "
            f"up to {r['max_offset_km']:.1f} km off" + ("" if r["returned"] else " (not seen back)")
        ),
        severity=lambda r: "warning",
        confidence=lambda r: params.confidence,
        measures=("outside_min", "max_offset_km", "returned"),
        tracks=tracks,
    )


Detector = Callable[[pl.DataFrame, pl.DataFrame | None, Any], pl.DataFrame]

SEA_DETECTORS: tuple[tuple[str, Detector, type[Any]], ...] = (
    ("sea.ais_gap", detect_gaps, GapParams),
    ("sea.encounter", detect_encounters, EncounterParams),
    ("sea.loitering", detect_loitering, LoiteringParams),
    ("sea.port_call", detect_port_calls, PortCallParams),
    ("sea.position_jump", detect_position_jumps, JumpParams),
    ("sea.position_on_land", detect_on_land, OnLandParams),
    ("sea.exclusion_entry", detect_exclusion_entries, ExclusionParams),
    ("sea.corridor_departure", detect_corridor_departures, CorridorParams),
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
        function(tracks, zones, params.for_class(params_class))
        for name, function, params_class in SEA_DETECTORS
        if chosen is None or name in chosen
    ]
    events = pl.concat(frames) if frames else events_frame([])
    return events.sort("start_time", "kind", "subject", "event_id")


def _events(
    found: pl.DataFrame,
    kind: str | None,
    detector: str,
    title: Callable[[Row], str],
    *,
    severity: Callable[[Row], str],
    confidence: Callable[[Row], float],
    measures: tuple[str, ...],
    tracks: pl.DataFrame,
) -> pl.DataFrame:
    file = _single_source(tracks) if found.height else None
    rows = []
    for r in found.iter_rows(named=True):
        this_kind = kind or r["kind"]
        subject = r.get("subject") or str(r["mmsi"])
        lines = r["records"] if "records" in r else [r["first_line"], r["last_line"]]
        records = [f"ais:{line}" for line in dict.fromkeys(lines)]
        evidence: dict[str, Any] = {"records": records, "count": r["n"]}
        evidence.update({name: _json_value(r[name]) for name in measures})
        if file is not None:
            evidence["file"] = file
        start: datetime = r["start_time"]
        rows.append(
            {
                "event_id": event_id(this_kind, subject, start, records),
                "objective": "seas",
                "kind": this_kind,
                "subject": subject,
                "start_time": start,
                "end_time": r["end_time"],
                "zone_id": r.get("zone_id"),
                "severity": severity(r),
                "confidence": float(confidence(r)),
                "title": title(r),
                "detector": detector,
                "evidence": evidence,
                "releasability": combine_releasability(r.get("releasability") or []),
                "geometry": r["geometry"],
            }
        )
    return events_frame(rows)


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _fmt(value: float | None) -> str:
    return "?" if value is None or math.isnan(value) else f"{value:.0f}"


def _single_source(tracks: pl.DataFrame) -> str | None:
    """The file every position came from, when there is one (``source`` column)."""
    if "source" not in tracks.columns or tracks.height == 0:
        return None
    first = tracks["source"][0]
    if first is None or not (tracks["source"] == first).all():
        return None
    return str(first)
