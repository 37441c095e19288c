"""Ceasefire violations from monitors' reports, placed against the agreement's zones.

A pure detector: ``detect_report_violations(reports, zones, params) -> events``.
Rules (first match wins per report):

1. shelling, small_arms or drone_strike inside a ``dmz`` zone:
   ``reported_violation``, critical;
2. shelling, small_arms or drone_strike anywhere else: ``reported_violation``, warning;
3. troop_movement or heavy_weapon_sighting inside a ``dmz`` zone:
   ``reported_violation``, critical;
4. heavy_weapon_sighting inside a ``withdrawal`` zone whose ``weapon_classes`` lists
   its weapon class (the narrowest such band): ``withdrawal_breach``, warning;
5. anything else: no event.

Zones count only while valid at the report's time. A single team's report is one
source: its confidence is ``ReportParams.single_source_confidence`` until corroborated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import polars as pl
import shapely

from reassure.events import combine_releasability, event_id, events_frame
from reassure.geo.zones import locate_points

__all__ = ["DETECTOR", "ReportParams", "detect_report_violations"]

DETECTOR = "land.report_violations"


@dataclass(frozen=True)
class ReportParams:
    """Parameters of :func:`detect_report_violations`."""

    fire_categories: tuple[str, ...] = ("shelling", "small_arms", "drone_strike")
    """Reports of fire: a violation of the ceasefire anywhere (the agreement bans all fire)."""
    dmz_only_categories: tuple[str, ...] = ("troop_movement", "heavy_weapon_sighting")
    """Reports that violate the agreement only inside the demilitarised zone."""
    single_source_confidence: float = 0.6
    """Confidence of an uncorroborated single-team report (OSCE SMM practice: one
    team's observation is reported as such until a second source confirms it)."""


def detect_report_violations(
    reports: pl.DataFrame, zones: pl.DataFrame, params: ReportParams = ReportParams()
) -> pl.DataFrame:
    """Events for the reports that break the agreement (see the module's rules).

    ``reports`` has ``reassure.land.reports.REPORT_SCHEMA`` (plus an optional
    ``source`` column naming the file); ``zones`` has ``reassure.geo.zones.ZONE_SCHEMA``.
    """
    if reports.height == 0:
        return events_frame([])
    hits = _zone_hits(reports, zones)
    dmz = hits.filter(pl.col("kind") == "dmz").sort("zone_id").group_by("r").first()
    band = (
        hits.filter((pl.col("kind") == "withdrawal") & pl.col("covers_weapon"))
        .sort(["distance_km", "zone_id"])
        .group_by("r")
        .first()
    )
    frame = (
        reports.with_row_index("r")
        .join(dmz.select("r", dmz_zone="zone_id", dmz_rel="releasability"), on="r", how="left")
        .join(band.select("r", band_zone="zone_id", band_rel="releasability"), on="r", how="left")
    )
    rows = [_event(report, params) for report in frame.iter_rows(named=True)]
    return events_frame([row for row in rows if row is not None])


def _zone_hits(reports: pl.DataFrame, zones: pl.DataFrame) -> pl.DataFrame:
    """(report row, zone) pairs where the report lies inside a zone valid at its time."""
    area = zones.filter(pl.col("kind").is_in(["dmz", "withdrawal"]))
    empty = pl.DataFrame(
        schema={
            "r": pl.UInt32,
            "zone_id": pl.String,
            "kind": pl.String,
            "releasability": pl.List(pl.String),
            "distance_km": pl.Float64,
            "covers_weapon": pl.Boolean,
        }
    )
    if area.height == 0:
        return empty
    report_idx, zone_idx = locate_points(reports["lon"].to_numpy(), reports["lat"].to_numpy(), area)
    extra = [json.loads(p or "{}") for p in area["properties"].to_list()]
    zone_attrs = area.select(
        "zone_id", "kind", "releasability", "valid_from", "valid_to"
    ).with_columns(
        z=pl.int_range(pl.len(), dtype=pl.UInt32),
        distance_km=pl.Series([float(e.get("distance_km", 0.0)) for e in extra]),
        weapon_classes=pl.Series(
            [list(e.get("weapon_classes", [])) for e in extra], dtype=pl.List(pl.String)
        ),
    )
    pairs = pl.DataFrame({"r": report_idx.astype("uint32"), "z": zone_idx.astype("uint32")})
    observed = reports.select("observed_at", "weapon_class").with_row_index("r")
    return (
        pairs.join(zone_attrs, on="z")
        .join(observed, on="r")
        .filter(
            (pl.col("valid_from").is_null() | (pl.col("valid_from") <= pl.col("observed_at")))
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") > pl.col("observed_at")))
        )
        .with_columns(covers_weapon=pl.col("weapon_classes").list.contains(pl.col("weapon_class")))
        .select(empty.columns)
    )


def _event(report: dict[str, Any], params: ReportParams) -> dict[str, Any] | None:
    category = report["category"]
    in_dmz = report["dmz_zone"] is not None
    if category in params.fire_categories:
        kind, severity = "reported_violation", "critical" if in_dmz else "warning"
        zone, zone_rel = (report["dmz_zone"], report["dmz_rel"]) if in_dmz else (None, [])
    elif category in params.dmz_only_categories and in_dmz:
        kind, severity, zone, zone_rel = (
            "reported_violation",
            "critical",
            report["dmz_zone"],
            (report["dmz_rel"]),
        )
    elif category == "heavy_weapon_sighting" and report["band_zone"] is not None:
        kind, severity, zone, zone_rel = (
            "withdrawal_breach",
            "warning",
            report["band_zone"],
            (report["band_rel"]),
        )
    else:
        return None
    record = f"land_reports:{report['report_id']}"
    evidence: dict[str, Any] = {
        "records": [record],
        "line": report["line"],
        "team": report["team"],
        "reporting_nation": report["reporting_nation"],
        "category": category,
        "weapon_class": report["weapon_class"],
        "description": report["description"],
    }
    if report.get("source"):
        evidence["file"] = PurePath(report["source"]).name  # not the operator's full path
    where = f"in {zone}" if zone else f"at {report['lat']:.3f}N {report['lon']:.3f}E"
    return {
        "event_id": event_id(kind, report["report_id"], report["observed_at"], [record]),
        "objective": "land",
        "kind": kind,
        "subject": report["report_id"],
        "start_time": report["observed_at"],
        "end_time": report["observed_at"],
        "zone_id": zone,
        "severity": severity,
        "confidence": params.single_source_confidence,
        "title": f"{category.replace('_', ' ')} ({report['weapon_class'].replace('_', ' ')}) "
        f"{where}, reported by team {report['team']}",
        "detector": DETECTOR,
        "evidence": evidence,
        "releasability": combine_releasability(report["releasability"], zone_rel or []),
        "geometry": shapely.to_wkb(shapely.Point(report["lon"], report["lat"])),
    }
