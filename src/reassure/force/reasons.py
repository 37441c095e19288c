"""Why a requirement is not filled in a period: one line a planner can act on.

For a requirement short of units in a period, in this order:

* ``no nation offers <capability>``: no pledge of that capability at all;
* ``every offer ruled out: 2 by caveat '...' (why), 1 by notice-to-move 30 d > 10 d
  allowed, 1 not available when needed``: pledges of the capability exist but none may
  fill it in that period (counted by pledge, most common reason first); when dates are
  the only reason: ``not available when needed: none of the 3 offers of <capability> is
  available <from> to <to>``;
* ``all 4 eligible units are needed elsewhere: 3 by REQ-002 (priority 1), 1 by pledges
  that have used their rotations: PLG-FRA-02``: eligible units exist, and serve other
  requirements that period or belong to pledges whose nation cannot sustain another
  rotation (``N of M filled; the other ...`` when it is partly filled);
* a requirement whose dates miss the plan's periods says so.

Reasons are read from the plan itself (``x`` per candidate), so the MIP and the
greedy baseline explain their own choices.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import numpy as np
from numpy.typing import NDArray

from reassure.force.problem import Problem

__all__ = ["NOT_AVAILABLE", "outside_reason", "unfilled_reasons"]

I64 = NDArray[np.int64]

NOT_AVAILABLE = "not available when needed"
MAX_NAMED = 3
"""Requirements or pledges named in one reason before "and N more"."""


def unfilled_reasons(problem: Problem, x: I64, short: list[tuple[int, int]]) -> list[str]:
    """The reason of each (requirement row, period) in ``short`` (each short of units)."""
    if not short:
        return []
    ctx = _Context(problem, x)
    return [ctx.reason(r, t) for r, t in short]


def outside_reason(problem: Problem, r: int) -> str:
    """Why requirement row ``r`` has no period in the plan."""
    start, end = problem.requirements["start"][r], problem.requirements["end"][r]
    first, last = problem.periods[0][0], problem.periods[-1][1]
    return f"outside the plan's periods: needed {start} to {end}, the plan covers {first} to {last}"


class _Context:
    """Indexes of one plan, built once for all its unfilled lines."""

    def __init__(self, problem: Problem, x: I64) -> None:
        self.problem = problem
        self.x = x
        n_t = len(problem.periods)
        self.n_t = n_t
        keys = problem.cand_r * n_t + problem.cand_t
        self.order = np.argsort(keys, kind="stable")
        self.sorted_keys = keys[self.order]
        used = np.bincount(
            problem.cand_p * n_t + problem.cand_t, weights=x, minlength=len(problem.supply) * n_t
        )
        self.used = np.rint(used).reshape(-1, n_t).astype(np.int64)
        self.rotations_used = (self.used > 0).sum(axis=1)
        self.serving: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for c in np.flatnonzero(x):
            p, r, t = int(problem.cand_p[c]), int(problem.cand_r[c]), int(problem.cand_t[c])
            self.serving[p, t].append((r, int(x[c])))
        self.by_capability: dict[str, list[int]] = defaultdict(list)
        for p, capability in enumerate(problem.pledges["capability"].to_list()):
            self.by_capability[capability].append(p)
        self.ruled: dict[tuple[int, int], str] = {
            (int(p), int(r)): why
            for p, r, why in zip(problem.pair_p, problem.pair_r, problem.pair_reason, strict=True)
        }
        self.ids = problem.requirements["requirement_id"].to_list()
        self.priority = problem.requirements["priority"].to_list()
        self.capability = problem.requirements["capability"].to_list()
        self.pledge_ids = problem.pledges["pledge_id"].to_list()

    def candidates(self, r: int, t: int) -> I64:
        key = r * self.n_t + t
        lo, hi = np.searchsorted(self.sorted_keys, [key, key + 1])
        return self.order[lo:hi]

    def reason(self, r: int, t: int) -> str:
        cands = self.candidates(r, t)
        if len(cands):
            return self._taken(r, t, cands)
        capability = self.capability[r]
        offers = self.by_capability.get(capability, [])
        if not offers:
            return f"no nation offers {capability}"
        why = self._ruled_out(r, offers)
        if set(why) == {NOT_AVAILABLE}:
            start, end = self._need(r, t)
            n = len(offers)
            offers_text = "the only offer" if n == 1 else f"none of the {n} offers"
            verb = "is not" if n == 1 else "is"
            return (
                f"{NOT_AVAILABLE}: {offers_text} of {capability} {verb} available {start} to {end}"
            )
        return "every offer ruled out: " + _counted(why)

    def _ruled_out(self, r: int, pledges: list[int]) -> Counter[str]:
        """Why each of ``pledges`` (of the capability, not candidates) cannot fill ``r``."""
        return Counter(self.ruled.get((p, r), NOT_AVAILABLE) for p in pledges)

    def _need(self, r: int, t: int) -> tuple[date, date]:
        start, end = self.problem.periods[t]
        reqs = self.problem.requirements
        return max(start, reqs["start"][r]), min(end, reqs["end"][r])

    def _taken(self, r: int, t: int, cands: I64) -> str:
        problem = self.problem
        want = int(problem.want[r])
        own = int(self.x[cands].sum())
        others: Counter[int] = Counter()
        spent: list[int] = []
        spent_units = idle = 0
        eligible = problem.cand_p[cands].tolist()
        for p in eligible:
            if self.used[p, t] > 0 or self.rotations_used[p] < problem.rotations[p]:
                idle += int(problem.supply[p] - self.used[p, t])
                for r2, quantity in self.serving.get((p, t), []):
                    if r2 != r:
                        others[r2] += quantity
            else:
                spent.append(p)
                spent_units += int(problem.supply[p])
        clauses = []
        if others:
            ranked = sorted(others, key=lambda r2: (self.priority[r2], self.ids[r2]))
            named = [f"{self.ids[r2]} (priority {self.priority[r2]})" for r2 in ranked]
            clauses.append(f"{sum(others.values())} by {_names(named)}")
        if spent:
            names = _names([self.pledge_ids[p] for p in spent])
            clauses.append(f"{spent_units} by pledges that have used their rotations: {names}")
        if idle:
            clauses.append(f"{idle} left unused by this plan")
        units = own + sum(others.values()) + spent_units + idle
        if not clauses:  # every eligible unit fills it, and it needs more
            taken = set(eligible)
            rest = [p for p in self.by_capability[self.capability[r]] if p not in taken]
            more = (
                "other offers ruled out: " + _counted(self._ruled_out(r, rest))
                if rest
                else f"no other nation offers {self.capability[r]}"
            )
            return f"{own} of {want} filled by every eligible unit; {more}"
        what = "needed elsewhere" if not idle else "accounted for"
        if own:
            other = units - own
            head = (
                f"{own} of {want} filled; the other eligible unit is {what}"
                if other == 1
                else f"{own} of {want} filled; the other {other} eligible units are {what}"
            )
        elif units == 1:
            head = f"the only eligible unit is {what}"
        else:
            head = f"all {units} eligible units are {what}"
        return f"{head}: " + "; ".join(clauses)


def _counted(why: Counter[str]) -> str:
    """``2 by caveat '...' (why), 1 not available when needed``: most common first."""
    return ", ".join(
        f"{count} {text}" if text == NOT_AVAILABLE else f"{count} by {text}"
        for text, count in sorted(why.items(), key=lambda item: (-item[1], item[0]))
    )


def _names(names: list[str]) -> str:
    """``a, b, c and 2 more``."""
    if len(names) <= MAX_NAMED:
        return ", ".join(names)
    return ", ".join(names[:MAX_NAMED]) + f" and {len(names) - MAX_NAMED} more"
