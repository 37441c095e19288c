"""Ingest sources: one registry maps a source name to its decoder and its writer.

A domain adds a :class:`Source` to :data:`SOURCES`; ``reassure ingest NAME FILE...``
and ``reassure ingest scenario DIR`` then know it. Every ingest accounts for every
record (``read = decoded + rejected``) and every line of a file of lines (``lines =
decoded + rejected + skipped``), refuses a file that does not look like its source's
format unless forced (``store.ingest.refusal``), and the same file twice is a no-op.
"""

from __future__ import annotations

import glob
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from reassure.errors import ConfigError, InputError

if TYPE_CHECKING:  # each source's module is imported when a file of it is ingested
    import duckdb

    from reassure.store.db import Store
    from reassure.store.ingest import Decoder, DecodeResult, IngestReport, Progress, Writer

__all__ = ["SOURCES", "Source", "expand_paths", "ingest_files", "ingest_scenario"]


def _decode_zones(path: Path) -> DecodeResult:
    """Zones are all-or-nothing: a bad feature refuses the file (no rejects)."""
    import polars as pl

    from reassure.geo.zones import read_zones
    from reassure.store.ingest import REJECT_SCHEMA, DecodeResult

    table = read_zones(path)
    return DecodeResult(table, pl.DataFrame(schema=REJECT_SCHEMA), table.height)


def _target(name: str) -> Callable[..., object]:
    """``module:function``, or a function of this module; imported on first call."""
    module, _, attr = name.rpartition(":")
    found: Callable[..., object] = getattr(importlib.import_module(module or __name__), attr)
    return found


def _decoder(name: str) -> Decoder:
    """A decoder that imports its module when it decodes a file: the registry stays cheap
    to import, so the CLI starts without loading every domain."""

    def decode(path: Path) -> DecodeResult | Iterable[DecodeResult]:
        return cast("Decoder", _target(name))(path)

    return decode


def _writer(name: str) -> Writer:
    """A writer that imports its module when it stores a file (see ``_decoder``)."""

    def write(con: duckdb.DuckDBPyConnection, ingest_id: int, result: DecodeResult) -> list[str]:
        return cast("Writer", _target(name))(con, ingest_id, result)

    return write


@dataclass(frozen=True)
class Source:
    name: str
    help: str
    decode: Decoder
    write: Writer
    scenario_paths: tuple[str, ...]
    """Glob patterns, relative to a scenario folder, of files of this source."""
    replaces: bool = False
    """Records replace stored ones with the same key (zones, nations): loading an older
    file again after a newer one applies it again."""
    spatial: bool = True
    """Decoding or writing calls DuckDB's spatial functions (false: the CLI opens the
    store without loading the extension)."""
    restrictable: bool = True
    """Its files may be restricted to some nations (``--releasability``). The nations
    file may not: it says who the coalition is, which every read is judged by."""


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source(
            "zones",
            "zones of the agreement (GeoJSON)",
            _decoder("_decode_zones"),
            _writer("reassure.store.ledger:write_zones"),
            ("zones.geojson",),
            replaces=True,
        ),
        Source(
            "nations",
            "the coalition's nations (YAML)",
            _decoder("reassure.force.nations:decode_nations"),
            _writer("reassure.force.nations:write_nations"),
            ("coalition/nations.yaml",),
            replaces=True,
            restrictable=False,
        ),
        Source(
            "requirements",
            "the force's statement of requirements (YAML or CSV)",
            _decoder("reassure.force.inputs:decode_requirements"),
            _writer("reassure.force.store:write_requirements"),
            ("coalition/requirements.yaml",),
            replaces=True,
        ),
        Source(
            "pledges",
            "the nations' pledges of units (YAML or CSV)",
            _decoder("reassure.force.inputs:decode_pledges"),
            _writer("reassure.force.store:write_pledges"),
            ("coalition/pledges.yaml",),
            replaces=True,
        ),
        Source(
            "lift",
            "strategic lift and transit times (YAML)",
            _decoder("reassure.force.inputs:decode_lift"),
            _writer("reassure.force.store:write_lift"),
            ("coalition/lift.yaml",),
            replaces=True,
        ),
        Source(
            "reports",
            "ceasefire monitors' reports (CSV)",
            _decoder("reassure.land.reports:decode_reports"),
            _writer("reassure.land.ingest:write_reports"),
            ("land/monitor_reports.csv",),
        ),
        Source(
            "ais",
            "AIS: NMEA 0183 or DMA / MarineCadastre CSV (.gz too)",
            _decoder("reassure.sea.ingest:decode_ais"),
            _writer("reassure.sea.ingest:write_ais"),
            ("sea/*.nmea", "sea/*.nmea.gz"),
            spatial=False,
        ),
    )
}


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Expand shell-style globs (sorted); a pattern matching nothing is an error."""
    paths: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(pattern, "no file matches this pattern")
            paths.extend(Path(m) for m in matches)
        else:
            paths.append(Path(pattern))
    return paths


def ingest_files(
    store: Store,
    source: str,
    paths: Iterable[Path],
    on_done: Callable[[IngestReport], None] | None = None,
    releasability: Sequence[str] = (),
    progress: Progress | None = None,
    force: bool = False,
) -> list[IngestReport]:
    """Ingest files of one source; each file is its own all-or-nothing transaction.

    ``releasability`` restricts what the files bring in to those nations; ``progress``
    is told the bytes of the current file read so far; ``force`` stores a file even
    when it does not look like the source's format (``store.ingest.refusal``)."""
    from reassure.store.ingest import run_ingest

    spec = SOURCES[source]
    if releasability and not spec.restrictable:
        raise ConfigError(
            f"--releasability: {source} cannot be restricted (it is the coalition's own "
            "list, releasable to all its nations)"
        )
    reports = []
    for path in paths:
        report = run_ingest(
            store, spec.name, path, spec.decode, spec.write, spec.replaces, releasability,
            progress, force,
        )  # fmt: skip
        reports.append(report)
        if on_done is not None:
            on_done(report)
    return reports


def scenario_files(folder: Path) -> list[tuple[str, Path]]:
    """(source, file) pairs of a scenario folder, in the order they must be ingested."""
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder: expected a scenario folder")
    if not (folder / "manifest.json").exists():
        raise InputError(str(folder), "no manifest.json: not a scenario folder")
    pairs: list[tuple[str, Path]] = []
    for source in SOURCES.values():
        for pattern in source.scenario_paths:
            pairs.extend((source.name, Path(p)) for p in sorted(glob.glob(str(folder / pattern))))
    return pairs


def ingest_scenario(
    store: Store,
    folder: Path,
    on_done: Callable[[IngestReport], None] | None = None,
    progress: Progress | None = None,
) -> list[IngestReport]:
    """Ingest every file of a scenario folder that a registered source knows."""
    reports = []
    for source, path in scenario_files(folder):
        reports.extend(ingest_files(store, source, [path], on_done, progress=progress))
    return reports
