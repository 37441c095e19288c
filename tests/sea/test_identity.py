"""MMSI -> flag and kind, ship type text, IMO check digit."""

from __future__ import annotations

import polars as pl
import pytest

from reassure.sea.identity import MID_FLAG, flag_state, imo_valid, mid, mmsi_kind, ship_type_text


@pytest.mark.parametrize(
    ("mmsi", "kind", "flag"),
    [
        pytest.param(272123456, "ship", "UKR", id="ukraine-ship"),
        pytest.param(273987654, "ship", "RUS", id="russia-ship"),
        pytest.param(271000001, "ship", "TUR", id="turkiye-ship"),
        pytest.param(264111111, "ship", "ROU", id="romania-ship"),
        pytest.param(207222222, "ship", "BGR", id="bulgaria-ship"),
        pytest.param(213333333, "ship", "GEO", id="georgia-ship"),
        pytest.param(636012345, "ship", "LBR", id="liberia-flag-of-convenience"),
        pytest.param(538001234, "ship", "MHL", id="marshall-islands"),
        pytest.param(352001234, "ship", "PAN", id="panama"),
        pytest.param(2724001, "coast", "UKR", id="coast-station-00MID"),
        pytest.param(27212345, "group", "UKR", id="group-0MID"),
        pytest.param(111272123, "sar_aircraft", "UKR", id="sar-aircraft-111MID"),
        pytest.param(992721234, "aton", "UKR", id="aton-99MID"),
        pytest.param(982721234, "craft", "UKR", id="craft-98MID"),
        pytest.param(827212345, "handheld", "UKR", id="handheld-8MID"),
        pytest.param(970123456, "sart", None, id="sart-970"),
        pytest.param(972123456, "mob", None, id="mob-972"),
        pytest.param(974123456, "epirb", None, id="epirb-974"),
        pytest.param(123456789, "invalid", None, id="invalid-1xx"),
        pytest.param(1_234_567_890, "invalid", None, id="ten-digits"),
        pytest.param(None, "invalid", None, id="null"),
        pytest.param(217000000, "ship", None, id="unallocated-mid"),
    ],
)
def test_mmsi_kind_and_flag(mmsi: int | None, kind: str, flag: str | None) -> None:
    series = pl.Series([mmsi], dtype=pl.Int64)
    assert mmsi_kind(series).to_list() == [kind]
    assert flag_state(series).to_list() == [flag]


def test_mid_table_covers_black_sea_and_europe() -> None:
    assert {MID_FLAG[m] for m in (272, 273, 271, 264, 207, 213)} == {
        "UKR",
        "RUS",
        "TUR",
        "ROU",
        "BGR",
        "GEO",
    }
    assert len(MID_FLAG) >= 290 and min(MID_FLAG) == 201 and max(MID_FLAG) == 775
    assert mid(pl.Series([272123456, 970000001])).to_list() == [272, None]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        pytest.param(0, "not available", id="zero"),
        pytest.param(30, "fishing", id="fishing"),
        pytest.param(35, "military operations", id="military"),
        pytest.param(52, "tug", id="tug"),
        pytest.param(55, "law enforcement", id="law-enforcement"),
        pytest.param(70, "cargo, all ships of this type", id="cargo"),
        pytest.param(71, "cargo, hazardous category A", id="cargo-hazard-a"),
        pytest.param(84, "tanker, hazardous category D", id="tanker-hazard-d"),
        pytest.param(89, "tanker, no additional information", id="tanker-no-info"),
        pytest.param(21, "wing in ground, hazardous category A", id="wig"),
        pytest.param(45, "high speed craft, reserved", id="hsc-reserved"),
        pytest.param(120, "reserved", id="reserved"),
        pytest.param(None, None, id="null"),
    ],
)
def test_ship_type_text(code: int | None, text: str | None) -> None:
    assert ship_type_text(pl.Series([code], dtype=pl.Int64)).to_list() == [text]


def test_imo_check_digit() -> None:
    imo = pl.Series([9074729, 9074728, 1234567, 0, 123456, None, 7654321], dtype=pl.Int64)
    assert imo_valid(imo).to_list() == [True, False, True, False, False, False, False]
