"""National caveats as rules: which requirements a caveated unit may not fill.

Nations write caveats in words ("not east of the Dnipro"); each known wording maps to
one :class:`Caveat`, whose rule marks the requirements it rules out, from their
attributes (``country``, ``east_of_dnipro``, ``lon``, ``near_contact``, ``base_name``,
``tasks``, ``capability``, ``objective``) and the plan's :class:`Conditions`. A
caveat of a nation applies to every pledge of that nation. A wording not listed
here is an input error (listing the known ones), never silently ignored; ``note``
caveats are kept and shown but rule nothing out.

=====================  =========================================================
caveat                 rules out requirements ...
=====================  =========================================================
west_of_dnipro         east of the Dnipro
outside_ukraine        in Ukraine
no_ground_in_ukraine   in Ukraine, of units that need strategic lift (ships and
                       aircraft, which deploy themselves, are not ground troops)
air_policing_only      without the task ``air_policing``
escort_only            without the task ``escort``
demining_only          without the task ``demining``
away_from_contact      within 50 km of the line of contact (``near_contact``)
west_of_32e            east of 32° E
kyiv_only              not at Kyiv
non_combat             of the skies, seas and land objectives
un_resolution          all, unless the plan assumes a UN resolution
mandate                all, unless the nation's parliament has given its mandate
note                   none: recorded for the planner (recall risk, Montreux...)
=====================  =========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

__all__ = ["CAVEATS", "Caveat", "Conditions", "caveat_of", "excluded"]


@dataclass(frozen=True)
class Conditions:
    """Facts a plan assumes that some caveats depend on."""

    un_resolution: bool = False
    """A UN Security Council resolution backs the force (none yet, by default)."""
    mandates: tuple[str, ...] | None = None
    """Nations whose parliament has given its mandate (``None``: all of them)."""

    def has_mandate(self, nation: str) -> bool:
        return self.mandates is None or nation in self.mandates


Rule = Callable[[pl.DataFrame, Conditions, str], pl.Series]
"""(requirements, conditions, pledging nation) -> the requirements ruled out."""


@dataclass(frozen=True)
class Caveat:
    code: str
    phrases: tuple[str, ...]
    """Wordings, lower case; compared after lower-casing and trimming."""
    why: str
    """How a plan explains a requirement this caveat keeps a unit from."""
    rule: Rule


def _where(expr: pl.Expr) -> Rule:
    return lambda reqs, _c, _n: reqs.select(expr.fill_null(False)).to_series()


def _none(reqs: pl.DataFrame, _c: Conditions, _n: str) -> pl.Series:
    return pl.Series([False] * reqs.height, dtype=pl.Boolean)


def _unless(ok: Callable[[Conditions, str], bool]) -> Rule:
    return lambda reqs, c, n: pl.Series([not ok(c, n)] * reqs.height, dtype=pl.Boolean)


def _lacks(task: str) -> Rule:
    return _where(~pl.col("tasks").list.contains(task))


_IN_UKRAINE = pl.col("country") == "UKR"

CAVEATS: tuple[Caveat, ...] = (
    Caveat("west_of_dnipro", ("not east of the dnipro", "west of the dnipro only"),
           "east of the Dnipro", _where(pl.col("east_of_dnipro"))),
    Caveat("outside_ukraine", ("from bases outside ukraine only", "training outside ukraine only",
                               "no armed forces deployed in ukraine",
                               "international airspace only"),
           "in Ukraine", _where(_IN_UKRAINE)),
    Caveat("no_ground_in_ukraine", ("no ground troops inside ukraine",),
           "ground troops in Ukraine", _where(_IN_UKRAINE & (pl.col("lift") != "self"))),
    Caveat("air_policing_only", ("air policing only",), "not air policing",
           _lacks("air_policing")),
    Caveat("escort_only", ("escort duties only",), "not escort duties", _lacks("escort")),
    Caveat("demining_only", ("demining only",), "not demining", _lacks("demining")),
    Caveat("away_from_contact", ("not within 50 km of the line of contact",
                                 "not over the line of contact",
                                 "no flights over the line of contact"),
           "near the line of contact", _where(pl.col("near_contact"))),
    Caveat("west_of_32e", ("not east of 32°e", "not east of 32 e"), "east of 32° E",
           _where(pl.col("lon") > 32.0)),
    Caveat("kyiv_only", ("kyiv hq only",), "not at Kyiv", _where(pl.col("base_name") != "Kyiv")),
    Caveat("non_combat", ("non-combat support only", "no combat role", "civilian experts only"),
           "a combat role", _where(pl.col("objective") != "support")),
    Caveat("un_resolution", ("no deployment before a un resolution",), "no UN resolution",
           _unless(lambda c, _n: c.un_resolution)),
    Caveat("mandate", ("parliamentary mandate required before deployment",),
           "no parliamentary mandate", _unless(lambda c, n: c.has_mandate(n))),
    Caveat("note", ("units recallable for national defence at 10 days' notice",
                    "black sea naval tasks under the montreux convention"),
           "", _none),
)  # fmt: skip

_BY_PHRASE = {phrase: caveat for caveat in CAVEATS for phrase in caveat.phrases}


def caveat_of(text: str) -> Caveat:
    """The caveat a wording names; ``ValueError`` (listing the known ones) if none."""
    found = _BY_PHRASE.get(" ".join(text.lower().split()))
    if found is None:
        known = "; ".join(sorted(_BY_PHRASE))
        raise ValueError(f"unknown caveat {text!r} (known: {known})")
    return found


def excluded(
    requirements: pl.DataFrame, caveats: Iterable[str], conditions: Conditions, nation: str
) -> dict[int, str]:
    """Row index -> reason (``caveat 'wording' (why)``), for the requirements that
    ``caveats`` (wordings) keep a unit of ``nation`` from; the first caveat that rules a
    requirement out names it."""
    out: dict[int, str] = {}
    for text in caveats:
        caveat = caveat_of(text)
        mask = caveat.rule(requirements, conditions, nation)
        for index in mask.arg_true().to_list():
            out.setdefault(index, f"caveat '{text}' ({caveat.why})")
    return out
