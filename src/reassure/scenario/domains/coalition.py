"""The coalition: nations, the statement of requirements and the nations' pledges.

Writes ``coalition/nations.yaml`` (``nations:``), ``coalition/requirements.yaml``
(``requirements:``, about 40 at scale 1) and ``coalition/pledges.yaml`` (``pledges:``,
about 150 at scale 1). Dates are ISO strings (``"2026-12-01"``). Pledges are shared
out by each nation's weight (the two lead nations pledge most), and each pledge is of
a capability the nation has.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from reassure.force.dates import add_months
from reassure.scenario.coalition_data import (
    CAPABILITIES,
    NATIONS,
    REQUIREMENT_TEMPLATES,
    Nation,
)
from reassure.scenario.context import ScenarioContext
from reassure.scenario.places import SECTOR_NAMES

__all__ = ["ORDER", "PLEDGES_AT_SCALE_1", "REQUIREMENTS_AT_SCALE_1", "generate"]

ORDER = 20
REQUIREMENTS_AT_SCALE_1 = 40
PLEDGES_AT_SCALE_1 = 150


def generate(ctx: ScenarioContext) -> None:
    nations = [_nation(n) for n in NATIONS]
    requirements = _requirements(ctx)
    pledges = _pledges(ctx)
    ctx.write_yaml("coalition/nations.yaml", {"nations": nations})
    ctx.write_yaml("coalition/requirements.yaml", {"requirements": requirements})
    ctx.write_yaml("coalition/pledges.yaml", {"pledges": pledges})
    ctx.counts["nations"] = len(nations)
    ctx.counts["requirements"] = len(requirements)
    ctx.counts["pledges"] = len(pledges)


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


def _requirements(ctx: ScenarioContext) -> list[dict[str, Any]]:
    rng = ctx.rng("coalition.requirements")
    count = ctx.scaled(REQUIREMENTS_AT_SCALE_1)
    width = max(3, len(str(count)))
    first_day = ctx.start.date()
    rows = []
    for index in range(count):
        template = REQUIREMENT_TEMPLATES[index % len(REQUIREMENT_TEMPLATES)]
        cycle = index // len(REQUIREMENT_TEMPLATES)
        capability = CAPABILITIES[template.capability]
        start = first_day + timedelta(days=int(rng.choice([0, 0, 0, 7, 14, 30, 60])))
        priority = 1 if cycle == 0 else int(rng.integers(2, 6))
        low, high = template.quantity
        rows.append(
            {
                "requirement_id": f"REQ-{index + 1:0{width}d}",
                "objective": capability.objective,
                "capability": capability.code,
                "quantity": int(rng.integers(low, high + 1)),
                "sector": SECTOR_NAMES[cycle % len(SECTOR_NAMES)] if template.in_sectors else None,
                "base": template.bases[cycle % len(template.bases)],
                "start": start.isoformat(),
                "end": add_months(start, int(rng.choice([6, 12, 12, 24]))).isoformat(),
                "max_notice_days": int(rng.choice([5, 10, 15, 30, 60][: priority + 1])),
                "rotation_months": template.rotation_months,
                "priority": priority,
            }
        )
    return rows


def _shares(count: int, weights: list[int]) -> list[int]:
    """Split ``count`` by ``weights`` (largest remainder; ties to the earlier entry).

    With enough pledges to go round, every weighted nation pledges at least once.
    """
    floor_each = 1 if count >= sum(1 for w in weights if w > 0) else 0
    spare = count - floor_each * sum(1 for w in weights if w > 0)
    total = sum(weights)
    exact = [spare * w / total for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: spare - sum(shares)]:
        shares[i] += 1
    return [s + (floor_each if w > 0 else 0) for s, w in zip(shares, weights, strict=True)]


def _pledges(ctx: ScenarioContext) -> list[dict[str, Any]]:
    rng = ctx.rng("coalition.pledges")
    count = ctx.scaled(PLEDGES_AT_SCALE_1)
    shares = _shares(count, [n.weight for n in NATIONS])
    first_day = ctx.start.date()
    rows = []
    for nation, share in zip(NATIONS, shares, strict=True):
        lead = nation.role == "lead"
        cost_level = 0.8 + 0.4 * min(1.0, nation.gdp_busd / nation.population_m / 80.0)
        width = max(2, len(str(share)))
        for k in range(share):
            code = nation.capabilities[k % len(nation.capabilities)]
            if k >= len(nation.capabilities):
                code = str(rng.choice(nation.capabilities))
            capability = CAPABILITIES[code]
            quantity = int(rng.choice([1, 1, 2, 2, 3])) if lead else int(rng.choice([1, 1, 1, 2]))
            available_from = first_day + timedelta(days=int(rng.integers(0, 61)))
            caveats = []
            if rng.random() < 0.3:
                caveats.append(str(rng.choice(capability.caveats)))
            cost = capability.cost_meur * quantity * cost_level * float(rng.uniform(0.85, 1.15))
            rows.append(
                {
                    "pledge_id": f"PLG-{nation.code}-{k + 1:0{width}d}",
                    "nation": nation.code,
                    "unit": f"{nation.code} {capability.label} {k + 1}",
                    "capability": code,
                    "quantity": quantity,
                    "available_from": available_from.isoformat(),
                    "available_to": add_months(
                        available_from, int(rng.choice([6, 12, 18, 24, 36]))
                    ).isoformat(),
                    "notice_days": int(
                        rng.choice([5, 10, 15, 30] if lead else [10, 30, 45, 60, 90])
                    ),
                    "rotations": int(rng.integers(2, 5) if lead else rng.integers(1, 4)),
                    "caveats": caveats,
                    "home_base": f"{nation.home_base} ({nation.code})",
                    "cost_meur_per_rotation": round(cost, 1),
                }
            )
    rows.sort(key=lambda row: str(row["pledge_id"]))
    return rows
