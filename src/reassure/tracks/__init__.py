"""The movement engine: positions to tracks, and the episodes detectors are made of.

Every ``find_*`` function is pure: ``find_xxx(tracks, zones, params) -> pl.DataFrame``
with one row per episode (a gap, a loitering, an encounter...) and its measured
values; :mod:`reassure.sea.detect` turns those rows into events. ``tracks`` is a
positions frame (pyais field names); it is cleaned by :func:`clean_positions` unless it
is a tracks frame already.

==========================  ===============================  ==========================
module                      finds                            parameters
==========================  ===============================  ==========================
:mod:`.segment`             clean tracks, steps, runs,
                            episode columns
:mod:`.paths`               episode paths, track lines
:mod:`.gaps`                AIS gaps                         :class:`GapParams`
:mod:`.stops`               loitering, port calls            :class:`LoiteringParams`,
                                                             :class:`PortCallParams`
:mod:`.encounters`          encounters                       :class:`EncounterParams`
:mod:`.spoofing`            teleports, identity clashes,     :class:`JumpParams`,
                            positions on land                :class:`OnLandParams`
:mod:`.zonecross`           time in zones, exclusion         :class:`ExclusionParams`
                            entries
:mod:`.corridor`            corridor departures              :class:`CorridorParams`
:mod:`.inzone`              positions in zones (fast)
==========================  ===============================  ==========================
"""

from reassure.tracks.corridor import CorridorParams, find_corridor_departures
from reassure.tracks.encounters import EncounterParams, find_encounters
from reassure.tracks.gaps import GapParams, find_gaps
from reassure.tracks.inzone import grow_zones, zone_hits
from reassure.tracks.paths import paths_wkb, track_lines
from reassure.tracks.segment import TRACK_SCHEMA, clean_positions, haversine_m
from reassure.tracks.spoofing import (
    INLAND_WATERWAYS,
    JumpParams,
    OnLandParams,
    find_jumps,
    find_on_land,
)
from reassure.tracks.stops import LoiteringParams, PortCallParams, find_loitering, find_port_calls
from reassure.tracks.zonecross import ExclusionParams, find_exclusion_entries, zone_dwell

__all__ = [
    "INLAND_WATERWAYS",
    "TRACK_SCHEMA",
    "CorridorParams",
    "EncounterParams",
    "ExclusionParams",
    "GapParams",
    "JumpParams",
    "LoiteringParams",
    "OnLandParams",
    "PortCallParams",
    "clean_positions",
    "find_corridor_departures",
    "find_encounters",
    "find_exclusion_entries",
    "find_gaps",
    "find_jumps",
    "find_loitering",
    "find_on_land",
    "find_port_calls",
    "grow_zones",
    "haversine_m",
    "paths_wkb",
    "track_lines",
    "zone_dwell",
    "zone_hits",
]
