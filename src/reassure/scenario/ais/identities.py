"""Plausible identities for the AIS scenario: MMSI, IMO number, call sign, name, particulars.

:class:`Registry` issues them unique within one scenario, from the scenario's random
stream; :func:`imo_number`, :func:`callsign` and :func:`ship_names` draw single values.
"""

from __future__ import annotations

import numpy as np

from reassure.scenario.ais.traffic import Vessel

__all__ = [
    "CONVENIENCE_FLAGS",
    "MERCHANT_FLAGS",
    "Registry",
    "callsign",
    "imo_number",
    "ship_names",
]

MERCHANT_FLAGS: tuple[tuple[int, str, float], ...] = (
    (256, "9HA####", 9), (215, "9HA####", 5), (248, "9HA####", 5), (229, "9HA####", 4),
    (538, "V7@@#", 9), (636, "D5@@#", 7), (636, "A8@@#", 4), (351, "3E@@#", 4),
    (352, "HO####", 3), (355, "3F@@#", 3), (370, "HP####", 3), (271, "TC@@##", 8),
    (272, "UR@@@", 6), (264, "YQ@@", 3), (207, "LZ@@#", 3), (255, "CQ@@#", 3),
    (209, "5B@@#", 4), (210, "5B@@#", 3), (241, "SV@@#", 4), (240, "SV@@#", 2),
)  # fmt: skip
"""(MID, call sign pattern, weight) of merchant ships in the corridor: Malta, Marshall
Islands, Liberia, Panama, Türkiye, Ukraine, Romania, Bulgaria, Madeira, Cyprus, Greece.
Patterns: ``@`` a letter, ``#`` a digit."""
CONVENIENCE_FLAGS: tuple[tuple[int, str, float], ...] = (
    (626, "TR@@#", 3), (613, "TJ@@#", 3), (620, "D6@@#", 3), (667, "9L@@#", 3),
    (511, "T8A###", 3), (518, "E5U###", 2), (341, "V4@@#", 2), (312, "V3@@#", 2),
    (577, "YJ@@#", 2), (352, "HO####", 2),
)  # fmt: skip
"""Flags of convenience (Gabon, Cameroon, Comoros, Sierra Leone, Palau, Cook Islands,
St Kitts and Nevis, Belize, Vanuatu, Panama) for the planted vessels."""

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def callsign(rng: np.random.Generator, pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "@":
            out.append(_LETTERS[int(rng.integers(26))])
        elif ch == "#":
            out.append(str(int(rng.integers(10))))
        else:
            out.append(ch)
    return "".join(out)


def imo_number(rng: np.random.Generator) -> int:
    """A valid IMO ship number: six digits and the check digit (sum of digit × 7..2, mod 10)."""
    six = int(rng.integers(700_000, 1_000_000))
    digits = [int(c) for c in f"{six:06d}"]
    check = sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return six * 10 + check


_ADJECTIVES = (
    "BLUE", "GOLDEN", "SILVER", "GREAT", "NORDIC", "ROYAL", "OCEAN", "GRAND", "NOBLE",
    "BRAVE", "BRIGHT", "SWIFT", "EASTERN", "WESTERN", "NORTHERN", "SOUTHERN", "IONIAN",
    "AEGEAN", "PONTIC", "EUXINE", "MARMARA", "DANUBE", "CARPATHIAN", "IRON", "STEEL",
)  # fmt: skip
_NOUNS = (
    "STAR", "SPIRIT", "PEARL", "TRADER", "HORIZON", "WAVE", "VOYAGER", "PIONEER", "GLORY",
    "HARMONY", "FORTUNE", "BREEZE", "CARRIER", "EXPRESS", "VENTURE", "DAWN", "LEGEND",
    "PRIDE", "QUEEN", "PRINCESS", "NAVIGATOR", "MARINER", "HARVEST", "GRAIN", "BRIDGE",
)  # fmt: skip
_SAINTS = (
    "AGIOS NIKOLAOS", "AGIA MARINA", "SANTA MARIA", "ELENI", "MARIA K", "SOFIA", "ANNA M",
    "KATERINA", "IOANNIS", "GEORGIOS", "IRINA", "OLGA", "DIMITRIS", "ALEXANDRA", "NINA",
    "KAPITAN PETRENKO", "KAPITAN KOVAL", "ZEYNEP ANA", "HATICE A", "MEHMET BEY", "AYSE K",
    "ION CREANGA", "MIHAI V", "LUCIAN B", "STEFAN CEL MARE", "VASIL LEVSKI", "HRISTO BOTEV",
)  # fmt: skip
_PLEASURE = (
    "ALBATROS", "LUNA", "SEA BREEZE", "BELLA", "ODYSSEY", "SIRENA", "MISTRAL", "NEPTUN",
    "DELFIN", "AURORA", "CALYPSO", "MARE NOSTRUM", "VIVA", "LIBERTY", "CORAL", "SOLARIS",
)  # fmt: skip


def ship_names(rng: np.random.Generator, count: int, kind: str = "merchant") -> list[str]:
    """``count`` names (≤ 20 characters, maybe repeated) of merchant ships, or of
    ``pleasure`` craft; repeated names get a number (``BLUE STAR 2``) from the caller."""
    names: list[str] = []
    for _ in range(count):
        if kind == "pleasure":
            names.append(_PLEASURE[int(rng.integers(len(_PLEASURE)))])
        elif rng.random() < 0.55:
            adjective = _ADJECTIVES[int(rng.integers(len(_ADJECTIVES)))]
            names.append(f"{adjective} {_NOUNS[int(rng.integers(len(_NOUNS)))]}"[:20])
        else:
            names.append(_SAINTS[int(rng.integers(len(_SAINTS)))])
    return names


class Registry:
    """Issues identities that are unique in one scenario: MMSIs, IMO numbers, names."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.mmsis: set[int] = set()
        self.imos: set[int] = set()
        self.names: set[str] = set()

    def vessel(
        self, index: int, role: str, *, planted: bool = False, kind: str = "merchant"
    ) -> Vessel:
        """A new vessel with a unique identity and plausible particulars for ``kind``
        (``merchant``, ``pilot``, ``tug`` or ``pleasure``); planted ones fly flags of
        convenience."""
        rng = self.rng
        flags = CONVENIENCE_FLAGS if planted and role != "corridor_departure" else MERCHANT_FLAGS
        if kind in ("pilot", "tug"):
            flags = ((272, "UR@@@", 1.0),)
        elif kind == "pleasure":
            flags = ((264, "YO#@@@", 1.0),)
        weights = np.array([f[2] for f in flags], float)
        mid, pattern, _ = flags[int(rng.choice(len(flags), p=weights / weights.sum()))]
        vessel = Vessel(index, self.mmsi(mid), role, planted=planted)
        vessel.callsign = callsign(rng, pattern)
        if kind == "pleasure":
            vessel.cls, vessel.ship_type = "B", 37
            vessel.shipname = self.name("pleasure")
            length = int(rng.integers(9, 24))
            vessel.dims = (length - 3, 3, 2, 2)
        elif kind in ("pilot", "tug"):
            vessel.ship_type = 50 if kind == "pilot" else 52
            vessel.shipname = self.service_name(kind)
            length = int(rng.integers(16, 33))
            vessel.dims = (length - 6, 6, 4, 4)
            vessel.draught = round(float(rng.uniform(2.0, 4.5)), 1)
        else:
            tanker = rng.random() < 0.35
            vessel.ship_type = int(
                rng.choice([80, 80, 81, 82, 83, 84, 89])
                if tanker
                else rng.choice([70, 70, 70, 71, 72, 74, 79])
            )
            vessel.imo = self.imo()
            vessel.shipname = self.name()
            length = int(rng.integers(95, 230))
            beam = int(max(14, min(38, length / 6.3 + rng.normal(0, 1.5))))
            bow = int(length * rng.uniform(0.78, 0.9))
            port = int(beam // 2)
            vessel.dims = (bow, length - bow, port, beam - port)
            vessel.draught = round(float(rng.uniform(0.45, 0.6) * length / 18.0), 1)
        vessel.fast = bool(rng.random() < 0.45)
        return vessel

    def mmsi(self, mid: int) -> int:
        """An MMSI of country ``mid`` not given yet (never ending in 000)."""
        while True:
            mmsi = mid * 1_000_000 + int(self.rng.integers(0, 1_000_000))
            if mmsi not in self.mmsis and mmsi % 1000 != 0:
                self.mmsis.add(mmsi)
                return mmsi

    def name(self, kind: str = "merchant") -> str:
        """A ship name not given yet (a number added to one that was)."""
        name = ship_names(self.rng, 1, kind)[0]
        number = 2
        while name in self.names:  # BLUE STAR, BLUE STAR 2, ...
            base = name.rsplit(" ", 1)[0] if name[-1].isdigit() else name
            name = f"{base[: 20 - len(str(number)) - 1]} {number}"
            number += int(self.rng.integers(1, 4))
        self.names.add(name)
        return name

    def service_name(self, kind: str) -> str:
        """``PILOT 12`` or a tug's name such as ``TITAN 3``, not given yet."""
        words = ("ATLANT", "TITAN", "KOZAK", "SOKIL", "HERKULES", "BORYS", "DNIPRO", "YANTAR")
        for attempt in range(1000):
            top = 60 + attempt
            if kind == "pilot":
                name = f"PILOT {int(self.rng.integers(1, top))}"
            else:
                name = f"{self.rng.choice(words)} {int(self.rng.integers(1, top // 6))}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("no name left for a service craft")

    def imo(self) -> int:
        """A valid IMO number not given yet."""
        while True:
            imo = imo_number(self.rng)
            if imo not in self.imos:
                self.imos.add(imo)
                return imo
