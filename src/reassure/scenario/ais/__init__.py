"""AIS traffic in the Black Sea over the scenario window, with planted anomalies.

The ``ais`` domain (:mod:`reassure.scenario.domains.ais`) runs :func:`generate`: it
plans every vessel's motion (:func:`simulate`), hears it through the shore network
(:func:`reports`) and writes ``sea/ais.nmea[.gz]`` and one ground-truth record per
planted anomaly and per port call. All random numbers come from ``ctx.rng("ais")``
(planning) and ``ctx.rng("ais:reports:<n>")`` (reception).

Modules, in the order the data flows:

============== =====================================================================
``geography``  the metric plane, the sea, zones, open sea, where anomalies can go
``trunk``      the corridor's trunk line and its four lanes
``ports``      berths, harbour entrances and approaches from the trunk
``stations``   the shore receivers and how much they hear
``motion``     the track engine: pieces of motion, evaluated in bulk
``traffic``    vessels, planted episodes, everything planned
``identities`` MMSI, IMO number, call sign, name and particulars
``planner``    the planner's state and shared steps (vessels, voyages, slots, stays)
``routes``     normal traffic: corridor voyages, service and pleasure craft, open sea
``planting``   the planted anomalies
``proximity``  the proximity check: which vessel pairs come too close
``simulate``   planting, planning and re-planning until the rules hold
``reception``  position reports as heard
``static``     static and voyage reports
``truth``      ground-truth records
``domain``     encoding and writing the file
============== =====================================================================
"""

from __future__ import annotations

from reassure.scenario.ais.domain import GZIP_LINES, RELPATH, generate
from reassure.scenario.ais.geography import SeaGeography, sea_geography
from reassure.scenario.ais.proximity import conflicts
from reassure.scenario.ais.reception import Reports, reports
from reassure.scenario.ais.simulate import simulate
from reassure.scenario.ais.traffic import (
    KINDS,
    PLANTED_AT_SCALE_1,
    VESSELS_AT_SCALE_1,
    Episode,
    Traffic,
    Vessel,
)

__all__ = [
    "GZIP_LINES",
    "KINDS",
    "PLANTED_AT_SCALE_1",
    "RELPATH",
    "VESSELS_AT_SCALE_1",
    "Episode",
    "Reports",
    "SeaGeography",
    "Traffic",
    "Vessel",
    "conflicts",
    "generate",
    "reports",
    "sea_geography",
    "simulate",
]
