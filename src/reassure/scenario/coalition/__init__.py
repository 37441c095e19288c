"""The coalition: nations, requirements, pledges, lift and courses of action (force generation).

The ``coalition`` domain (:mod:`reassure.scenario.domains.coalition`) runs
:func:`generate`, which writes, in the formats ``reassure.force`` reads:

=================================  ===================================================
``coalition/nations.yaml``         30 contributing nations (GBR and FRA lead) and the
                                   host; caveats on all a nation's forces
``coalition/requirements.yaml``    the statement of requirements, four objectives,
                                   priorities 1-5 (~40 at scale 1, ~300 at 7.5)
``coalition/requirements_a.yaml``  the requirements of COA A, a subset (same records)
``coalition/requirements_b.yaml``  the requirements of COA B, a subset
``coalition/pledges.yaml``         the nations' pledges (~150 at scale 1, ~1,000 at
                                   6.7)
``coalition/lift.yaml``            ``lift:`` national and pooled strategic lift,
                                   ``transit:`` days home to theatre by mode
``coalition/coa/coa_{a,b,c}.yaml`` the courses of action
=================================  ===================================================

A course of action file has ``name``, ``description``, ``p_day`` (ISO date: the
scenario's start), ``periods`` and ``period_months`` (8 of 6 months),
``conditions`` (``un_resolution``: bool; ``mandates``: the nations whose parliament
has given its mandate, omitted when all have), and three file names relative to the
COA file: ``requirements`` (a requirements file: ``../requirements_a.yaml``; the
subset files hold the same records, with the same ids, as ``requirements.yaml``),
``pledges`` (``../pledges.yaml``) and ``lift`` (``../lift.yaml``). The nations are
``../nations.yaml`` beside them.

Modules: ``nations`` (the nations' table), ``requirements`` (the statement),
``pledges`` (how nations pledge), ``lift`` (lift and transit), ``coas`` (the
courses of action). Random numbers come from ``ctx.rng("coalition.requirements")``
and ``ctx.rng("coalition.pledges")``; lift, transit and the COAs draw none.
"""

from __future__ import annotations

from typing import Any

from reassure.scenario.coalition.coas import COAS, coa_file
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
    for coa in COAS:
        if coa.keeps is not None:
            kept = [r for r in reqs if coa.keeps(r)]
            ctx.write_yaml(f"coalition/{coa.requirements_file}", {"requirements": kept})
            ctx.counts[f"requirements_{coa.key}"] = len(kept)
        ctx.write_yaml(f"coalition/coa/coa_{coa.key}.yaml", coa_file(coa, p_day, NATIONS))
    ctx.counts["nations"] = len(NATIONS)
    ctx.counts["requirements"] = len(reqs)
    ctx.counts["pledges"] = len(offers)
    ctx.counts["lift"] = len(lifts)
    ctx.counts["transit"] = len(transits)
    ctx.counts["coas"] = len(COAS)


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
