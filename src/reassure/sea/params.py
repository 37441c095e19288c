"""Every sea detector's parameters in one object, :class:`SeaParams`.

Each field is the parameter class of one detector in :data:`reassure.sea.detect.SEA_DETECTORS`;
the defaults are the published definitions cited on each class (mostly Global Fishing
Watch's). ``SeaParams(dark_gap=GapParams(min_gap_h=6))`` changes one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from reassure.tracks import (
    CorridorParams,
    EncounterParams,
    ExclusionParams,
    GapParams,
    JumpParams,
    LoiteringParams,
    OnLandParams,
    PortCallParams,
)

__all__ = ["SeaParams"]


@dataclass(frozen=True)
class SeaParams:
    """Parameters of every sea detector (see each class for its definition and sources)."""

    dark_gap: GapParams = field(default_factory=GapParams)
    """AIS gaps ≥ 12 h (GFW AIS-disabling events)."""
    encounter: EncounterParams = field(default_factory=EncounterParams)
    """Two vessels ≤ 500 m apart ≥ 2 h at < 2 kn, ≥ 10 km from port (GFW encounters)."""
    loitering: LoiteringParams = field(default_factory=LoiteringParams)
    """< 2 kn for ≥ 4 h, ≥ 20 NM from shore (GFW loitering)."""
    port_call: PortCallParams = field(default_factory=PortCallParams)
    """Within 3 km, stopped < 0.2 kn, ≥ 3 h, out beyond 4 km (GFW port visits)."""
    jumps: JumpParams = field(default_factory=JumpParams)
    """Teleports > 50 kn and identity clashes."""
    on_land: OnLandParams = field(default_factory=OnLandParams)
    """Positions inland (GNSS spoofing)."""
    exclusion: ExclusionParams = field(default_factory=ExclusionParams)
    """Entries into exclusion zones."""
    corridor: CorridorParams = field(default_factory=CorridorParams)
    """Departures from the corridor > 30 min, ports off it excepted (10 km approach)."""

    def for_class(self, params_class: type[Any]) -> Any:
        """The field holding parameters of ``params_class``."""
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, params_class):
                return value
        raise KeyError(f"SeaParams has no {params_class.__name__}")
