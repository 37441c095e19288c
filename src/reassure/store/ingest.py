"""Ingest bookkeeping: one row per run, every reject kept, no file stored twice.

An ingest runs in one transaction: the ``ingests`` row, the decoded rows and the
rejects land together or not at all, so a crash mid-ingest leaves the store as it was
and the same command can simply be run again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from reassure.errors import InputError
from reassure.events import combine_releasability
from reassure.store.db import Store

__all__ = [
    "REJECT_SCHEMA",
    "DecodeResult",
    "Decoder",
    "IngestReport",
    "Progress",
    "Writer",
    "file_sha256",
    "run_ingest",
]

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "reason": pl.String(),
    "raw": pl.String(),
}


@dataclass(frozen=True)
class DecodeResult:
    """What a decoder made of one input: decoded rows and rejected records.

    Invariant: ``n_read == n_decoded + rejects.height``. ``n_decoded`` defaults to
    ``table.height`` (one row per record); a decoder whose records are not rows (AIS:
    records are lines, a message may span two) gives it, and puts every table it made
    in ``tables`` (``table`` is then its main one).
    """

    table: pl.DataFrame
    rejects: pl.DataFrame
    n_read: int
    n_decoded: int = -1
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    bytes_read: int = 0
    """For a part of a file decoded block by block: the file's bytes read up to its end."""
    releasability: tuple[str, ...] = ()
    """Set by the ingest, not the decoder: the nations the whole file is restricted to.
    Writers restrict records that carry their own releasability by it too."""

    def restrict(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with its ``releasability`` column narrowed by the ingest's."""
        if not self.releasability:
            return frame
        narrowed = [
            combine_releasability(r, self.releasability) for r in frame["releasability"].to_list()
        ]
        return frame.with_columns(releasability=pl.Series(narrowed, dtype=pl.List(pl.String)))

    def __post_init__(self) -> None:
        if self.n_decoded < 0:
            object.__setattr__(self, "n_decoded", self.table.height)
        if self.n_read != self.n_decoded + self.rejects.height:
            raise AssertionError(
                f"decoder lost records: read {self.n_read} != decoded {self.n_decoded}"
                f" + rejected {self.rejects.height}"
            )


@dataclass(frozen=True)
class IngestReport:
    source: str
    path: str
    sha256: str
    n_read: int
    n_decoded: int
    n_rejected: int
    ingest_id: int
    already: bool
    """True when this exact file was ingested before: nothing was done."""

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    return digest.hexdigest()


Writer = Callable[[duckdb.DuckDBPyConnection, int, DecodeResult], list[str]]
"""Stores what was decoded under an ingest id; returns the keys of records already
stored by another ingest (dropped: each counts as one rejected record)."""
Decoder = Callable[[Path], DecodeResult | Iterable[DecodeResult]]
"""Decodes a file whole, or block by block (parts, in file order: memory stays bounded
and each part is stored as it comes, in the same transaction)."""
Progress = Callable[[int], None]
"""Told the bytes of the file read so far, as the parts come."""


def run_ingest(
    store: Store,
    source: str,
    path: Path,
    decode: Decoder,
    write: Writer,
    replaces: bool = False,
    releasability: Sequence[str] = (),
    progress: Progress | None = None,
) -> IngestReport:
    """Decode ``path`` and store it under ``source``, all in one transaction: a part
    decoded block by block is stored before the next is decoded, and an error half way
    leaves the store as it was.

    A file whose SHA-256 was already ingested for this source is not read again; for
    a source whose records replace older ones (``replaces``: zones, nations), only
    when it is the latest file of that source, so loading A, B and A again ends with A.
    ``releasability`` restricts everything this file brings in to those nations
    (empty: every coalition nation).
    Rows the writer finds already stored (same natural key from another file) are
    counted as rejected with the reason ``duplicate of a stored record``.
    """
    sha = file_sha256(path)
    latest = "AND ingest_id = (SELECT max(ingest_id) FROM ingests WHERE source = ?)"
    previous = store.con.execute(
        "SELECT ingest_id, n_read, n_decoded, n_rejected FROM ingests "
        f"WHERE source = ? AND sha256 = ? {latest if replaces else ''} "
        "ORDER BY ingest_id DESC LIMIT 1",
        [source, sha, source] if replaces else [source, sha],
    ).fetchone()
    if previous:
        return IngestReport(
            source,
            str(path),
            sha,
            int(previous[1]),
            int(previous[2]),
            int(previous[3]),
            int(previous[0]),
            already=True,
        )
    started = datetime.now(UTC)
    nations = tuple(sorted(set(releasability)))
    decoded = decode(path)
    parts = [decoded] if isinstance(decoded, DecodeResult) else decoded
    n_read = n_decoded = n_rejected = 0
    with store.transaction() as con:
        row = con.execute("SELECT nextval('ingest_seq')").fetchone()
        assert row is not None
        ingest_id = int(row[0])
        for part in parts:  # decoding happens here for a block-by-block decoder
            result = replace(part, releasability=nations)
            duplicates = write(con, ingest_id, result)
            _store_rejects(con, ingest_id, source, result.rejects, duplicates)
            n_read += result.n_read
            n_decoded += result.n_decoded - len(duplicates)
            n_rejected += result.rejects.height + len(duplicates)
            if progress is not None:
                progress(result.bytes_read or path.stat().st_size)
        con.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ingest_id, source, str(path), sha, n_read, n_decoded, n_rejected, started,
                datetime.now(UTC), list(nations),
            ],
        )  # fmt: skip
    return IngestReport(
        source, str(path), sha, n_read, n_decoded, n_rejected, ingest_id, already=False
    )


def _store_rejects(
    con: duckdb.DuckDBPyConnection,
    ingest_id: int,
    source: str,
    rejects: pl.DataFrame,
    duplicates: list[str],
) -> None:
    if rejects.height:  # a replacement scan: a registered view would live to the commit
        rejected = rejects.select(list(REJECT_SCHEMA)).to_arrow()  # noqa: F841 (read in SQL)
        con.execute(
            "INSERT INTO rejects SELECT ?, ?, line, reason, raw FROM rejected", [ingest_id, source]
        )
    if duplicates:
        con.executemany(
            "INSERT INTO rejects VALUES (?, ?, NULL, ?, ?)",
            [[ingest_id, source, "duplicate of a stored record", key] for key in duplicates],
        )
