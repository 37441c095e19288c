"""The sourcing MIP against a plain reference on small random problems.

The reference writes the whole model as the ``sourcing`` docstring states it, one
variable and one row at a time, and solves it lexicographically with HiGHS and no gap:
fill, then burden with the fill held, then cost with both held. It has none of the
solver's machinery (capability blocks, dive, warm starts, block-coordinate descent),
so the two agreeing on the three measures on every problem says that machinery
reaches the lexicographic optimum.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from highspy import HighsModelStatus, HighsVarType
from highspy._core import _Highs
from sourcing_inputs import check_plan, problem_of
from timeline_inputs import P_DAY, pledge, requirement

from reassure.force.burden import fair_shares
from reassure.force.dates import add_months
from reassure.force.problem import PlanSettings, Problem
from reassure.force.sourcing import solve

CAPABILITIES = ("frigate", "mechanised_battalion")
NATIONS = ("FRA", "GBR", "POL")


class Reference:
    """The whole sourcing model, built column by column (``sourcing`` docstring)."""

    def __init__(self, problem: Problem) -> None:
        self.highs = _Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.n_cols = 0
        n_r, n_t = problem.active.shape
        triples = (problem.cand_p.tolist(), problem.cand_r.tolist(), problem.cand_t.tolist())
        cands = list(zip(*triples, strict=True))
        x = [self._col(min(problem.supply[p], problem.want[r]), True) for p, r, _ in cands]
        u = {
            (r, t): self._col(problem.want[r], False)
            for r in range(n_r)
            for t in range(n_t)
            if problem.active[r, t]
        }
        y = {(p, t): self._col(1, True) for p in range(len(problem.supply)) for t in range(n_t)}
        e = [self._col(np.inf, False) for _ in range(problem.nations.height)]
        for (r, t), col in u.items():  # fill
            terms = [(col, 1.0)] + [(x[c], 1.0) for c, k in enumerate(cands) if k[1:] == (r, t)]
            self._row(problem.want[r], problem.want[r], terms)
        for (p, t), col in y.items():  # supply, and the pledge serves
            terms = [(x[c], 1.0) for c, k in enumerate(cands) if (k[0], k[2]) == (p, t)]
            self._row(-np.inf, 0.0, [(col, -float(problem.supply[p])), *terms])
        for p, rotations in enumerate(problem.rotations):
            self._row(-np.inf, rotations, [(y[p, t], 1.0) for t in range(n_t)])
        share = fair_shares(problem)
        for n, col in enumerate(e):  # e_n >= units of n - share_n * all units
            own = problem.nation[problem.cand_p] == n
            self._row(
                0.0, np.inf, [(col, 1.0), *((x[c], share[n] - own[c]) for c in range(len(x)))]
            )
        self.stages = {
            "fill": {col: problem.weight[r] for (r, _), col in u.items()},
            "burden": dict.fromkeys(e, 1.0),
            "cost": {col: problem.cost[p] for (p, _), col in y.items()},
        }

    def _col(self, upper: Any, integer: bool) -> int:
        self.highs.addVar(0.0, float(upper))
        if integer:
            self.highs.changeColIntegrality(self.n_cols, HighsVarType.kInteger)
        self.n_cols += 1
        return self.n_cols - 1

    def _row(self, lower: Any, upper: Any, terms: list[tuple[int, Any]]) -> None:
        cols = np.array([c for c, _ in terms], dtype=np.int32)
        values = np.array([v for _, v in terms], dtype=np.float64)
        self.highs.addRow(float(lower), float(upper), len(cols), cols, values)

    def optimum(self) -> dict[str, float]:
        """Fill (weighted unfilled), burden excess and cost, each optimal given the ones
        before it."""
        found = {}
        for name, costs in self.stages.items():
            cols = np.array(list(costs), dtype=np.int32)
            values = np.array(list(costs.values()), dtype=np.float64)
            self.highs.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32),
                                      np.zeros(self.n_cols))  # fmt: skip
            self.highs.changeColsCost(len(cols), cols, values)
            self.highs.run()
            assert self.highs.getModelStatus() == HighsModelStatus.kOptimal
            found[name] = self.highs.getInfo().objective_function_value
            self._row(-np.inf, found[name] + 1e-7, list(zip(cols.tolist(), values, strict=True)))
        return found


def random_problem(seed: int) -> Problem:
    """Two or three periods, two to five requirements and pledges of two capabilities,
    of mixed notice, availability, rotations, nations and costs."""
    rng = random.Random(seed)
    periods = rng.choice([2, 3])
    reqs = []
    for k in range(rng.randint(2, 5)):
        start = rng.randint(0, periods - 1)
        end = rng.randint(start + 1, periods)
        reqs.append(
            requirement(
                f"R{k}", rng.choice(CAPABILITIES), quantity=rng.randint(1, 3),
                priority=rng.choice([1, 1, 2]), max_notice_days=rng.choice([10, 90]),
                start=add_months(P_DAY, 6 * start), end=add_months(P_DAY, 6 * end),
            )
        )  # fmt: skip
    pledges = [
        pledge(
            f"P{k}", rng.choice(NATIONS), rng.choice(CAPABILITIES), quantity=rng.randint(1, 3),
            rotations=rng.randint(1, 3), notice_days=rng.choice([5, 30]),
            available_from=add_months(P_DAY, 6 * rng.randint(0, periods - 1)),
            available_to=add_months(P_DAY, 6 * periods),
            cost_meur_per_rotation=float(rng.randint(1, 20)),
        )
        for k in range(rng.randint(2, 5))
    ]  # fmt: skip
    nations = [
        {"nation": n, "gdp_busd": float(rng.choice([100, 200, 300])), "caveats": []}
        for n in NATIONS
    ]
    return problem_of(reqs, pledges, nations, PlanSettings(P_DAY, periods=periods, mip_gap=0.0))


@pytest.mark.parametrize("seed", [pytest.param(k, id=f"seed-{k}") for k in range(40)])
def test_the_mip_reaches_the_lexicographic_optimum(seed: int) -> None:
    problem = random_problem(seed)
    plan = solve(problem)
    check_plan(problem, plan)
    best = Reference(problem).optimum()
    measures = plan.info.objectives
    assert measures["weighted_unfilled"] == pytest.approx(best["fill"], abs=1e-6)
    assert measures["burden_excess"] == pytest.approx(best["burden"], abs=1e-5)
    assert measures["cost_meur"] == pytest.approx(best["cost"], abs=1e-3)
    # what the solver claims proved, is
    assert plan.info.status in ("optimal", "nothing to assign")
