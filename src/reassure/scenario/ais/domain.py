"""The AIS domain's output: plan the traffic, hear it, encode it and write it.

Writes ``sea/ais.nmea`` (``sea/ais.nmea.gz`` above :data:`GZIP_LINES` lines): NMEA 0183
``!AIVDM`` sentences with NMEA 4.10 tag blocks (station, receive time) as a shore
network logs them, encoded by :mod:`reassure.sea.encode`; adds the ground truth to the
context and the counts to the manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from reassure.scenario.ais.reception import reports
from reassure.scenario.ais.simulate import simulate
from reassure.scenario.context import FileEntry, ScenarioContext

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
    _write_file(ctx, relpath, lambda path: write_nmea(path, *frames, gzip=relpath.endswith(".gz")))
    ctx.truth.extend(heard.truth)
    ctx.counts["ais_positions"] = heard.positions.height
    ctx.counts["ais_static"] = heard.static.height
    ctx.counts["ais_vessels"] = heard.positions["mmsi"].n_unique()
    ctx.counts["sea_truth"] = len(heard.truth)


def _write_file(ctx: ScenarioContext, relpath: str, write: Callable[[Path], object]) -> Path:
    """TEMPORARY SHIM until ScenarioContext can record a file another function writes:
    the same checks as ``ctx.write_bytes``, then the manifest entry (sha256, bytes)."""
    rel = PurePosixPath(relpath)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(f"scenario paths are relative and stay inside: {relpath!r}")
    key = rel.as_posix()
    if key in ctx.files or key == "manifest.json":
        raise ValueError(f"{key} is written twice")
    target = ctx.out_dir.joinpath(*rel.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    ctx.files[key] = FileEntry(key, "", 0)  # listed first: removed if the write fails
    write(target)
    digest = hashlib.sha256()
    size = 0
    with target.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    ctx.files[key] = FileEntry(key, digest.hexdigest(), size)
    return target
