"""The scenario's 30 contributing nations and the host: who pledges what, how fast, from where.

Plausible, not real: GDP and population are rounded public orders of magnitude; the
weights, readiness classes, offers and caveats are invented for exercises. Distances
are rounded planning figures: ``sea_nm`` is the sea route from the nation's port to
Odesa (through the Turkish Straits), ``rail_km`` the rail route from its capital to
the Polish-Ukrainian border crossing at Medyka (``None``: no rail link worth planning
on: islands, other continents). Canada's land units move from its brigade in Latvia,
Finland's by the Tallinn ferry and the Baltic states.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NATIONS", "READINESS", "Nation", "contributors"]

READINESS = ("lead", "high", "standard")
"""How fast a nation's forces are: the two leads hold very high readiness forces, a
dozen larger or NATO-frontline nations hold high readiness, the rest follow on."""


@dataclass(frozen=True)
class Nation:
    code: str
    name: str
    role: str
    """lead, contributor or host."""
    gdp_busd: float
    population_m: float
    caveats: tuple[str, ...]
    """Caveats on all the nation's forces (``reassure.force.caveats`` wordings)."""
    weight: int
    """Share of the coalition's pledges (0 for the host)."""
    readiness: str
    """One of :data:`READINESS`."""
    offers: tuple[str, ...]
    """Capability codes it pledges, the most likely first."""
    home_base: str
    lon: float
    lat: float
    port: str | None
    """Naval base its ships sail from and sealift loads at."""
    sea_nm: int | None
    rail_km: int | None


_UN = "no deployment before a UN resolution"
_NO_TROOPS = "no ground troops inside Ukraine"
_MANDATE = "parliamentary mandate required before deployment"

_AIR = ("fighter_squadron", "air_defence_battery")
_SEA = ("frigate", "mcm_vessel")
_LAND = ("mechanised_battalion", "engineer_company", "isr_drone_unit")
_SUPPORT = ("training_team", "hq_staff", "medical_unit")
_ALL = (*_AIR, *_SEA, *_LAND, *_SUPPORT)
_BALTIC = ("isr_drone_unit", "engineer_company", *_SUPPORT)
# No nation pledges maritime patrol aircraft: the few there are stay with NATO's northern
# flank, so the statement of requirements asks for some that nobody offers.

_N = Nation

# fmt: off
NATIONS: tuple[Nation, ...] = (
    # code, name, role, GDP bn USD, population m, caveats, weight, readiness, offers,
    # home base, lon, lat, port, sea nm to Odesa, rail km to Medyka
    _N("AUS", "Australia", "contributor", 1800, 27.2, (), 3, "standard",
       ("isr_drone_unit", *_SUPPORT), "Canberra", 149.13, -35.28, None, None, None),
    _N("BEL", "Belgium", "contributor", 630, 11.8, (), 4, "high",
       ("fighter_squadron", "mcm_vessel", "frigate", "mechanised_battalion", *_SUPPORT),
       "Brussels", 4.35, 50.85, "Zeebrugge", 3550, 1700),
    _N("BGR", "Bulgaria", "contributor", 110, 6.4, (_NO_TROOPS,), 2, "standard",
       ("mcm_vessel", "frigate", *_SUPPORT), "Sofia", 23.32, 42.70, "Varna", 230, 900),
    _N("CAN", "Canada", "contributor", 2240, 41.0, (), 6, "high",
       ("frigate", "fighter_squadron", *_LAND, *_SUPPORT), "Ottawa", -75.70, 45.42,
       "Halifax", 5600, 1100),
    _N("CZE", "Czechia", "contributor", 340, 10.9, (), 3, "standard",
       ("fighter_squadron", *_LAND, *_SUPPORT), "Prague", 14.42, 50.08, None, None, 700),
    _N("DEU", "Germany", "contributor", 4530, 83.3, (_MANDATE,), 9, "high", _ALL,
       "Berlin", 13.40, 52.52, "Wilhelmshaven", 3800, 1000),
    _N("DNK", "Denmark", "contributor", 400, 5.9, (), 4, "high",
       ("fighter_squadron", "frigate", "mechanised_battalion", "isr_drone_unit", *_SUPPORT),
       "Copenhagen", 12.57, 55.68, "Frederikshavn", 4100, 1300),
    _N("ESP", "Spain", "contributor", 1620, 48.6, (), 6, "high", _ALL,
       "Madrid", -3.70, 40.42, "Rota", 2300, 3200),
    _N("EST", "Estonia", "contributor", 41, 1.4, (), 2, "standard", _BALTIC,
       "Tallinn", 24.75, 59.44, None, None, 1350),
    _N("FIN", "Finland", "contributor", 300, 5.6,
       ("units recallable for national defence at 10 days' notice",), 4, "high",
       ("air_defence_battery", *_BALTIC), "Helsinki", 24.94, 60.17, "Helsinki", 4900, 1450),
    _N("FRA", "France", "lead", 3030, 68.4, (), 18, "lead", _ALL,
       "Paris", 2.35, 48.86, "Toulon", 1700, 2000),
    _N("GBR", "United Kingdom", "lead", 3340, 68.3, (), 18, "lead", _ALL,
       "London", -0.13, 51.51, "Portsmouth", 3400, 2400),
    _N("GRC", "Greece", "contributor", 250, 10.4, (), 3, "standard",
       ("frigate", "mcm_vessel", "fighter_squadron", *_SUPPORT), "Athens", 23.73, 37.98,
       "Salamis", 700, 1700),
    _N("HRV", "Croatia", "contributor", 92, 3.9, (), 2, "standard",
       ("fighter_squadron", "mechanised_battalion", *_SUPPORT), "Zagreb", 15.98, 45.81,
       None, None, 1000),
    _N("IRL", "Ireland", "contributor", 550, 5.3, (_UN, "no combat role"), 1, "standard",
       ("medical_unit", "hq_staff", "training_team"), "Dublin", -6.26, 53.35, None, None, None),
    _N("ISL", "Iceland", "contributor", 33, 0.4, ("civilian experts only",), 1, "standard",
       ("hq_staff", "medical_unit"), "Reykjavík", -21.94, 64.15, None, None, None),
    _N("ITA", "Italy", "contributor", 2250, 59.0, (_UN,), 7, "high", _ALL,
       "Rome", 12.50, 41.90, "Taranto", 1150, 1900),
    _N("JPN", "Japan", "contributor", 4070, 124.0,
       ("no armed forces deployed in Ukraine", "non-combat support only"), 2, "standard",
       ("medical_unit", "hq_staff", "training_team"), "Tokyo", 139.69, 35.69, None, None, None),
    _N("LTU", "Lithuania", "contributor", 79, 2.9, (), 2, "standard", _BALTIC,
       "Vilnius", 25.28, 54.69, None, None, 800),
    _N("LUX", "Luxembourg", "contributor", 93, 0.7, (), 1, "standard",
       ("isr_drone_unit", "medical_unit", "hq_staff"), "Luxembourg", 6.13, 49.61,
       None, None, 1600),
    _N("LVA", "Latvia", "contributor", 43, 1.9, (), 2, "standard", _BALTIC,
       "Riga", 24.11, 56.95, None, None, 1050),
    _N("NLD", "Netherlands", "contributor", 1150, 17.9, (_MANDATE,), 5, "high",
       ("mcm_vessel", "air_defence_battery", "frigate", "fighter_squadron", *_LAND, *_SUPPORT),
       "The Hague", 4.30, 52.08, "Den Helder", 3700, 1600),
    _N("NOR", "Norway", "contributor", 480, 5.5, (), 4, "high",
       ("frigate", "fighter_squadron", "air_defence_battery", "isr_drone_unit", *_SUPPORT),
       "Oslo", 10.75, 59.91, "Bergen", 4100, 1900),
    _N("NZL", "New Zealand", "contributor", 255, 5.3, ("training outside Ukraine only",), 1,
       "standard", _SUPPORT, "Wellington", 174.78, -41.29, None, None, None),
    _N("POL", "Poland", "contributor", 860, 36.6, (_NO_TROOPS,), 6, "high",
       ("air_defence_battery", "fighter_squadron", "mcm_vessel", "engineer_company",
        *_SUPPORT), "Warsaw", 21.01, 52.23, "Gdynia", 4600, 400),
    _N("PRT", "Portugal", "contributor", 300, 10.6, (), 3, "standard",
       ("frigate", "mechanised_battalion", "engineer_company", *_SUPPORT),
       "Lisbon", -9.14, 38.72, "Lisbon", 2500, 3800),
    _N("ROU", "Romania", "contributor", 380, 19.0, (_NO_TROOPS,), 4, "standard",
       ("frigate", "mcm_vessel", "fighter_squadron", *_SUPPORT), "Bucharest", 26.10, 44.43,
       "Constanța", 170, 600),
    _N("SVN", "Slovenia", "contributor", 72, 2.1, (), 1, "standard",
       ("engineer_company", *_SUPPORT), "Ljubljana", 14.51, 46.06, None, None, 1000),
    _N("SWE", "Sweden", "contributor", 590, 10.5, (), 5, "high",
       ("fighter_squadron", "mcm_vessel", "air_defence_battery", *_LAND, *_SUPPORT),
       "Stockholm", 18.07, 59.33, "Karlskrona", 4500, 1500),
    _N("TUR", "Türkiye", "contributor", 1320, 85.5,
       ("Black Sea naval tasks under the Montreux Convention",), 7, "high",
       ("frigate", "mcm_vessel", "fighter_squadron", *_LAND, *_SUPPORT), "Ankara", 32.86,
       39.93, "Gölcük", 400, 1600),
    _N("UKR", "Ukraine", "host", 190, 35.0, (), 0, "standard", (), "Kyiv", 30.52, 50.45,
       None, None, None),
)
# fmt: on
"""The 30 contributing nations (GBR and FRA lead) and the host nation, by code."""


def contributors() -> tuple[Nation, ...]:
    """The nations that pledge forces (everyone but the host)."""
    return tuple(n for n in NATIONS if n.role != "host")
