"""Force generation: the coalition's nations (pledges, requirements and sourcing to come)."""

from reassure.force.nations import decode_nations

__all__ = ["decode_nations"]
