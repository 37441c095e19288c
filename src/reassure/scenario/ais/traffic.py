"""The traffic model of the AIS scenario: vessels, planted episodes, everything planned.

Traffic (:data:`VESSELS_AT_SCALE_1` times the scale):

* merchant ships (cargo 70-79, tankers 80-89) between the Odesa ports, Constanța and
  the Bosporus on the corridor's lanes, with port stays of 4.5 hours or more; some come
  out of or go into the Bosporus;
* pilot boats and tugs on runs out of the Odesa ports;
* class B pleasure craft on day trips out of Constanța along the coast;
* ships crossing the open sea, far from the corridor.

Planted anomalies: :data:`PLANTED_AT_SCALE_1` of each of :data:`KINDS`, times the
scale, each on its own vessel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from reassure.scenario.ais.geography import SeaGeography
from reassure.scenario.ais.motion import PieceTable, Track

__all__ = [
    "ANCHORED",
    "CHECK_MAX_SCALE",
    "KINDS",
    "MOORED",
    "PLANTED_AT_SCALE_1",
    "RESTRICTED",
    "UNDERWAY",
    "VESSELS_AT_SCALE_1",
    "Episode",
    "Traffic",
    "Vessel",
]

VESSELS_AT_SCALE_1 = {"corridor": 48, "service": 4, "pleasure": 3, "open": 8}
PLANTED_AT_SCALE_1 = 3
"""Planted anomalies of each kind at scale 1."""
KINDS = (
    "ais_gap",
    "encounter",
    "loitering",
    "teleport",
    "position_on_land",
    "identity_clash",
    "exclusion_entry",
    "corridor_departure",
)
CHECK_MAX_SCALE = 20.0
"""Above this scale the corridor is too crowded for the 2 km rule; it is not checked."""
MOORED, ANCHORED, UNDERWAY, RESTRICTED = 5, 1, 0, 3
"""Navigational status codes of the position reports."""


@dataclass
class Vessel:
    """One transmitter: its identity, particulars and role in the scenario."""

    index: int
    mmsi: int
    role: str
    """corridor, service, pleasure, open, or the planted kind."""
    cls: str = "A"
    imo: int = 0
    callsign: str = ""
    shipname: str = ""
    ship_type: int = 70
    dims: tuple[int, int, int, int] = (0, 0, 0, 0)
    draught: float = 0.0
    planted: bool = False
    """It carries a planted anomaly (ground truth)."""
    clone_of: int = -1
    fast: bool = False
    group: int = -1
    """Vessels of one encounter share a group (they may be close)."""

    @property
    def fixed(self) -> bool:
        """Planted away from the corridor: others keep clear of it, not it of them."""
        return self.planted and self.role != "corridor_departure"


@dataclass
class Episode:
    """One planted anomaly: its kind, its vessels and where and when it happens."""

    kind: str
    vessels: tuple[int, ...]
    mode: str
    """pieces | around | outside | inside | clone: how its interval is read off the reports."""
    lon: float
    lat: float
    t_a: float = 0.0
    t_b: float = 0.0
    zone_id: str | None = None
    index: int = -1


@dataclass
class Traffic:
    """Everything planned: vessels, their pieces, voyages and planted episodes."""

    geo: SeaGeography
    window_s: float
    vessels: list[Vessel]
    tracks: dict[int, Track]
    voyages: list[tuple[str, float, float]]
    """(destination, ETA seconds or NaN, draught) per voyage id."""
    episodes: list[Episode]
    port_ids: list[str]
    table: PieceTable | None = None
    conflicts: int = 0
    """Vessel pairs still breaking the 2 km rule after re-planning (0 below
    :data:`CHECK_MAX_SCALE`)."""

    def identities(self) -> pl.DataFrame:
        """One row per vessel (by index): what its static reports say."""
        v = self.vessels
        return pl.DataFrame(
            {
                "mmsi": pl.Series([x.mmsi for x in v], dtype=pl.UInt32),
                "imo": pl.Series([x.imo for x in v], dtype=pl.UInt32),
                "callsign": pl.Series([x.callsign for x in v], dtype=pl.String),
                "shipname": pl.Series([x.shipname for x in v], dtype=pl.String),
                "ship_type": pl.Series([x.ship_type for x in v], dtype=pl.UInt8),
                "to_bow": pl.Series([x.dims[0] for x in v], dtype=pl.UInt16),
                "to_stern": pl.Series([x.dims[1] for x in v], dtype=pl.UInt16),
                "to_port": pl.Series([x.dims[2] for x in v], dtype=pl.UInt8),
                "to_starboard": pl.Series([x.dims[3] for x in v], dtype=pl.UInt8),
                "draught": pl.Series([x.draught for x in v], dtype=pl.Float64),
            }
        )

    def voyage_frame(self) -> pl.DataFrame:
        """One row per voyage (by id): destination, ETA (seconds from the start, NaN when
        unknown) and draught."""
        trips = self.voyages or [("", math.nan, 0.0)]
        return pl.DataFrame(
            {
                "destination": pl.Series([d for d, _, _ in trips], dtype=pl.String),
                "eta": pl.Series([e for _, e, _ in trips], dtype=pl.Float64),
                "draught": pl.Series([float(r) for _, _, r in trips], dtype=pl.Float64),
            }
        )

    def pieces(self) -> PieceTable:
        """Every vessel's pieces as one table (built once, until ``table`` is reset)."""
        if self.table is None:
            self.table = PieceTable.build([self.tracks[v.index] for v in self.vessels])
        return self.table
