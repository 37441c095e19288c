"""Static tables of the scenario's coalition: nations, capabilities, requirement templates.

Plausible, not real: GDP and population are rounded public orders of magnitude; the
caveats, weights and capability profiles are invented for exercises.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CAPABILITIES",
    "NATIONS",
    "REQUIREMENT_TEMPLATES",
    "Capability",
    "Nation",
    "RequirementTemplate",
]


@dataclass(frozen=True)
class Capability:
    code: str
    objective: str
    """skies, seas, land or support."""
    label: str
    cost_meur: float
    """Cost of one unit for one rotation, million euro (before national factors)."""
    caveats: tuple[str, ...]
    """Pledge caveats that make sense for this capability."""


_UN = "no deployment before a UN resolution"

_C = Capability
_OUTSIDE = "from bases outside Ukraine only"
_WEST = "west of the Dnipro only"
_EAST32 = "not east of 32°E"

# fmt: off
CAPABILITIES: dict[str, Capability] = {c.code: c for c in (
    _C("fighter_squadron", "skies", "Fighter Squadron", 120.0,
       ("air policing only", _OUTSIDE, "not over the line of contact")),
    _C("air_defence_battery", "skies", "Air Defence Battery", 60.0, (_WEST, _UN)),
    _C("frigate", "seas", "Frigate", 45.0, ("escort duties only", _EAST32, _UN)),
    _C("mcm_vessel", "seas", "MCM Vessel", 12.0, (_EAST32, _UN)),
    _C("maritime_patrol_aircraft", "seas", "Maritime Patrol Flight", 30.0,
       (_OUTSIDE, "international airspace only")),
    _C("mechanised_battalion", "land", "Mechanised Battalion", 90.0,
       ("not east of the Dnipro", "not within 50 km of the line of contact", _UN)),
    _C("engineer_company", "land", "Engineer Company", 15.0,
       ("demining only", "not east of the Dnipro")),
    _C("isr_drone_unit", "land", "ISR Drone Unit", 10.0, ("no flights over the line of contact",)),
    _C("training_team", "support", "Training Team", 4.0, ("training outside Ukraine only", _UN)),
    _C("hq_staff", "support", "HQ Staff Element", 8.0, ("Kyiv HQ only",)),
    _C("medical_unit", "support", "Medical Unit", 12.0, (_WEST,)),
)}
# fmt: on

_AIR = ("fighter_squadron", "air_defence_battery")
_SEA = ("frigate", "mcm_vessel", "maritime_patrol_aircraft")
_LAND = ("mechanised_battalion", "engineer_company", "isr_drone_unit")
_SUPPORT = ("training_team", "hq_staff", "medical_unit")
_ALL = _AIR + _SEA + _LAND + _SUPPORT
_BALTIC = ("isr_drone_unit", "engineer_company", *_SUPPORT)


@dataclass(frozen=True)
class Nation:
    code: str
    name: str
    role: str
    gdp_busd: float
    population_m: float
    caveats: tuple[str, ...]
    weight: int
    """Share of the coalition's pledges (0 for the host)."""
    capabilities: tuple[str, ...]
    home_base: str


_NO_TROOPS = "no ground troops inside Ukraine"
_MANDATE = "parliamentary mandate required before deployment"
_FIGHTERS_NAVY = ("fighter_squadron", "frigate", "mcm_vessel")

_Row = tuple[str, str, str, float, float, tuple[str, ...], int, tuple[str, ...], str]

# fmt: off
_ROWS: tuple[_Row, ...] = (
    # code, name, role, GDP bn USD, population m, caveats, weight, capabilities, home base
    ("AUS", "Australia", "contributor", 1800, 27.2, (), 4,
     ("maritime_patrol_aircraft", "isr_drone_unit", *_SUPPORT), "Canberra"),
    ("BEL", "Belgium", "contributor", 630, 11.8, (), 4,
     (*_FIGHTERS_NAVY, "mechanised_battalion", *_SUPPORT), "Brussels"),
    ("BGR", "Bulgaria", "contributor", 110, 6.4, (_NO_TROOPS,), 2,
     ("frigate", "mcm_vessel", *_SUPPORT), "Varna"),
    ("CAN", "Canada", "contributor", 2240, 41.0, (), 6, _ALL, "Ottawa"),
    ("CZE", "Czechia", "contributor", 340, 10.9, (), 3,
     ("fighter_squadron", *_LAND, *_SUPPORT), "Prague"),
    ("DEU", "Germany", "contributor", 4530, 83.3, (_MANDATE,), 9, _ALL, "Berlin"),
    ("DNK", "Denmark", "contributor", 400, 5.9, (), 4,
     ("fighter_squadron", "frigate", "mechanised_battalion", "isr_drone_unit", *_SUPPORT),
     "Copenhagen"),
    ("ESP", "Spain", "contributor", 1620, 48.6, (), 6, _ALL, "Madrid"),
    ("EST", "Estonia", "contributor", 41, 1.4, (), 2, _BALTIC, "Tallinn"),
    ("FIN", "Finland", "contributor", 300, 5.6,
     ("units recallable for national defence at 10 days' notice",), 4,
     ("air_defence_battery", *_BALTIC), "Helsinki"),
    ("FRA", "France", "lead", 3030, 68.4, (), 14, _ALL, "Paris"),
    ("GBR", "United Kingdom", "lead", 3340, 68.3, (), 14, _ALL, "London"),
    ("GRC", "Greece", "contributor", 250, 10.4, (), 3, (*_FIGHTERS_NAVY, *_SUPPORT), "Athens"),
    ("HRV", "Croatia", "contributor", 92, 3.9, (), 2,
     ("fighter_squadron", "mechanised_battalion", *_SUPPORT), "Zagreb"),
    ("IRL", "Ireland", "contributor", 550, 5.3, (_UN, "no combat role"), 1,
     ("medical_unit", "hq_staff", "training_team"), "Dublin"),
    ("ISL", "Iceland", "contributor", 33, 0.4, ("civilian experts only",), 1,
     ("hq_staff", "medical_unit"), "Reykjavík"),
    ("ITA", "Italy", "contributor", 2250, 59.0, (_UN,), 7, _ALL, "Rome"),
    ("JPN", "Japan", "contributor", 4070, 124.0,
     ("no armed forces deployed in Ukraine", "non-combat support only"), 2,
     ("medical_unit", "hq_staff", "training_team"), "Tokyo"),
    ("LTU", "Lithuania", "contributor", 79, 2.9, (), 2, _BALTIC, "Vilnius"),
    ("LUX", "Luxembourg", "contributor", 93, 0.7, (), 1,
     ("isr_drone_unit", "medical_unit", "hq_staff"), "Luxembourg"),
    ("LVA", "Latvia", "contributor", 43, 1.9, (), 2, _BALTIC, "Riga"),
    ("NLD", "Netherlands", "contributor", 1150, 17.9, (_MANDATE,), 5, _ALL, "The Hague"),
    ("NOR", "Norway", "contributor", 480, 5.5, (), 4,
     (*_AIR, "frigate", "maritime_patrol_aircraft", "isr_drone_unit", *_SUPPORT), "Oslo"),
    ("NZL", "New Zealand", "contributor", 255, 5.3, ("training outside Ukraine only",), 1,
     _SUPPORT, "Wellington"),
    ("POL", "Poland", "contributor", 860, 36.6, (_NO_TROOPS,), 6,
     (*_AIR, "mcm_vessel", "engineer_company", *_SUPPORT), "Warsaw"),
    ("PRT", "Portugal", "contributor", 300, 10.6, (), 3,
     ("frigate", "maritime_patrol_aircraft", "mechanised_battalion", *_SUPPORT), "Lisbon"),
    ("ROU", "Romania", "contributor", 380, 19.0, (_NO_TROOPS,), 4,
     (*_FIGHTERS_NAVY, *_SUPPORT), "Bucharest"),
    ("SVN", "Slovenia", "contributor", 72, 2.1, (), 1, ("engineer_company", *_SUPPORT),
     "Ljubljana"),
    ("SWE", "Sweden", "contributor", 590, 10.5, (), 5,
     (*_AIR, "mcm_vessel", *_LAND, *_SUPPORT), "Stockholm"),
    ("TUR", "Türkiye", "contributor", 1320, 85.5,
     ("Black Sea naval tasks under the Montreux Convention",), 7, _ALL, "Ankara"),
    ("UKR", "Ukraine", "host", 190, 35.0, (), 0, (), "Kyiv"),
)
# fmt: on

NATIONS: tuple[Nation, ...] = tuple(Nation(*row) for row in _ROWS)
"""The 30 contributing nations (GBR and FRA lead) and the host nation, by code."""


@dataclass(frozen=True)
class RequirementTemplate:
    capability: str
    quantity: tuple[int, int]
    """Smallest and largest quantity asked for."""
    bases: tuple[str, ...]
    rotation_months: int
    in_sectors: bool = False
    """Land requirements are stated per DMZ sector."""


_SECTOR_BASES = ("Dnipro (UKR)", "Kharkiv (UKR)", "Zaporizhzhia (UKR)", "Mykolaiv (UKR)")
_AIR_BASES = ("Rzeszów (POL)", "Starokostiantyniv (UKR)", "Mihail Kogălniceanu (ROU)")
_AD_SITES = ("Kyiv (UKR)", "Odesa (UKR)", "South Ukraine NPP (UKR)", "Lviv (UKR)")
_Template = RequirementTemplate

# fmt: off
REQUIREMENT_TEMPLATES: tuple[RequirementTemplate, ...] = (
    _Template("fighter_squadron", (1, 2), _AIR_BASES, 6),
    _Template("air_defence_battery", (1, 3), _AD_SITES, 6),
    _Template("frigate", (1, 2), ("Odesa (UKR)", "Constanța (ROU)"), 4),
    _Template("mcm_vessel", (2, 4), ("Odesa (UKR)", "Constanța (ROU)", "Varna (BGR)"), 6),
    _Template("maritime_patrol_aircraft", (1, 2), ("Mihail Kogălniceanu (ROU)", "Burgas (BGR)"), 6),
    _Template("mechanised_battalion", (1, 2), _SECTOR_BASES, 4, in_sectors=True),
    _Template("isr_drone_unit", (1, 3), _SECTOR_BASES, 6, in_sectors=True),
    _Template("engineer_company", (1, 3), _SECTOR_BASES, 4, in_sectors=True),
    _Template("medical_unit", (1, 2), ("Kyiv (UKR)", "Dnipro (UKR)", "Rzeszów (POL)"), 6),
    _Template("training_team", (2, 6), ("Lviv (UKR)", "Kyiv (UKR)", "Rzeszów (POL)"), 6),
    _Template("hq_staff", (1, 2), ("Kyiv (UKR)", "Paris (FRA)"), 6),
)
# fmt: on
"""Requirement ``i`` follows template ``i mod 11``; bases and sectors rotate by cycle."""
