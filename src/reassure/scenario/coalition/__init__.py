"""The coalition: nations, requirements, pledges and lift (force generation).

The ``coalition`` domain (:mod:`reassure.scenario.domains.coalition`) runs
:func:`generate`, which writes, in the formats ``reassure.force`` reads:

=================================  ===================================================
``coalition/nations.yaml``         30 contributing nations (GBR and FRA lead) and the
                                   host; caveats on all a nation's forces
``coalition/requirements.yaml``    the statement of requirements, four objectives,
                                   priorities 1-5 (~40 at scale 1, ~300 at 7.5)
``coalition/pledges.yaml``         the nations' pledges (~150 at scale 1, ~1,000 at
                                   6.7)
``coalition/lift.yaml``            ``lift:`` national and pooled strategic lift,
                                   ``transit:`` days home to theatre by mode
=================================  ===================================================

Modules: ``nations`` (the nations' table), ``requirements`` (the statement),
``pledges`` (how nations pledge), ``lift`` (lift and transit). Random numbers come
from ``ctx.rng("coalition.requirements")`` and ``ctx.rng("coalition.pledges")``;
lift and transit draw none.
"""

from __future__ import annotations

from typing import Any

from reassure.scenario.coalition.lift import lift, transit
from reassure.scenario.coalition.nations import NATIONS, Nation, contributors
from reassure.scenario.coalition.pledges import pledges
from reassure.scenario.coalition.requirements import requirements
from reassure.scenario.context import ScenarioContext

__all__ = ["PLEDGES_AT_SCALE_1", "REQUIREMENTS_AT_SCALE_1", "generate"]

REQUIREMENTS_AT_SCALE_1 = 40
PLEDGES_AT_SCALE_1 = 150

LIFT_NOTE = (
    "Notional planning figures for exercises, not any nation's real lift. loads_per_day "
    "at scale 1 grows with the scenario's scale. transit days: air 1 (2 beyond 7,500 km), "
    "rail 2 + 1 per 800 km to Medyka, sea 2 + the route to Odesa at 15 kn, self: warships "
    "sailing at 12.5 kn (1 for a nation pledging aircraft but no ships)."
)


def generate(ctx: ScenarioContext) -> None:
    p_day = ctx.start.date()
    reqs = requirements(
        ctx.rng("coalition.requirements"), ctx.scaled(REQUIREMENTS_AT_SCALE_1), p_day
    )
    offers = pledges(
        ctx.rng("coalition.pledges"), ctx.scaled(PLEDGES_AT_SCALE_1), contributors(), p_day
    )
    lifts, transits = lift(contributors(), ctx.scale), transit(contributors())
    ctx.write_yaml("coalition/nations.yaml", {"nations": [_nation(n) for n in NATIONS]})
    ctx.write_yaml("coalition/requirements.yaml", {"requirements": reqs})
    ctx.write_yaml("coalition/pledges.yaml", {"pledges": offers})
    ctx.write_yaml("coalition/lift.yaml", {"note": LIFT_NOTE, "lift": lifts, "transit": transits})
    ctx.counts["nations"] = len(NATIONS)
    ctx.counts["requirements"] = len(reqs)
    ctx.counts["pledges"] = len(offers)
    ctx.counts["lift"] = len(lifts)
    ctx.counts["transit"] = len(transits)


def _nation(nation: Nation) -> dict[str, Any]:
    return {
        "nation": nation.code,
        "name": nation.name,
        "role": nation.role,
        "liaison": f"liaison@{nation.code.lower()}.coalition.example",
        "caveats": list(nation.caveats),
        "gdp_busd": float(nation.gdp_busd),
        "population_m": float(nation.population_m),
    }
