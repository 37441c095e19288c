"""Every real sample file, decoded by us and by pyais 3.3.1: every field of every message.

pyais reads a file with ``ByteStream`` over the file's lines (what ``FileReaderStream``
does) and each message is decoded with ``.decode().asdict(enum_as_int=True)``. Messages
are matched by the line of their first fragment. Every difference is one of these,
each checked here:

* rejected by us, decoded by pyais: a bad checksum (pyais does not check it; our
  lenient mode decodes it, with the same values as pyais), a payload shorter than its
  type's minimum (``schema.MIN_BITS``), a sentence without ``*hh`` checksum, two
  sentences spliced on one line;
* decoded by us only: message types 29-63 (pyais raises ``UnknownMessageException``;
  we keep them raw in ``other``);
* deliberate, each in the README: ``ship_type`` and ``epfd`` keep the code sent where
  pyais's enums fold reserved codes (``ShipType``/``EpfdType.from_value``); type 21's
  ``name_ext`` is whole characters with its leading spaces (pyais strips them and reads
  the padding bits after the last character as one more), and so is ``full_name``;
* a text field reaching the end of the message: when a time follows the checksum
  (``...,2*4B,1328133720012``) pyais reads the fill bits as data (it takes ``2*4B`` for
  a data field); pyais on the same sentence without the suffix gives our value.
"""

from __future__ import annotations

import gzip
import io
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pyais import decode as pyais_decode
from pyais.stream import ByteStream
from pyais_rules import deliberate

from reassure.sea.decode import TABLES, AisDecoded, decode_nmea
from reassure.sea.fields import TURN_VALUES
from reassure.sea.schema import LAYOUTS

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sea"
IGNORED = {"spare_1", "reserved_1", "reserved_2"}


def _bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def pyais_messages(path: Path) -> dict[int, tuple[dict[str, Any], bytes]]:
    """1-based line of fragment 1 -> (pyais fields, pyais raw sentences)."""
    raw = _bytes(path)
    lines = raw.split(b"\n")
    current = [0]

    def feed() -> Any:
        for i, line in enumerate(io.BytesIO(raw)):
            current[0] = i
            yield line

    out: dict[int, tuple[dict[str, Any], bytes]] = {}
    for msg in ByteStream(feed()):
        first = msg.raw.split(b"\n")[0]
        j = current[0]
        while j > 0:
            text = lines[j].strip()
            if text.startswith(b"\\"):
                text = text[text[1:].find(b"\\") + 2 :]
            if text == first:
                break
            j -= 1
        try:
            fields = msg.decode().asdict(enum_as_int=True)
        except Exception:  # pyais raises for types 29-63, empty payloads, 24 parts 2-3
            continue
        out[j + 1] = (fields, msg.raw)
    return out


def our_messages(decoded: AisDecoded) -> dict[int, dict[str, Any]]:
    """1-based line -> all columns of the message (a type 19 is in two tables)."""
    rows: dict[int, dict[str, Any]] = {}
    for table in TABLES:
        for row in decoded.table(table).iter_rows(named=True):
            merged = rows.setdefault(row["source_line"], {})
            merged.update({k: v for k, v in row.items() if v is not None or k not in merged})
    return rows


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def field_differences(theirs: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    raw_only = ours.get("payload") is not None  # kept raw in `other`
    names = [k for k in theirs if k not in IGNORED]
    if raw_only:
        names = [k for k in names if k in ("msg_type", "repeat", "mmsi")]
    return [
        k
        for k in names
        if k not in ours or not (_same(theirs[k], ours[k]) or deliberate(k, theirs[k], ours.get(k)))
    ]


def without_suffix(raw: bytes) -> dict[str, Any]:
    sentences = [s[: s.index(b"*") + 3] for s in raw.split(b"\n")]
    fields: dict[str, Any] = pyais_decode(*sentences).asdict(enum_as_int=True)
    return fields


# file: (pyais decodes, we decode, reasons of the messages only pyais decodes, only ours)
EXPECTED = {
    "gfw-ais-tools__ee-multiline.nmea": (8, 8, {}, 0),
    "gfw-ais-tools__mixed_types.nmea": (99, 99, {}, 0),
    "gfw-ais-tools__multi-part.nmea": (43, 43, {}, 0),
    "libais__test_data_test.aivdm": (261, 253, {"payload too short": 8}, 0),
    "pyais__examples_gatehouse.nmea": (4, 4, {}, 0),
    "pyais__examples_sample.ais": (12, 11, {"truncated sentence": 1}, 0),
    "pyais__tests_mixed.txt": (13, 12, {"truncated sentence": 1}, 0),
    "pyais__tests_nmea_data_sample.txt": (778, 778, {}, 0),
    "pyais__tests_timestamped.ais": (4, 4, {}, 0),
    "risky__ais.txt.gz": (
        34012,
        34008,
        {
            "bad checksum": 2,
            "payload too short": 1,
            "truncated sentence": 1,
            "malformed sentence": 1,
        },
        1,
    ),
    "risky__exact-earth-augmented-2.txt.gz": (1133, 1132, {"payload too short": 1}, 0),
    "risky__exact-earth-augmented-3.txt.gz": (4309, 4287, {"payload too short": 22}, 0),
    "risky__exact-earth-augmented.txt.gz": (3972, 3966, {"payload too short": 6}, 0),
    "risky__exact-earth-with-tag-block.txt": (200, 200, {}, 0),
    "risky__nmea-timestamped.txt": (100, 100, {}, 0),
}


def test_every_sample_file_is_covered() -> None:
    files = {p.name for p in DATA.iterdir() if p.name != "README.md"}
    assert files == set(EXPECTED)


SLOW = {"risky__ais.txt.gz"}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, id=n.split("__")[1], marks=[pytest.mark.slow] if n in SLOW else [])
        for n in sorted(EXPECTED)
    ],
)
def test_same_fields_as_pyais(name: str) -> None:
    path = DATA / name
    theirs = pyais_messages(path)
    decoded = decode_nmea(path)
    ours = our_messages(decoded)
    n_theirs, n_ours, only_theirs_reasons, n_only_ours = EXPECTED[name]
    assert (len(theirs), len(ours), decoded.n_messages) == (n_theirs, n_ours, n_ours)

    rejects = dict(zip(decoded.rejects["line"], decoded.rejects["reason"], strict=True))
    only_theirs = [line for line in theirs if line not in ours]
    reasons = Counter(_reason_kind(rejects[line]) for line in only_theirs)
    assert reasons == Counter(only_theirs_reasons)
    raws = dict(zip(decoded.rejects["line"], decoded.rejects["raw"], strict=True))
    for line in only_theirs:
        if rejects[line] == "truncated sentence":
            assert "*" not in raws[line].split("!")[-1]  # pyais takes a sentence without "*hh"
        if rejects[line].startswith("malformed"):
            assert raws[line].upper().count("VDM") == 2  # two sentences spliced together
    only_ours = [line for line in ours if line not in theirs]
    assert len(only_ours) == n_only_ours
    assert all(ours[line]["msg_type"] >= 29 for line in only_ours)

    quirks = 0
    for line in theirs.keys() & ours.keys():
        fields, raw = theirs[line]
        differ = field_differences(fields, ours[line])
        if differ:  # pyais reads fill bits as data when a time follows the checksum
            assert b"," in raw.split(b"\n")[-1].split(b"*")[1], (line, differ)
            assert field_differences(without_suffix(raw), ours[line]) == [], (line, differ)
            quirks += 1
    assert quirks <= 9


def _reason_kind(reason: str) -> str:
    for kind in ("bad checksum", "payload too short", "truncated sentence", "malformed sentence"):
        if reason.startswith(kind):
            return kind
    return reason


@pytest.mark.slow
def test_lenient_decodes_bad_checksums_with_pyais_values() -> None:
    path = DATA / "risky__ais.txt.gz"
    strict, lenient = decode_nmea(path), decode_nmea(path, lenient=True)
    bad = strict.rejects.filter(strict.rejects["reason"].str.starts_with("bad checksum"))
    assert bad.height == 2
    # one of the two is then too short for its type (a type 3 of 72 bits)
    assert lenient.n_messages == strict.n_messages + 1
    theirs, ours = pyais_messages(path), our_messages(lenient)
    kept = [line for line in bad["line"] if line in ours]
    assert len(kept) == 1
    assert ours[kept[0]]["checksum_ok"] is False
    assert field_differences(theirs[kept[0]][0], ours[kept[0]]) == []
    flagged = sum(int((~lenient.table(t)["checksum_ok"]).sum()) for t in TABLES)
    assert flagged == 1


def test_counts_add_up_on_every_file() -> None:
    for name in EXPECTED:
        decoded = decode_nmea(DATA / name)
        raw = _bytes(DATA / name)
        n_lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
        assert decoded.n_read + decoded.skipped == n_lines, name
        assert decoded.n_decoded + decoded.rejects.height == decoded.n_read, name


def test_layouts_are_pyais_decoder_plans() -> None:
    from pyais import messages as pm

    classes = {
        "1": pm.MessageType1, "4": pm.MessageType4, "5": pm.MessageType5,
        "18": pm.MessageType18, "19": pm.MessageType19, "21": pm.MessageType21,
        "24A": pm.MessageType24PartA, "24B": pm.MessageType24PartB,
        "24B_aux": pm.MessageType24PartBAuxiliaryCraft, "27": pm.MessageType27,
    }  # fmt: skip
    for name, cls in classes.items():
        theirs = [
            (field, offset, width, signed)
            for field, offset, width, signed, _, _ in cls.decoder_plan()
            if field not in IGNORED
        ]
        ours = [
            (f.name, f.offset, f.width, f.kind in ("i", "ll", "ll600", "turn"))
            for f in LAYOUTS[name]
        ]
        assert ours == theirs, name


def test_value_conversions_match_pyais_for_every_raw_value() -> None:
    from pyais import messages as pm

    assert [pm.to_turn(r) for r in range(-128, 128)] == list(TURN_VALUES)
