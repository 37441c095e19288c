"""The scenario generator: determinism, geography, coalition, planted truth, CLI."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
import yaml
from shapely.geometry import shape
from typer.testing import CliRunner

from conftest import SHARED_DATA
from reassure.errors import ConfigError, InputError
from reassure.geo.basemap import sea_polygon, ukraine_polygon
from reassure.geo.metric import area_m2, length_m, local_projection
from reassure.geo.zones import read_zones
from reassure.scenario import DEFAULT_START, FileEntry, Manifest, domain_modules, generate
from reassure.scenario.cli import app
from reassure.scenario.context import ScenarioContext
from reassure.scenario.frontline import notional_line
from reassure.scenario.places import CORRIDOR_TRUNK

FRONTLINE = SHARED_DATA / "land/frontline"
OCCUPIED = FRONTLINE / "deepstatemap_data_20260822.geojson"
REFERENCE_LINE = FRONTLINE / "derived_line_of_contact_20260822.geojson"
FIRE = {"shelling", "small_arms", "drone_strike"}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("seed7"), seed=7)


@pytest.fixture(scope="module")
def folder(scenario: Manifest) -> Path:
    return scenario.out_dir


@pytest.fixture(scope="module")
def zones(folder: Path) -> dict[str, dict[str, Any]]:
    """zone_id -> properties plus a shapely ``geometry``, read straight from the file."""
    data = json.loads((folder / "zones.geojson").read_text("utf-8"))
    return {
        f["properties"]["zone_id"]: {**f["properties"], "geometry": shape(f["geometry"])}
        for f in data["features"]
    }


@pytest.fixture(scope="module")
def reports(folder: Path) -> list[dict[str, str]]:
    with (folder / "land/monitor_reports.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def of_kind(zones: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [z for _, z in sorted(zones.items()) if z["kind"] == kind]


# -- determinism -----------------------------------------------------------------------


def test_same_seed_gives_the_same_bytes_and_another_seed_other_reports(
    scenario: Manifest, tmp_path: Path
) -> None:
    again = generate(tmp_path / "again", seed=7)
    first, second = tree(scenario.out_dir), tree(again.out_dir)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []
    other = tree(generate(tmp_path / "other", seed=8).out_dir)
    assert other["land/monitor_reports.csv"] != first["land/monitor_reports.csv"]
    assert other["coalition/pledges.yaml"] != first["coalition/pledges.yaml"]
    assert other["zones.geojson"] == first["zones.geojson"], "zones do not depend on the seed"


def test_files_are_canonical_text(folder: Path) -> None:
    for path, data in tree(folder).items():
        assert b"\r" not in data, path
        assert data.endswith(b"\n"), path
    manifest = (folder / "manifest.json").read_text("utf-8")
    assert (
        manifest
        == json.dumps(json.loads(manifest), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )


def test_manifest_lists_every_file_with_its_hash(scenario: Manifest, folder: Path) -> None:

    data = json.loads((folder / "manifest.json").read_text("utf-8"))
    files = {f["path"]: f for f in data["files"]}
    on_disk = tree(folder)
    assert set(files) == set(on_disk) - {"manifest.json"}
    for path, content in on_disk.items():
        if path != "manifest.json":
            assert files[path]["sha256"] == hashlib.sha256(content).hexdigest()
            assert files[path]["bytes"] == len(content)
    assert [f["path"] for f in data["files"]] == sorted(files)
    assert data["seed"] == 7 and data["scale"] == 1.0 and data["days"] == 3
    assert data["start"] == "2026-12-01T00:00:00Z"
    assert data["frontline"] == {"source": "notional", "sha256": None}
    assert data["domains"] == ["zones", "coalition", "land_reports", "ais"]
    assert data == scenario.as_dict()


def test_regenerating_into_a_scenario_folder_replaces_it(
    scenario: Manifest, tmp_path: Path
) -> None:
    target = tmp_path / "scenario"
    generate(target, seed=7, scale=0.3, days=1)
    generate(target, seed=7)
    assert tree(target) == tree(scenario.out_dir)


def test_random_streams_depend_only_on_seed_and_name(tmp_path: Path) -> None:
    def ctx(seed: int) -> ScenarioContext:
        return ScenarioContext(seed, 1.0, DEFAULT_START, 3, tmp_path, notional_line())

    assert ctx(7).rng("ais").random(3).tolist() == ctx(7).rng("ais").random(3).tolist()
    assert ctx(7).rng("ais").random(3).tolist() != ctx(7).rng("firms").random(3).tolist()
    assert ctx(7).rng("ais").random(3).tolist() != ctx(8).rng("ais").random(3).tolist()


def test_writers_record_files_and_gzip_reproducibly(tmp_path: Path) -> None:
    blobs = []
    for name in ("a", "b"):
        ctx = ScenarioContext(7, 1.0, DEFAULT_START, 3, tmp_path / name, notional_line())
        ctx.write_gzip("sea/ais.nmea.gz", b"!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n")
        ctx.write_csv("x/table.csv", ["a", "b"], [[1, "x,y"]])
        blobs.append((tmp_path / name / "sea/ais.nmea.gz").read_bytes())
        assert sorted(ctx.files) == ["sea/ais.nmea.gz", "x/table.csv"]
        assert (tmp_path / name / "x/table.csv").read_bytes() == b'a,b\n1,"x,y"\n'
        with pytest.raises(ValueError, match="inside"):
            ctx.write_text("../escape.txt", "no")
        with pytest.raises(ValueError, match="twice"):
            ctx.write_csv("x/table.csv", ["a"], [])
    assert blobs[0] == blobs[1] and blobs[0][4:8] == b"\0\0\0\0", "gzip mtime must be 0"
    assert blobs[0][8] == 0, "gzip level 6: XFL 0 (level 9 writes 2)"


def test_write_with_records_what_the_writer_streamed(tmp_path: Path) -> None:
    ctx = ScenarioContext(7, 1.0, DEFAULT_START, 3, tmp_path, notional_line())
    data = b"line 0\nline 1\nline 2\n"

    def stream(path: Path) -> None:
        with path.open("wb") as handle:
            for n in range(3):
                handle.write(f"line {n}\n".encode())

    target = ctx.write_with("sea/stream.txt", stream)
    assert target == tmp_path / "sea" / "stream.txt" and target.read_bytes() == data
    digest = hashlib.sha256(data).hexdigest()
    assert ctx.files == {"sea/stream.txt": FileEntry("sea/stream.txt", digest, len(data))}
    with pytest.raises(ValueError, match="twice"):
        ctx.write_with("sea/stream.txt", stream)
    with pytest.raises(ValueError, match="twice"):
        ctx.write_bytes("manifest.json", b"{}")
    for outside in ("/tmp/abs.txt", "sea/../../up.txt", ""):
        with pytest.raises(ValueError, match="inside"):
            ctx.write_with(outside, stream)

    def broken(path: Path) -> None:
        path.write_bytes(b"half a file")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        ctx.write_with("sea/broken.txt", broken)
    assert not (tmp_path / "sea" / "broken.txt").exists()
    assert list(ctx.files) == ["sea/stream.txt"] and target.read_bytes() == data


def test_domain_modules_run_by_order_then_name() -> None:
    modules = domain_modules()
    assert [m.__name__.rsplit(".", 1)[1] for m in modules] == [
        "zones",
        "coalition",
        "land_reports",
        "ais",
    ]
    assert [m.ORDER for m in modules] == sorted(m.ORDER for m in modules)


BAD_OPTIONS = [
    pytest.param({"seed": -1}, ConfigError, "seed", id="negative-seed"),
    pytest.param({"scale": 0}, ConfigError, "scale", id="zero-scale"),
    pytest.param({"scale": float("nan")}, ConfigError, "scale", id="nan-scale"),
    pytest.param({"days": 0}, ConfigError, "days", id="zero-days"),
    pytest.param({"start": "01/12/2026"}, ConfigError, "ISO 8601", id="bad-start"),
    pytest.param({"frontline": "missing.geojson"}, InputError, "no such file", id="no-frontline"),
]


@pytest.mark.parametrize(("options", "error", "fragment"), BAD_OPTIONS)
def test_bad_options_raise_before_writing(
    tmp_path: Path, options: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        generate(tmp_path / "out", **options)
    assert not (tmp_path / "out").exists()


def test_refuses_a_file_or_a_folder_that_is_not_a_scenario(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        generate(tmp_path / "file")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not a scenario folder"):
        generate(tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_unreadable_frontline_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "front.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(InputError, match="no Polygon"):
        generate(tmp_path / "out", frontline=bad)
    with pytest.raises(InputError, match="is a folder"):
        generate(tmp_path / "out", frontline=tmp_path)


# -- zones -----------------------------------------------------------------------------


def test_zones_pass_read_zones_with_the_expected_kinds(folder: Path) -> None:
    frame = read_zones(folder / "zones.geojson")
    assert Counter(frame["kind"].to_list()) == {
        "line_of_contact": 1,
        "dmz": 1,
        "sector": 4,
        "withdrawal": 3,
        "corridor": 1,
        "port": 6,
        "exclusion": 3,
        "protected_airspace": 7,
        "protected_site": 4,
    }
    assert set(frame.filter(frame["kind"] == "protected_airspace")["objective"]) == {"skies"}
    assert set(
        frame.filter(frame["kind"].is_in(["corridor", "port", "exclusion"]))["objective"]
    ) == {"seas"}
    assert frame["valid_from"].n_unique() == 1
    temporary = frame.filter(frame["valid_to"].is_not_null())
    assert temporary["zone_id"].to_list() == ["exclusion-mcm-temporary"]
    start = datetime(2026, 12, 1, tzinfo=UTC)
    assert start < temporary["valid_to"][0] < start + timedelta(days=3)
    restricted = frame.filter(frame["releasability"].list.len() > 0)
    assert restricted["releasability"].to_list() == [["FRA", "GBR", "UKR"]]


def test_dmz_is_15_km_either_side_of_a_notional_line(zones: dict[str, dict[str, Any]]) -> None:
    line = zones["line-of-contact"]["geometry"]
    line_km = length_m(line) / 1000
    assert 800 < line_km < 900, "the notional line through its towns is about 836 km"
    assert zones["line-of-contact"]["length_km"] == pytest.approx(line_km, abs=0.1)
    dmz_km2 = area_m2(zones["dmz"]["geometry"]) / 1e6
    full_buffer_km2 = 2 * 15 * line_km + 3.1416 * 15**2  # before clipping to Ukraine
    assert 0.8 * full_buffer_km2 < dmz_km2 <= 1.01 * full_buffer_km2
    assert zones["dmz"]["geometry"].within(ukraine_polygon().buffer(1e-4))


def test_sectors_partition_the_dmz_along_the_line(zones: dict[str, dict[str, Any]]) -> None:
    sectors = of_kind(zones, "sector")
    assert sorted(s["sector"] for s in sectors) == ["Donetsk", "Kharkiv", "Kherson", "Zaporizhzhia"]
    dmz = zones["dmz"]["geometry"]
    total = sum(area_m2(s["geometry"]) for s in sectors)
    assert total == pytest.approx(area_m2(dmz), rel=0.002)
    union = shapely.union_all([s["geometry"] for s in sectors])
    assert area_m2(union) == pytest.approx(total, rel=0.002), "sectors overlap"
    kharkiv = zones["dmz-sector-kharkiv"]["geometry"]
    kherson = zones["dmz-sector-kherson"]["geometry"]
    assert kharkiv.contains(shapely.Point(37.61, 49.71)), "Kupiansk"
    assert kherson.contains(shapely.Point(32.62, 46.62)), "the Dnipro south of Kherson"


def test_withdrawal_bands_follow_minsk_ii_distances(zones: dict[str, dict[str, Any]]) -> None:
    bands = {z["distance_km"]: z for z in of_kind(zones, "withdrawal")}
    assert {k: v["weapon_classes"] for k, v in bands.items()} == {
        50.0: ["artillery_100mm_plus"],
        70.0: ["mlrs"],
        140.0: ["heavy_mlrs"],
    }
    dmz = zones["dmz"]["geometry"]
    areas = [area_m2(bands[d]["geometry"]) for d in (50.0, 70.0, 140.0)]
    assert areas == sorted(areas)
    for band in bands.values():
        assert area_m2(band["geometry"].intersection(dmz)) < 1e-4 * area_m2(dmz)
        assert band["geometry"].within(ukraine_polygon().buffer(1e-4))
    # Probes 30 km from the line are in every band, 60 km only in MLRS and heavy MLRS.
    line = zones["line-of-contact"]["geometry"]
    plane = local_projection(35.0, 48.0)
    line_m = plane.to_metric(line)
    inland = plane.to_metric(ukraine_polygon()).buffer(-3_000)
    checked = 0
    for along in range(20_000, int(line_m.length), 40_000):
        on_line = line_m.interpolate(along)
        for offset_km, inside in ((30, {50.0, 70.0, 140.0}), (60, {70.0, 140.0})):
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                probe = shapely.Point(
                    on_line.x + dx * offset_km * 1e3, on_line.y + dy * offset_km * 1e3
                )
                if abs(line_m.distance(probe) / 1e3 - offset_km) > 1 or not inland.contains(probe):
                    continue  # nearer another part of the line, or outside Ukraine
                point = plane.to_lonlat(probe)
                assert {d for d, z in bands.items() if z["geometry"].contains(point)} == inside
                checked += 1
    assert checked >= 10


def test_corridor_lies_in_the_sea_and_reaches_odesa(zones: dict[str, dict[str, Any]]) -> None:
    corridor = zones["corridor-black-sea"]["geometry"]
    assert area_m2(corridor.difference(sea_polygon())) < 1e-6 * area_m2(corridor)
    assert corridor.intersects(zones["port-odesa"]["geometry"])
    assert corridor.distance(shapely.Point(29.12, 41.22)) < 0.05, "reaches the Bosporus"
    for exclusion in of_kind(zones, "exclusion"):
        assert not corridor.intersects(exclusion["geometry"]), exclusion["zone_id"]
    assert 10_000 < area_m2(corridor) / 1e6 < 15_000


def test_corridor_is_one_polygon_wide_enough_for_its_lanes(
    zones: dict[str, dict[str, Any]],
) -> None:
    """Room for four lanes 2.5 km inside the edge, 2 x (3.3 + 2.5) = 11.6 km, all along
    the trunk (from 10 km past Odesa port to 10 km before the Bosporus): no pinch off
    the Danube delta, where the 1:10 million coast reaches 29.6° E."""
    corridor = zones["corridor-black-sea"]["geometry"]
    assert corridor.geom_type == "Polygon" and corridor.is_valid
    plane = local_projection(30.0, 44.0)
    metric = plane.to_metric(corridor)
    assert metric.is_valid  # a pinch to a point turns invalid in another projection
    trunk = shapely.LineString([plane.xy(lon, lat) for _, lon, lat in CORRIDOR_TRUNK])
    s = np.arange(10_000.0, trunk.length - 10_000.0, 500.0)
    at = shapely.get_coordinates(shapely.line_interpolate_point(trunk, s))
    ahead = shapely.get_coordinates(shapely.line_interpolate_point(trunk, s + 50.0))
    behind = shapely.get_coordinates(shapely.line_interpolate_point(trunk, s - 50.0))
    tangent = (ahead - behind) / np.hypot(*(ahead - behind).T)[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    across = shapely.linestrings(np.stack([at - 20_000 * normal, at + 20_000 * normal], axis=1))
    pieces = shapely.intersection(across, metric)
    width = np.array([max([g.length for g in shapely.get_parts(p)], default=0.0) for p in pieces])
    assert shapely.contains_xy(metric, at[:, 0], at[:, 1]).all()
    assert width.min() > 12_000.0, (width.min(), plane.lonlat(*at[np.argmin(width)]))


def test_protected_airspace_and_sites_cover_the_nuclear_plants(
    zones: dict[str, dict[str, Any]],
) -> None:
    znpp = shapely.Point(34.5863, 47.5119)
    assert zones["site-znpp"]["geometry"].contains(znpp)
    assert zones["airspace-znpp"]["geometry"].contains(znpp)
    for z in of_kind(zones, "protected_airspace"):
        assert (z["floor_ft"], z["ceiling_ft"]) == (0.0, 66000.0)
        assert 29.9 <= (area_m2(z["geometry"]) / 1e6 / 3.1416) ** 0.5 <= 40.1


def test_line_derived_from_deepstate_matches_the_reference(tmp_path: Path) -> None:
    manifest = generate(tmp_path / "ds", frontline=OCCUPIED)
    assert manifest.frontline == OCCUPIED.name and manifest.frontline_sha256 is not None
    zones = json.loads((tmp_path / "ds/zones.geojson").read_text("utf-8"))["features"]
    line = next(shape(f["geometry"]) for f in zones if f["properties"]["kind"] == "line_of_contact")
    main = max(shapely.get_parts(line), key=length_m)
    reference = json.loads(REFERENCE_LINE.read_text("utf-8"))["features"]
    ref_main = max((shape(f["geometry"]) for f in reference), key=length_m)
    assert length_m(ref_main) / 1000 == pytest.approx(1033, abs=1)
    assert length_m(main) == pytest.approx(length_m(ref_main), rel=0.03)
    assert shapely.hausdorff_distance(main, ref_main) < 0.01  # degrees, about 1 km
    read_zones(tmp_path / "ds/zones.geojson")


# -- coalition -------------------------------------------------------------------------


def load_yaml(folder: Path, name: str) -> Any:
    return yaml.safe_load((folder / "coalition" / name).read_text("utf-8"))


def test_nations_are_30_contributors_and_the_host(folder: Path) -> None:
    nations = load_yaml(folder, "nations.yaml")["nations"]
    roles = {n["nation"]: n["role"] for n in nations}
    assert len(nations) == 31 and roles["UKR"] == "host"
    assert sorted(code for code, role in roles.items() if role == "lead") == ["FRA", "GBR"]
    assert sum(role in ("lead", "contributor") for role in roles.values()) == 30
    for nation in nations:
        assert set(nation) == {
            "nation",
            "name",
            "role",
            "liaison",
            "caveats",
            "gdp_busd",
            "population_m",
        }
        assert nation["liaison"] == f"liaison@{nation['nation'].lower()}.coalition.example"
        assert isinstance(nation["caveats"], list)


def test_pledges_and_requirements_are_consistent(folder: Path) -> None:
    nations = {n["nation"]: n for n in load_yaml(folder, "nations.yaml")["nations"]}
    pledges = load_yaml(folder, "pledges.yaml")["pledges"]
    requirements = load_yaml(folder, "requirements.yaml")["requirements"]
    assert len(pledges) == 150 and len(requirements) == 40
    assert len({p["pledge_id"] for p in pledges}) == len(pledges)
    assert len({r["requirement_id"] for r in requirements}) == len(requirements)
    for pledge in pledges:
        assert nations[pledge["nation"]]["role"] in ("lead", "contributor")
        assert pledge["available_from"] < pledge["available_to"]
    per_nation = Counter(p["nation"] for p in pledges)
    assert per_nation["GBR"] == per_nation["FRA"] == max(per_nation.values())
    assert per_nation["ISL"] <= 2 and set(per_nation) == set(nations) - {"UKR"}
    asked = {r["capability"] for r in requirements}
    offered = {p["capability"] for p in pledges}
    assert asked - offered == {"maritime_patrol_aircraft"}, "the one capability nobody offers"
    for r in requirements:
        assert r["objective"] in ("skies", "seas", "land", "support")
        assert r["start"] < r["end"] and 1 <= r["priority"] <= 5


@pytest.mark.parametrize("scale", [pytest.param(0.5, id="half"), pytest.param(2.0, id="double")])
def test_counts_scale(tmp_path: Path, scale: float) -> None:
    manifest = generate(tmp_path / "s", seed=7, scale=scale)
    assert manifest.counts["requirements"] == round(40 * scale)
    assert manifest.counts["pledges"] == round(150 * scale)
    assert manifest.counts["land_reports"] == round(300 * scale)
    assert manifest.counts["nations"] == 31


# -- monitors' reports and ground truth ------------------------------------------------


def expected(report: dict[str, str], zones: dict[str, dict[str, Any]]) -> tuple[Any, ...] | None:
    """The agreement's rules, applied independently with shapely on zones.geojson."""
    point = shapely.Point(float(report["lon"]), float(report["lat"]))
    dmz = next((z["zone_id"] for z in of_kind(zones, "dmz") if z["geometry"].contains(point)), None)
    category, weapon = report["category"], report["weapon_class"]
    if category in FIRE:
        return ("reported_violation", "critical" if dmz else "warning", dmz)
    if category in ("troop_movement", "heavy_weapon_sighting") and dmz:
        return ("reported_violation", "critical", dmz)
    if category == "heavy_weapon_sighting":
        bands = sorted(
            (z["distance_km"], z["zone_id"])
            for z in of_kind(zones, "withdrawal")
            if weapon in z["weapon_classes"] and z["geometry"].contains(point)
        )
        if bands:
            return ("withdrawal_breach", "warning", bands[0][1])
    return None


def test_reports_have_the_monitor_report_columns(
    folder: Path, reports: list[dict[str, str]]
) -> None:
    header = (folder / "land/monitor_reports.csv").read_text("utf-8").splitlines()[0]
    assert header == (
        "report_id,observed_at,lon,lat,team,reporting_nation,category,weapon_class,"
        "description,releasability"
    )
    assert len(reports) == 300
    categories = Counter(r["category"] for r in reports)
    assert categories.most_common(1)[0][0] == "routine_patrol"
    assert set(categories) == FIRE | {"heavy_weapon_sighting", "troop_movement", "routine_patrol"}
    restricted = [r for r in reports if r["releasability"]]
    assert 0.05 < len(restricted) / len(reports) < 0.3
    ukraine = ukraine_polygon()
    start = datetime(2026, 12, 1, tzinfo=UTC)
    for r in reports:
        assert ukraine.contains(shapely.Point(float(r["lon"]), float(r["lat"])))
        observed = datetime.fromisoformat(r["observed_at"].replace("Z", "+00:00"))
        assert start <= observed < start + timedelta(days=3)
        assert len(r["lon"].split(".")[1]) == 5


def test_every_event_has_truth_and_every_truth_holds(
    folder: Path, reports: list[dict[str, str]], zones: dict[str, dict[str, Any]]
) -> None:
    everything = json.loads((folder / "truth/ground_truth.json").read_text("utf-8"))["truth"]
    assert [t["truth_id"] for t in everything] == sorted(t["truth_id"] for t in everything)
    truth = [t for t in everything if t["domain"] == "land"]
    by_report = {t["record_ids"][0]: t for t in truth}
    assert len(by_report) == len(truth)
    for report in reports:
        rule = expected(report, zones)
        record = by_report.get(report["report_id"])
        if rule is None:
            assert record is None, report
            continue
        assert record is not None, report
        assert (record["kind"], record["severity"], record["zone_id"]) == rule
        assert record["domain"] == "land" and record["time"] == report["observed_at"]
        assert (record["lon"], record["lat"]) == (float(report["lon"]), float(report["lat"]))
    kinds = Counter((t["kind"], t["severity"]) for t in truth)
    assert set(kinds) == {
        ("reported_violation", "critical"),
        ("reported_violation", "warning"),
        ("withdrawal_breach", "warning"),
    }


def test_planted_reports_are_clear_of_the_boundaries(
    reports: list[dict[str, str]], zones: dict[str, dict[str, Any]]
) -> None:
    plane = local_projection(35.0, 48.0)  # scale error < 0.3 % over the theatre
    edges = [
        plane.to_metric(z["geometry"].boundary)
        for z in [*of_kind(zones, "dmz"), *of_kind(zones, "withdrawal")]
    ]
    planted = [r for r in reports if r["category"] != "routine_patrol"]
    assert len(planted) > 0.2 * len(reports)
    x, y = plane.xy([float(r["lon"]) for r in planted], [float(r["lat"]) for r in planted])
    points = shapely.points(x, y)
    for edge in edges:
        assert shapely.distance(points, edge).min() > 1_900


def test_the_land_detector_finds_exactly_the_planted_truth(folder: Path) -> None:
    from reassure.land.reports import decode_reports
    from reassure.land.violations import detect_report_violations

    decoded = decode_reports(folder / "land/monitor_reports.csv")
    assert decoded.rejects.height == 0
    events = detect_report_violations(decoded.table, read_zones(folder / "zones.geojson"))
    truth = json.loads((folder / "truth/ground_truth.json").read_text("utf-8"))["truth"]
    truth = [t for t in truth if t["domain"] == "land"]
    found = {(e["subject"], e["kind"], e["severity"], e["zone_id"]) for e in events.to_dicts()}
    planted = {(t["record_ids"][0], t["kind"], t["severity"], t["zone_id"]) for t in truth}
    assert found == planted


# -- CLI -------------------------------------------------------------------------------


def test_cli_generates_and_prints_a_summary(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["generate", "--out", str(tmp_path / "a"), "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "zones.geojson" in result.output and "land_reports" in result.output
    as_json = runner.invoke(
        app, ["generate", "--out", str(tmp_path / "a"), "--seed", "3", "--json"]
    )
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["seed"] == 3 and data["counts"]["pledges"] == 150


@pytest.mark.parametrize(
    ("args", "error"),
    [
        pytest.param(["--scale", "0"], ConfigError, id="zero-scale"),
        pytest.param(["--scale", "-2"], ConfigError, id="negative-scale"),
        pytest.param(["--seed", "-1"], ConfigError, id="negative-seed"),
        pytest.param(["--frontline", "nowhere.geojson"], InputError, id="missing-frontline"),
    ],
)
def test_cli_bad_options_fail(tmp_path: Path, args: list[str], error: type[Exception]) -> None:
    result = CliRunner().invoke(app, ["generate", "--out", str(tmp_path / "a"), *args])
    assert result.exit_code != 0
    assert isinstance(result.exception, error)
