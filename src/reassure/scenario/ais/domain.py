"""The AIS domain's output: plan the traffic, hear it, encode it and write it.

Writes ``sea/ais.nmea`` (``sea/ais.nmea.gz`` above :data:`GZIP_LINES` lines): NMEA 0183
``!AIVDM`` sentences with NMEA 4.10 tag blocks (station, receive time) as a shore
network logs them, encoded by :mod:`reassure.sea.encode`; adds the ground truth to the
context and the counts to the manifest.
"""

from __future__ import annotations

from reassure.scenario.ais.reception import reports
from reassure.scenario.ais.simulate import simulate
from reassure.scenario.context import ScenarioContext

__all__ = ["GZIP_LINES", "RELPATH", "generate"]

GZIP_LINES = 200_000
RELPATH = "sea/ais.nmea"


def generate(ctx: ScenarioContext) -> None:
    """Plan the traffic, hear it, encode it, write ``sea/ais.nmea[.gz]`` and the truth."""
    from reassure.sea.encode import encode_positions, encode_static, write_nmea

    traffic = simulate(ctx)
    heard = reports(ctx, traffic)
    position_columns = ["msg_type", "mmsi", "lon", "lat", "speed", "course", "heading", "status",
                        "second", "rx_time", "station"]  # fmt: skip
    frames = [
        encode_positions(heard.positions.slice(i, 1 << 20).select(position_columns))
        for i in range(0, heard.positions.height, 1 << 20)
    ]
    frames.append(encode_static(heard.static.drop("vessel")))
    lines = sum(f.height for f in frames)
    relpath = RELPATH + (".gz" if lines > GZIP_LINES else "")
    ctx.write_with(relpath, lambda path: write_nmea(path, *frames, gzip=relpath.endswith(".gz")))
    ctx.truth.extend(heard.truth)
    ctx.counts["ais_positions"] = heard.positions.height
    ctx.counts["ais_static"] = heard.static.height
    ctx.counts["ais_vessels"] = heard.positions["mmsi"].n_unique()
    ctx.counts["sea_truth"] = len(heard.truth)
