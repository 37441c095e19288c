"""The sourcing MIP: which pledge fills which requirement in which rotation period.

Variables, for the :class:`~reassure.force.problem.Problem`'s candidates ``c = (p, r, t)``:

* ``x[c]`` integer in ``[0, min(supply[p], want[r])]``: units of pledge ``p`` filling
  requirement ``r`` in period ``t``;
* ``u[r, t]`` continuous in ``[0, want[r]]``, for every active (requirement, period):
  units unfilled;
* ``y[p, t]`` binary, for every (pledge, period) with a candidate: the pledge serves
  (one rotation of its nation) in that period;
* ``e_n`` continuous, per nation: its unit-periods beyond its fair share.

Constraints:

* fill: ``sum_p x[p, r, t] + u[r, t] = want[r]`` for every active ``(r, t)``;
* supply and service: ``sum_r x[p, r, t] <= supply[p] * y[p, t]``;
* rotations: ``sum_t y[p, t] <= rotations[p]`` (only where it can bind);
* burden: ``e_n >= sum_{x of n} x - share_n * U`` with ``U = sum x`` the unit-periods
  the plan uses (``burden``: fair shares from GDP).

Objectives, **lexicographic**:

1. **fill**: minimise the priority-weighted unfilled unit-periods
   ``sum weight[r] * u[r, t]`` (``problem.PRIORITY_WEIGHTS``: 1000 for priority 1 down
   to 1 for priority 5), i.e. maximise priority-weighted fill;
2. **burden**: with the weighted fill held at stage 1's (``sum weight * u`` at most its
   optimum: *which* requirements and periods are filled may change among plans of equal
   weighted fill, and ``U`` with them), minimise the burden excess ``sum_n e_n``:
   unit-periods served beyond GDP-fair shares;
3. **cost**: with the fill held as in 2 and ``sum_n e_n`` at most stage 2's value,
   minimise ``sum cost[p] * y[p, t]`` (million euro per rotation served).

How it is solved. A requirement and a pledge have one capability each, so the
candidates split into one block per capability that share no row: stage 1 is solved
block by block, exactly. Within a block, with every ``y`` fixed, what is left is a
transportation problem (each ``x`` in one fill and one supply row: a totally unimodular
matrix) whose LP optimum is integral; so stage 1 leaves ``x`` continuous and only ``y``
binary, and its bound is the integer problem's. It starts with a *dive* on the LP
relaxation (solve it, fix the ``y`` at 1, round up the largest fractional fifth as
rotations allow, re-solve, until every ``y`` is integral): when the dive's plan (or the
greedy baseline's) is within the gap of the relaxation's bound it is the answer,
otherwise HiGHS's branch and bound starts from it, and its ``x`` is made integral by
re-solving the transportation LP with its ``y``.

Burden and cost couple the blocks through the nations' totals, and HiGHS's root cuts on
the whole model take minutes. They are solved by block-coordinate descent: each block
in turn is re-solved (a MIP, ``x`` integer) with the others fixed, until a pass over the
blocks improves nothing (a *block optimum*) or time runs out. Each stage's bound is the
whole model's LP relaxation, solved meanwhile on a second thread (HiGHS releases the
GIL; the descent never reads it, so the plan does not depend on which ends first): its
gap is reported honestly. The descent's MIPs hold every (requirement, period) at its
fill (small and fast; ``U`` stays put); the bound, and the finish below, hold only the
weighted fill, as stage 2 says. A block optimum the bound does not prove is handed, as
a start, to one MIP of the whole model for the stage's time left: only it can trade
across capabilities (FRA's frigate for GBR's battalion) when the burden held forbids
each move alone, or fill other requirements of equal weight; up to a few thousand
candidates it proves the stage optimal in about a second.

Time: stage 1 may use 60 % of ``settings.time_limit_s`` (each block a share by size),
stage 2 half of what is left, stage 3 the rest; each MIP stops at ``settings.mip_gap``.
Every stage starts from a plan (the greedy baseline's, then the previous stage's), so a
plan exists even when time runs out. ``info.gap`` is stage 1's proved relative gap,
``(unfilled - bound) / unfilled`` on the plan's priority-weighted unfilled unit-periods
(the need of requirements no pledge may fill included, in both): that no plan leaves
less weighted need unfilled by more than that fraction is what "proved optimal" means
here. When no pledge may fill any requirement, the plan says why for each requirement
without calling HiGHS. A solver failure raises :class:`~reassure.errors.SolverError`.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from highspy import HighsModelStatus, HighsStatus
from highspy._core import _Highs
from numpy.typing import NDArray

from reassure.errors import SolverError
from reassure.force.burden import fair_shares
from reassure.force.greedy import greedy_units
from reassure.force.model import Block, new_highs
from reassure.force.problem import Problem
from reassure.force.result import Plan, SolveInfo, StageInfo, make_plan

__all__ = ["STAGES", "solve"]

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]

STAGES = ("fill", "burden", "cost")
TIME_SHARE = {"fill": 0.6, "burden": 0.5, "cost": 1.0}
"""The share of the time left that each stage may use."""
BLOCK_GAP = 0.25
"""A block's MIP in the burden and cost stages stops at this fraction of
``settings.mip_gap``, so that the blocks' gaps do not add up to the whole one."""
DIVE_SHARE = 0.2
"""The share of the fractional ``y`` each dive round rounds up."""
OPTIMAL, BLOCK_OPTIMUM, TIME_LIMIT = "optimal", "block optimum", "time limit"
_MIN_STAGE_S = 0.05
_MIN_BLOCK_S = 0.1
"""Seconds per thousand candidates below which a block's MIP in the descent is not
started: HiGHS checks its time limit between phases, and a block of 10,000 candidates
given a third of a second took four (presolve and root LP run to their end)."""
_EPS = 1e-6
_STOPPED = (
    HighsModelStatus.kTimeLimit,
    HighsModelStatus.kInterrupt,
    HighsModelStatus.kIterationLimit,
    HighsModelStatus.kSolutionLimit,
)


def solve(problem: Problem) -> Plan:
    """The lexicographically optimal plan of ``problem`` (module docstring)."""
    started = time.perf_counter()
    if problem.n_candidates == 0:
        info = SolveInfo("mip", "nothing to assign", 0.0, 0.0, candidates=0)
        return make_plan(problem, np.zeros(0, dtype=np.int64), info)
    deadline = started + problem.settings.time_limit_s
    blocks = _blocks(problem)
    x = greedy_units(problem)
    stages: list[StageInfo] = []
    excess = None
    for name in STAGES:
        began = time.perf_counter()
        left = deadline - began
        if left < _MIN_STAGE_S:
            stages.append(StageInfo(name, "skipped: no time left"))
            continue
        stop = began + left * TIME_SHARE[name]
        if name == "fill":
            stage, x = _fill_stage(blocks, x, stop)
        else:
            stage, x = _descend(problem, blocks, x, name, excess, stop)
            excess = stage.objective if name == "burden" else excess
        stages.append(stage)
    statuses = [s.status for s in stages]
    if statuses[0] != OPTIMAL:
        status = TIME_LIMIT
    else:
        status = OPTIMAL if set(statuses) == {OPTIMAL} else "fill optimal"
    info = SolveInfo(
        method="mip",
        status=status,
        gap=stages[0].gap,
        wall_s=time.perf_counter() - started,
        candidates=problem.n_candidates,
        blocks=len(blocks),
        stages=tuple(stages),
    )
    return make_plan(problem, x, info)


def _blocks(problem: Problem) -> list[Block]:
    """One block per capability, largest first."""
    capability = problem.requirements["capability"].to_numpy()[problem.cand_r]
    codes, inverse = np.unique(capability, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(codes) + 1))
    parts = [order[bounds[k] : bounds[k + 1]] for k in range(len(codes))]
    parts.sort(key=lambda part: -len(part))
    return [Block.of(problem, part.astype(np.int64)) for part in parts]


# stage 1 ---------------------------------------------------------------------------


def _fill_stage(blocks: list[Block], x: I64, stop: float) -> tuple[StageInfo, I64]:
    """Stage 1, block by block from the plan ``x``: the plan and its proof."""
    began = time.perf_counter()
    x = x.copy()
    problem = blocks[0].problem
    # requirements no pledge may fill are in no block: their need stays unfilled
    in_block = np.zeros(len(problem.want), dtype=bool)
    in_block[problem.cand_r] = True
    value = bound = float(
        (problem.weight * problem.want * problem.active.sum(axis=1))[~in_block].sum()
    )
    proved = True
    sizes = [b.n_x for b in blocks]
    for k, block in enumerate(blocks):
        left = stop - time.perf_counter()
        block_stop = time.perf_counter() + max(left, 0.0) * sizes[k] / sum(sizes[k:])
        x_block, block_value, block_bound, optimal = _fill_block(block, x[block.cands], block_stop)
        x[block.cands] = x_block
        value += block_value
        bound += block_bound
        proved = proved and optimal
    gap = _gap(value, bound)
    status = OPTIMAL if proved or gap <= problem.settings.mip_gap else TIME_LIMIT
    return StageInfo("fill", status, value, bound, gap, time.perf_counter() - began), x


def _fill_block(block: Block, start: I64, stop: float) -> tuple[I64, float, float, bool]:
    """One block's stage 1 from ``start``: plan, weighted unfilled, bound, proved."""
    mip_gap = block.problem.settings.mip_gap
    relaxed = new_highs(mip_gap)
    block.pass_to(relaxed, relaxed=True)
    block.aim(relaxed, "fill")
    bound, dived = _dive(relaxed, block, time.perf_counter() + 0.3 * (stop - time.perf_counter()))
    x = start
    if dived is not None and block.weighted_unfilled(dived) < block.weighted_unfilled(start):
        x = dived
    value = block.weighted_unfilled(x)
    if _gap(value, bound) <= mip_gap:
        return x, value, bound, True
    highs = new_highs(mip_gap)
    block.pass_to(highs, integer_x=False)
    block.aim(highs, "fill")
    warm = block.values(x)
    solution = _run(highs, "fill", warm, block.costs("fill"), stop - time.perf_counter())
    if solution is None:
        return x, value, bound, False
    _, _, mip_bound, values = solution
    y = np.rint(values[block.y0 : block.e0])
    block.bound_y(relaxed, y, y)  # the transportation LP of its y: an integral x
    _solve_lp(relaxed, "the fill stage's transportation LP")
    solved = _integral(np.asarray(relaxed.getSolution().col_value), block.n_x)
    if solved is not None and block.weighted_unfilled(solved) <= value:
        x, value = solved, block.weighted_unfilled(solved)
    bound = max(bound, mip_bound)
    # proved only if the plan kept is within the gap (not if HiGHS's own plan was)
    return x, value, bound, _gap(value, bound) <= mip_gap


def _dive(relaxed: _Highs, block: Block, stop: float) -> tuple[float, I64 | None]:
    """The LP relaxation's optimum (a bound on the weighted unfilled) and the plan a dive
    from it reaches (``None`` if time ran out first)."""
    _solve_lp(relaxed, "the fill stage's LP relaxation")
    bound = float(relaxed.getInfo().objective_function_value)
    n_y = len(block.y_p)
    rotations = block.problem.rotations
    lower = np.zeros(n_y)
    while True:
        values = np.asarray(relaxed.getSolution().col_value)
        y = values[block.y0 : block.e0]
        fractional = np.flatnonzero((y > _EPS) & (y < 1 - _EPS))
        if not len(fractional):
            return bound, _integral(values, block.n_x)
        if time.perf_counter() > stop:
            return bound, None
        lower[y > 1 - _EPS] = 1.0
        spare = rotations - np.bincount(block.y_p, weights=lower, minlength=len(rotations))
        count = max(1, int(len(fractional) * DIVE_SHARE))
        for k in fractional[np.argsort(-y[fractional], kind="stable")][:count].tolist():
            if spare[block.y_p[k]] >= 1:
                lower[k] = 1.0
                spare[block.y_p[k]] -= 1
        upper = np.where((spare[block.y_p] < 1) & (lower < 1), 0.0, 1.0)
        block.bound_y(relaxed, lower, upper)
        _solve_lp(relaxed, "a dive LP of the fill stage")


# stages 2 and 3 ---------------------------------------------------------------------


def _descend(
    problem: Problem, blocks: list[Block], x: I64, name: str, excess: float | None, stop: float
) -> tuple[StageInfo, I64]:
    """Stage ``name`` (burden or cost) by block-coordinate descent from the plan ``x``."""
    began = time.perf_counter()
    x = x.copy()
    share = fair_shares(problem)
    n_n = len(share)
    most = None if excess is None else excess + _EPS * max(1.0, excess)
    # the bound is HiGHS's work on the other core (it releases the GIL) while the descent
    # runs here; the descent never looks at it, so its plan does not depend on which
    # finishes first
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sourcing-bound")
    pending = pool.submit(_stage_bound, problem, x.copy(), name, share, most, stop)
    nation_use = np.bincount(problem.nation[problem.cand_p], weights=x, minlength=n_n)
    value = _stage_value(problem, x, name, share)
    converged = False
    improved = True
    while not converged and improved and time.perf_counter() < stop:
        improved, proved = False, True
        for k, block in enumerate(blocks):
            left = stop - time.perf_counter()
            if left < _MIN_STAGE_S:
                proved = False
                break
            mine = x[block.cands]
            own = np.bincount(block.x_nation, weights=mine, minlength=n_n)
            target = share * float(x.sum() - mine.sum()) - (nation_use - own)
            highs = new_highs(problem.settings.mip_gap * BLOCK_GAP)
            block.pass_to(highs)
            block.add_burden(highs, share, target)
            block.hold_fill(highs, mine)
            if most is not None:
                block.hold_excess(highs, n_n, most)
            block.aim(highs, name)
            limit_s = left * block.n_x / sum(b.n_x for b in blocks[k:])
            if limit_s < _MIN_BLOCK_S * block.n_x / 1000:
                proved = False  # too little time to be worth starting: HiGHS would overrun it
                continue
            costs = block.costs(name, n_n)
            start = block.values(mine, share, target)
            solution = _run(highs, name, start, costs, limit_s)
            if solution is None:
                proved = False
                continue
            status, objective, _, values = solution
            proved = proved and status == HighsModelStatus.kOptimal
            if objective < float(costs @ start) - _EPS * max(1.0, value):
                x[block.cands] = _units(values, block.n_x)
                nation_use += np.bincount(
                    block.x_nation, weights=x[block.cands] - mine, minlength=n_n
                )
                improved = True
        value = _stage_value(problem, x, name, share)
        if not improved:
            converged = proved
    try:
        bound = pending.result()
    finally:
        pool.shutdown()
    if bound is None or _gap(value, bound) > problem.settings.mip_gap:
        x, whole_bound = _whole(problem, x, name, share, most, stop)
        value = _stage_value(problem, x, name, share)
        if whole_bound is not None:
            bound = whole_bound if bound is None else max(bound, whole_bound)
    gap = None if bound is None else _gap(value, bound)
    if gap is not None and gap <= problem.settings.mip_gap:
        status_text = OPTIMAL
    else:
        status_text = BLOCK_OPTIMUM if converged else TIME_LIMIT
    stage = StageInfo(name, status_text, value, bound, gap, time.perf_counter() - began)
    return stage, x


def _whole(
    problem: Problem, x: I64, name: str, share: F64, most: float | None, stop: float
) -> tuple[I64, float | None]:
    """Stage ``name`` as one MIP of every block, from the plan ``x`` the descent left,
    in the stage's time left: the better plan and HiGHS's bound (``None`` if no time).

    The descent moves one capability at a time, so it cannot trade a unit-period of a
    nation in one capability for one in another (a frigate from FRA for a battalion
    from GBR) when each move alone breaks the burden held: that plan is a block
    optimum, not the optimum. The whole model can; it starts from ``x``, so it never
    returns worse."""
    if stop - time.perf_counter() < _MIN_STAGE_S:
        return x, None
    whole = Block.of(problem, np.arange(problem.n_candidates, dtype=np.int64))
    highs = new_highs(problem.settings.mip_gap)
    whole.pass_to(highs)
    nobody = np.zeros(len(share))  # no other block
    whole.add_burden(highs, share, nobody)
    whole.hold_fill(highs, x, exactly=False)
    if most is not None:
        whole.hold_excess(highs, len(share), most)
    whole.aim(highs, name)
    costs = whole.costs(name, len(share))
    start = whole.values(x, share, nobody)
    solution = _run(highs, name, start, costs, stop - time.perf_counter())
    if solution is None:
        return x, None
    _, objective, bound, values = solution
    if objective < float(costs @ start) - _EPS * max(1.0, abs(objective)):
        x = _units(values, whole.n_x)
    return x, (float(bound) if np.isfinite(bound) else None)


def _stage_value(problem: Problem, x: I64, name: str, share: F64) -> float:
    """The burden excess (against the fair ``share`` of its units) or the cost of the
    plan ``x``."""
    if name == "burden":
        use = np.bincount(problem.nation[problem.cand_p], weights=x, minlength=len(share))
        return float(np.maximum(0.0, use - share * float(x.sum())).sum())
    n_t = len(problem.periods)
    used = np.bincount(
        problem.cand_p * n_t + problem.cand_t, weights=x, minlength=len(problem.supply) * n_t
    )
    return float((problem.cost.repeat(n_t) * (used > 0)).sum())


def _stage_bound(
    problem: Problem, x: I64, name: str, share: F64, most: float | None, stop: float
) -> float | None:
    """The whole model's LP relaxation bound on stage ``name`` (``None`` if no time)."""
    left = stop - time.perf_counter()
    if left < _MIN_STAGE_S:
        return None
    block = Block.of(problem, np.arange(problem.n_candidates, dtype=np.int64))
    highs = new_highs(problem.settings.mip_gap)
    block.pass_to(highs, relaxed=True)
    block.add_burden(highs, share, np.zeros(len(share)))
    block.hold_fill(highs, x, exactly=False)
    if most is not None:
        block.hold_excess(highs, len(share), most)
    block.aim(highs, name)
    highs.setOptionValue("solver", "ipm")
    highs.setOptionValue("run_crossover", "off")
    highs.setOptionValue("time_limit", left)
    highs.run()
    if highs.getModelStatus() != HighsModelStatus.kOptimal:
        return None
    return max(0.0, float(highs.getInfo().objective_function_value))


# HiGHS ------------------------------------------------------------------------------


def _run(
    highs: _Highs, name: str, start: F64, costs: F64, limit_s: float
) -> tuple[HighsModelStatus, float, float, F64] | None:
    """Solve a MIP from ``start`` within ``limit_s``: (status, objective, bound,
    solution), or ``None`` when it stopped with no solution.

    The objective is the solution's own (``costs @ solution``). HiGHS 1.16, given a
    start and presolving, may report an objective and bound its solution does not have
    (the start returned, a lower objective claimed "optimal"): a descent that believed
    it would go round in circles until the time limit. Such a run is solved again
    without presolve; if the two still disagree, the bound is not trusted."""
    if limit_s < _MIN_STAGE_S:
        return None
    began = time.perf_counter()
    solution = _solve_from(highs, name, start, limit_s)
    if solution is None or _agrees(solution, costs):
        return _checked(solution, costs)
    left = limit_s - (time.perf_counter() - began)
    if left < _MIN_STAGE_S:
        return _checked(solution, costs)
    highs.setOptionValue("presolve", "off")
    return _checked(_solve_from(highs, name, start, left), costs)


def _solve_from(
    highs: _Highs, name: str, start: F64, limit_s: float
) -> tuple[HighsModelStatus, float, float, F64] | None:
    """HiGHS's own (status, objective, bound, solution) of a MIP from ``start``."""
    highs.setOptionValue("time_limit", float(limit_s))
    highs.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
    status = highs.run()
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    if status == HighsStatus.kError or info.primal_solution_status != 2:  # 2: feasible
        if model_status not in _STOPPED:
            text = highs.modelStatusToString(model_status)
            raise SolverError(f"HiGHS failed at the {name} stage of the sourcing MIP: {text}")
        return None
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    return model_status, info.objective_function_value, info.mip_dual_bound, values


def _agrees(solution: tuple[HighsModelStatus, float, float, F64], costs: F64) -> bool:
    _, objective, _, values = solution
    own = float(costs @ values)
    return abs(objective - own) <= _EPS * max(1.0, abs(own))


def _checked(
    solution: tuple[HighsModelStatus, float, float, F64] | None, costs: F64
) -> tuple[HighsModelStatus, float, float, F64] | None:
    """``solution`` with its own objective; not optimal, and no bound, if HiGHS's
    objective is not the solution's."""
    if solution is None or _agrees(solution, costs):
        return solution
    _, _, _, values = solution
    return HighsModelStatus.kNotset, float(costs @ values), -np.inf, values


def _solve_lp(highs: _Highs, what: str) -> None:
    status = highs.run()
    if status == HighsStatus.kError or highs.getModelStatus() != HighsModelStatus.kOptimal:
        text = highs.modelStatusToString(highs.getModelStatus())
        raise SolverError(f"HiGHS could not solve {what}: {text}")


def _gap(value: float, bound: float) -> float:
    """The relative gap ``|value - bound| / |value|``: 0 when they agree, or when the
    value is 0 (every objective here is non-negative, so 0 is optimal whatever an
    interior-point bound a hair above it says)."""
    if value == 0 or abs(value - bound) <= _EPS * max(1.0, abs(value)):
        return 0.0
    return abs(value - bound) / abs(value)


def _units(values: F64, n_x: int) -> I64:
    """The ``x`` of a solution of an integer-``x`` model."""
    return np.maximum(np.rint(values[:n_x]), 0).astype(np.int64)


def _integral(values: F64, n_x: int) -> I64 | None:
    """The ``x`` of an LP solution, ``None`` unless it is integral."""
    if np.abs(values[:n_x] - np.rint(values[:n_x])).max(initial=0.0) > _EPS:
        return None
    return _units(values, n_x)
