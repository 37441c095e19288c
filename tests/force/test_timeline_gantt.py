"""The Gantt chart of the readiness timeline: written, well-formed, showing what it says."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from timeline_inputs import SETTINGS, assignment, busy_case, frames, lift, pledge, requirement

from reassure.errors import ConfigError
from reassure.force.gantt import gantt_chart
from reassure.force.timeline import Timeline, simulate

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def busy() -> Timeline:
    return simulate(**busy_case(), settings=SETTINGS)


def ids(svg: Path) -> set[str]:
    return {e.attrib["id"] for e in ET.parse(svg).getroot().iter() if "id" in e.attrib}


def texts(svg: Path) -> list[str]:
    """The chart's texts: matplotlib draws glyphs as paths and keeps each text in a comment."""
    return re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8"))


def test_the_svg_parses_and_draws_each_part_of_each_move(busy: Timeline, tmp_path: Path) -> None:
    svg = gantt_chart(busy, tmp_path / "timeline.svg")
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"
    drawn = ids(svg)
    # a national rail line: notice, lift, transit, in place late (needed on P-day)
    assert {f"move:P-MECH1:R-MECH:0:{p}" for p in ("notice", "lift", "transit", "late")} <= drawn
    # behind P-MECH2 on the rail pool, it waited
    assert "move:P-ENG:R-ENG:0:wait" in drawn
    assert "move:P-MECH1:R-MECH:0:wait" not in drawn
    # a ship deploys itself: no lift
    assert {"move:P-FR:R-FR:0:transit", "move:P-FR:R-FR:0:late"} <= drawn
    assert "move:P-FR:R-FR:0:lift" not in drawn
    # no lift for Iceland: hatched, with the reason
    assert "move:P-TT2:R-TT:0:stranded" in drawn
    assert "no air lift: ISL has none and no pool admits it" in texts(svg)
    # only the P-day deployment by default; P-AD1 comes back in period 2
    assert "move:P-AD1:R-AD:2:notice" not in drawn


def test_ioc_and_foc_are_marked_per_objective_or_said_never(busy: Timeline, tmp_path: Path) -> None:
    svg = gantt_chart(busy, tmp_path / "timeline.svg")
    drawn, words = ids(svg), texts(svg)
    assert {"land:ioc", "land:foc", "support:ioc"} <= drawn
    assert "support:foc" not in drawn
    assert {"IOC P+8", "FOC P+21", "IOC P+4", "IOC and FOC P+33"} <= set(words)
    assert {"skies:ioc", "skies:foc"} <= drawn
    assert "SUPPORT (FOC never)" in words
    assert "LAND" in words


def test_later_periods_on_demand(busy: Timeline, tmp_path: Path) -> None:
    svg = gantt_chart(busy, tmp_path / "all.svg", max_period=3, title="All periods")
    assert {"move:P-AD1:R-AD:2:notice", "move:P-AD1:R-AD:2:lift"} <= ids(svg)
    assert "All periods" in texts(svg)


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_same_timeline_same_bytes(busy: Timeline, tmp_path: Path, suffix: str) -> None:
    one = gantt_chart(busy, tmp_path / f"one{suffix}").read_bytes()
    two = gantt_chart(simulate(**busy_case(), settings=SETTINGS), tmp_path / f"two{suffix}")
    assert len(one) > 10_000
    assert one == two.read_bytes()


def test_png_by_its_suffix(busy: Timeline, tmp_path: Path) -> None:
    png = gantt_chart(busy, tmp_path / "timeline.PNG").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_empty_plan_still_gives_a_chart(tmp_path: Path) -> None:
    t = simulate(**frames([], [requirement("R-1", "frigate")], []), settings=SETTINGS)
    svg = gantt_chart(t, tmp_path / "empty.svg")
    assert "no units in the plan" in texts(svg)


def test_a_unit_that_arrives_on_the_day_it_is_needed_is_not_late(tmp_path: Path) -> None:
    r = requirement("R-1", "training_team")
    p = pledge("P-1", "GBR", "training_team", notice_days=0)
    t = simulate(
        **frames([assignment(p, r)], [r], [p], [lift("L", "GBR", "air", 1.0)], [("GBR", "air", 0)]),
        settings=SETTINGS,
    )
    drawn = ids(gantt_chart(t, tmp_path / "t.svg"))
    assert "move:P-1:R-1:0:in_place" in drawn and "move:P-1:R-1:0:late" not in drawn


@pytest.mark.parametrize("name", ["timeline.pdf", "timeline", "timeline.svg.gz"])
def test_other_formats_are_refused(busy: Timeline, tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match=r"\.svg or \.png"):
        gantt_chart(busy, tmp_path / name)
    assert not (tmp_path / name).exists()
