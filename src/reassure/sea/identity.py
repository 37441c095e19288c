"""Who a vessel is from its numbers: flag state, kind of station, ship type, IMO check.

* ``flag_state(mmsi)`` - ISO 3166 alpha-3 of the Maritime Identification Digits (MID)
  in the MMSI, from the ITU list "Maritime Identification Digits" (ITU-R M.585 annex;
  ITU MARS table of MIDs allocated, 201-775); null when the MMSI carries no MID.
* ``mmsi_kind(mmsi)`` - ITU-R M.585-9 formats: ``ship`` (MIDxxxxxx), ``group``
  (0MIDxxxxx), ``coast`` (00MIDxxxx), ``sar_aircraft`` (111MIDxxx), ``aton``
  (99MIDxxxx), ``craft`` (98MIDxxxx, craft associated with a parent ship), ``handheld``
  (8MIDxxxxx), ``sart`` (970xxyyyy), ``mob`` (972xxyyyy), ``epirb`` (974xxyyyy),
  ``invalid`` otherwise.
* ``ship_type_text(code)`` - ITU-R M.1371-5 table 53, second digit of the 20s, 40s,
  60s, 70s, 80s codes 1-4 meaning hazardous category A-D (IMO MARPOL / IBC / IMDG).
* ``imo_valid(imo)`` - 7 digits whose weighted sum ``d1*7 + d2*6 + ... + d6*2`` ends
  with ``d7`` (IMO Resolution A.1117(30)).

All work on whole Polars Series, with a lookup table per call (no Python per value).
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MID_FLAG", "flag_state", "imo_valid", "mid", "mmsi_kind", "ship_type_text"]

_MIDS = """
201 ALB 202 AND 203 AUT 204 PRT 205 BEL 206 BLR 207 BGR 208 VAT 209 CYP 210 CYP 211 DEU
212 CYP 213 GEO 214 MDA 215 MLT 216 ARM 218 DEU 219 DNK 220 DNK 224 ESP 225 ESP 226 FRA
227 FRA 228 FRA 229 MLT 230 FIN 231 FRO 232 GBR 233 GBR 234 GBR 235 GBR 236 GIB 237 GRC
238 HRV 239 GRC 240 GRC 241 GRC 242 MAR 243 HUN 244 NLD 245 NLD 246 NLD 247 ITA 248 MLT
249 MLT 250 IRL 251 ISL 252 LIE 253 LUX 254 MCO 255 PRT 256 MLT 257 NOR 258 NOR 259 NOR
261 POL 262 MNE 263 PRT 264 ROU 265 SWE 266 SWE 267 SVK 268 SMR 269 CHE 270 CZE 271 TUR
272 UKR 273 RUS 274 MKD 275 LVA 276 EST 277 LTU 278 SVN 279 SRB
301 AIA 303 USA 304 ATG 305 ATG 306 CUW 307 ABW 308 BHS 309 BHS 310 BMU 311 BHS 312 BLZ
314 BRB 316 CAN 319 CYM 321 CRI 323 CUB 325 DMA 327 DOM 329 GLP 330 GRD 331 GRL 332 GTM
334 HND 336 HTI 338 USA 339 JAM 341 KNA 343 LCA 345 MEX 347 MTQ 348 MSR 350 NIC 351 PAN
352 PAN 353 PAN 354 PAN 355 PAN 356 PAN 357 PAN 358 PRI 359 SLV 361 SPM 362 TTO 364 TCA
366 USA 367 USA 368 USA 369 USA 370 PAN 371 PAN 372 PAN 373 PAN 374 PAN 375 VCT 376 VCT
377 VCT 378 VGB 379 VIR
401 AFG 403 SAU 405 BGD 408 BHR 410 BTN 412 CHN 413 CHN 414 CHN 416 TWN 417 LKA 419 IND
422 IRN 423 AZE 425 IRQ 428 ISR 431 JPN 432 JPN 434 TKM 436 KAZ 437 UZB 438 JOR 440 KOR
441 KOR 443 PSE 445 PRK 447 KWT 450 LBN 451 KGZ 453 MAC 455 MDV 457 MNG 459 NPL 461 OMN
463 PAK 466 QAT 468 SYR 470 ARE 471 ARE 472 TJK 473 YEM 475 YEM 477 HKG 478 BIH
501 ATF 503 AUS 506 MMR 508 BRN 510 FSM 511 PLW 512 NZL 514 KHM 515 KHM 516 CXR 518 COK
520 FJI 523 CCK 525 IDN 529 KIR 531 LAO 533 MYS 536 MNP 538 MHL 540 NCL 542 NIU 544 NRU
546 PYF 548 PHL 550 TLS 553 PNG 555 PCN 557 SLB 559 ASM 561 WSM 563 SGP 564 SGP 565 SGP
566 SGP 567 THA 570 TON 572 TUV 574 VNM 576 VUT 577 VUT 578 WLF
601 ZAF 603 AGO 605 DZA 607 ATF 608 SHN 609 BDI 610 BEN 611 BWA 612 CAF 613 CMR 615 COG
616 COM 617 CPV 618 ATF 619 CIV 620 COM 621 DJI 622 EGY 624 ETH 625 ERI 626 GAB 627 GHA
629 GMB 630 GNB 631 GNQ 632 GIN 633 BFA 634 KEN 635 ATF 636 LBR 637 LBR 638 SSD 642 LBY
644 LSO 645 MUS 647 MDG 649 MLI 650 MOZ 654 MRT 655 MWI 656 NER 657 NGA 659 NAM 660 REU
661 RWA 662 SDN 663 SEN 664 SYC 665 SHN 666 SOM 667 SLE 668 STP 669 SWZ 670 TCD 671 TGO
672 TUN 674 TZA 675 UGA 676 COD 677 TZA 678 ZMB 679 ZWE
701 ARG 710 BRA 720 BOL 725 CHL 730 COL 735 ECU 740 FLK 745 GUF 750 GUY 755 PRY 760 PER
765 SUR 770 URY 775 VEN
"""
_PAIRS = _MIDS.split()
MID_FLAG: dict[int, str] = {int(m): c for m, c in zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)}
"""MID -> ISO 3166-1 alpha-3 of the administration (ITU list of MIDs; 204 Azores, 255
Madeira are Portugal, 306 the Dutch Caribbean is given as Curaçao, 501/607/618/635 the
French southern lands as ATF, 608 Ascension and 665 St Helena as SHN)."""

_FLAG_TABLE = pl.Series([MID_FLAG.get(i) for i in range(1000)], dtype=pl.String)

KINDS = ("invalid", "ship", "group", "coast", "sar_aircraft", "aton", "craft", "handheld",
         "sart", "mob", "epirb")  # fmt: skip


def _split(mmsi: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(kind index into ``KINDS``, MID or -1) for every MMSI (null -> invalid)."""
    m = mmsi.cast(pl.Int64).fill_null(-1).to_numpy()
    kind = np.zeros(len(m), dtype=np.int64)
    mid_ = np.full(len(m), -1, dtype=np.int64)
    nine = (m >= 0) & (m <= 999_999_999)
    d1 = m // 100_000_000
    rules = (  # (condition, kind, MID)
        (nine & (d1 >= 2) & (d1 <= 7), 1, m // 1_000_000),
        (nine & (m // 1_000_000 == 111), 4, m // 1000 % 1000),
        (nine & (m // 10_000_000 == 99), 5, m // 10_000 % 1000),
        (nine & (m // 10_000_000 == 98), 6, m // 10_000 % 1000),
        (nine & (d1 == 8), 7, m // 100_000 % 1000),
        (nine & (m // 1_000_000 == 970), 8, -1),
        (nine & (m // 1_000_000 == 972), 9, -1),
        (nine & (m // 1_000_000 == 974), 10, -1),
        (nine & (d1 == 0) & (m // 10_000_000 == 0) & (m >= 2_000_000), 3, m // 10_000 % 1000),
        (nine & (d1 == 0) & (m // 10_000_000 > 0), 2, m // 100_000 % 1000),
    )
    for cond, k, digits in rules:
        take = cond & (kind == 0)
        kind[take] = k
        mid_[take] = np.broadcast_to(digits, m.shape)[take]
    return kind, mid_


def mid(mmsi: pl.Series) -> pl.Series:
    """The Maritime Identification Digits of each MMSI (null when it carries none)."""
    _, digits = _split(mmsi)
    return pl.Series("mid", digits).replace(-1, None)


def flag_state(mmsi: pl.Series) -> pl.Series:
    """ISO alpha-3 of the flag (or coast station's country) of each MMSI; null if unknown."""
    _, digits = _split(mmsi)
    return (
        _FLAG_TABLE.gather(pl.Series(np.where(digits >= 0, digits, 0)))
        .alias("flag_state")
        .scatter(np.flatnonzero(digits < 0), None)
    )


def mmsi_kind(mmsi: pl.Series) -> pl.Series:
    """Kind of station behind each MMSI (see ``KINDS``)."""
    kind, _ = _split(mmsi)
    return pl.Series("mmsi_kind", KINDS, dtype=pl.String).gather(pl.Series(kind))


def _ship_types() -> list[str | None]:
    text: list[str | None] = ["not available", *(["reserved"] * 255)]
    hazard = {1: "A", 2: "B", 3: "C", 4: "D"}
    groups = {20: "wing in ground", 40: "high speed craft", 60: "passenger", 70: "cargo",
              80: "tanker", 90: "other type"}  # fmt: skip
    for base, name in groups.items():
        text[base] = f"{name}, all ships of this type"
        for digit in range(1, 10):
            text[base + digit] = (
                f"{name}, hazardous category {hazard[digit]}" if digit in hazard
                else f"{name}, no additional information" if digit == 9
                else f"{name}, reserved"
            )  # fmt: skip
    special: list[str | None] = [
        "fishing", "towing", "towing, length over 200 m or breadth over 25 m",
        "dredging or underwater operations", "diving operations", "military operations",
        "sailing", "pleasure craft", "reserved", "reserved",
        *([None] * 10),
        "pilot vessel", "search and rescue vessel", "tug", "port tender",
        "anti-pollution equipment", "law enforcement", "spare, local use", "spare, local use",
        "medical transport", "noncombatant ship (RR Resolution No. 18)",
    ]  # fmt: skip
    for offset, label in enumerate(special):
        if label is not None:
            text[30 + offset] = label
    return text


_SHIP_TYPES = pl.Series(_ship_types(), dtype=pl.String)


def ship_type_text(ship_type: pl.Series) -> pl.Series:
    """ITU-R M.1371 ship and cargo type code -> text ("cargo, hazardous category A")."""
    code = ship_type.cast(pl.Int64)
    valid = code.is_between(0, 255).fill_null(False).to_numpy()
    out = _SHIP_TYPES.gather(pl.Series(np.where(valid, code.fill_null(0).to_numpy(), 0)))
    return out.scatter(np.flatnonzero(~valid), None).alias("ship_type_text")


def imo_valid(imo: pl.Series) -> pl.Series:
    """True where the IMO number has 7 digits and a matching check digit."""
    n = imo.cast(pl.Int64).fill_null(-1).to_numpy()
    digits = np.stack([(n // 10**k) % 10 for k in range(6, -1, -1)])
    weighted = sum(digits[i] * (7 - i) for i in range(6))
    ok = (n >= 1_000_000) & (n <= 9_999_999) & (weighted % 10 == digits[6])
    return pl.Series("imo_valid", ok)
