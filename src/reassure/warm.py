"""Compile every Numba kernel once, so that the first command a user runs does not.

``python -m reassure.warm`` (run by ``make setup``) decodes a small built-in AIS sample
through the same path as ``reassure ingest ais`` — every sentence kind, so the lexer,
fragment assembly, the newline counter and every table reader run — and builds the
shore distance grid. Numba writes each compiled kernel to its cache (``__pycache__``
beside the source, or ``~/.cache/numba`` where that is not writable, or
``$NUMBA_CACHE_DIR``), and every later process loads it instead of compiling: an
ingest starts decoding in a fraction of a second instead of several.

``warm()`` returns the number of messages decoded and lines rejected, so a caller can
check that the sample went through whole.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

__all__ = ["SAMPLE", "warm"]

SAMPLE = (
    # tag block (group, station, time) around a two-part type 5: tags, assembly, static
    "\\g:1-2-3985,s:rEV02,c:1334337317*2D\\!AIVDM,2,1,9,B,"
    "58KvN<42ACikUKW77F1H4hF0<PTp622222222216`0`cF5BF0RT13H0T,0*70\n"
    "\\g:2-2-3985*5A\\!AIVDM,2,2,9,B,PFRC88888888880,2*29\n"
    "\\s:rEV02,c:1334337317*58\\!AIVDM,1,1,,B,19NWuLhuRb5QHfCpPcwj`26B0<02,0*5F\n"
    # a two-part type 5 without a tag block
    "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n"
    "!AIVDM,2,2,1,A,88888888880,2*25\n"
    "!AIVDM,1,1,,A,402B4L1uubaN`1d:>REe@jA028Gh,0*6B\n"  # type 4: base station
    "!AIVDM,1,1,,B,B39H9GP0;@H136UI3ijEowU5oP06,0*14\n"  # type 18: class B position
    "!AIVDM,1,1,,B,H3`u5VA=VliDp@D000000000000,2*35\n"  # type 24 part A
    "!AIVDM,1,1,,B,H3`u5VDT47I4dcD@8olnh01P0030,0*2A\n"  # type 24 part B
    "!AIVDM,1,1,,B,E>jAal2S0a7h4aV0ah1TRah36DIOcV76<4uah:1AB@P02:Eh,0*19\n"  # type 21: aid
    "!AIVDM,1,1,,B,83`hBjhj2d<dttdd>0N0N?mm0000,0*03\n"  # type 8: kept in `other`
    "!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5F,1327664821\n"  # time suffix
    "!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*00\n"  # a bad checksum: a reject
)
"""Real sentences (from the pyais and risky test files) of every kind the decoder reads."""


def warm() -> tuple[int, int]:
    """Decode ``SAMPLE`` as a file and build the shore grid; (messages, rejects)."""
    from reassure.geo.shore import shore_distance_km
    from reassure.sea.decode import decode_nmea, decode_nmea_bytes

    with tempfile.TemporaryDirectory(prefix="reassure-warm-") as folder:
        path = Path(folder) / "sample.nmea"
        path.write_text(SAMPLE, encoding="ascii")
        decoded = decode_nmea(path)
    decode_nmea_bytes(SAMPLE.encode("ascii"))
    shore_distance_km([30.7], [46.4])  # Odesa: builds the grid with its compiled kernel
    return decoded.n_messages, decoded.rejects.height


def main() -> None:
    started = time.perf_counter()
    messages, _ = warm()
    took = time.perf_counter() - started
    print(f"reassure: kernels compiled and cached ({messages} messages, {took:.1f} s)")


if __name__ == "__main__":
    main()
