"""Courses of action: candidate force formats, each a subset of the statement of requirements.

=====  =====================================================================
A      air and sea deterrent from outside Ukraine: skies and seas only; aircraft
       and air defence based outside Ukraine, ships at sea (Ukrainian waters
       included, but not near the line of contact); no UN resolution assumed
B      ground force west of the Dnipro: every requirement not east of the
       Dnipro; no UN resolution, and Germany's parliament has not yet voted
C      full reassurance force: every requirement, under a UN Security Council
       resolution
=====  =====================================================================

Each COA is one file ``coalition/coa/coa_<x>.yaml``; its paths are relative to it.
Where a requirement is comes from its record as ``reassure.force.inputs`` reads it:
its base's place in ``catalog.PLACES``, or its own ``east_of_dnipro`` and
``near_contact``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reassure.force.catalog import CAPABILITIES, place_of
from reassure.scenario.coalition.nations import Nation
from reassure.scenario.coalition.requirements import HORIZON_MONTHS

__all__ = ["COAS", "PERIOD_MONTHS", "Coa", "coa_file"]

PERIOD_MONTHS = 6


@dataclass(frozen=True)
class Coa:
    key: str
    """File suffix: ``coa_<key>.yaml``, and ``requirements_<key>.yaml`` for a subset."""
    name: str
    description: str
    keeps: Callable[[dict[str, Any]], bool] | None
    """Which requirement records (as written) the format includes (``None``: all, and
    the COA names ``requirements.yaml`` itself)."""
    un_resolution: bool
    without_mandate: tuple[str, ...] = ()
    """Nations whose parliament has not given its mandate (empty: all have)."""

    @property
    def requirements_file(self) -> str:
        """The requirements file's name in ``coalition/``."""
        return "requirements.yaml" if self.keeps is None else f"requirements_{self.key}.yaml"


def _country(record: dict[str, Any]) -> str:
    place = place_of(str(record["base"]))
    return place.country if place else str(record["base"]).rsplit(" (", 1)[1][:-1]


def _east_of_dnipro(record: dict[str, Any]) -> bool:
    if "east_of_dnipro" in record:
        return bool(record["east_of_dnipro"])
    place = place_of(str(record["base"]))
    return bool(place and place.east_of_dnipro)


def _near_contact(record: dict[str, Any]) -> bool:
    return bool(record.get("near_contact", "sector" in record))


def _from_outside(record: dict[str, Any]) -> bool:
    """Aircraft and air defence outside Ukraine; ships not near the line of contact."""
    objective = CAPABILITIES[str(record["capability"])].objective
    if objective == "skies":
        return _country(record) != "UKR"
    return objective == "seas" and not _near_contact(record)


COAS: tuple[Coa, ...] = (
    Coa(
        "a",
        "A: air and sea deterrent from outside Ukraine",
        "Air policing and air defence from bases in Poland and Romania, escort, patrol and "
        "mine clearance at sea. No ground troops in Ukraine; no UN resolution assumed.",
        _from_outside,
        un_resolution=False,
    ),
    Coa(
        "b",
        "B: ground force west of the Dnipro",
        "Everything in A, plus air defence, reassurance battalions, engineers, surveillance "
        "and support inside Ukraine west of the Dnipro. No UN resolution; the Bundestag "
        "has not yet voted Germany's mandate.",
        lambda record: not _east_of_dnipro(record),
        un_resolution=False,
        without_mandate=("DEU",),
    ),
    Coa(
        "c",
        "C: full reassurance force",
        "Every requirement, including presence and surveillance in the DMZ sectors east of "
        "the Dnipro, under a UN Security Council resolution.",
        None,
        un_resolution=True,
    ),
)


def coa_file(coa: Coa, p_day: date, nations: tuple[Nation, ...]) -> dict[str, Any]:
    """The content of ``coalition/coa/coa_<key>.yaml``."""
    conditions: dict[str, Any] = {"un_resolution": coa.un_resolution}
    if coa.without_mandate:
        conditions["mandates"] = [
            n.code for n in nations if n.role != "host" and n.code not in coa.without_mandate
        ]
    return {
        "name": coa.name,
        "description": coa.description,
        "p_day": p_day.isoformat(),
        "periods": HORIZON_MONTHS // PERIOD_MONTHS,
        "period_months": PERIOD_MONTHS,
        "conditions": conditions,
        "requirements": f"../{coa.requirements_file}",
        "pledges": "../pledges.yaml",
        "lift": "../lift.yaml",
        "nations": "../nations.yaml",
    }
