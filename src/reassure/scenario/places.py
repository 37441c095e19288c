"""Named places the scenario is built on: public town, port and plant coordinates.

Coordinates are (lon, lat) in WGS84 degrees, rounded to 0.01° (about 1 km) for towns,
from public gazetteers (GeoNames, WRI Global Power Plant Database for the NPPs).
"""

from __future__ import annotations

__all__ = [
    "CORRIDOR_SPURS",
    "CORRIDOR_TRUNK",
    "NOTIONAL_LINE",
    "NUCLEAR_PLANTS",
    "PORTS",
    "PROTECTED_CITIES",
    "SECTOR_CUTS",
    "SECTOR_NAMES",
]

Place = tuple[str, float, float]

NOTIONAL_LINE: tuple[Place, ...] = (
    ("Russian border north-east of Dvorichna", 37.80, 50.05),
    ("Dvorichna (Oskil)", 37.68, 49.85),
    ("Kupiansk (Oskil)", 37.61, 49.71),
    ("Kupiansk-Vuzlovyi", 37.70, 49.62),
    ("Borova", 37.62, 49.38),
    ("Lyman", 37.80, 48.99),
    ("Siversk", 38.10, 48.87),
    ("Chasiv Yar", 37.84, 48.59),
    ("Toretsk", 37.85, 48.40),
    ("Kostiantynivka", 37.71, 48.53),
    ("Rodynske", 37.28, 48.36),
    ("Dobropillia salient", 37.15, 48.47),
    ("Pokrovsk", 37.18, 48.28),
    ("Udachne", 36.95, 48.23),
    ("Dnipropetrovsk oblast border near Dachne", 36.58, 48.08),
    ("Velyka Novosilka", 36.83, 47.84),
    ("Huliaipole", 36.26, 47.66),
    ("Orikhiv", 35.79, 47.57),
    ("Stepnohirsk", 35.48, 47.58),
    ("Kamianske (Zaporizhzhia)", 35.35, 47.50),
    ("Dnipro north of Vasylivka", 35.15, 47.53),
    ("Kakhovka reservoir off Nikopol", 34.55, 47.55),
    ("Dnipro off Velyka Znamianka", 34.20, 47.45),
    ("Dnipro off Velyka Lepetykha", 33.85, 47.18),
    ("Dnipro off Kakhovka", 33.45, 46.80),
    ("Dnipro off Antonivka", 33.00, 46.68),
    ("Dnipro south of Kherson", 32.62, 46.62),
    ("Dnipro delta", 32.30, 46.52),
    ("Kinburn spit", 31.55, 46.55),
)
"""A NOTIONAL line of contact, 2025–26 shape, through public town coordinates from the
Russian border east of the Oskil, down the Donbas front, west along the southern
front and down the Dnipro to the Kinburn spit. It is a drawing for exercises, NOT an
authoritative front line (the DeepStateMap geometry cannot be shipped: its licence
is unclear; pass ``--frontline`` to derive the line from such a file instead)."""

SECTOR_NAMES = ("Kharkiv", "Donetsk", "Zaporizhzhia", "Kherson")
"""DMZ sectors, north to south along the line."""

SECTOR_CUTS: tuple[Place, ...] = (
    ("Kharkiv|Donetsk", 37.95, 49.10),
    ("Donetsk|Zaporizhzhia", 36.60, 47.90),
    ("Zaporizhzhia|Kherson", 34.05, 47.40),
)
"""Points near the oblast boundaries where the line is cut into sectors (each is
projected onto the line, whatever the line's source)."""

PORTS: tuple[tuple[str, str, str, float, float], ...] = (
    ("odesa", "Odesa", "UKR", 30.75, 46.50),
    ("chornomorsk", "Chornomorsk", "UKR", 30.67, 46.30),
    ("pivdennyi", "Pivdennyi", "UKR", 31.01, 46.60),
    ("izmail", "Izmail", "UKR", 28.83, 45.34),
    ("constanta", "Constanța", "ROU", 28.66, 44.16),
    ("istanbul", "Istanbul (Bosporus north entrance)", "TUR", 29.12, 41.22),
)
"""(zone suffix, name, country, lon, lat) of the port zones."""

CORRIDOR_TRUNK: tuple[Place, ...] = (
    ("Odesa port", 30.75, 46.50),
    ("Odesa bay", 30.82, 46.38),
    ("off Chornomorsk", 30.72, 46.18),
    ("off Zatoka", 30.52, 45.95),
    ("off Bilhorod-Dnistrovskyi coast", 30.15, 45.72),
    ("off Zhebriiany", 29.85, 45.46),
    ("off Sulina", 29.80, 45.12),
    ("off Sfântu Gheorghe", 29.70, 44.80),  # clear of the delta: no pinch off the St George arm
    ("off Gura Portiței", 29.20, 44.65),
    ("off Constanța", 28.85, 44.15),
    ("off Mangalia", 28.80, 43.75),
    ("off Cape Kaliakra", 28.70, 43.35),
    ("off Varna", 28.20, 43.05),
    ("off Cape Emine", 28.10, 42.62),
    ("off Rezovo", 28.30, 42.00),
    ("off Kıyıköy", 28.75, 41.55),
    ("Bosporus north entrance", 29.12, 41.22),
)
"""Waypoints of the Black Sea shipping corridor (notional), north to south."""

CORRIDOR_SPURS: tuple[tuple[Place, ...], ...] = (
    (("Pivdennyi port", 31.01, 46.60), ("Odesa bay", 30.82, 46.38)),
    (("Chornomorsk port", 30.67, 46.30), ("off Chornomorsk", 30.72, 46.18)),
)
"""Approaches joining the other Odesa-area ports to the trunk."""

NUCLEAR_PLANTS: tuple[tuple[str, str, float, float], ...] = (
    ("znpp", "Zaporizhzhia NPP", 34.5863, 47.5119),
    ("sunpp", "South Ukraine NPP", 31.22, 47.81),
    ("khnpp", "Khmelnytskyi NPP", 26.65, 50.30),
    ("rnpp", "Rivne NPP", 25.89, 51.33),
)
"""(zone suffix, name, lon, lat) of Ukraine's four nuclear power plants (WRI GPPD)."""

PROTECTED_CITIES: tuple[tuple[str, str, float, float], ...] = (
    ("kyiv", "Kyiv", 30.52, 50.45),
    ("odesa", "Odesa", 30.73, 46.48),
    ("lviv", "Lviv", 24.03, 49.84),
)
"""(zone suffix, name, lon, lat) of cities under protected airspace."""
