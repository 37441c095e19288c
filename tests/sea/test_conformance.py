"""Other decoders' own AIS test vectors, with the expectations their projects state.

gpsd ships ``test/sample.aivdm`` with the JSON ``gpsdecode`` must print for it
(``test/sample.aivdm.js.chk``); both are in ``vectors/gpsd`` (README there: source,
commit, BSD-2-Clause licence). Each gpsd record is matched to our message of the same
type and MMSI (in order), and every field gpsd states that we keep is compared, in our
names: ``shiptype`` is ``ship_type``, a type 21 ``name`` is our ``full_name``, ``eta``
and ``timestamp`` are our month/day/hour/minute(/year/second) columns, ``lon``/``lat``
agree to the rounding of each side (gpsd 7 decimals, 4 for type 27; ours 6), ``dte``
0/1 is our boolean. Not compared: gpsd's texts (``*_text``, ``turn``, type 27
``status``), fields we do not keep (``regional``, ``reserved``), the binary payloads of
the types kept raw (we keep type, repeat and MMSI of those).

The same file is decoded by pyais too: every field both decode is equal
(``test_decode_vs_pyais.field_differences``, its deliberate differences aside). pyais's
own test vectors are the real sample files (``test_decode_vs_pyais``) and the sentences
its tests assert values for (``PYAIS_TESTS``), here with those values.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from test_decode_vs_pyais import field_differences, our_messages, pyais_messages

from reassure.sea.decode import TABLES, AisDecoded, decode_nmea, decode_nmea_bytes

GPSD = Path(__file__).parent / "vectors" / "gpsd"
NOT_COMPARED = {"class", "device", "scaled", "turn", "regional", "reserved"}
KEPT = {
    "status", "speed", "accuracy", "course", "heading", "second", "maneuver", "raim",
    "radio", "cs", "display", "dsc", "band", "msg22", "assigned", "gnss", "imo",
    "ais_version", "callsign", "shipname", "to_bow", "to_stern", "to_port",
    "to_starboard", "epfd", "draught", "destination", "aid_type", "off_position",
    "virtual_aid", "model", "serial",
}  # fmt: skip
RENAMED = {"shiptype": "ship_type", "name": "full_name", "type": "msg_type"}

DELIBERATE = {
    (4000003, "full_name"): (
        "IBC G BUOY@?????????",
        "text is cut at its trailing '@'s, as pyais cuts it (every field equals pyais's); "
        "gpsd ends it at the first '@' and drops what follows",
    ),
}
"""(MMSI, field) -> (our value, why it differs from gpsd's)."""
ONLY_OURS = {
    (24, 271041815, 1): "24B without its 24A: a part B is a message of its own (as pyais)",
    (24, 271041511, 0): "24A gpsd discards when another 24A comes before its 24B",
    (24, 271020195, 1): "24B whose 24A never came: a part of its own (as pyais)",
}
"""Messages we decode that gpsd does not print: type 24 parts are each a message (pyais's
model, the ``static`` table's rows); gpsd prints part A and B joined, or nothing."""


def gpsd_expected(record: dict[str, Any]) -> dict[str, Any]:
    """gpsd's stated fields, in our names and units."""
    out: dict[str, Any] = {"msg_type": record["type"]}
    for key, value in record.items():
        if key in NOT_COMPARED or key.endswith("_text"):
            continue
        name = RENAMED.get(key, key)
        if key in ("repeat", "mmsi", "shiptype", "lon", "lat") or name in KEPT:
            out[name] = value
        elif key == "name":
            out["full_name"] = value
        elif key == "dte":
            out["dte"] = bool(value)
        elif key == "vendorid":
            out["vendorid"] = value[:3]  # gpsd's 7 characters hold model and serial too
        elif key == "eta":
            month, day, hour, minute = map(int, re.findall(r"\d+", value))
            out |= {"month": month, "day": day, "hour": hour, "minute": minute}
        elif key == "timestamp" and record["type"] in (4, 11):
            year, month, day, hour, minute, second = map(int, re.findall(r"\d+", value))
            out |= {"year": year, "month": month, "day": day, "hour": hour}
            out |= {"minute": minute, "second": second}
    if record["type"] == 27:
        out.pop("status", None)  # gpsd prints the text of the status only
    return out


def _rows(decoded: AisDecoded) -> dict[tuple[int, ...], list[dict[str, Any]]]:
    """Our messages by (type, MMSI) and, for type 24, part number; in line order."""
    out: dict[tuple[int, ...], list[dict[str, Any]]] = defaultdict(list)
    for line, row in sorted(our_messages(decoded).items()):
        key = (row["msg_type"], row["mmsi"])
        out[(*key, row["partno"]) if row["msg_type"] == 24 else key].append(row | {"line": line})
    return out


def _differs(name: str, expected: Any, ours: Any, msg_type: int) -> bool:
    if name in ("lon", "lat") and isinstance(ours, float):
        return abs(ours - expected) > (6e-5 if msg_type == 27 else 6e-7)
    return bool(ours != expected)


def test_gpsd_sample_aivdm_states_what_we_decode() -> None:
    decoded = decode_nmea(GPSD / "sample.aivdm")
    records = [json.loads(line) for line in (GPSD / "sample.aivdm.js.chk").read_text().splitlines()]
    ours = _rows(decoded)
    compared, differences = 0, {}
    for record in records:
        keys = [(24, record["mmsi"], 0), (24, record["mmsi"], 1)]
        if record["type"] != 24:
            keys = [(record["type"], record["mmsi"])]
        rows = [ours[key].pop(0) for key in keys]
        mine = {k: v for row in rows for k, v in row.items() if v is not None}
        raw_only = mine.get("payload") is not None
        for name, expected in gpsd_expected(record).items():
            if raw_only and name not in ("msg_type", "repeat", "mmsi"):
                continue
            compared += 1
            if name not in mine or _differs(name, expected, mine[name], record["type"]):
                differences[(record["mmsi"], name)] = mine.get(name, "<missing>")
    assert differences == {key: ours_ for key, (ours_, _) in DELIBERATE.items()}
    left = {key: len(rows) for key, rows in ours.items() if rows}
    assert left == dict.fromkeys(ONLY_OURS, 1)
    assert (len(records), compared) == (97, 589)
    joined = sum(1 for record in records if record["type"] == 24)  # a gpsd 24 is A and B
    assert decoded.n_messages == len(records) + joined + len(ONLY_OURS)


def test_gpsd_sample_aivdm_accounting() -> None:
    """Every line is counted once: a sentence the file comments out (``# !AIVDM...``)
    is a comment, the fragment written without its ``!`` (gpsd: "yields nothing") a
    reject, and the sentences with a receiver's fields after the checksum decode."""
    decoded = decode_nmea(GPSD / "sample.aivdm")
    text = (GPSD / "sample.aivdm").read_text()
    lines = text.splitlines()
    comments = [i for i, line in enumerate(lines) if line.lstrip().startswith("#") or not line]
    assert (decoded.n_read, decoded.skipped) == (len(lines) - len(comments), len(comments))
    assert decoded.rejects.select("line", "reason").rows() == [
        (lines.index("AIVDM,2,2,1,B,00000000000,2*26") + 1, "not an NMEA sentence")
    ]
    assert decoded.n_decoded + decoded.rejects.height == decoded.n_read


@pytest.mark.parametrize(
    "name",
    [pytest.param("sample.aivdm", id="gpsd-sample-aivdm")],
)
def test_gpsd_vectors_agree_with_pyais(name: str) -> None:
    path = GPSD / name
    decoded = decode_nmea(path)
    theirs, ours = pyais_messages(path), our_messages(decoded)
    shared = theirs.keys() & ours.keys()
    differ = {line: d for line in shared if (d := field_differences(theirs[line][0], ours[line]))}
    assert differ == {}
    assert len(shared) == sum(decoded.table(t).height for t in TABLES) - _in_two_tables(decoded)


def _in_two_tables(decoded: AisDecoded) -> int:
    """Type 19 is a row of positions and of static: one message."""
    return int((decoded.static["msg_type"] == 19).sum())


PYAIS_TESTS = "M0r13n/pyais @b86b35e2 : tests/test_decode.py (MIT)"
"""pyais's own vectors and what its tests assert for them (data, not code)."""


@pytest.mark.parametrize(
    ("sentences", "stated"),
    [
        pytest.param(
            [
                "!AIVDM,2,1,0,A,8@2R5Ph0GhRbUqe?n>KS?wvlFR06EuOwiOl?wnSwe7wvlOwwsAwwnSGmwvwt,0*4E",
                "!AIVDM,2,2,0,A,,0*16",
            ],
            {"msg_type": 8, "repeat": 1, "mmsi": 2655619},
            id="empty-second-fragment",  # test_that_decode_works_for_fragmented_..._empty_payloads
        ),
        pytest.param(
            ["!AIVDM,1,1,,B,E>jHDL1W73nWaanah7S39T7a2h;wror=@5nL`A2AISd002CQ1PDS@0,4*39"],
            {"msg_type": 21, "full_name": "NNG-OSS-S OFFSHORE WINDFARM"},
            id="type-21-full-name",  # test_decode_type_21_full_name
        ),
        pytest.param(
            ["!AIVDM,1,1,0,A,,0*16"],
            {"reject": "empty payload"},
            id="empty-payload",  # test_decode_with_empty_payload: MissingPayloadException
        ),
    ],
)
def test_pyais_stated_values(sentences: list[str], stated: dict[str, Any]) -> None:
    decoded = decode_nmea_bytes(("\n".join(sentences) + "\n").encode())
    if "reject" in stated:
        assert decoded.rejects["reason"].to_list() == [stated["reject"]]
        assert decoded.n_messages == 0
        return
    assert (decoded.n_messages, decoded.rejects.height) == (1, 0)
    (row,) = our_messages(decoded).values()
    assert {name: row[name] for name in stated} == stated
