"""Framing, assembly, times and accounting of the NMEA decoder on small hand-made inputs."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from functools import reduce
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reassure.errors import InputError
from reassure.sea.decode import (
    MAX_FRAGMENT_GAP,
    TABLES,
    AisDecoded,
    decode_nmea,
    decode_nmea_bytes,
)
from reassure.sea.encode import encode_static
from reassure.sea.pack import write_layout
from reassure.sea.sixbit import put_bits, put_text, unpack_words

POS = "15M67FC000G?ufbE`FepT@3n00Sa"  # type 1, MMSI 366053209
T5A = "55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8"  # type 5, MMSI 351759000
T5B = "88888888880"


def _xor(text: str) -> int:
    return reduce(lambda acc, ch: acc ^ ord(ch), text, 0)


def vdm(count: int, number: int, seq: str, channel: str, payload: str, fill: int = 0) -> str:
    body = f"AIVDM,{count},{number},{seq},{channel},{payload},{fill}"
    return f"!{body}*{_xor(body):02X}"


def tag(fields: str) -> str:
    return f"\\{fields}*{_xor(fields):02X}\\"


def decode_lines(*lines: str, lenient: bool = False) -> AisDecoded:
    result = decode_nmea_bytes(("\n".join(lines) + "\n").encode(), lenient=lenient)
    assert result.n_decoded + result.rejects.height == result.n_read
    assert result.n_read + result.skipped == len(lines)
    return result


def reasons(result: AisDecoded) -> list[tuple[int, str]]:
    return list(zip(result.rejects["line"], result.rejects["reason"], strict=True))


FRAMING = [
    pytest.param(
        [vdm(2, 2, "1", "A", T5B, 2), vdm(1, 1, "", "B", POS), vdm(2, 1, "1", "A", T5A)],
        {"static": [3], "positions": [2]},
        [],
        id="multipart-out-of-order",
    ),
    pytest.param(
        [
            vdm(2, 1, "3", "A", T5A),
            vdm(2, 1, "3", "B", T5A),
            vdm(1, 1, "", "A", POS),
            vdm(2, 2, "3", "B", T5B, 2),
            vdm(2, 2, "3", "A", T5B, 2),
        ],
        {"static": [1, 2], "positions": [3]},
        [],
        id="interleaved",
    ),
    pytest.param(
        [vdm(2, 1, "4", "A", T5A), vdm(1, 1, "", "A", POS), vdm(2, 2, "5", "A", T5B, 2)],
        {"positions": [2]},
        [(1, "fragment 1/2 whose partner never came"), (3, "fragment 2/2 without its first part")],
        id="orphan-fragment",
    ),
    pytest.param(
        [vdm(1, 1, "", "A", POS)[:-2] + "00", vdm(1, 1, "", "B", POS)],
        {"positions": [2]},
        [(1, "bad checksum *00 != *" + vdm(1, 1, "", "A", POS)[-2:])],
        id="bad-checksum",
    ),
    pytest.param(
        [vdm(1, 1, "", "A", POS)[:30], "!AIVDM,1,1,,A", vdm(1, 1, "", "A", POS)],
        {"positions": [3]},
        [(1, "truncated sentence"), (2, "truncated sentence")],
        id="truncated-sentence",
    ),
    pytest.param(
        [vdm(1, 1, "", "A", "15M67FC000G?ufbE`FepT@3n00S~"), vdm(1, 1, "", "A", "")],
        {},
        [(1, "payload has invalid 6-bit character"), (2, "empty payload")],
        id="bad-payload",
    ),
    pytest.param(
        [vdm(1, 1, "", "A", POS[:20])],
        {},
        [(1, "payload too short for type 1 (120 bits, need 149)")],
        id="too-short",
    ),
    pytest.param(
        [
            "$GPGGA,184353.07,1929.045,S,02410.506,E,1,04,2.6,100.00,M,-33.9,M,,0000*6D",
            "",
            "# comment",
            "not nmea at all",
            "\x00\xff\xfe binary",
            vdm(1, 1, "", "A", POS),
        ],
        {"positions": [6]},
        [(4, "not an NMEA sentence"), (5, "not UTF-8/binary garbage")],
        id="mixed-lines",
    ),
    pytest.param(
        ["# " + vdm(1, 1, "", "A", POS), "  #" + vdm(2, 1, "1", "A", T5A), vdm(1, 1, "", "B", POS)],
        {"positions": [3]},
        [],
        id="commented-out-sentences-are-comments",
    ),
    pytest.param(
        [
            vdm(1, 1, "", "A", POS).replace("!", "$"),
            vdm(2, 1, "2", "B", T5A).replace("!", "$"),
            vdm(2, 2, "2", "B", T5B, 2).replace("!", "$"),
        ],
        {"positions": [1], "static": [2]},
        [],
        id="dollar-sentences",
    ),
    pytest.param(
        [
            vdm(2, 1, "7", "A", T5A + T5B),
            vdm(2, 2, "7", "A", "", 2),
            vdm(2, 1, "8", "A", ""),
            vdm(2, 2, "8", "A", T5A + T5B, 2),
        ],
        {"static": [1, 3]},
        [],
        id="empty-fragment-of-a-longer-message",
    ),
]


@pytest.mark.parametrize(("lines", "tables", "rejected"), FRAMING)
def test_framing(
    lines: list[str], tables: dict[str, list[int]], rejected: list[tuple[int, str]]
) -> None:
    result = decode_lines(*lines)
    for table in TABLES:
        assert result.table(table)["source_line"].to_list() == tables.get(table, []), table
    assert reasons(result) == rejected


@pytest.mark.parametrize(
    "reopen_at",
    [
        pytest.param(MAX_FRAGMENT_GAP - 1, id="reopened-gap-minus-1"),
        pytest.param(MAX_FRAGMENT_GAP, id="reopened-at-gap"),
        pytest.param(MAX_FRAGMENT_GAP + 1, id="reopened-gap-plus-1"),
    ],
)
def test_key_reopened_about_max_gap_after_its_last_group(reopen_at: int) -> None:
    """A key's completed group must not time the next group of that key: a 2-part
    message on consecutive lines is whole, however long ago its key last opened one."""
    filler = [vdm(1, 1, "", "B", POS)] * (reopen_at - 2)
    lines = [vdm(2, 1, "3", "A", T5A), vdm(2, 2, "3", "A", T5B, 2), *filler]
    lines += [vdm(2, 1, "3", "A", T5A), vdm(2, 2, "3", "A", T5B, 2)]
    result = decode_lines(*lines)
    assert reasons(result) == []
    assert result.static["source_line"].to_list() == [1, reopen_at + 1]


def test_reserved_codes_are_kept_as_sent() -> None:
    """ITU-R M.1371 reserves ship types 1-19, 26-28... and EPFD 9-14; what was sent is
    kept (pyais folds them to a neighbour or 0)."""
    static = pl.DataFrame(
        {
            "mmsi": [351759000, 351759001, 351759002],
            "ship_type": [27, 5, 200],
            "epfd": [12, 9, 14],
            "rx_time": [datetime(2026, 1, 1, tzinfo=UTC)] * 3,
        }
    )
    lines = encode_static(static)["line"].to_list()
    result = decode_lines(*lines)
    assert result.static.select("ship_type", "epfd").rows() == [(27, 12), (5, 9), (200, 14)]


def _type21(name: str, ext: str, pad: int) -> str:
    """A type 21 with a name extension of whole characters followed by 4 padding bits
    ``pad`` (6-bit text is 6 bits a character; the message ends on a byte boundary)."""
    values = {
        "msg_type": pl.Series([21]),
        "mmsi": pl.Series([993672000]),
        "name": pl.Series([name]),
    }
    words = write_layout(1, "21", values, nwords=6)
    put_text(words, 272, 6 * len(ext), pl.Series([ext]))
    put_bits(words, 272 + 6 * len(ext), 4, np.array([pad]))
    bits = 272 + 6 * len(ext) + 4
    chars = -(-bits // 6)
    payload = "".join(chr(v + 48 if v < 40 else v + 56) for v in unpack_words(words, chars)[0])
    return vdm(1, 1, "", "A", payload, 6 * chars - bits)


@pytest.mark.parametrize(
    ("name", "ext", "pad", "full_name"),
    [
        pytest.param("FORT PIERCE INLET LB", " 6", 0, "FORT PIERCE INLET LB 6", id="leading-space"),
        pytest.param(
            "SOUTH JETTY LIGHT NO", "RTH", 0b1011, "SOUTH JETTY LIGHT NORTH", id="padding"
        ),
        pytest.param("SHORT", "", 0b1111, "SHORT", id="no-whole-character"),
    ],
)
def test_name_extension_is_whole_characters(name: str, ext: str, pad: int, full_name: str) -> None:
    row = decode_lines(_type21(name, ext, pad)).aids.row(0, named=True)
    assert (row["name"], row["name_ext"], row["full_name"]) == (name, ext, full_name)


def test_multipart_message_is_decoded_whole() -> None:
    result = decode_lines(vdm(2, 2, "1", "A", T5B, 2), vdm(2, 1, "1", "A", T5A))
    row = result.static.row(0, named=True)
    assert (row["mmsi"], row["shipname"], row["callsign"], row["destination"]) == (
        351759000, "EVER DIADEM", "3FOF8", "NEW YORK",
    )  # fmt: skip
    assert (row["bits"], row["source_line"], row["channel"]) == (424, 2, "A")


def test_lenient_keeps_bad_checksums_flagged() -> None:
    bad = vdm(1, 1, "", "A", POS)[:-2] + "00"
    strict = decode_lines(bad, vdm(1, 1, "", "B", POS))
    lenient = decode_lines(bad, vdm(1, 1, "", "B", POS), lenient=True)
    assert strict.positions.height == 1
    assert lenient.positions["checksum_ok"].to_list() == [False, True]
    assert lenient.rejects.height == 0


def test_tag_block_time_station_and_group() -> None:
    result = decode_lines(
        tag("s:rEV02,c:1334337317") + vdm(1, 1, "", "B", POS),
        tag("c:1334337318123") + vdm(1, 1, "", "B", POS),
        tag("g:1-2-77,s:66,c:1661782369") + vdm(2, 1, "3", "A", T5A),
        tag("g:2-2-77") + vdm(2, 2, "3", "A", T5B, 2),
        "\\c:1420030798*00\\" + vdm(1, 1, "", "A", POS),
    )
    pos = result.positions
    assert pos["rx_time"].to_list() == [
        datetime(2012, 4, 13, 17, 15, 17, tzinfo=UTC),
        datetime(2012, 4, 13, 17, 15, 18, 123000, tzinfo=UTC),
        datetime(2014, 12, 31, 12, 59, 58, tzinfo=UTC),
    ]
    assert pos["station"].to_list() == ["rEV02", None, None]
    assert pos["tag_checksum_ok"].to_list() == [True, True, False]
    static = result.static.row(0, named=True)
    assert (static["station"], static["rx_time"].year, static["tag_checksum_ok"]) == (
        "66",
        2022,
        True,
    )


def test_gatehouse_pghp_times_the_next_sentence() -> None:
    result = decode_lines(
        "$PGHP,1,2008,5,9,0,0,0,10,338,2,,1,09*17",
        vdm(1, 1, "", "B", POS),
        vdm(1, 1, "", "A", POS),
        "$PGHP,1,2009,5,9,0,0,1,500,338,2,,1,09*17",
        vdm(1, 1, "", "A", POS),
    )
    assert result.positions["rx_time"].to_list() == [
        datetime(2008, 5, 9, 0, 0, 0, 10000, tzinfo=UTC),
        None,
        datetime(2009, 5, 9, 0, 0, 1, 500000, tzinfo=UTC),
    ]
    assert result.skipped == 2


def test_receive_time_suffix_and_prefix() -> None:
    result = decode_lines(
        vdm(1, 1, "", "A", POS) + ",1328133720012",
        vdm(1, 1, "", "A", POS) + ",b003669794,1272412827",
        "1272412828 " + vdm(1, 1, "", "A", POS),
        "2024-03-01T10:20:30.5Z;" + vdm(1, 1, "", "A", POS),
    )
    pos = result.positions
    assert pos["rx_time"].to_list() == [
        datetime(2012, 2, 1, 22, 2, 0, 12000, tzinfo=UTC),
        datetime(2010, 4, 28, 0, 0, 27, tzinfo=UTC),
        datetime(2010, 4, 28, 0, 0, 28, tzinfo=UTC),
        datetime(2024, 3, 1, 10, 20, 30, 500000, tzinfo=UTC),
    ]
    assert pos["station"].to_list() == [None, "b003669794", None, None]


def test_gzip_input_and_several_files(tmp_path: Path) -> None:
    plain = tmp_path / "a.nmea"
    plain.write_text(vdm(1, 1, "", "A", POS) + "\n# x\n")
    packed = tmp_path / "b.nmea.gz"
    packed.write_bytes(
        gzip.compress((vdm(2, 1, "1", "A", T5A) + "\n" + vdm(2, 2, "1", "A", T5B, 2)).encode())
    )
    assert decode_nmea(packed).static["mmsi"].to_list() == [351759000]
    both = decode_nmea([plain, packed])
    assert both.positions["source_line"].to_list() == [1]
    assert both.static["source_line"].to_list() == [3]  # line numbers run on across files
    assert both.sources == ((str(plain), 2), (str(packed), 2))
    assert (both.n_read, both.skipped) == (3, 1)


def test_binary_garbage_is_accounted_for() -> None:
    soup = bytes(range(256)) * 40 + b"\n" + vdm(1, 1, "", "A", POS).encode() + b"\n\xff!AIVDM,1\n"
    result = decode_nmea_bytes(soup)
    assert result.positions.height == 1
    assert result.n_decoded + result.rejects.height == result.n_read
    assert result.rejects.schema == pl.Schema(
        {"line": pl.Int64, "reason": pl.String, "raw": pl.String}
    )


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=90),
            st.sampled_from(
                [
                    vdm(1, 1, "", "A", POS),
                    vdm(2, 1, "1", "A", T5A),
                    vdm(2, 2, "1", "A", T5B, 2),
                    "!AIVDM,",
                    "\\g:1-2-3*",
                    "$PGHP,1,2008,5,9,0,0,0,10",
                    ",*",
                    "!AIVDM,2,2,1,A,8,2*",
                ]
            ).map(str.encode),
        ),
        max_size=30,
    )
)
def test_byte_soup_never_crashes_and_adds_up(chunks: list[bytes]) -> None:
    text = b"\n".join(chunks)
    result = decode_nmea_bytes(text)
    n_lines = text.count(b"\n") + (1 if text and not text.endswith(b"\n") else 0)
    assert result.n_read + result.skipped == n_lines
    assert result.n_decoded + result.rejects.height == result.n_read
    decoded_lines = sum(result.table(t).height for t in TABLES)
    assert result.n_messages <= decoded_lines


def test_missing_or_corrupt_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        decode_nmea(tmp_path / "nope.nmea")
    broken = tmp_path / "broken.nmea.gz"
    broken.write_bytes(gzip.compress(b"!AIVDM" * 100)[:30])
    with pytest.raises(InputError, match="cannot read"):
        decode_nmea(broken)


def test_a_line_is_no_sentence_because_of_the_next_line() -> None:
    """The lexer looked past a line's end for the sentence's name: ``!``, a newline, then
    ``IVDM,...`` made the ``!`` line a truncated sentence, and another sentence (skipped)
    when a block ended between the two lines, so reading block by block counted it
    differently (found by ``test_fuzz``)."""
    decoded = decode_nmea_bytes(b"!\nIVDM,1,1,,A,402M??AvAPP000h0MJR07Ug02H0I,0*10\n")
    assert (decoded.n_read, decoded.skipped) == (1, 1)
    assert decoded.rejects.rows() == [
        (2, "not an NMEA sentence", "IVDM,1,1,,A,402M??AvAPP000h0MJR07Ug02H0I,0*10")
    ]
