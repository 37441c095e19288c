"""Ingest bookkeeping: one row per run, every reject kept, no file stored twice.

An ingest runs in one transaction: the ``ingests`` row, the decoded rows and the
rejects land together or not at all, so a crash mid-ingest leaves the store as it was
and the same command can simply be run again.

What is counted. A *record* is what a source decodes: a line holding an AIS sentence
(or any line that is not NMEA at all), a CSV row, a YAML entry. Every record read is
decoded or rejected: ``n_read = n_decoded + n_rejected`` (the ``ingests`` row's CHECK).
A line that is no record (blank, a comment, another NMEA sentence, a CSV header) is
*skipped*, counted by reason in ``ingest_skips``, so for a file of lines (AIS, CSV)
every line is counted once: ``lines = n_decoded + n_rejected + n_skipped``.

Garbage is refused (:func:`refusal`): a file whose first lines decode to nothing, at
least half of them rejected, is not stored unless forced; a reject keeps at most
:data:`REJECT_RAW_MAX` characters of its raw text.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

import duckdb
import polars as pl

from reassure.errors import InputError
from reassure.events import combine_releasability
from reassure.store.db import Store

__all__ = [
    "REFUSE_MIN_REJECTED",
    "REFUSE_REJECTED_SHARE",
    "REFUSE_SAMPLE_LINES",
    "REJECT_RAW_MAX",
    "REJECT_SCHEMA",
    "DecodeResult",
    "Decoder",
    "IngestReport",
    "Progress",
    "Writer",
    "file_sha256",
    "refusal",
    "run_ingest",
]

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "reason": pl.String(),
    "raw": pl.String(),
}
REJECT_RAW_MAX = 512
"""Characters of a rejected record's raw text the store keeps (its start): an AIS
sentence is under 100, and garbage cannot bloat the store by more per reject."""
REFUSE_SAMPLE_LINES = 1000
"""Lines (records and skipped lines) a decoder's first parts must hold before the
refusal rule judges them, or the whole file if shorter. An AIS file's first block
(4 MiB) is one part: some 50,000 lines."""
REFUSE_REJECTED_SHARE = 0.5
"""A file whose first lines (``REFUSE_SAMPLE_LINES``) decoded no record and rejected
at least this share of them (and ``REFUSE_MIN_REJECTED``) is refused unless forced."""
REFUSE_MIN_REJECTED = 20
"""Fewer rejects never refuse a file: a short file whose few records are all bad is
stored with its rejects (it is a file of the right kind with mistakes, and they show)."""


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
    skipped: dict[str, int] = field(default_factory=dict)
    """Lines that are no record, by reason (blank line, comment, header...): a file of
    lines has ``n_read + n_skipped`` lines."""
    what: str = ""
    """What the file was read as ("AIS NMEA", "monitor-report CSV"): a refusal says it."""
    unit: str = "records"
    """What a record is, in the plural ("lines", "rows", "entries"): a refusal says it."""

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

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
    n_skipped: int = 0
    """Lines that are no record (a file of lines has ``n_read + n_skipped`` lines)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """``n_skipped`` by reason."""

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
    force: bool = False,
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
    A file that does not look like its source's format (:func:`refusal`) is an
    :class:`InputError`, and nothing is stored, unless ``force``.
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
        stored = _stored_skips(store.con, int(previous[0]))
        return IngestReport(
            source,
            str(path),
            sha,
            int(previous[1]),
            int(previous[2]),
            int(previous[3]),
            int(previous[0]),
            already=True,
            n_skipped=sum(stored.values()),
            skipped=stored,
        )
    started = datetime.now(UTC)
    nations = tuple(sorted(set(releasability)))
    decoded = decode(path)
    parts = iter([decoded] if isinstance(decoded, DecodeResult) else decoded)
    sample = _sample(parts)
    if not force and (why := refusal(sample)):
        raise InputError(str(path), f"{why}; --force stores it anyway")
    n_read = n_decoded = n_rejected = 0
    skipped: Counter[str] = Counter()
    with store.transaction() as con:
        row = con.execute("SELECT nextval('ingest_seq')").fetchone()
        assert row is not None
        ingest_id = int(row[0])
        for part in chain(sample, parts):  # decoding happens here for a block-by-block decoder
            result = replace(part, releasability=nations)
            duplicates = write(con, ingest_id, result)
            _store_rejects(con, ingest_id, source, result.rejects, duplicates)
            n_read += result.n_read
            n_decoded += result.n_decoded - len(duplicates)
            n_rejected += result.rejects.height + len(duplicates)
            skipped.update(result.skipped)
            if progress is not None:
                progress(result.bytes_read or path.stat().st_size)
        con.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ingest_id, source, str(path), sha, n_read, n_decoded, n_rejected, started,
                datetime.now(UTC), list(nations),
            ],
        )  # fmt: skip
        skips = sorted((r, n) for r, n in skipped.items() if n)
        if skips:
            con.executemany(
                "INSERT INTO ingest_skips VALUES (?, ?, ?, ?)",
                [[ingest_id, reason, n, list(nations)] for reason, n in skips],
            )
    return IngestReport(
        source, str(path), sha, n_read, n_decoded, n_rejected, ingest_id, already=False,
        n_skipped=sum(n for _, n in skips), skipped=dict(skips),
    )  # fmt: skip


def _sample(parts: Iterator[DecodeResult]) -> list[DecodeResult]:
    """The first parts, up to ``REFUSE_SAMPLE_LINES`` lines (or all of them)."""
    sample: list[DecodeResult] = []
    lines = 0
    while lines < REFUSE_SAMPLE_LINES and (part := next(parts, None)) is not None:
        sample.append(part)
        lines += part.n_read + part.n_skipped
    return sample


def refusal(sample: Sequence[DecodeResult]) -> str | None:
    """Why a file whose first parts are ``sample`` does not look like its source's
    format, or None. The rule: those parts decoded no record, and rejected at least
    ``REFUSE_MIN_REJECTED`` records and ``REFUSE_REJECTED_SHARE`` of their lines
    (records and skipped lines), so a file of comments or other sentences only is no
    garbage, nor one whose first record was already stored (a duplicate is decoded)."""
    if not sample or any(part.n_decoded for part in sample):
        return None
    rejected = sum(part.rejects.height for part in sample)
    lines = sum(part.n_read + part.n_skipped for part in sample)
    if rejected < REFUSE_MIN_REJECTED or rejected < REFUSE_REJECTED_SHARE * lines:
        return None
    first = sample[0]
    n_read = sum(part.n_read for part in sample)
    what = first.what or "this source's format"
    reject = next(part.rejects.row(0, named=True) for part in sample if part.rejects.height)
    located = reject["line"] is not None and first.unit != "entries"  # "entry 3: ..." says
    where = f"line {reject['line']}: " if located else ""
    return (
        f"this does not look like {what}: 0 of {n_read:,} {first.unit} decoded "
        f"({where}{reject['reason']})"
    )


def _stored_skips(con: duckdb.DuckDBPyConnection, ingest_id: int) -> dict[str, int]:
    rows = con.execute(
        "SELECT reason, n FROM ingest_skips WHERE ingest_id = ? ORDER BY reason", [ingest_id]
    ).fetchall()
    return {str(reason): int(n) for reason, n in rows}


def _store_rejects(
    con: duckdb.DuckDBPyConnection,
    ingest_id: int,
    source: str,
    rejects: pl.DataFrame,
    duplicates: list[str],
) -> None:
    if rejects.height:  # a replacement scan: a registered view would live to the commit
        rejected = (  # noqa: F841 (read in SQL)
            rejects.select(list(REJECT_SCHEMA))
            .with_columns(pl.col("raw").str.slice(0, REJECT_RAW_MAX))
            .to_arrow()
        )
        con.execute(
            "INSERT INTO rejects SELECT ?, ?, line, reason, raw FROM rejected", [ingest_id, source]
        )
    if duplicates:
        con.executemany(
            "INSERT INTO rejects VALUES (?, ?, NULL, ?, ?)",
            [[ingest_id, source, "duplicate of a stored record", key[:REJECT_RAW_MAX]]
             for key in duplicates],
        )  # fmt: skip
