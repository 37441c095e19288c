"""The compiled steps every table reader shares (``_fieldkernels``, see ``fieldcode``):
de-armour a message's payload into words, cut a field short, read 6-bit text."""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["armour", "cut", "text"]

_U = np.uint64


@njit(cache=True, nogil=True, inline="always")
def armour(data, pstart, plen, frags, m, chars, to_six, w):  # type: ignore[no-untyped-def]
    """The first ``chars`` characters of message ``m`` (its fragments joined) as 6-bit
    values packed big-endian into ``w``. Bits past the payload are not meaningful:
    readers look only at the message's ``nbits``."""
    if frags.shape[1] == 1 or frags[m, 1] < 0:  # one sentence: 32 characters at a time
        p = pstart[frags[m, 0]]
        for g in range((chars + 31) // 32):
            _three_words(data, p + 32 * g, to_six, w, 3 * g)
        return
    acc, used, q, left = _U(0), 0, 0, chars
    for q0 in range((6 * chars + 63) // 64):
        w[q0] = 0
    for k in range(frags.shape[1]):
        s = frags[m, k]
        if s < 0 or left <= 0:
            break
        take = min(plen[s], left)
        p = pstart[s]
        for i in range(p, p + take):
            c = _U(to_six[data[i]] & 63)
            if used <= 58:
                acc |= c << _U(58 - used)
                used += 6
            else:  # the character straddles two words
                w[q] = acc | (c >> _U(used - 58))
                q += 1
                acc = c << _U(122 - used)
                used -= 58
        left -= take
    w[q] = acc


@njit(cache=True, nogil=True, inline="always")
def _four(data, i, to_six):  # type: ignore[no-untyped-def]
    """Four armoured characters from ``data[i]`` as 24 bits."""
    return (
        (_U(to_six[data[i]] & 63) << _U(18))
        | (_U(to_six[data[i + 1]] & 63) << _U(12))
        | (_U(to_six[data[i + 2]] & 63) << _U(6))
        | _U(to_six[data[i + 3]] & 63)
    )


@njit(cache=True, nogil=True, inline="always")
def _three_words(data, p, to_six, w, q):  # type: ignore[no-untyped-def]
    """32 characters from ``data[p]`` (whatever follows the payload: the data is padded)
    into ``w[q:q + 3]``, four characters (24 bits) at a time."""
    g0, g1, g2 = _four(data, p, to_six), _four(data, p + 4, to_six), _four(data, p + 8, to_six)
    g3, g4 = _four(data, p + 12, to_six), _four(data, p + 16, to_six)
    g5, g6 = _four(data, p + 20, to_six), _four(data, p + 24, to_six)
    g7 = _four(data, p + 28, to_six)
    w[q] = (g0 << _U(40)) | (g1 << _U(16)) | (g2 >> _U(8))
    w[q + 1] = (g2 << _U(56)) | (g3 << _U(32)) | (g4 << _U(8)) | (g5 >> _U(16))
    w[q + 2] = (g5 << _U(48)) | (g6 << _U(24)) | g7


@njit(cache=True, nogil=True)
def cut(w, offset, width, nbits, signed):  # type: ignore[no-untyped-def]
    """Field [offset, offset + width) of a message of ``nbits`` bits that ends inside
    it: the bits present, right-aligned, sign-extended from them when signed."""
    avail = min(width, nbits - offset)
    q, r = offset >> 6, offset & 63
    if r + width <= 64:
        v = w[q] >> _U(64 - r - width)
    else:
        v = (w[q] << _U(r + width - 64)) | (w[q + 1] >> _U(128 - r - width))
    v &= (_U(1) << _U(width)) - _U(1)
    raw = np.int64(v >> _U(width - avail))
    if signed and (raw >> (avail - 1)) & 1:
        raw -= np.int64(1) << avail
    return raw


@njit(cache=True, nogil=True)
def text(w, offset, count, nbits, six_to_ascii, chars, length, m, extension=False):  # type: ignore[no-untyped-def]
    """``count`` 6-bit characters from ``offset`` into row ``m`` of ``chars`` as pyais
    reads them (a character past the end is '@'), then ``rstrip("@")`` and ``strip()``;
    their number into ``length[m]``. An ``extension`` (type 21's name extension) is
    whole characters, the bits after them padding, and keeps its leading spaces."""
    if extension:
        nbits = offset + (nbits - offset) // 6 * 6
    last, first = -1, count
    for k in range(count):
        start = offset + 6 * k
        if start >= nbits:
            c = 64
        elif start + 6 <= nbits:
            q, r = start >> 6, start & 63
            if r <= 58:
                six = (w[q] >> _U(58 - r)) & _U(63)
            else:
                six = ((w[q] << _U(r - 58)) | (w[q + 1] >> _U(122 - r))) & _U(63)
            c = six_to_ascii[six]
        else:
            c = six_to_ascii[cut(w, start, 6, nbits, False)]
        chars[m, k] = c
        if c != 64:
            last = k  # the last character that rstrip("@") keeps
    while last >= 0 and chars[m, last] == 32:
        last -= 1
    first = 0
    while first <= last and chars[m, first] == 32 and not extension:
        first += 1
    if first > 0:
        for k in range(first, last + 1):
            chars[m, k - first] = chars[m, k]
    length[m] = last + 1 - first
