"""Run the domain modules into a scenario folder and write its manifest.

The domain modules are the modules of :mod:`reassure.scenario.domains` (names not
starting with ``_``), each with ``ORDER: int`` and ``generate(ctx) -> None``; they run
sorted by (ORDER, name). A new domain is a new module there, nothing else.
"""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

from reassure.errors import ConfigError, InputError
from reassure.scenario.context import FileEntry, ScenarioContext, canonical_json, iso_z
from reassure.scenario.frontline import load_line

__all__ = ["DEFAULT_START", "FORMAT", "Manifest", "domain_modules", "generate"]

FORMAT = "reassure-scenario/1"
DEFAULT_START = datetime(2026, 12, 1, tzinfo=UTC)
MAX_SCALE = 1000.0
MAX_DAYS = 366

Progress = Callable[[str, int, int], None]
"""Called as (domain name, domains done, domains in all) before each domain and at the end."""


@dataclass(frozen=True)
class Manifest:
    """What a scenario folder holds (``manifest.json``, plus where the folder is)."""

    out_dir: Path
    seed: int
    scale: float
    start: datetime
    days: int
    frontline: str
    """``notional`` or the occupied-area file's name."""
    frontline_sha256: str | None
    generator_version: str
    domains: tuple[str, ...]
    files: tuple[FileEntry, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    truth_records: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The content of ``manifest.json`` (no absolute paths: it is reproducible)."""
        return {
            "format": FORMAT,
            "generator_version": self.generator_version,
            "seed": self.seed,
            "scale": self.scale,
            "start": iso_z(self.start),
            "days": self.days,
            "frontline": {"source": self.frontline, "sha256": self.frontline_sha256},
            "domains": list(self.domains),
            "counts": dict(sorted(self.counts.items())),
            "truth_records": self.truth_records,
            "files": [f.as_dict() for f in self.files],
        }


def domain_modules() -> list[ModuleType]:
    """The domain modules, sorted by (ORDER, name)."""
    from reassure.scenario import domains

    found = []
    for info in pkgutil.iter_modules(domains.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{domains.__name__}.{info.name}")
        order = getattr(module, "ORDER", None)
        if not isinstance(order, int) or not callable(getattr(module, "generate", None)):
            raise TypeError(f"domain module {module.__name__} needs ORDER: int and generate(ctx)")
        found.append((order, info.name, module))
    return [module for _, _, module in sorted(found, key=lambda t: (t[0], t[1]))]


def generate(
    out_dir: Path | str,
    seed: int = 7,
    scale: float = 1.0,
    start: datetime | date | str = DEFAULT_START,
    days: int = 3,
    frontline: Path | str | None = None,
    *,
    progress: Progress | None = None,
) -> Manifest:
    """Generate a scenario into ``out_dir``: same arguments, same bytes.

    ``out_dir`` must be new, empty or an earlier scenario folder (whose files are
    replaced). ``frontline`` is a DeepStateMap-style occupied-area GeoJSON to derive
    the line of contact from; by default the built-in notional line is used. Raises
    :class:`ConfigError` for a bad option and :class:`InputError` for a bad file.
    """
    out = Path(out_dir)
    seed, scale, days = _check_numbers(seed, scale, days)
    start_utc = _start(start)
    line = load_line(Path(frontline) if frontline is not None else None)
    _prepare(out)
    ctx = ScenarioContext(seed, scale, start_utc, days, out, line)
    modules = domain_modules()
    names = tuple(m.__name__.rsplit(".", 1)[-1] for m in modules)
    try:
        for index, (name, module) in enumerate(zip(names, modules, strict=True)):
            if progress is not None:
                progress(name, index, len(modules))
            module.generate(ctx)
    except BaseException:
        for rel in ctx.files:  # leave no half scenario behind
            out.joinpath(*PurePosixPath(rel).parts).unlink(missing_ok=True)
        raise
    if progress is not None:
        progress("manifest", len(modules), len(modules))
    truth = sorted(ctx.truth, key=lambda t: str(t["truth_id"]))
    ids = [t["truth_id"] for t in truth]
    if len(set(ids)) != len(ids):
        raise ValueError("two ground-truth records share a truth_id")
    ctx.write_json("truth/ground_truth.json", {"truth": truth})
    manifest = Manifest(
        out_dir=out,
        seed=seed,
        scale=scale,
        start=start_utc,
        days=days,
        frontline=line.name,
        frontline_sha256=line.sha256,
        generator_version=_version(),
        domains=names,
        files=tuple(ctx.files[k] for k in sorted(ctx.files)),
        counts=dict(ctx.counts),
        truth_records=len(truth),
    )
    (out / "manifest.json").write_text(canonical_json(manifest.as_dict()), encoding="utf-8")
    return manifest


def _check_numbers(seed: Any, scale: Any, days: Any) -> tuple[int, float, int]:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a whole number ≥ 0, not {seed!r}")
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float)
        or not math.isfinite(scale)
        or not 0 < scale <= MAX_SCALE
    ):
        raise ConfigError(f"scale must be a number > 0 and ≤ {MAX_SCALE:g}, not {scale!r}")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ConfigError(f"days must be a whole number from 1 to {MAX_DAYS}, not {days!r}")
    return seed, float(scale), days


def _start(value: datetime | date | str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ConfigError(
                f"start {value!r} is not an ISO 8601 date such as 2026-12-01"
            ) from None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _prepare(out: Path) -> None:
    """Make ``out`` ready: new or empty, or an earlier scenario whose files go."""
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "is a file: --out must be a folder")
    if not out.exists():
        try:
            out.mkdir(parents=True)
        except OSError as exc:
            raise InputError(str(out), f"cannot create the folder: {exc.strerror}") from None
        return
    if not any(out.iterdir()):
        return
    manifest = out / "manifest.json"
    if not manifest.is_file():
        raise InputError(
            str(out), "folder is not empty and holds no manifest.json: not a scenario folder"
        )
    try:
        listed = [str(f["path"]) for f in json.loads(manifest.read_text("utf-8"))["files"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(str(manifest), f"unreadable scenario manifest: {exc}") from None
    folders: set[Path] = set()
    for rel in listed:
        parts = PurePosixPath(rel).parts
        if not parts or ".." in parts or PurePosixPath(rel).is_absolute():
            continue  # never delete outside the folder
        target = out.joinpath(*parts)
        target.unlink(missing_ok=True)
        folders.update(p for p in target.parents if out in p.parents)
    manifest.unlink()
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _version() -> str:
    try:
        return metadata.version("reassure")
    except metadata.PackageNotFoundError:
        return "unknown"
