"""Force generation and readiness: nations, requirements, pledges, lift; sourcing them.

``inputs`` reads and checks the planner's files, ``caveats`` turns national caveats
into rules, ``problem`` builds the sourcing problem every planner reads.
"""

from reassure.force.nations import decode_nations

__all__ = ["decode_nations"]
