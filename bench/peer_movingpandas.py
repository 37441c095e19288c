"""MovingPandas' side of ``sea.gaps_stops``, run by ``bench_sea_detect.py`` in ``.venv-peers``.

    .venv-peers/bin/python bench/peer_movingpandas.py POSITIONS.parquet REPEAT

MovingPandas brings pandas, which the project's venv must not hold (DuckDB imports it
when installed), so it runs here, in its own venv (``bench/peers.txt``), over the
positions (``mmsi, rx_time, lon, lat``) the benchmark wrote. Prints one JSON object:

- ``setup_s``: reading the file and building the ``TrajectoryCollection``;
- ``peer_s``: best of ``REPEAT`` runs of ``ObservationGapSplitter(gap=12 h)`` +
  ``TrajectoryStopDetector.get_stop_segments`` (max diameter 1 NM, 4 h);
- ``gaps`` (split pieces less trajectories, as counted before) and ``stops``;
- ``gap_starts``: ``[mmsi, µs since the epoch]`` of the last position before each split,
  found in the unsplit trajectory (outside the timing).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from typing import Any

import geopandas as gpd  # type: ignore[import-untyped]
import movingpandas as mpd  # type: ignore[import-untyped]
import pandas as pd  # type: ignore[import-untyped]

from timing import best_of


def collection(path: str) -> Any:
    """The positions as one trajectory per MMSI, times naive UTC (as MovingPandas wants)."""
    pdf = pd.read_parquet(path)
    pdf["rx_time"] = pdf["rx_time"].dt.tz_localize(None)
    gdf = gpd.GeoDataFrame(pdf, geometry=gpd.points_from_xy(pdf.lon, pdf.lat), crs=4326)
    return mpd.TrajectoryCollection(gdf, "mmsi", t="rx_time")


def run(trajectories: Any) -> tuple[Any, int]:
    split = mpd.ObservationGapSplitter(trajectories).split(gap=timedelta(hours=12))
    stops = mpd.TrajectoryStopDetector(trajectories).get_stop_segments(
        max_diameter=1852, min_duration=timedelta(hours=4)
    )
    return split, len(stops.trajectories)


def gap_starts(trajectories: Any, split: Any) -> list[tuple[int, int]]:
    """``(mmsi, µs)`` of the position before each piece that is not a trajectory's first.

    A split piece is named ``{trajectory id}_{i}``, ``i`` counting the silences before it.
    """
    times = {str(t.id): t.df.index for t in trajectories.trajectories}
    starts = []
    for piece in split.trajectories:
        parent, i = str(piece.id).rsplit("_", 1)
        if int(i) == 0:
            continue
        index = times[parent]
        before = index[index.searchsorted(piece.get_start_time()) - 1]
        starts.append((int(parent), pd.Timestamp(before).value // 1_000))  # ns → µs
    return sorted(starts)


def main(path: str, repeat: int) -> None:
    start = time.perf_counter()
    trajectories = collection(path)
    setup_s = time.perf_counter() - start
    peer_s, (split, stops) = best_of(lambda: run(trajectories), repeat=repeat)
    result = {
        "setup_s": setup_s,
        "peer_s": peer_s,
        "gaps": len(split.trajectories) - len(trajectories.trajectories),
        "stops": stops,
        "gap_starts": gap_starts(trajectories, split),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
