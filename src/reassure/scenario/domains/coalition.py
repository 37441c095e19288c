"""The coalition domain: force generation inputs (:mod:`reassure.scenario.coalition`).

Writes ``coalition/nations.yaml``, ``requirements.yaml`` (and the subsets
``requirements_a.yaml``, ``requirements_b.yaml``), ``pledges.yaml``, ``lift.yaml``
and ``coa/coa_{a,b,c}.yaml``.
"""

from __future__ import annotations

from reassure.scenario.coalition import PLEDGES_AT_SCALE_1, REQUIREMENTS_AT_SCALE_1, generate

__all__ = ["ORDER", "PLEDGES_AT_SCALE_1", "REQUIREMENTS_AT_SCALE_1", "generate"]

ORDER = 20
