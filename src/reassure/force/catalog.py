"""What the force is made of: capability codes, the places requirements name, lift modes.

A capability code names a kind of unit that nations pledge and requirements ask for.
Its ``troops`` count people per unit (for "troops deployed"), ``lift`` says how it
reaches the theatre (``self``: ships and aircraft move under their own power; ``air``,
``sea``, ``rail``: strategic lift, ``loads`` lift loads per unit) and ``tasks`` are
the tasks a requirement for it has unless it says otherwise (caveats such as "air
policing only" are judged against them).

Figures are planning orders of magnitude for exercises, not any nation's real ones.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CAPABILITIES",
    "LIFT_MODES",
    "OBJECTIVES",
    "PLACES",
    "Capability",
    "Place",
    "place_of",
]

OBJECTIVES = ("skies", "seas", "land", "support")
"""The four objectives a requirement serves (the force's own readiness is "force")."""
LIFT_MODES = ("self", "air", "sea", "rail")


@dataclass(frozen=True)
class Capability:
    code: str
    objective: str
    label: str
    troops: int
    """People per unit."""
    lift: str
    """``self``, ``air``, ``sea`` or ``rail``."""
    loads: float
    """Strategic lift loads one unit needs (0 for ``self``)."""
    tasks: tuple[str, ...]
    """Tasks a requirement for this capability has unless it lists its own."""


_C = Capability

# fmt: off
CAPABILITIES: dict[str, Capability] = {c.code: c for c in (
    _C("fighter_squadron", "skies", "Fighter Squadron", 250, "self", 0.0,
       ("air_policing", "combat_air_patrol")),
    _C("air_defence_battery", "skies", "Air Defence Battery", 120, "sea", 6.0,
       ("air_defence",)),
    _C("frigate", "seas", "Frigate", 200, "self", 0.0, ("escort", "patrol")),
    _C("mcm_vessel", "seas", "MCM Vessel", 45, "self", 0.0, ("mine_countermeasures",)),
    _C("maritime_patrol_aircraft", "seas", "Maritime Patrol Flight", 120, "self", 0.0,
       ("maritime_patrol",)),
    _C("mechanised_battalion", "land", "Mechanised Battalion", 650, "rail", 12.0,
       ("presence", "patrol")),
    _C("engineer_company", "land", "Engineer Company", 150, "rail", 4.0,
       ("demining", "construction")),
    _C("isr_drone_unit", "land", "ISR Drone Unit", 60, "air", 2.0, ("surveillance",)),
    _C("training_team", "support", "Training Team", 30, "air", 1.0, ("training",)),
    _C("hq_staff", "support", "HQ Staff Element", 40, "air", 1.0, ("command",)),
    _C("medical_unit", "support", "Medical Unit", 80, "air", 3.0, ("medical",)),
)}
# fmt: on


@dataclass(frozen=True)
class Place:
    """A place requirements name: its country, position, and which side of the Dnipro
    it lies (``None`` outside Ukraine)."""

    name: str
    country: str
    lon: float
    lat: float
    east_of_dnipro: bool | None


_P = Place

# fmt: off
PLACES: dict[str, Place] = {p.name: p for p in (
    _P("Kyiv", "UKR", 30.52, 50.45, False), _P("Lviv", "UKR", 24.03, 49.84, False),
    _P("Odesa", "UKR", 30.73, 46.48, False), _P("Mykolaiv", "UKR", 31.99, 46.97, False),
    _P("Dnipro", "UKR", 35.05, 48.46, False), _P("Kharkiv", "UKR", 36.23, 49.99, True),
    _P("Zaporizhzhia", "UKR", 35.14, 47.84, True),
    _P("Starokostiantyniv", "UKR", 27.22, 49.76, False),
    _P("South Ukraine NPP", "UKR", 31.22, 47.82, False),
    _P("Rzeszów", "POL", 22.00, 50.04, None),
    _P("Mihail Kogălniceanu", "ROU", 28.49, 44.36, None),
    _P("Constanța", "ROU", 28.65, 44.17, None), _P("Varna", "BGR", 27.91, 43.21, None),
    _P("Burgas", "BGR", 27.47, 42.50, None), _P("Paris", "FRA", 2.35, 48.86, None),
)}
# fmt: on
"""Bases and sites the scenario's requirements name. A requirement at another place
gives its ``country`` (and ``east_of_dnipro`` inside Ukraine) itself."""


def place_of(base: str) -> Place | None:
    """The known place a base text names (``"Kyiv (UKR)"`` or ``"Kyiv"``), if any."""
    name = base.split(" (")[0].strip()
    return PLACES.get(name)
