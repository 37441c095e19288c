"""Zones of a notional ceasefire agreement, written to ``zones.geojson``.

Land: the line of contact, a demilitarised zone of :data:`DMZ_HALF_WIDTH_M` either
side cut into sectors, and heavy-weapon withdrawal bands modelled on the Minsk II
Package of Measures (12 February 2015), article 2: "withdrawal of all heavy weapons by
both sides by equal distances in order to create a security zone of at least 50 km
wide from each other for the artillery systems of caliber of 100 and more, a security
zone of 70 km wide for MLRS and 140 km wide for MLRS Tornado-S, Uragan, Smerch and
Tactical Missile Systems (Tochka, Tochka U)". Minsk II's figures are zone *widths*
(25, 35 and 70 km per side); this notional agreement applies them to *each side* of
the line (:data:`WITHDRAWAL_BANDS`), the stricter reading the coalition plans for.

Seas: a shipping corridor from the Odesa ports to the Bosporus, port zones and
maritime exclusion zones (the corridor is carved out of them). Skies: protected
airspace over three cities and the four nuclear power plants. Every zone is valid
from the scenario start; one exclusion zone is temporary.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import shapely
from shapely import Geometry

from reassure.geo.basemap import sea_polygon, ukraine_polygon
from reassure.geo.metric import NAUTICAL_MILE_M, circle, length_m, local_projection
from reassure.scenario.context import ScenarioContext, ZoneShape, geojson_geometry, iso_z
from reassure.scenario.places import (
    CORRIDOR_SPURS,
    CORRIDOR_TRUNK,
    NUCLEAR_PLANTS,
    PORTS,
    PROTECTED_CITIES,
    SECTOR_CUTS,
    SECTOR_NAMES,
)
from reassure.scenario.shapes import canonical_lines, canonical_polygons, split_along_line

__all__ = ["DMZ_HALF_WIDTH_M", "ORDER", "WITHDRAWAL_BANDS", "generate"]

ORDER = 10

DMZ_HALF_WIDTH_M = 15_000.0
"""The demilitarised zone reaches this far either side of the line of contact."""
WITHDRAWAL_BANDS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("artillery", ("artillery_100mm_plus",), 50.0),
    ("mlrs", ("mlrs",), 70.0),
    ("heavy-mlrs", ("heavy_mlrs",), 140.0),
)
"""(zone suffix, weapon classes, km each side of the line): Minsk II art. 2 distances."""
BAND_TOLERANCE_M = 1_000.0
"""Largest simplification of the line before a band is drawn (see ``_land``)."""
CORRIDOR_HALF_WIDTH_M = 5 * NAUTICAL_MILE_M
PORT_RADIUS_M = 3_000.0
CITY_AIRSPACE_RADIUS_M = 40_000.0
PLANT_AIRSPACE_RADIUS_M = 30_000.0
PLANT_SITE_RADIUS_M = 5_000.0
AIRSPACE_CEILING_FT = 66_000.0
"""FL660: the top of controlled airspace in Europe."""
ZMIINYI = (30.2045, 45.2553)
"""Zmiinyi (Snake) Island."""
CORRIDOR_CLEARANCE_M = NAUTICAL_MILE_M
"""Exclusion zones keep this far from the corridor, so a ship in it never enters one."""

_RESTRICTED = ["FRA", "GBR", "UKR"]


def generate(ctx: ScenarioContext) -> None:
    """Build every zone, keep them in ``ctx.zones`` and write ``zones.geojson``."""
    zones = [*_land(ctx), *_seas(ctx), *_skies()]
    for zone in zones:
        ctx.zones[zone.zone_id] = zone
    valid_from = iso_z(ctx.start)
    features = []
    for zone_id in sorted(ctx.zones):
        zone = ctx.zones[zone_id]
        props: dict[str, Any] = {
            "zone_id": zone.zone_id,
            "kind": zone.kind,
            "objective": zone.objective,
            "valid_from": valid_from,
            "releasability": [],
            **zone.properties,
        }
        features.append(
            {"type": "Feature", "properties": props, "geometry": geojson_geometry(zone.geometry)}
        )
    ctx.write_geojson("zones.geojson", features)
    ctx.counts["zones"] = len(features)


def _zone(zone_id: str, kind: str, objective: str, geometry: Geometry, **props: Any) -> ZoneShape:
    if geometry.is_empty:
        raise ValueError(f"zone {zone_id} came out empty")
    return ZoneShape(zone_id, kind, objective, geometry, props)


def _land(ctx: ScenarioContext) -> list[ZoneShape]:
    ukraine = ukraine_polygon()
    source = ctx.line
    line = canonical_lines(source.geometry)
    minx, miny, maxx, maxy = line.bounds
    plane = local_projection((minx + maxx) / 2, (miny + maxy) / 2)
    line_m = plane.to_metric(line)
    notional = source.name == "notional"
    origin = (
        "NOTIONAL built-in line through public town coordinates; not authoritative"
        if notional
        else f"derived from {source.name} (boundary of the occupied area minus the border "
        "and coast); a test derivation, not authoritative"
    )
    zones = [
        _zone(
            "line-of-contact",
            "line_of_contact",
            "land",
            line,
            name="Line of contact" + (" (notional)" if notional else ""),
            source=origin,
            length_km=round(length_m(line) / 1000, 1),
        )
    ]

    def band(distance_m: float) -> Geometry:
        # Simplifying first moves an edge by at most the tolerance (150 m for the DMZ,
        # 1 km at most), well inside the 2 km clearance of planted points, and makes the
        # wide bands of a detailed line several times faster.
        simple = shapely.simplify(line_m, min(distance_m / 100, BAND_TOLERANCE_M))
        return shapely.intersection(
            plane.to_lonlat(simple.buffer(distance_m, quad_segs=12)), ukraine
        )

    dmz = canonical_polygons(band(DMZ_HALF_WIDTH_M))
    half_km = DMZ_HALF_WIDTH_M / 1000
    zones.append(_zone("dmz", "dmz", "land", dmz, name="Demilitarised zone", half_width_km=half_km))
    cuts = [(lon, lat) for _, lon, lat in SECTOR_CUTS]
    pieces = split_along_line(dmz, line, source.main, cuts, plane)
    for name, piece in zip(SECTOR_NAMES, pieces, strict=True):
        zones.append(
            _zone(
                f"dmz-sector-{name.lower()}",
                "sector",
                "land",
                canonical_polygons(piece),
                name=f"DMZ sector {name}",
                sector=name,
                dmz_zone_id="dmz",
            )
        )
    for suffix, classes, distance_km in WITHDRAWAL_BANDS:
        geometry = canonical_polygons(shapely.difference(band(distance_km * 1000), dmz))
        zones.append(
            _zone(
                f"withdrawal-{suffix}-{distance_km:.0f}km",
                "withdrawal",
                "land",
                geometry,
                name=f"Withdrawal band {', '.join(classes)} ({distance_km:.0f} km)",
                weapon_classes=list(classes),
                distance_km=distance_km,
                authority="Minsk II Package of Measures art. 2 (distance applied each side)",
            )
        )
    for suffix, name, lon, lat in NUCLEAR_PLANTS:
        zones.append(
            _zone(
                f"site-{suffix}",
                "protected_site",
                "land",
                canonical_polygons(circle(lon, lat, PLANT_SITE_RADIUS_M)),
                name=name,
                radius_km=PLANT_SITE_RADIUS_M / 1000,
            )
        )
    return zones


def _seas(ctx: ScenarioContext) -> list[ZoneShape]:
    sea = sea_polygon()
    trunk = [(lon, lat) for _, lon, lat in CORRIDOR_TRUNK]
    spurs = [[(lon, lat) for _, lon, lat in spur] for spur in CORRIDOR_SPURS]
    route = shapely.MultiLineString([trunk, *spurs])
    minx, miny, maxx, maxy = route.bounds
    plane = local_projection((minx + maxx) / 2, (miny + maxy) / 2)
    route_m = plane.to_metric(route)
    corridor = canonical_polygons(
        shapely.intersection(plane.to_lonlat(route_m.buffer(CORRIDOR_HALF_WIDTH_M)), sea)
    )
    keep_clear = plane.to_lonlat(route_m.buffer(CORRIDOR_HALF_WIDTH_M + CORRIDOR_CLEARANCE_M))
    zones = [
        _zone(
            "corridor-black-sea",
            "corridor",
            "seas",
            corridor,
            name="Black Sea shipping corridor (Odesa ports to the Bosporus)",
            half_width_nm=5,
        )
    ]
    for suffix, name, country, lon, lat in PORTS:
        zones.append(
            _zone(
                f"port-{suffix}",
                "port",
                "seas",
                canonical_polygons(circle(lon, lat, PORT_RADIUS_M)),
                name=f"Port of {name}",
                country=country,
                radius_km=PORT_RADIUS_M / 1000,
            )
        )

    def exclusion(shape: Geometry) -> Geometry:
        return canonical_polygons(shapely.difference(shapely.intersection(shape, sea), keep_clear))

    zones.append(
        _zone(
            "exclusion-zmiinyi",
            "exclusion",
            "seas",
            exclusion(circle(*ZMIINYI, 12 * NAUTICAL_MILE_M)),
            name="Zmiinyi (Snake) Island 12 NM, corridor excepted",
            radius_nm=12,
        )
    )
    zones.append(
        _zone(
            "exclusion-crimea-west",
            "exclusion",
            "seas",
            exclusion(shapely.box(31.8, 44.7, 32.8, 45.2)),
            name="Maritime exclusion box off western Crimea",
            releasability=_RESTRICTED,
        )
    )
    valid_to = ctx.start + timedelta(hours=12 * ctx.days)  # half-way through the window
    zones.append(
        _zone(
            "exclusion-mcm-temporary",
            "exclusion",
            "seas",
            exclusion(circle(31.20, 45.95, 5 * NAUTICAL_MILE_M)),
            name="Temporary mine-countermeasures area",
            radius_nm=5,
            valid_to=iso_z(valid_to),
        )
    )
    return zones


def _skies() -> list[ZoneShape]:
    places = [(s, n, lon, lat, CITY_AIRSPACE_RADIUS_M) for s, n, lon, lat in PROTECTED_CITIES]
    places += [(s, n, lon, lat, PLANT_AIRSPACE_RADIUS_M) for s, n, lon, lat in NUCLEAR_PLANTS]
    return [
        _zone(
            f"airspace-{suffix}",
            "protected_airspace",
            "skies",
            canonical_polygons(circle(lon, lat, radius)),
            name=f"Protected airspace {name}",
            floor_ft=0.0,
            ceiling_ft=AIRSPACE_CEILING_FT,
            radius_km=radius / 1000,
        )
        for suffix, name, lon, lat, radius in places
    ]
