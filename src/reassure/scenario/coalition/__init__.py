"""The coalition: nations, the statement of requirements and pledges (force generation).

The ``coalition`` domain (:mod:`reassure.scenario.domains.coalition`) runs
:func:`generate`, which writes, in the formats ``reassure.force`` reads:

=================================  ===================================================
``coalition/nations.yaml``         30 contributing nations (GBR and FRA lead) and the
                                   host; caveats on all a nation's forces
``coalition/requirements.yaml``    the statement of requirements, four objectives,
                                   priorities 1-5 (~40 at scale 1, ~300 at 7.5)
``coalition/pledges.yaml``         the nations' pledges (~150 at scale 1, ~1,000 at
                                   6.7)
=================================  ===================================================

Modules: ``nations`` (the nations' table), ``requirements`` (the statement),
``pledges`` (how nations pledge). Random numbers come from
``ctx.rng("coalition.requirements")`` and ``ctx.rng("coalition.pledges")``.
"""

from __future__ import annotations

from typing import Any

from reassure.scenario.coalition.nations import NATIONS, Nation, contributors
from reassure.scenario.coalition.pledges import pledges
from reassure.scenario.coalition.requirements import requirements
from reassure.scenario.context import ScenarioContext

__all__ = ["PLEDGES_AT_SCALE_1", "REQUIREMENTS_AT_SCALE_1", "generate"]

REQUIREMENTS_AT_SCALE_1 = 40
PLEDGES_AT_SCALE_1 = 150


def generate(ctx: ScenarioContext) -> None:
    p_day = ctx.start.date()
    reqs = requirements(
        ctx.rng("coalition.requirements"), ctx.scaled(REQUIREMENTS_AT_SCALE_1), p_day
    )
    offers = pledges(
        ctx.rng("coalition.pledges"), ctx.scaled(PLEDGES_AT_SCALE_1), contributors(), p_day
    )
    ctx.write_yaml("coalition/nations.yaml", {"nations": [_nation(n) for n in NATIONS]})
    ctx.write_yaml("coalition/requirements.yaml", {"requirements": reqs})
    ctx.write_yaml("coalition/pledges.yaml", {"pledges": offers})
    ctx.counts["nations"] = len(NATIONS)
    ctx.counts["requirements"] = len(reqs)
    ctx.counts["pledges"] = len(offers)


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
