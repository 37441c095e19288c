"""What a domain module gets: options, seeded random streams, shared geography, writers.

Every file a module writes goes through :class:`ScenarioContext` so that it lands in
the manifest with its sha256 and size, and so that the bytes are canonical: UTF-8,
``\\n`` line endings, JSON with sorted keys, coordinates rounded to
:data:`COORD_DECIMALS`, YAML with sorted keys, gzip with ``mtime=0``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import yaml
from shapely import Geometry
from shapely.geometry import mapping

__all__ = [
    "COORD_DECIMALS",
    "FileEntry",
    "LineSource",
    "ScenarioContext",
    "ZoneShape",
    "canonical_json",
    "geojson_geometry",
    "iso_z",
]

COORD_DECIMALS = 5
"""Decimals kept in every written coordinate (1e-5° ≈ 1 m)."""


def iso_z(moment: datetime) -> str:
    """``2026-12-01T06:30:00Z``: ISO 8601 in UTC, whole seconds."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_json(data: Any, *, indent: int | None = 2) -> str:
    """JSON with sorted keys, UTF-8 text and a final newline."""
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(
        data, sort_keys=True, indent=indent, separators=separators, ensure_ascii=False
    )
    return text + "\n"


def _round_coords(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_round_coords(v) for v in value]
    return round(float(value), COORD_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def geojson_geometry(geometry: Geometry) -> dict[str, Any]:
    """An RFC 7946 geometry object with coordinates rounded to COORD_DECIMALS."""
    raw = mapping(geometry)
    return {"type": raw["type"], "coordinates": _round_coords(raw["coordinates"])}


@dataclass(frozen=True)
class FileEntry:
    """One written file: path relative to the scenario folder (``/``-separated)."""

    path: str
    sha256: str
    bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes}


@dataclass(frozen=True)
class ZoneShape:
    """A zone as built by the zones module: lon/lat geometry plus its GeoJSON properties."""

    zone_id: str
    kind: str
    objective: str
    geometry: Geometry
    properties: dict[str, Any]


@dataclass(frozen=True)
class LineSource:
    """Where the line of contact comes from: the notional built-in line or a file."""

    name: str
    """``notional`` or the file name of the occupied-area GeoJSON."""
    sha256: str | None
    geometry: Geometry
    """LineString or MultiLineString, lon/lat."""
    main: Geometry
    """The longest part, as a LineString."""


@dataclass
class ScenarioContext:
    """Options, random streams, shared geography and writers for the domain modules."""

    seed: int
    scale: float
    start: datetime
    days: int
    out_dir: Path
    line: LineSource
    zones: dict[str, ZoneShape] = field(default_factory=dict)
    """Zones built so far, by zone_id (filled by the zones module, ORDER 10)."""
    truth: list[dict[str, Any]] = field(default_factory=list)
    """Ground-truth records of planted anomalies; each has a unique ``truth_id``."""
    counts: dict[str, int] = field(default_factory=dict)
    """Counts shown in the summary and the manifest (``reports``, ``pledges``, ...)."""
    files: dict[str, FileEntry] = field(default_factory=dict)

    @property
    def end(self) -> datetime:
        """End of the scenario window (exclusive)."""
        return self.start + timedelta(days=self.days)

    def rng(self, name: str) -> np.random.Generator:
        """A random stream that depends only on the seed and ``name``.

        Use one name per module (or per module and purpose): adding a module never
        changes the numbers another module draws.
        """
        sequence = np.random.SeedSequence([self.seed, zlib.crc32(name.encode("utf-8"))])
        return np.random.default_rng(sequence)

    def scaled(self, count: float, minimum: int = 1) -> int:
        """``count`` at scale 1, multiplied by the scale and rounded (at least ``minimum``)."""
        return max(minimum, round(count * self.scale))

    def zones_of_kind(self, kind: str) -> list[ZoneShape]:
        """The zones of one kind, sorted by zone_id."""
        return [self.zones[z] for z in sorted(self.zones) if self.zones[z].kind == kind]

    # -- writers --------------------------------------------------------------------

    def write_with(self, relpath: str, writer: Callable[[Path], object]) -> Path:
        """Have ``writer`` write the file at ``relpath`` and record it in the manifest.

        ``writer`` gets the absolute path (its folder exists) and may stream to it; the
        manifest gets the sha256 and size of what it wrote. ``relpath`` is relative and
        stays inside the scenario folder, and no file is written twice: else
        ``ValueError``. When ``writer`` raises, its partial file is removed.
        """
        rel = PurePosixPath(relpath)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"scenario paths are relative and stay inside: {relpath!r}")
        key = rel.as_posix()
        if key in self.files or key == "manifest.json":
            raise ValueError(f"{key} is written twice")
        target = self.out_dir.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            writer(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        with target.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self.files[key] = FileEntry(key, digest, target.stat().st_size)
        return target

    def write_bytes(self, relpath: str, data: bytes) -> Path:
        """Write raw bytes and record the file in the manifest."""
        return self.write_with(relpath, lambda path: path.write_bytes(data))

    def write_text(self, relpath: str, text: str) -> Path:
        """Write UTF-8 text with ``\\n`` line endings."""
        return self.write_bytes(relpath, text.replace("\r\n", "\n").encode("utf-8"))

    def write_json(self, relpath: str, data: Any) -> Path:
        return self.write_text(relpath, canonical_json(data))

    def write_yaml(self, relpath: str, data: Any) -> Path:
        text = yaml.safe_dump(
            data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100
        )
        return self.write_text(relpath, text)

    def write_csv(self, relpath: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
        """CSV with a header line, ``\\n`` endings and minimal quoting."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return self.write_text(relpath, buffer.getvalue())

    def write_gzip(self, relpath: str, data: bytes) -> Path:
        """Gzip ``data`` reproducibly (``mtime=0``, no file name in the header) at level 6:
        level 9 takes four times as long for a file 3 % smaller."""
        return self.write_bytes(relpath, gzip.compress(data, compresslevel=6, mtime=0))

    def write_geojson(self, relpath: str, features: list[dict[str, Any]]) -> Path:
        """A FeatureCollection, one feature per line (diff-friendly), keys sorted."""
        body = ",\n".join(canonical_json(f, indent=None).rstrip("\n") for f in features)
        text = '{"features":[\n' + body + '\n],"type":"FeatureCollection"}\n'
        return self.write_text(relpath, text)
