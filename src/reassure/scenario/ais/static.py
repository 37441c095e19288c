"""Static and voyage reports: type 5 from class A ships, type 24 from class B craft.

Every 30-60 minutes while a vessel reports (clones of a planted identity clash send
none), heard as its position reports are; a voyage's destination, ETA and draught
come from the voyage the vessel is on.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from reassure.geo.metric import NAUTICAL_MILE_M
from reassure.scenario.ais._types import FloatArray, IntArray
from reassure.scenario.ais.motion import PieceTable, evaluate
from reassure.scenario.ais.stations import (
    FAR_NM,
    KEEP_FAR,
    KEEP_MID,
    NEAR_NM,
    RECEIVERS,
    STATIONS,
    nearest_station,
    transmission_times,
)
from reassure.scenario.ais.traffic import Traffic
from reassure.scenario.context import ScenarioContext

__all__ = ["static_reports"]


def static_reports(
    ctx: ScenarioContext,
    traffic: Traffic,
    table: PieceTable,
    ids: IntArray,
    e0: FloatArray,
    e1: FloatArray,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Static and voyage reports of the vessels ``ids`` (heard from ``e0`` to ``e1``),
    with the encoder's columns and the vessel's index."""
    vessels = traffic.vessels
    send = np.array([vessels[i].clone_of < 0 for i in ids.tolist()], bool)
    ids, e0, e1 = ids[send], e0[send], e1[send]
    count = np.maximum(0, np.ceil((e1 - e0) / 1800.0).astype(np.int64) + 2)
    v, t, _ = transmission_times(rng, ids, e0, e1, count, (1800.0, 3600.0), 1800.0)
    idx, x, y, _, _ = evaluate(table, traffic.geo.trunk, v, t)
    keep = ~table.silent[idx]
    v, t, idx, x, y = v[keep], t[keep], idx[keep], x[keep], y[keep]
    dist, which = nearest_station(traffic.geo.receivers, x, y)
    far = dist >= FAR_NM * NAUTICAL_MILE_M
    keep = rng.random(v.size) < np.where(
        far, KEEP_FAR, np.where(dist < NEAR_NM * NAUTICAL_MILE_M, 1.0, KEEP_MID)
    )
    v, t, idx, which, far = v[keep], t[keep], idx[keep], which[keep], far[keep]
    voyage = table.voyage[idx]
    who = traffic.identities().gather(pl.Series(v))
    trip = traffic.voyage_frame().gather(pl.Series(np.maximum(voyage, 0)))
    planned = pl.Series(voyage >= 0)
    start_us = int(ctx.start.timestamp()) * 1_000_000
    eta = pl.when(planned & trip["eta"].is_not_nan()).then(
        (start_us + (trip["eta"].fill_nan(0.0) / 60.0).round() * 60_000_000).cast(pl.Int64)
    )
    eta_time = pl.select(eta.cast(pl.Datetime("us", "UTC")).alias("eta")).to_series()
    draught = (
        pl.when(planned & (trip["draught"] > 0)).then(trip["draught"]).otherwise(who["draught"])
    )
    whole = np.floor(t).astype(np.int64)
    class_b = np.array([ves.cls == "B" for ves in vessels], bool)[v]
    return pl.DataFrame(
        {
            "msg_type": pl.Series(np.where(class_b, 24, 5), dtype=pl.UInt8),
            "mmsi": who["mmsi"],
            "imo": who["imo"],
            "callsign": who["callsign"],
            "shipname": who["shipname"],
            "ship_type": who["ship_type"],
            "to_bow": who["to_bow"],
            "to_stern": who["to_stern"],
            "to_port": who["to_port"],
            "to_starboard": who["to_starboard"],
            "draught": pl.select(draught.round(1)).to_series(),
            "destination": pl.select(
                pl.when(planned).then(trip["destination"]).otherwise(pl.lit(""))
            ).to_series(),
            "month": eta_time.dt.month().fill_null(0).cast(pl.UInt8),
            "day": eta_time.dt.day().fill_null(0).cast(pl.UInt8),
            "hour": eta_time.dt.hour().fill_null(24).cast(pl.UInt8),
            "minute": eta_time.dt.minute().fill_null(60).cast(pl.UInt8),
            "rx_time": pl.Series(start_us + whole * 1_000_000, dtype=pl.Int64).cast(
                pl.Datetime("us", "UTC")
            ),
            "station": pl.Series(
                np.array(STATIONS)[np.where(far, len(RECEIVERS), which)], dtype=pl.String
            ),
            "vessel": pl.Series(v, dtype=pl.Int32),
        }
    )
