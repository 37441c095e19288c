"""The nations' pledges: units offered, how fast, for how long, with which caveats, at what cost.

Pledges are shared out by nation weight (:func:`shares`): the two lead nations pledge
the most, in larger units, at the shortest notice. A nation first pledges each
capability it offers once, in its order of likelihood, then draws more by
:data:`MIX`, so scarce capabilities (air defence, mine countermeasures) stay scarce at
every scale. Each capability's :class:`Offer` gives the notice-to-move tiers by the
nation's readiness class, the quantities, and the caveats nations attach to it;
caveats a nation already has for all its forces are not repeated on its pledges.

Every mechanised battalion carries one of the two caveats that keep it out of the DMZ
east of the Dnipro ("not east of the Dnipro" or "not within 50 km of the line of
contact"): no nation puts a battalion on the line. Mine countermeasures vessels are
never held at very high readiness (30 days at best).

Units with notice of 10 days or less are available from P-day; the rest from P-day or
up to six months later, for one to four years; leads sustain 3-4 rotations, high
readiness nations 2-3, the others 1-2. Costs are notional million euro per rotation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from reassure.force.catalog import CAPABILITIES
from reassure.force.caveats import caveat_of
from reassure.force.dates import add_months
from reassure.scenario.coalition.nations import Nation

__all__ = ["MIX", "OFFERS", "Offer", "pledges", "shares"]


@dataclass(frozen=True)
class Offer:
    """How nations pledge one capability."""

    cost_meur: float
    """One unit for one rotation, million euro, before the nation's cost level."""
    notice: dict[str, tuple[int, ...]]
    """Notice-to-move days to draw from, by readiness class."""
    lead_quantity: tuple[int, int]
    quantity: tuple[int, int]
    """Smallest and largest units in one pledge (lead nations, the others)."""
    caveats: tuple[tuple[str, float], ...] = ()
    """(wording, probability): caveats attached independently."""
    one_of: tuple[str, ...] = ()
    """Exactly one of these wordings is attached to every pledge."""


_UN = ("no deployment before a UN resolution", 0.12)
_WEST = "not east of the Dnipro"


def _tiers(
    lead: tuple[int, ...], high: tuple[int, ...], standard: tuple[int, ...]
) -> dict[str, tuple[int, ...]]:
    return {"lead": lead, "high": high, "standard": standard}


_O = Offer

# fmt: off
OFFERS: dict[str, Offer] = {
    "fighter_squadron": _O(120.0, _tiers((5, 10), (10, 30), (30, 60)), (1, 2), (1, 1),
        (("air policing only", 0.3), ("from bases outside Ukraine only", 0.35),
         ("not over the line of contact", 0.25), _UN)),
    "air_defence_battery": _O(60.0, _tiers((10, 30), (30, 30, 60), (60, 90)), (1, 2), (1, 1),
        (("west of the Dnipro only", 0.5), _UN)),
    "frigate": _O(45.0, _tiers((5, 10, 30), (10, 30), (30, 60)), (1, 2), (1, 1),
        (("escort duties only", 0.3), ("not east of 32°E", 0.3), _UN)),
    "mcm_vessel": _O(12.0, _tiers((30,), (30, 60), (60, 90)), (1, 2), (1, 1),
        (("not east of 32°E", 0.5), _UN)),
    "mechanised_battalion": _O(90.0, _tiers((10, 30), (30, 60), (60, 90)), (1, 2), (1, 1),
        (_UN,), one_of=(_WEST, "not within 50 km of the line of contact")),
    "engineer_company": _O(15.0, _tiers((10, 30), (30, 60), (30, 60, 90)), (1, 3), (1, 2),
        (("demining only", 0.3), (_WEST, 0.35), _UN)),
    "isr_drone_unit": _O(10.0, _tiers((5, 10), (10, 30), (30, 60)), (1, 2), (1, 2),
        (("no flights over the line of contact", 0.35),)),
    "training_team": _O(4.0, _tiers((10, 30), (30, 60), (30, 60, 90)), (1, 3), (1, 2),
        (("training outside Ukraine only", 0.35), _UN)),
    "hq_staff": _O(8.0, _tiers((5, 10), (10, 30), (10, 30, 60)), (1, 3), (1, 2),
        (("Kyiv HQ only", 0.25),)),
    "medical_unit": _O(12.0, _tiers((10, 30), (30, 60), (30, 60, 90)), (1, 2), (1, 1),
        (("west of the Dnipro only", 0.4), _UN)),
}
# fmt: on

MIX: dict[str, float] = {
    "fighter_squadron": 1.0,
    "air_defence_battery": 0.4,
    "frigate": 1.0,
    "mcm_vessel": 0.4,
    "mechanised_battalion": 1.2,
    "engineer_company": 0.8,
    "isr_drone_unit": 1.0,
    "training_team": 1.2,
    "hq_staff": 0.8,
    "medical_unit": 1.0,
}
"""Relative odds of a capability in a nation's further pledges (beyond one of each)."""

_FROM_DAYS = {
    "lead": (0, 0, 30, 180),
    "high": (0, 30, 90, 180, 365),
    "standard": (30, 90, 180, 365, 545),
}
_MONTHS = {"lead": (36, 48), "high": (24, 36, 48), "standard": (18, 24, 36)}
_ROTATIONS = {"lead": (3, 4), "high": (2, 3, 4), "standard": (1, 2, 3)}
_SHIPS = ("frigate", "mcm_vessel")


def shares(count: int, weights: list[int]) -> list[int]:
    """Split ``count`` by ``weights`` (largest remainder; ties to the earlier entry).

    With enough pledges to go round, every weighted nation pledges at least once.
    """
    weighted = sum(1 for w in weights if w > 0)
    floor_each = 1 if count >= weighted else 0
    spare = count - floor_each * weighted
    total = sum(weights)
    exact = [spare * w / total for w in weights]
    out = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: spare - sum(out)]:
        out[i] += 1
    return [s + (floor_each if w > 0 else 0) for s, w in zip(out, weights, strict=True)]


def pledges(
    rng: np.random.Generator, count: int, nations: tuple[Nation, ...], p_day: date
) -> list[dict[str, Any]]:
    """``count`` pledge records (``PLG-GBR-01`` ...), sorted by id."""
    rows = []
    for nation, share in zip(nations, shares(count, [n.weight for n in nations]), strict=True):
        width = max(2, len(str(share)))
        numbers: Counter[str] = Counter()
        for k, capability in enumerate(_capabilities(nation, share, rng)):
            numbers[capability] += 1
            row = _pledge(nation, capability, rng, p_day)
            label = CAPABILITIES[capability].label
            row["pledge_id"] = f"PLG-{nation.code}-{k + 1:0{width}d}"
            row["unit"] = f"{nation.code} {label} {numbers[capability]}"
            rows.append(row)
    rows.sort(key=lambda row: str(row["pledge_id"]))
    return rows


def _capabilities(nation: Nation, share: int, rng: np.random.Generator) -> list[str]:
    """One of each capability the nation offers, in order, then draws by :data:`MIX`."""
    chosen = list(nation.offers[:share])
    odds = np.array([MIX[c] for c in nation.offers])
    for _ in range(share - len(chosen)):
        chosen.append(nation.offers[int(rng.choice(len(odds), p=odds / odds.sum()))])
    return chosen


def _pledge(
    nation: Nation, capability: str, rng: np.random.Generator, p_day: date
) -> dict[str, Any]:
    offer = OFFERS[capability]
    tier = nation.readiness
    low, high = offer.lead_quantity if tier == "lead" else offer.quantity
    quantity = int(rng.integers(low, high + 1))
    notice = int(rng.choice(offer.notice[tier]))
    start = p_day + timedelta(days=0 if notice <= 10 else int(rng.choice(_FROM_DAYS[tier])))
    end = add_months(start, int(rng.choice(_MONTHS[tier])))
    cost_level = 0.8 + 0.4 * min(1.0, nation.gdp_busd / nation.population_m / 80.0)
    cost = offer.cost_meur * quantity * cost_level * float(rng.uniform(0.9, 1.1))
    home = nation.port if capability in _SHIPS and nation.port else nation.home_base
    return {
        "nation": nation.code,
        "capability": capability,
        "quantity": quantity,
        "available_from": start.isoformat(),
        "available_to": end.isoformat(),
        "notice_days": notice,
        "rotations": int(rng.choice(_ROTATIONS[tier])),
        "caveats": _caveats(nation, offer, rng),
        "home_base": f"{home} ({nation.code})",
        "cost_meur_per_rotation": round(cost, 1),
    }


def _caveats(nation: Nation, offer: Offer, rng: np.random.Generator) -> list[str]:
    """The pledge's own caveats: drawn from the offer's, none its nation already has."""
    drawn = [text for text, odds in offer.caveats if rng.random() < odds]
    if offer.one_of:
        drawn.insert(0, offer.one_of[int(rng.integers(len(offer.one_of)))])
    national = {caveat_of(text).code for text in nation.caveats}
    out: list[str] = []
    for text in drawn:
        code = caveat_of(text).code
        if code not in national and code not in {caveat_of(t).code for t in out}:
            out.append(text)
    return out
