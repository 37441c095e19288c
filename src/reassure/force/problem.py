"""The sourcing problem: which pledge may fill which requirement in which rotation period.

The planning horizon starts on P-day (the day the peace agreement is signed) and is cut
into ``periods`` rotation periods of ``period_months``: a unit fills a requirement for
one period, and the next period needs a unit again (the same one, if its nation can
sustain another rotation). A requirement is *active* in a period its ``[start, end)``
overlaps. A pledge may fill a requirement in a period (a *candidate*) when

1. it is of the requirement's capability;
2. its notice-to-move is no longer than the requirement allows (readiness);
3. none of its caveats, nor its nation's, rules the requirement out (``caveats``);
4. it is available over the part of the period the requirement is active (dates).

Every (pledge, requirement) pair of one capability that fails 2-4 keeps its reason, so
that a requirement left unfilled can say why: no nation offers the capability, every
offer is ruled out (and by what), or every eligible unit is needed elsewhere.

The problem is plain arrays: the solver (``sourcing``) and the greedy baseline
(``greedy``) read the same :class:`Problem`. Inputs no plan can be built from (an end
before its start, an unknown capability or caveat, a repeated id) raise
:class:`~reassure.errors.InputError` naming the records; settings out of range raise
:class:`~reassure.errors.ConfigError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl
from numpy.typing import NDArray

from reassure.errors import ConfigError, InputError
from reassure.force.catalog import CAPABILITIES
from reassure.force.caveats import Conditions, caveat_of, excluded
from reassure.force.dates import add_months
from reassure.force.inputs import PLEDGE_SCHEMA, REQUIREMENT_SCHEMA

__all__ = [
    "PRIORITY_WEIGHTS",
    "ForceInputs",
    "PlanSettings",
    "Problem",
    "build_problem",
    "check_inputs",
    "period_bounds",
]

I64 = NDArray[np.int64]

PRIORITY_WEIGHTS = {1: 1000.0, 2: 100.0, 3: 10.0, 4: 3.0, 5: 1.0}
"""Value of one unit-period filled, by requirement priority: a critical requirement
outweighs any number of routine ones in practice (1000 vs 100 vs 10 ...)."""

NATION_COLUMNS: dict[str, pl.DataType] = {
    "nation": pl.String(),
    "name": pl.String(),
    "role": pl.String(),
    "caveats": pl.List(pl.String()),
    "gdp_busd": pl.Float64(),
}


@dataclass(frozen=True)
class PlanSettings:
    """The parameters of one plan (a course of action sets its own)."""

    p_day: date
    """The day the peace agreement is signed: the first period starts then."""
    periods: int = 8
    period_months: int = 6
    conditions: Conditions = field(default_factory=Conditions)
    time_limit_s: float = 60.0
    """Wall-clock budget of the solver, for all its stages."""
    mip_gap: float = 0.001
    """Relative optimality gap at which the solver may stop (0.1 %)."""

    def __post_init__(self) -> None:
        if not 1 <= self.periods <= 120:
            raise ConfigError(f"periods {self.periods} is not between 1 and 120")
        if not 1 <= self.period_months <= 36:
            raise ConfigError(f"period_months {self.period_months} is not between 1 and 36")
        if not self.time_limit_s > 0:
            raise ConfigError(f"time_limit_s {self.time_limit_s:g} is not positive")
        if not 0 <= self.mip_gap < 1:
            raise ConfigError(f"mip_gap {self.mip_gap:g} is not in [0, 1)")


@dataclass(frozen=True)
class ForceInputs:
    """Nations (``NATION_COLUMNS``), requirements (``REQUIREMENT_SCHEMA``) and pledges
    (``PLEDGE_SCHEMA``); lift and transit matter to the timeline only."""

    nations: pl.DataFrame
    requirements: pl.DataFrame
    pledges: pl.DataFrame
    lift: pl.DataFrame | None = None
    transit: pl.DataFrame | None = None


def period_bounds(settings: PlanSettings) -> list[tuple[date, date]]:
    """``[start, end)`` of every rotation period from P-day."""
    months = settings.period_months
    return [
        (add_months(settings.p_day, k * months), add_months(settings.p_day, (k + 1) * months))
        for k in range(settings.periods)
    ]


@dataclass(frozen=True)
class Problem:
    """Requirements (rows ``r``), pledges (rows ``p``), periods ``t`` and candidates.

    ``cand_p``, ``cand_r``, ``cand_t`` list every candidate triple; ``active[r, t]``
    says a requirement must be filled in a period, ``want[r]`` with how many units.
    ``ruled_out`` keeps, for pairs of one capability that may never be candidates,
    why not (``pair_p``, ``pair_r``, ``pair_reason``).
    """

    settings: PlanSettings
    requirements: pl.DataFrame
    pledges: pl.DataFrame
    nations: pl.DataFrame
    periods: list[tuple[date, date]]
    active: NDArray[np.bool_]
    want: I64
    weight: NDArray[np.float64]
    """Per requirement: the value of one unit-period filled (``PRIORITY_WEIGHTS``)."""
    supply: I64
    """Per pledge: units."""
    rotations: I64
    """Per pledge: periods it may serve in."""
    cost: NDArray[np.float64]
    """Per pledge: million euro per rotation (all its units)."""
    nation: I64
    """Per pledge: row in ``nations``."""
    cand_p: I64
    cand_r: I64
    cand_t: I64
    pair_p: I64
    pair_r: I64
    pair_reason: list[str]

    @property
    def n_candidates(self) -> int:
        return len(self.cand_p)


def build_problem(inputs: ForceInputs, settings: PlanSettings) -> Problem:
    """Every candidate (pledge, requirement, period) of ``inputs`` under ``settings``."""
    check_inputs(inputs)
    reqs = inputs.requirements.select(list(REQUIREMENT_SCHEMA)).sort("requirement_id")
    pledges = inputs.pledges.select(list(PLEDGE_SCHEMA)).sort("pledge_id")
    nations = _nations(inputs.nations, pledges)
    periods = period_bounds(settings)
    starts = np.array([np.datetime64(a) for a, _ in periods])
    ends = np.array([np.datetime64(b) for _, b in periods])
    r_start = reqs["start"].to_numpy().astype("datetime64[D]")
    r_end = reqs["end"].to_numpy().astype("datetime64[D]")
    active = (r_start[:, None] < ends[None, :]) & (r_end[:, None] > starts[None, :])

    nation_row = {n: i for i, n in enumerate(nations["nation"].to_list())}
    nation_caveats = dict(zip(nations["nation"], nations["caveats"].to_list(), strict=True))
    pairs_p, pairs_r, reasons = [], [], []
    cand = []
    p_from = pledges["available_from"].to_numpy().astype("datetime64[D]")
    p_to = pledges["available_to"].to_numpy().astype("datetime64[D]")
    need_from = np.maximum(r_start[:, None], starts[None, :])  # (r, t)
    need_to = np.minimum(r_end[:, None], ends[None, :])
    by_capability = reqs.with_row_index("r").group_by("capability")
    req_rows = {key[0]: frame for key, frame in by_capability}
    notice = pledges["notice_days"].to_numpy()
    max_notice = reqs["max_notice_days"].to_numpy()
    for p, (capability, nation, caveats) in enumerate(
        pledges.select("capability", "nation", "caveats").iter_rows()
    ):
        frame = req_rows.get(capability)
        if frame is None:
            continue
        rows = frame["r"].to_numpy().astype(np.int64)
        rules = [*(caveats or []), *(nation_caveats.get(nation) or [])]
        ruled = excluded(frame, rules, settings.conditions, nation)
        for k, r in enumerate(rows):
            if notice[p] > max_notice[r]:
                why = f"notice-to-move {notice[p]} d > {max_notice[r]} d allowed"
            elif k in ruled:
                why = ruled[k]
            else:
                fits = active[r] & (p_from[p] <= need_from[r]) & (p_to[p] >= need_to[r])
                if not fits.any():
                    why = "not available when needed"
                else:
                    t = np.flatnonzero(fits)
                    cand.append(np.stack([np.full(len(t), p), np.full(len(t), r), t]))
                    continue
            pairs_p.append(p)
            pairs_r.append(int(r))
            reasons.append(why)
    triples = np.concatenate(cand, axis=1) if cand else np.zeros((3, 0), dtype=np.int64)
    return Problem(
        settings=settings,
        requirements=reqs,
        pledges=pledges,
        nations=nations,
        periods=periods,
        active=active,
        want=reqs["quantity"].to_numpy().astype(np.int64),
        weight=np.array([PRIORITY_WEIGHTS[p] for p in reqs["priority"]], dtype=np.float64),
        supply=pledges["quantity"].to_numpy().astype(np.int64),
        rotations=pledges["rotations"].to_numpy().astype(np.int64),
        cost=pledges["cost_meur_per_rotation"].to_numpy().astype(np.float64),
        nation=np.array([nation_row[n] for n in pledges["nation"]], dtype=np.int64),
        cand_p=triples[0].astype(np.int64),
        cand_r=triples[1].astype(np.int64),
        cand_t=triples[2].astype(np.int64),
        pair_p=np.array(pairs_p, dtype=np.int64),
        pair_r=np.array(pairs_r, dtype=np.int64),
        pair_reason=reasons,
    )


_REQUIRED = {
    "requirements": (
        "requirement_id", "objective", "capability", "quantity", "start", "end",
        "max_notice_days", "priority", "tasks", "lift",
    ),
    "pledges": (
        "pledge_id", "nation", "capability", "quantity", "available_from", "available_to",
        "notice_days", "rotations", "cost_meur_per_rotation",
    ),
}  # fmt: skip


def check_inputs(inputs: ForceInputs) -> None:
    """Raise :class:`InputError` for records no plan can be built from.

    The file decoders (``inputs``) already reject such records one by one; this guards
    frames built in code (a what-if, the API) so that a contradiction is named, never
    turned into a silently empty or wrong plan.
    """
    reqs, pledges = inputs.requirements, inputs.pledges
    for source, frame in (("requirements", reqs), ("pledges", pledges)):
        schema = REQUIREMENT_SCHEMA if source == "requirements" else PLEDGE_SCHEMA
        missing = [c for c in schema if c not in frame.columns]
        if missing:
            raise InputError(source, f"missing columns: {', '.join(missing)}")
        for column in _REQUIRED[source]:
            _refuse(frame, source, pl.col(column).is_null(), f"no {column}")
    _refuse(reqs, "requirements", pl.col("requirement_id").is_duplicated(), "id given twice")
    _refuse(pledges, "pledges", pl.col("pledge_id").is_duplicated(), "id given twice")
    for source, frame in (("requirements", reqs), ("pledges", pledges)):
        known = pl.col("capability").is_in(list(CAPABILITIES))
        _refuse(frame, source, ~known, "unknown capability")
        _refuse(frame, source, pl.col("quantity") < 1, "quantity below 1")
    _refuse(reqs, "requirements", pl.col("end") <= pl.col("start"), "end is not after start")
    priorities = pl.col("priority").is_in(list(PRIORITY_WEIGHTS))
    _refuse(reqs, "requirements", ~priorities, "priority is not 1 to 5")
    _refuse(reqs, "requirements", pl.col("max_notice_days") < 0, "negative max_notice_days")
    _refuse(
        pledges,
        "pledges",
        pl.col("available_to") <= pl.col("available_from"),
        "available_to is not after available_from",
    )
    _refuse(pledges, "pledges", pl.col("rotations") < 1, "rotations below 1")
    _refuse(pledges, "pledges", pl.col("notice_days") < 0, "negative notice_days")
    _refuse(pledges, "pledges", pl.col("cost_meur_per_rotation") < 0, "negative cost")
    nations = inputs.nations
    if nations.width and "nation" not in nations.columns:
        raise InputError("nations", "missing columns: nation")
    if "nation" in nations.columns:
        _refuse(nations, "nations", pl.col("nation").is_duplicated(), "id given twice")
        if nations["nation"].null_count():
            raise InputError("nations", "no nation in a row")
    for source, frame in (("pledges", pledges), ("nations", nations)):
        if "caveats" not in frame.columns:
            continue
        for record_id, texts in frame.select(_ID[source], "caveats").iter_rows():
            for text in texts or []:
                try:
                    caveat_of(text)
                except ValueError as exc:
                    raise InputError(source, f"{record_id}: {exc}") from None


_ID = {"requirements": "requirement_id", "pledges": "pledge_id", "nations": "nation"}


def _refuse(frame: pl.DataFrame, source: str, bad: pl.Expr, what: str) -> None:
    """An :class:`InputError` naming up to three records where ``bad`` holds."""
    ids = frame.filter(bad.fill_null(False))[_ID[source]].to_list()
    if ids:
        more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
        named = ", ".join(str(i) for i in ids[:3])
        raise InputError(source, f"{what}: {named}{more}")


def _nations(nations: pl.DataFrame, pledges: pl.DataFrame) -> pl.DataFrame:
    """The nations table with every pledging nation (unknown ones: no caveats, no GDP)."""
    if "nation" not in nations.columns:  # no table at all (check_inputs refuses a bad one)
        nations = pl.DataFrame(schema={"nation": pl.String})
    known = nations.select(
        [
            pl.col(c) if c in nations.columns else pl.lit(None, dtype=t).alias(c)
            for c, t in NATION_COLUMNS.items()
        ]
    ).cast(pl.Schema(NATION_COLUMNS))
    missing = sorted(set(pledges["nation"]) - set(known["nation"]))
    extra = pl.DataFrame(
        {"nation": missing, "name": missing, "role": ["contributor"] * len(missing)},
        schema={"nation": pl.String, "name": pl.String, "role": pl.String},
    ).with_columns(
        caveats=pl.lit([], dtype=pl.List(pl.String)), gdp_busd=pl.lit(None, dtype=pl.Float64)
    )
    return pl.concat([known, extra.select(list(NATION_COLUMNS))]).sort("nation")
