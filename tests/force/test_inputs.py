"""The planner's files: every bad record says what is wrong, the good ones are kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from reassure.errors import InputError
from reassure.force.caveats import CAVEATS, Conditions, caveat_of, excluded
from reassure.force.inputs import decode_lift, decode_pledges, decode_requirements

REQ = {
    "requirement_id": "REQ-1",
    "capability": "mcm_vessel",
    "quantity": 2,
    "base": "Odesa (UKR)",
    "start": "2027-01-01",
    "end": "2028-01-01",
    "max_notice_days": 10,
    "rotation_months": 6,
    "priority": 1,
}
PLEDGE = {
    "pledge_id": "PLG-1",
    "nation": "gbr",
    "unit": "GBR MCM Squadron",
    "capability": "mcm_vessel",
    "quantity": 2,
    "available_from": "2026-12-01",
    "available_to": "2028-12-01",
    "notice_days": 5,
    "rotations": 2,
    "caveats": ["Not east of 32°E"],
    "home_base": "Portsmouth (GBR)",
    "cost_meur_per_rotation": 24.0,
}


def write(tmp_path: Path, key: str, records: list[Any], **extra: Any) -> Path:
    path = tmp_path / f"{key}.yaml"
    path.write_text(yaml.safe_dump({key: records, **extra}))
    return path


def test_a_good_requirement_takes_its_place_and_capability_defaults(tmp_path: Path) -> None:
    result = decode_requirements(write(tmp_path, "requirements", [REQ]))
    assert result.rejects.height == 0
    row = result.table.row(0, named=True)
    assert (row["objective"], row["country"], row["east_of_dnipro"]) == ("seas", "UKR", False)
    assert (row["lon"], row["tasks"], row["lift"], row["troops"]) == (
        30.73,
        ["mine_countermeasures"],
        "self",
        45,
    )
    assert row["near_contact"] is False  # no sector


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            {"end": "2026-06-01"}, "end 2026-06-01 is not after start 2027-01-01", id="dates"
        ),
        pytest.param(
            {"capability": "battleship"}, "capability 'battleship' is not one of", id="cap"
        ),
        pytest.param({"priority": 9}, "priority 9 is not between 1 and 5", id="priority"),
        pytest.param({"quantity": "two"}, "quantity 'two' is not a whole number", id="quantity"),
        pytest.param({"base": "Uman (UKR)"}, "give east_of_dnipro", id="side-of-dnipro"),
        pytest.param({"base": "Somewhere"}, "not a known place", id="no-country"),
        pytest.param({"objective": "space"}, "objective 'space' is not one of", id="objective"),
        pytest.param({"start": "soon"}, "start 'soon' is not a date", id="not-a-date"),
        pytest.param({"quantity": float("inf")}, "quantity inf is not a whole", id="infinite"),
        pytest.param({"lon": 10**400}, "lon 1000", id="beyond-a-float"),
    ],
)
def test_a_bad_requirement_is_rejected_with_its_reason(
    tmp_path: Path, change: dict[str, Any], reason: str
) -> None:
    result = decode_requirements(
        write(tmp_path, "requirements", [REQ, {**REQ, **change, "requirement_id": "REQ-2"}])
    )
    assert result.table["requirement_id"].to_list() == ["REQ-1"]
    (line, text, _raw) = result.rejects.row(0)
    assert line == 2 and text.startswith("entry 2: ") and reason in text, text
    assert result.n_read == result.n_decoded + result.rejects.height == 2


def test_a_place_that_is_not_known_gives_its_own_attributes(tmp_path: Path) -> None:
    record = {**REQ, "base": "Uman (UKR)", "east_of_dnipro": False, "lon": 30.22, "lat": 48.75}
    row = decode_requirements(write(tmp_path, "requirements", [record])).table.row(0, named=True)
    assert (row["base_name"], row["country"], row["lon"], row["east_of_dnipro"]) == (
        "Uman",
        "UKR",
        30.22,
        False,
    )


def test_pledges_check_caveats_and_repeated_ids(tmp_path: Path) -> None:
    records = [
        PLEDGE,
        {**PLEDGE},  # the same id again
        {**PLEDGE, "pledge_id": "PLG-3", "caveats": ["only on Tuesdays"]},
        {**PLEDGE, "pledge_id": "PLG-4", "available_to": "2026-01-01"},
    ]
    result = decode_pledges(write(tmp_path, "pledges", records))
    assert result.table["pledge_id"].to_list() == ["PLG-1"]
    assert result.table["nation"].to_list() == ["GBR"]
    reasons = result.rejects["reason"].to_list()
    assert "pledge_id 'PLG-1' given twice" in reasons[0]
    assert "unknown caveat 'only on Tuesdays' (known: " in reasons[1]
    assert "available_to 2026-01-01 is not after available_from 2026-12-01" in reasons[2]


def test_pledges_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "pledges.csv"
    header = list(PLEDGE)
    row = {**PLEDGE, "caveats": "not east of 32°E;no deployment before a UN resolution"}
    pl.DataFrame([row]).select(header).write_csv(path)
    result = decode_pledges(path)
    assert result.rejects.height == 0
    assert result.table["caveats"].to_list() == [
        ["not east of 32°E", "no deployment before a UN resolution"]
    ]


def test_lift_and_transit(tmp_path: Path) -> None:
    lift = [
        {"provider": "GBR", "mode": "air", "loads_per_day": 6},
        {"provider": "POOL", "mode": "air", "loads_per_day": 3, "users": ["est", "lva"]},
        {"provider": "FRA", "mode": "self", "loads_per_day": 1},
        {"provider": "GBR", "mode": "sea", "loads_per_day": 2, "users": ["FRA"]},
    ]
    transit = [
        {"nation": "GBR", "mode": "sea", "days": 12},
        {"nation": "GBR", "mode": "sea", "days": 13},
    ]
    result = decode_lift(write(tmp_path, "lift", lift, transit=transit))
    assert result.tables["lift"]["lift_id"].to_list() == ["GBR-air", "POOL-air"]
    assert result.tables["lift"]["users"].to_list() == [[], ["EST", "LVA"]]
    assert result.tables["transit"].rows() == [("GBR", "sea", 12.0)]
    reasons = result.rejects["reason"].to_list()
    assert "mode 'self' is not one of air, sea, rail" in reasons[0]
    assert "users are for a POOL" in reasons[1]
    assert "transit of GBR by sea given twice" in reasons[2]
    assert result.n_read == result.n_decoded + result.rejects.height == 6


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("pledges: {a: 1}\n", "expected a mapping with a 'pledges' list", id="shape"),
        pytest.param("pledges: [\n", "not YAML", id="yaml"),
    ],
)
def test_a_file_that_is_no_list_of_records_is_an_input_error(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "pledges.yaml"
    path.write_text(content)
    with pytest.raises(InputError, match=reason):
        decode_pledges(path)


def test_every_caveat_wording_is_one_rule_and_rules_out_what_it_says(tmp_path: Path) -> None:
    phrases = [p for c in CAVEATS for p in c.phrases]
    assert len(phrases) == len(set(phrases))
    records = [
        {**REQ, "requirement_id": "odesa"},
        {**REQ, "requirement_id": "kharkiv", "capability": "isr_drone_unit",
         "base": "Kharkiv (UKR)", "sector": "Kharkiv"},
        {**REQ, "requirement_id": "rzeszow", "capability": "fighter_squadron",
         "base": "Rzeszów (POL)"},
        {**REQ, "requirement_id": "kyiv-hq", "capability": "hq_staff", "base": "Kyiv (UKR)"},
    ]  # fmt: skip
    reqs = decode_requirements(write(tmp_path, "requirements", records)).table
    ids = reqs["requirement_id"].to_list()

    def ruled(text: str, conditions: Conditions | None = None) -> list[str]:
        found = excluded(reqs, [text], conditions or Conditions(), "DEU")
        return [ids[i] for i in sorted(found)]

    assert ruled("not east of the Dnipro") == ["kharkiv"]
    assert ruled("from bases outside Ukraine only") == ["odesa", "kharkiv", "kyiv-hq"]
    assert ruled("no ground troops inside Ukraine") == ["kharkiv", "kyiv-hq"]  # ships sail
    assert ruled("air policing only") == ["odesa", "kharkiv", "kyiv-hq"]
    assert ruled("no flights over the line of contact") == ["kharkiv"]
    assert ruled("not east of 32°E") == ["kharkiv"]
    assert ruled("Kyiv HQ only") == ["odesa", "kharkiv", "rzeszow"]
    assert ruled("non-combat support only") == ["odesa", "kharkiv", "rzeszow"]
    assert ruled("no deployment before a UN resolution") == ids
    assert ruled("no deployment before a UN resolution", Conditions(un_resolution=True)) == []
    mandate = "parliamentary mandate required before deployment"
    assert ruled(mandate) == []  # mandates assumed given unless the plan lists them
    assert ruled(mandate, Conditions(mandates=("NLD",))) == ids
    assert ruled("Black Sea naval tasks under the Montreux Convention") == []
    assert caveat_of("  Not   East of the DNIPRO ").code == "west_of_dnipro"
