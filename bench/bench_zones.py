"""Point-in-zone: our vectorised ``locate_points`` vs DuckDB spatial's ``ST_Contains`` join.

Data: the zones of the seed-7 scenario (DMZ, withdrawal bands, corridor, ports,
airspace volumes...) and uniformly random points over Ukraine and the Black Sea.
The benchmark checks that both sides find the same (point, zone) pairs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from reassure.geo.zones import locate_points, read_zones
from reassure.scenario import generate
from reassure.store.db import spatial_extension_path
from timing import best_of


def run(quick: bool) -> list[dict[str, Any]]:
    n = 20_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), seed=7)
        zones = read_zones(Path(tmp) / "zones.geojson")
    zones = zones.filter(zones["kind"] != "line_of_contact")
    rng = np.random.default_rng(7)
    lon = rng.uniform(22.0, 42.0, n)
    lat = rng.uniform(41.0, 53.0, n)

    ours_s, (point_idx, zone_idx) = best_of(lambda: locate_points(lon, lat, zones))
    ours_pairs = set(zip(point_idx.tolist(), zone_idx.tolist(), strict=True))

    con = duckdb.connect()
    con.execute(f"LOAD '{spatial_extension_path()}'")
    con.register("_pts", pa.table({"i": np.arange(n), "lon": lon, "lat": lat}))
    con.execute("CREATE TABLE pts AS SELECT i, ST_Point(lon, lat) AS geom FROM _pts")
    con.register("_zones", zones.with_row_index("z").select("z", "geometry").to_arrow())
    con.execute("CREATE TABLE zones AS SELECT z, ST_GeomFromWKB(geometry) AS geom FROM _zones")
    query = "SELECT pts.i, zones.z FROM pts JOIN zones ON ST_Contains(zones.geom, pts.geom)"
    peer_s, rows = best_of(lambda: con.execute(query).fetchall())
    peer_pairs = {(int(i), int(z)) for i, z in rows}
    if ours_pairs != peer_pairs:
        raise AssertionError(
            f"point-in-zone results differ: ours {len(ours_pairs)} pairs, "
            f"duckdb {len(peer_pairs)}, {len(ours_pairs ^ peer_pairs)} not in both"
        )
    return [
        {
            "name": "zones.point_in_polygon",
            "ours_s": round(ours_s, 4),
            "peer": "duckdb-spatial ST_Contains join",
            "peer_s": round(peer_s, 4),
            "ratio": round(peer_s / ours_s, 2),
            "n": n,
            "zones": zones.height,
            "pairs": len(ours_pairs),
        }
    ]
