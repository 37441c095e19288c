"""Sea detectors: gaps and stops vs MovingPandas, and 10 M positions through every detector.

1. ``sea.gaps_stops``: the same synthetic tracks through our ``find_gaps`` +
   ``find_loitering`` and through MovingPandas' ``ObservationGapSplitter(gap=12 h)`` +
   ``TrajectoryStopDetector.get_stop_segments`` (max diameter 1 NM, 4 h). The
   benchmark checks that both find the same 12 h gaps (their number, and the vessel and
   start of each). MovingPandas runs in its own venv (``.venv-peers``, ``make
   setup-peers``), so that the project's holds no pandas: ``peer_movingpandas.py`` reads
   the positions from a temporary Parquet file. MovingPandas' time excludes reading
   that file and building its ``TrajectoryCollection`` (timed separately, reported as
   ``peer_setup_s``); ours includes cleaning (sorting) the positions.
2. ``sea.detectors_10M``: 10 M positions (quick: 100 k) through ``detect_sea`` with the
   seed-7 scenario's zones, in a child process so that its peak memory is its own:
   ``peak_rss_mb`` is the child's ``ru_maxrss`` (resource.getrusage), which includes
   the generated input frame. No peer: ``ratio`` is 20 s / ours (the target).

Tracks are generated with NumPy (:func:`tracks`): a fifth of the vessels sail the
corridor, the others random-walk in the open western Black Sea (lon 29.5–34.5, lat
42.5–44.3); each reports every 10–120 s, switches between cruising (8–14 kn) and
drifting (< 1 kn) and, rarely, falls silent for 6–30 h; a few shadow one another or
jump.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from timing import best_of

BOX = (29.5, 42.5, 34.5, 44.3)
T0_US = 1_796_083_200_000_000  # 2026-12-01T00:00:00Z
HERE = Path(__file__).resolve().parent
PEERS_PYTHON = HERE.parent / ".venv-peers" / "bin" / "python"
"""MovingPandas' interpreter (``make setup-peers``): pandas stays out of the project's venv."""


def tracks(vessels: int, per_vessel: int, seed: int = 7) -> pl.DataFrame:
    """Synthetic AIS positions (decoder columns), ``vessels`` × ``per_vessel``, in time order.

    A fifth of the vessels sail the corridor's trunk end to end and back; the others
    random-walk in the open sea. One vessel in 200 is shadowed 300 m away by another
    MMSI (encounters when both are slow), and one position in 200,000 is thrown 2°
    east (teleports).
    """
    rng = np.random.default_rng(seed)
    west, south, east, north = BOX
    lon = rng.uniform(west, east, vessels)
    lat = rng.uniform(south, north, vessels)
    course = rng.uniform(0, 2 * np.pi, vessels)
    cruising = rng.random(vessels) < 0.7
    cruise_kn = rng.uniform(8, 14, vessels)
    interval_s = rng.uniform(10, 120, vessels)
    t = rng.uniform(0, 3600, vessels)
    trader = rng.random(vessels) < 0.2
    route_lon, route_lat, route_m = _route()
    along_m = rng.uniform(0, route_m[-1], vessels)
    heading = np.where(rng.random(vessels) < 0.5, 1.0, -1.0)
    lateral = rng.normal(0, 0.01, vessels)
    out_lon = np.empty((per_vessel, vessels))
    out_lat = np.empty((per_vessel, vessels))
    out_t = np.empty((per_vessel, vessels))
    out_v = np.empty((per_vessel, vessels), dtype=np.float32)
    for k in range(per_vessel):
        cruising ^= rng.random(vessels) < 0.002
        speed = np.where(cruising | trader, cruise_kn, rng.uniform(0, 0.8, vessels))
        dt = interval_s * rng.uniform(0.8, 1.2, vessels)
        silent = rng.random(vessels) < 0.0005
        dt = np.where(silent, rng.uniform(6, 30, vessels) * 3600, dt)
        step_m = speed * 1852 / 3600 * np.minimum(dt, 600)
        course += rng.normal(0, 0.05, vessels)
        lon += step_m * np.sin(course) / (111_320 * np.cos(np.radians(lat)))
        lat += step_m * np.cos(course) / 110_574
        bounce_x = (lon < west) | (lon > east)
        bounce_y = (lat < south) | (lat > north)
        course = np.where(bounce_x, -course, course)
        course = np.where(bounce_y, np.pi - course, course)
        lon, lat = np.clip(lon, west, east), np.clip(lat, south, north)
        along_m += heading * step_m
        turn = (along_m < 0) | (along_m > route_m[-1])
        heading = np.where(turn, -heading, heading)
        along_m = np.clip(along_m, 0, route_m[-1])
        lateral = np.clip(lateral + rng.normal(0, 0.0005, vessels), -0.03, 0.03)
        t = t + dt
        out_lon[k] = np.where(trader, np.interp(along_m, route_m, route_lon) + lateral, lon)
        out_lat[k] = np.where(trader, np.interp(along_m, route_m, route_lat), lat)
        out_t[k] = t
        out_v[k] = speed + rng.normal(0, 0.1, vessels)
    mmsi = np.tile(211_000_000 + 37 * np.arange(vessels, dtype=np.int64), per_vessel)
    rx_us = (T0_US + out_t.ravel() * 1e6).astype(np.int64)
    lon_all, lat_all, speed_all = out_lon.ravel(), out_lat.ravel(), out_v.ravel()
    shadow = np.flatnonzero(np.isin(mmsi, mmsi[: max(1, vessels // 200)]))
    mmsi = np.concatenate([mmsi, mmsi[shadow] + 1])
    rx_us = np.concatenate([rx_us, rx_us[shadow] + 5_000_000])
    lon_all = np.concatenate([lon_all, lon_all[shadow]])
    lat_all = np.concatenate([lat_all, lat_all[shadow] + 300 / 110_574])
    speed_all = np.concatenate([speed_all, speed_all[shadow]])
    thrown = rng.random(lon_all.size) < 5e-6
    lon_all = np.where(thrown, lon_all + 2.0, lon_all)
    n = mmsi.size
    frame = pl.DataFrame(
        {
            "msg_type": np.full(n, 1, dtype=np.int64),
            "mmsi": mmsi,
            "rx_time": rx_us,
            "lon": lon_all.round(6),
            "lat": lat_all.round(6),
            "speed": np.clip(speed_all, 0, 102.2).round(1),
            "course": np.full(n, 360.0),
            "heading": np.full(n, 511, dtype=np.int64),
        }
    ).with_columns(pl.col("rx_time").cast(pl.Datetime("us", "UTC")))
    frame = frame.sort("rx_time")  # receive order, as a decoder produces it
    return frame.with_columns(source_line=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))


def _route() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The corridor trunk's waypoints and their distance along it (metres, flat)."""
    from reassure.scenario.places import CORRIDOR_TRUNK

    lon = np.array([p[1] for p in CORRIDOR_TRUNK])
    lat = np.array([p[2] for p in CORRIDOR_TRUNK])
    dx = np.diff(lon) * 111_320 * np.cos(np.radians(lat[:-1]))
    dy = np.diff(lat) * 110_574
    return lon, lat, np.concatenate([[0.0], np.cumsum(np.hypot(dx, dy))])


def _ours(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    from reassure.tracks import LoiteringParams, clean_positions, find_gaps, find_loitering

    cleaned = clean_positions(frame)
    gaps = find_gaps(cleaned, None)
    stops = find_loitering(cleaned, None, LoiteringParams(min_shore_distance_nm=0.0))
    return gaps, stops.height


def _movingpandas(frame: pl.DataFrame, repeat: int) -> dict[str, Any]:
    """MovingPandas over ``frame`` in ``.venv-peers`` (``peer_movingpandas.py``): its JSON."""
    if not PEERS_PYTHON.exists():
        raise SystemExit(f"{PEERS_PYTHON} is missing: run make setup-peers (MovingPandas' venv)")
    with tempfile.TemporaryDirectory() as tmp:
        positions = Path(tmp) / "positions.parquet"
        frame.select("mmsi", "rx_time", "lon", "lat").write_parquet(positions)
        done = subprocess.run(
            [str(PEERS_PYTHON), str(HERE / "peer_movingpandas.py"), str(positions), str(repeat)],
            capture_output=True,
            text=True,
            timeout=3600,
        )
    if done.returncode != 0:
        raise RuntimeError(f"peer_movingpandas.py: exit {done.returncode}: {done.stderr.strip()}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _gaps_stops(quick: bool) -> dict[str, Any]:
    vessels, per = (20, 500) if quick else (200, 5_000)
    frame = tracks(vessels, per)
    ours_s, (gaps, our_stops) = best_of(lambda: _ours(frame))
    peer = _movingpandas(frame, repeat=1)
    if gaps.height != peer["gaps"]:
        raise AssertionError(f"12 h gaps differ: ours {gaps.height}, MovingPandas {peer['gaps']}")
    ours_starts = gaps.select("mmsi", pl.col("start_time").dt.epoch("us")).rows()
    peer_starts = [tuple(pair) for pair in peer["gap_starts"]]
    if sorted(ours_starts) != peer_starts:
        only = sorted(set(ours_starts) ^ set(peer_starts))[:5]
        raise AssertionError(f"12 h gaps differ in (mmsi, start µs), e.g. {only}")
    return {
        "name": "sea.gaps_stops",
        "ours_s": round(ours_s, 4),
        "peer": "movingpandas ObservationGapSplitter + TrajectoryStopDetector",
        "peer_s": round(peer["peer_s"], 4),
        "ratio": round(peer["peer_s"] / ours_s, 1),
        "n": frame.height,
        "gaps": gaps.height,
        "stops_ours": our_stops,
        "stops_peer": peer["stops"],
        "peer_setup_s": round(peer["setup_s"], 3),
    }


_CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import polars as pl
from bench_sea_detect import tracks
from reassure.geo.zones import read_zones
from reassure.scenario import generate
from reassure.sea.detect import detect_sea
from reassure.geo.shore import shore_distance_km
with tempfile.TemporaryDirectory() as tmp:
    generate(Path(tmp), seed=7)
    zones = read_zones(Path(tmp) / "zones.geojson")
vessels, per = int(sys.argv[2]), int(sys.argv[3])
frame = tracks(vessels, per)
shore_distance_km([30.0], [43.0])  # build the cached distance grid (once per process)
detect_sea(frame.head(1000), zones)  # warm the numba and GEOS caches
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
events = detect_sea(frame, zones)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kb": peak, "before_kb": before,
                  "n": frame.height, "events": events.height,
                  "kinds": events["kind"].value_counts().sort("kind").rows()}))
"""


def _detectors(quick: bool) -> dict[str, Any]:
    vessels, per = (100, 1_000) if quick else (2_000, 5_000)
    with tempfile.TemporaryDirectory():
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(HERE), str(vessels), str(per)],
            capture_output=True,
            text=True,
            check=True,
        )
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "name": "sea.detectors_10M",
        "ours_s": round(out["seconds"], 3),
        "peer": "none (target < 20 s, < 4 GB)",
        "peer_s": 20.0,
        "ratio": round(20.0 / out["seconds"], 2),
        "n": out["n"],
        "events": out["events"],
        "kinds": dict(out["kinds"]),
        "peak_rss_mb": round(out["peak_kb"] / 1024),
        "rss_before_detect_mb": round(out["before_kb"] / 1024),
        "memory": "ru_maxrss of the child process (input frame included)",
    }


def run(quick: bool) -> list[dict[str, Any]]:
    return [_gaps_stops(quick), _detectors(quick)]
