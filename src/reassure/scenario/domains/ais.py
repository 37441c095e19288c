"""The AIS domain: Black Sea traffic with planted anomalies (:mod:`reassure.scenario.ais`).

Writes ``sea/ais.nmea`` (or ``sea/ais.nmea.gz``) and ground truth ``sea:<kind>:<n>``.
"""

from __future__ import annotations

from reassure.scenario.ais import generate

__all__ = ["ORDER", "generate"]

ORDER = 40
