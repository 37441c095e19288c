"""Join the fragments of multi-sentence AIS messages, order-free and resumable.

Fragments belong together when they share talker, VDM/VDO, channel, sequential id,
fragment count and tag block group (``g:``). Sorted by that key and then by line, each
key's fragments are read in one compiled pass: a message is complete when every part
``1..count`` has come; a part seen twice, a new key, or a part more than
:data:`MAX_FRAGMENT_GAP` lines after the group's first ends the group, whose fragments
are then orphans ("without its first part" / "whose partner never came").

A group still open at the end of a block may be completed by the next block: those
fragments are marked ``open_end``, and the caller carries their lines into the next
block (or, at the end of the stream, rejects them as orphans). Because the open group
is all the state a key has, a stream read block by block gives the same messages as
read whole.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from reassure.sea.nmea import I64, Frame

__all__ = ["MAX_FRAGMENT_GAP", "ORPHAN_NO_FIRST", "ORPHAN_NO_PARTNER", "assemble"]

MAX_FRAGMENT_GAP = 1000
"""Fragments of one message are at most this many lines apart; farther ones are not joined."""
ORPHAN_NO_FIRST, ORPHAN_NO_PARTNER = 1, 2


def assemble(
    f: Frame, group: I64, line_no: I64, next_line: int
) -> tuple[I64, I64, NDArray[np.bool_]]:
    """Per sentence: index of its message's fragment 1 (-1 if none), orphan reason
    (0, :data:`ORPHAN_NO_FIRST` or :data:`ORPHAN_NO_PARTNER`), and whether it belongs
    to a group still open at the end that a fragment from ``next_line`` on could still
    complete. ``line_no`` is each sentence's stream line."""
    n = len(f.line)
    head = np.where(f.count == 1, np.arange(n), -1)
    orphan = np.zeros(n, dtype=np.int64)
    open_end = np.zeros(n, dtype=np.bool_)
    multi = np.flatnonzero(f.count > 1)
    if len(multi) == 0:
        return head, orphan, open_end
    key = (f.talker << 24) | (f.own_ship.astype(np.int64) << 23) | (f.channel << 7)
    key = (key | (f.seq + 1)) * 16 + f.count
    order = multi[np.lexsort((f.line[multi], group[multi], key[multi]))]
    new_key = np.ones(len(order), dtype=np.bool_)
    new_key[1:] = (key[order][1:] != key[order][:-1]) | (group[order][1:] != group[order][:-1])
    _kernel()(
        order, new_key, f.number, f.count, line_no, MAX_FRAGMENT_GAP, next_line - MAX_FRAGMENT_GAP,
        head, orphan, open_end,
    )  # fmt: skip
    return head, orphan, open_end


@cache
def _kernel() -> Callable[..., Any]:
    from numba import njit  # imported on first use: numba takes a while to load

    @njit(cache=True, nogil=True)
    def join(order, new_key, number, count, line, max_gap, carry_from, head, orphan, open_end):  # type: ignore[no-untyped-def]
        members = np.empty(16, dtype=np.int64)
        n_members, mask, first_line = 0, 0, 0
        for j in range(len(order)):
            i = order[j]
            bit = 1 << (number[i] - 1)
            too_far = n_members > 0 and line[i] - first_line > max_gap
            if new_key[j] or (mask & bit) != 0 or too_far:
                for m in range(n_members):
                    orphan[members[m]] = 2 if mask & 1 else 1
                    open_end[members[m]] = new_key[j] and first_line >= carry_from
                n_members, mask = 0, 0
            if n_members == 0:  # a group opens here (a completed one timed nothing after it)
                first_line = line[i]
            members[n_members] = i
            n_members += 1
            mask |= bit
            if mask == (1 << count[i]) - 1:
                lead = -1
                for m in range(n_members):
                    if number[members[m]] == 1:
                        lead = members[m]
                for m in range(n_members):
                    head[members[m]] = lead
                n_members, mask = 0, 0
        for m in range(n_members):
            orphan[members[m]] = 2 if mask & 1 else 1
            open_end[members[m]] = first_line >= carry_from

    return join
