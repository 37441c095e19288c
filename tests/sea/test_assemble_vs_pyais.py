"""Fragment assembly on long random streams: the set of messages decoded equals pyais's.

Each stream holds at least 100,000 sentences: single-sentence type 1 reports and
2- and 3-part type 5, 19 and 24 messages, cut at random points. Fragment keys
(channel, sequential id, fragment count) are drawn with very uneven odds, so a key
comes back after 1 line, after thousands, and at every distance between, around
``MAX_FRAGMENT_GAP`` too; a message's later fragments sometimes wait behind other
messages (whose keys differ, as a transmitter's would). Fragments stay in order: pyais
3.3.1 drops out-of-order ones, we join them (``test_nmea``, "multipart-out-of-order").

Required: every message sent is decoded, by pyais and by us, at the line of its first
fragment, with the same fields (the deliberate differences of ``test_decode_vs_pyais``
aside), and every line is accounted for.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pyais.stream import ByteStream
from test_decode_vs_pyais import field_differences, our_messages

from reassure.sea.decode import MAX_FRAGMENT_GAP, decode_nmea_bytes

N_SENTENCES = 100_000
# msg_type, bits, share of messages; type 24 is part A (160 bits) or B (168 bits)
KINDS = ((1, 168, 0.35), (5, 424, 0.35), (19, 312, 0.1), (24, 160, 0.1), (24, 168, 0.1))
SEQ_ODDS = 0.5 ** np.arange(10)
"""Sequential id k is drawn with odds 2^-k: id 0 comes back within lines, id 9 after
thousands of them."""


def _armour(values: list[int]) -> str:
    return "".join(chr(v + 48 if v < 40 else v + 56) for v in values)


def _sentence(count: int, number: int, seq: int, channel: str, payload: str, fill: int) -> str:
    body = f"AIVDM,{count},{number},{seq},{channel},{payload},{fill}"
    xor = 0
    for ch in body:
        xor ^= ord(ch)
    return f"!{body}*{xor:02X}"


def _payload(rng: np.random.Generator, msg_type: int, bits: int, mmsi: int) -> tuple[str, int]:
    """Random bits, with the message type, the MMSI and (type 24) the part number set."""
    chars = -(-bits // 6)
    value = int.from_bytes(rng.bytes(chars), "big") & ((1 << (6 * chars)) - 1)
    top = 6 * chars
    for offset, width, field in ((0, 6, msg_type), (8, 30, mmsi)):
        shift = top - offset - width
        value = (value & ~(((1 << width) - 1) << shift)) | (field << shift)
    if msg_type == 24:
        shift = top - 40
        value = (value & ~(3 << shift)) | ((0 if bits == 160 else 1) << shift)
    values = [(value >> (top - 6 * (k + 1))) & 63 for k in range(chars)]
    return _armour(values), 6 * chars - bits


def random_stream(seed: int, n_sentences: int = N_SENTENCES) -> tuple[list[str], dict[int, int]]:
    """Sentences, and for each message its MMSI by the (1-based) line of its fragment 1."""
    rng = np.random.default_rng(seed)
    shares = np.array([k[2] for k in KINDS])
    lines: list[str] = []
    sent: dict[int, int] = {}
    waiting: list[tuple[int, int, str, tuple[str, int, int], bool]] = []
    busy: set[tuple[str, int, int]] = set()
    n = 0
    while len(lines) < n_sentences or waiting:
        while waiting and waiting[0][0] <= len(lines):
            _, _, text, key, last = heapq.heappop(waiting)
            lines.append(text)
            if last:
                busy.discard(key)
        if len(lines) >= n_sentences:
            if waiting:  # the stream ends with the fragments still due
                lines.append(_sentence(1, 1, 0, "A", *_payload(rng, 1, 168, 100_000_000 + n)))
                sent[len(lines)] = 100_000_000 + n
                n += 1
            continue
        msg_type, bits, _ = KINDS[rng.choice(len(KINDS), p=shares / shares.sum())]
        mmsi = 100_000_000 + n
        n += 1
        payload, fill = _payload(rng, msg_type, bits, mmsi)
        count = 1 if msg_type == 1 else int(rng.choice([1, 2, 2, 2, 2, 3]))
        if msg_type == 5 and count == 1:
            count = 2  # a type 5 never fits one sentence on air
        if count == 1:
            lines.append(_sentence(1, 1, 0, str(rng.choice(["A", "B"])), payload, fill))
            sent[len(lines)] = mmsi
            continue
        channel = "A" if rng.random() < 0.8 else "B"
        seq = int(rng.choice(10, p=SEQ_ODDS / SEQ_ODDS.sum()))
        key = (channel, seq, count)
        if key in busy:  # a transmitter does not reuse a key whose message is on air
            key = next(k for s in range(10) if (k := (channel, s, count)) not in busy)
        busy.add(key)
        cuts = sorted(rng.choice(np.arange(7, len(payload)), count - 1, replace=False).tolist())
        parts = [payload[a:b] for a, b in zip([0, *cuts], [*cuts, len(payload)], strict=True)]
        sent[len(lines) + 1] = mmsi
        at = len(lines)
        for number, part in enumerate(parts, start=1):
            last = number == count
            text = _sentence(count, number, key[1], key[0], part, fill if last else 0)
            if number > 1 and rng.random() < 0.2:
                at += int(rng.integers(1, 40))  # other messages come in between
            heapq.heappush(waiting, (at, len(lines) * 4 + number, text, key, last))
            at += 1
    return lines, sent


def pyais_by_line(lines: list[str]) -> dict[int, dict[str, Any]]:
    """pyais's messages by the 1-based line of their first fragment."""
    firsts = [(text.encode(), i + 1) for i, text in enumerate(lines) if text.split(",")[2] == "1"]
    line_of = dict(firsts)
    assert len(line_of) == len(firsts), "fragments 1 must be unique to be matched"
    out: dict[int, dict[str, Any]] = {}
    for msg in ByteStream(text.encode() for text in lines):
        first = line_of[msg.raw.split(b"\n")[0]]
        assert first not in out
        out[first] = msg.decode().asdict(enum_as_int=True)
    return out


def test_streams_repeat_keys_at_every_distance() -> None:
    """The generator does what the property needs: keys reopened at short and long
    distances, across ``MAX_FRAGMENT_GAP`` too."""
    lines, _ = random_stream(1)
    assert len(lines) >= N_SENTENCES
    opened: dict[str, int] = {}
    distances = []
    for i, text in enumerate(lines):
        count, number, seq, channel = text.split(",")[1:5]
        if count != "1" and number == "1":
            key = f"{count},{seq},{channel}"
            if key in opened:
                distances.append(i - opened[key])
            opened[key] = i
    counts = np.histogram(distances, bins=[1, 3, 10, 100, MAX_FRAGMENT_GAP - 50,
                                           MAX_FRAGMENT_GAP + 50, 10**6])[0]  # fmt: skip
    assert (counts > 0).all(), counts
    assert sum(1 for text in lines if not text.startswith("!AIVDM,1,")) > 60_000


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a seed has nothing to shrink
)
@given(st.integers(0, 2**32 - 1))
def test_same_messages_as_pyais_on_long_random_streams(seed: int) -> None:
    lines, sent = random_stream(seed)
    result = decode_nmea_bytes(("\n".join(lines) + "\n").encode())
    theirs, ours = pyais_by_line(lines), our_messages(result)
    assert result.rejects.height == 0, result.rejects.head(4)
    assert (result.n_read, result.n_decoded, result.n_messages) == (
        len(lines),
        len(lines),
        len(sent),
    )
    assert set(theirs) == set(sent)
    assert set(ours) == set(sent)
    assert {line: row["mmsi"] for line, row in ours.items()} == sent
    differ = {line: d for line in sent if (d := field_differences(theirs[line], ours[line]))}
    assert differ == {}
