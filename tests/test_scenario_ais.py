"""The AIS domain of the scenario: determinism, scale, geography, planted truth, round trip.

The planted anomalies are checked here against the definitions the detectors use
(issue 4; ``reassure.tracks``), on the decoded file, with geometry computed in these
tests (basemap polygons, a local metric plane), not with the generator's helpers.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import shapely
from shapely import Geometry

from reassure.geo.basemap import sea_polygon, ukraine_polygon
from reassure.geo.metric import NAUTICAL_MILE_M, local_projection
from reassure.scenario import ais
from reassure.scenario.ais.identities import imo_number
from reassure.scenario.ais.trunk import build_trunk, check_lanes
from reassure.scenario.context import ScenarioContext
from reassure.scenario.domains import zones
from reassure.scenario.frontline import notional_line
from reassure.scenario.generator import DEFAULT_START

KINDS = {
    "ais_gap",
    "encounter",
    "loitering",
    "port_call",
    "teleport",
    "position_on_land",
    "identity_clash",
    "exclusion_entry",
    "corridor_departure",
}
KEYS = {"truth_id", "domain", "kind", "subject", "start", "end", "lon", "lat"}
WITH_ZONE = {"port_call", "exclusion_entry"}
PLANE = local_projection(30.5, 44.0)
KNOT = NAUTICAL_MILE_M / 3600.0
POSITION_COLUMNS = ["msg_type", "mmsi", "lon", "lat", "speed", "course", "heading", "status",
                    "second", "rx_time", "station"]  # fmt: skip


def context(out: Path, scale: float = 1.0, days: int = 3, seed: int = 7) -> ScenarioContext:
    ctx = ScenarioContext(seed, scale, DEFAULT_START, days, out, notional_line())
    zones.generate(ctx)
    return ctx


@pytest.fixture(scope="module")
def planned(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ScenarioContext, ais.Traffic, ais.Reports]:
    ctx = context(tmp_path_factory.mktemp("ais"))
    traffic = ais.simulate(ctx)
    return ctx, traffic, ais.reports(ctx, traffic)


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def xy(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    return PLANE.xy(np.asarray(lon, float), np.asarray(lat, float))


class Geography:
    """Independent shapes in the test plane: land, zones by id."""

    def __init__(self, ctx: ScenarioContext) -> None:
        sea = PLANE.to_metric(sea_polygon())
        minx, miny, maxx, maxy = sea.bounds
        self.sea = sea
        self.land = shapely.difference(
            shapely.box(minx - 1e5, miny - 1e5, maxx + 1e5, maxy + 1e5), sea
        )
        self.zones = {
            z: shapely.make_valid(PLANE.to_metric(s.geometry)) for z, s in ctx.zones.items()
        }
        self.ukraine = PLANE.to_metric(ukraine_polygon())
        for shape in (self.sea, self.land, self.ukraine, *self.zones.values()):
            shapely.prepare(shape)

    def of_kind(self, ctx: ScenarioContext, kind: str) -> list[Geometry]:
        return [self.zones[z] for z in sorted(ctx.zones) if ctx.zones[z].kind == kind]

    def shore_m(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.asarray(shapely.distance(shapely.points(x, y), self.land), float)


# -- determinism, scale ----------------------------------------------------------------


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    blobs = []
    for name in ("a", "b"):
        ctx = context(tmp_path / name, scale=0.3, days=1)
        ais.generate(ctx)
        assert sorted(ctx.files) == ["sea/ais.nmea", "zones.geojson"]
        data = (tmp_path / name / "sea/ais.nmea").read_bytes()
        entry = ctx.files["sea/ais.nmea"]
        assert entry.bytes == len(data) and len(entry.sha256) == 64
        blobs.append(data)
    assert blobs[0] == blobs[1]
    assert blobs[0].endswith(b"\n") and b"\r" not in blobs[0]
    for line in blobs[0].decode().splitlines()[:50]:
        tag, _, sentence = line[1:].partition("\\")
        assert sentence.startswith("!AIVDM,"), line
        assert ("s:" in tag and ",c:" in tag) or tag.startswith("g:2-2-"), (
            line
        )  # 2nd part of a type 5
    other = context(tmp_path / "c", scale=0.3, days=1, seed=8)
    ais.generate(other)
    assert (tmp_path / "c/sea/ais.nmea").read_bytes() != blobs[0]


def test_counts_follow_the_scale(
    tmp_path: Path, planned: tuple[ScenarioContext, ais.Traffic, ais.Reports]
) -> None:
    ctx, traffic, heard = planned
    half = context(tmp_path, scale=0.5)
    small = ais.simulate(half)
    small_heard = ais.reports(half, small)
    ratio = small_heard.positions.height / heard.positions.height
    assert 0.35 < ratio < 0.65
    assert 50_000 <= heard.positions.height <= 110_000
    roles = Counter(v.role for v in traffic.vessels if not v.planted)
    assert roles == {k: ctx.scaled(n) for k, n in ais.VESSELS_AT_SCALE_1.items()}
    planted = Counter(t["kind"] for t in heard.truth if t["kind"] != "port_call")
    assert planted == {k: ais.PLANTED_AT_SCALE_1 for k in KINDS - {"port_call"}}
    small_planted = Counter(t["kind"] for t in small_heard.truth if t["kind"] != "port_call")
    assert set(small_planted.values()) == {half.scaled(ais.PLANTED_AT_SCALE_1)}


# -- geography and normal traffic ------------------------------------------------------


def test_every_position_is_at_sea_but_the_spoofed_ones(
    planned: tuple[ScenarioContext, ais.Traffic, ais.Reports],
) -> None:
    ctx, traffic, heard = planned
    pos = heard.positions
    sea = sea_polygon()
    at_sea = shapely.contains_xy(sea, pos["lon"].to_numpy(), pos["lat"].to_numpy())
    role = np.array([v.role for v in traffic.vessels])[pos["vessel"].to_numpy()]
    spoofed = role == "position_on_land"
    assert at_sea[~spoofed].all(), pos.filter(pl.Series(~at_sea & ~spoofed)).head()
    window = (ctx.start, ctx.end)
    times = pos["rx_time"].dt.epoch("s").to_numpy()
    assert window[0].timestamp() <= times.min() and times.max() < window[1].timestamp()


def test_normal_traffic_keeps_clear_of_every_signature(
    planned: tuple[ScenarioContext, ais.Traffic, ais.Reports],
) -> None:
    ctx, traffic, heard = planned
    geo = Geography(ctx)
    pos = heard.positions.with_columns(
        role=pl.Series(np.array([v.role for v in traffic.vessels])).gather(
            heard.positions["vessel"].cast(pl.Int64)
        ),
    ).sort("mmsi", "rx_time")
    x, y = xy(pos["lon"], pos["lat"])
    role = pos["role"].to_numpy()
    normal = np.isin(role, ["corridor", "service", "pleasure", "open"])
    ports = shapely.union_all(geo.of_kind(ctx, "port")).buffer(300.0)  # GNSS noise at the edge
    in_port = shapely.contains_xy(ports, x, y)
    speed = pos["speed"].to_numpy()
    # at sea normal ships make way (8 kn or more); they stop only in port zones
    assert (speed[normal & ~in_port] >= 8.0).all()
    assert (speed[normal & in_port & (speed < 2)] <= 0.1).all()
    # never in an exclusion zone
    for zone in geo.of_kind(ctx, "exclusion"):
        assert not shapely.contains_xy(zone, x[normal], y[normal]).any()
    # no silence of 6 h (except the planted gaps)
    t = pos["rx_time"].dt.epoch("s").to_numpy()
    mmsi = pos["mmsi"].to_numpy()
    same = mmsi[1:] == mmsi[:-1]
    gaps = np.diff(t)[same]
    gap_vessel = role[1:][same] == "ais_gap"
    assert gaps[~gap_vessel].max() < 3600
    # every port stay at a berth lasts 4 h or more (no ambiguous 2.5-3.5 h stays)
    calls = [r for r in heard.truth if r["kind"] == "port_call"]
    assert calls and min(when(r["end"]) - when(r["start"]) for r in calls) >= timedelta(hours=4)
    # no other vessel within 2 km for 25 minutes outside port areas
    assert traffic.conflicts == 0
    assert ais.conflicts(traffic) == []


def test_corridor_ships_keep_inside_the_corridor(
    planned: tuple[ScenarioContext, ais.Traffic, ais.Reports],
) -> None:
    ctx, traffic, heard = planned
    geo = Geography(ctx)
    corridor = geo.zones["corridor-black-sea"]
    ports = shapely.union_all(geo.of_kind(ctx, "port"))
    pos = heard.positions
    role = np.array([v.role for v in traffic.vessels])[pos["vessel"].to_numpy()]
    sel = pos.filter(pl.Series(role == "corridor"))
    x, y = xy(sel["lon"], sel["lat"])
    near_port = shapely.contains_xy(ports.buffer(6_000.0), x, y)  # the approach ends
    points = shapely.points(x, y)
    inside = shapely.contains(corridor, points)
    depth = np.where(inside, shapely.distance(points, corridor.boundary), -1.0)
    check = ~near_port
    assert check.mean() > 0.5  # the rest: port stays and approaches
    assert (depth[check] > 2_000.0).all(), float(depth[check].min())
    # out of the corridor only on the way into a port zone, for minutes
    outside = ~inside & ~shapely.contains_xy(ports, x, y)
    assert near_port[outside].all()
    t = sel["rx_time"].dt.epoch("s").to_numpy()
    mmsi = sel["mmsi"].to_numpy()
    order = np.lexsort((t, mmsi))
    out, t, mmsi = outside[order], t[order], mmsi[order]
    start = out & ~np.r_[False, out[:-1] & (mmsi[1:] == mmsi[:-1])]
    run = np.cumsum(start)[out]
    spans = (
        pl.DataFrame({"run": run, "t": t[out]})
        .group_by("run")
        .agg((pl.col("t").max() - pl.col("t").min()).alias("s"))
    )
    assert int(spans["s"].to_numpy().max()) < 25 * 60  # the detectors' limit is 30 minutes


@pytest.mark.parametrize(
    ("half_width_m", "fits"),
    [
        pytest.param(9_260.0, True, id="5-nm-either-side"),
        pytest.param(4_000.0, False, id="8-km-wide"),
    ],
)
def test_the_lanes_need_room_inside_the_corridor(half_width_m: float, fits: bool) -> None:
    corridor = shapely.box(-half_width_m, -20_000.0, half_width_m, 220_000.0)
    trunk = build_trunk([(0.0, 0.0), (0.0, 200_050.0)], corridor)
    if fits:
        check_lanes(trunk, corridor, [0.0, 200_000.0])
    else:
        with pytest.raises(ValueError, match=r"too narrow for its lanes from 8\.0 to 19\d\.\d km"):
            check_lanes(trunk, corridor, [0.0, 200_000.0])


# -- identities ------------------------------------------------------------------------


def test_identities_are_plausible(
    planned: tuple[ScenarioContext, ais.Traffic, ais.Reports],
) -> None:
    _, traffic, heard = planned
    static = heard.static
    real_mids = {256, 215, 248, 229, 538, 636, 351, 352, 355, 370, 271, 272, 264, 207, 255, 209,
                 210, 241, 240, 626, 613, 620, 667, 511, 518, 341, 312, 577}  # fmt: skip
    for vessel in traffic.vessels:
        assert 100_000_000 <= vessel.mmsi <= 999_999_999
        assert vessel.mmsi // 1_000_000 in real_mids
    mmsis = [v.mmsi for v in traffic.vessels if v.clone_of < 0]
    assert len(mmsis) == len(set(mmsis))
    assert set(static.filter(pl.col("msg_type") == 24)["ship_type"].unique().to_list()) == {37}
    imos = static.filter(pl.col("imo") > 0).unique("mmsi")["imo"].to_list()
    assert imos and len(imos) == len(set(imos))
    for imo in imos:
        digits = [int(c) for c in str(imo)]
        assert len(digits) == 7
        assert (
            sum(d * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == digits[6]
        )
    assert (
        imo_number(np.random.default_rng(1)) % 10
        == sum(
            int(c) * w
            for c, w in zip(
                str(imo_number(np.random.default_rng(1)))[:6], range(7, 1, -1), strict=True
            )
        )
        % 10
    )
    assert static["shipname"].str.len_chars().max() <= 20  # type: ignore[operator]
    types = set(static["ship_type"].to_list())
    assert types & set(range(70, 80)) and types & set(range(80, 90)) and {50, 52} <= types
    class_b = heard.positions.filter(pl.col("msg_type") == 18)
    assert class_b.height > 0
    assert set(heard.positions["msg_type"].unique().to_list()) <= {1, 2, 3, 18, 27}
    per_ship = static.group_by("mmsi").len()["len"]
    assert int(per_ship.to_numpy().min()) >= 1


def test_truth_records_have_their_keys_and_every_kind_appears(
    planned: tuple[ScenarioContext, ais.Traffic, ais.Reports],
) -> None:
    ctx, _, heard = planned
    truth = heard.truth
    assert {r["kind"] for r in truth} == KINDS
    ids = [r["truth_id"] for r in truth]
    assert len(ids) == len(set(ids))
    for record in truth:
        want = KEYS | ({"zone_id"} if record["kind"] in WITH_ZONE else set())
        assert set(record) == want, record
        assert record["domain"] == "sea"
        assert record["truth_id"].startswith(f"sea:{record['kind']}:")
        assert record["zone_id"] in ctx.zones if "zone_id" in record else True
        assert ctx.start <= when(record["start"]) <= when(record["end"]) < ctx.end
        if record["kind"] == "encounter":
            a, b = record["subject"].split("-")
            assert int(a) < int(b)
        else:
            assert record["subject"].isdigit()
    # planted vessels carry one anomaly each, at distinct times
    planted = [r for r in truth if r["kind"] != "port_call"]
    subjects = [r["subject"] for r in planted]
    assert len(subjects) == len(set(subjects))


# -- the file, decoded -----------------------------------------------------------------


@pytest.fixture(scope="module")
def written(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ScenarioContext, Path, list[dict[str, Any]], ais.Traffic, ais.Reports]:
    ctx = context(tmp_path_factory.mktemp("written"))
    traffic = ais.simulate(ctx)
    heard = ais.reports(ctx, traffic)
    ais.generate(ctx)
    return ctx, ctx.out_dir / "sea/ais.nmea", ctx.truth, traffic, heard


@pytest.mark.slow
def test_the_file_decodes_to_what_was_generated(
    written: tuple[ScenarioContext, Path, list[dict[str, Any]], ais.Traffic, ais.Reports],
) -> None:
    decode = pytest.importorskip("reassure.sea.decode")
    ctx, path, truth, _, heard = written
    decoded = decode.decode_nmea(path)
    assert decoded.rejects.height == 0
    assert decoded.n_read == decoded.n_decoded
    lines = path.read_bytes().count(b"\n")
    assert decoded.n_read == lines == ctx.counts["ais_positions"] + 2 * ctx.counts["ais_static"]
    assert decoded.positions.height == heard.positions.height == ctx.counts["ais_positions"]
    fives = heard.static.filter(pl.col("msg_type") == 5).height
    assert decoded.static.filter(pl.col("msg_type") == 5).height == fives
    assert decoded.static.filter(pl.col("msg_type") == 24).height == 2 * (
        heard.static.height - fives
    )
    keys = ["mmsi", "rx_time", "lon", "lat"]
    mine = heard.positions.select(POSITION_COLUMNS).sort(keys)
    theirs = decoded.positions.select(POSITION_COLUMNS).sort(keys)
    for column in POSITION_COLUMNS:
        a = mine[column]
        b = theirs[column]
        if column in ("heading", "second"):  # not in a type 27
            keep = mine["msg_type"] != 27
            a, b = a.filter(keep), b.filter(keep)
        if column == "status":  # not in a type 18
            keep = mine["msg_type"] != 18
            a, b = a.filter(keep), b.filter(keep)
        if a.dtype.is_numeric():
            assert np.array_equal(a.cast(pl.Float64).to_numpy(), b.cast(pl.Float64).to_numpy()), (
                column
            )
        else:
            assert a.to_list() == b.to_list(), column
    fields = ["mmsi", "shipname", "imo", "callsign", "destination", "draught", "month", "day"]
    mine_5 = heard.static.filter(pl.col("msg_type") == 5).select(fields).unique().sort(fields)
    theirs_5 = decoded.static.filter(pl.col("msg_type") == 5).select(fields).unique().sort(fields)
    assert mine_5.cast(theirs_5.schema).equals(theirs_5)
    assert json.dumps(truth)  # plain JSON values


@pytest.mark.slow
def test_the_planted_truth_holds_on_the_decoded_positions(
    written: tuple[ScenarioContext, Path, list[dict[str, Any]], ais.Traffic, ais.Reports],
) -> None:
    decode = pytest.importorskip("reassure.sea.decode")
    ctx, path, truth, _, _ = written
    geo = Geography(ctx)
    pos = decode.decode_nmea(path).positions.select("mmsi", "rx_time", "lon", "lat", "speed")
    pos = pos.sort("rx_time", maintain_order=True).sort("mmsi", maintain_order=True)
    x, y = xy(pos["lon"], pos["lat"])
    pos = pos.with_columns(x=x, y=y, t=pos["rx_time"].dt.epoch("s").cast(pl.Float64))
    ports = shapely.union_all(geo.of_kind(ctx, "port"))
    corridor = geo.zones["corridor-black-sea"]
    kinds: Counter[str] = Counter()
    for record in truth:
        kind = record["kind"]
        kinds[kind] += 1
        a = when(record["start"]).timestamp()
        b = when(record["end"]).timestamp()
        if kind == "encounter":
            mmsi_a, mmsi_b = (int(m) for m in record["subject"].split("-"))
            _check_encounter(pos, mmsi_a, mmsi_b, a, b, geo, ports)
            continue
        mine = pos.filter(pl.col("mmsi") == int(record["subject"]))
        t = mine["t"].to_numpy()
        mx, my, speed = mine["x"].to_numpy(), mine["y"].to_numpy(), mine["speed"].to_numpy()
        inside = (t >= a) & (t <= b)
        if kind == "ais_gap":
            assert b - a >= 14 * 3600
            assert inside.sum() == 2  # the two reports either side of the silence
            assert (geo.shore_m(mx[inside], my[inside]) > 50 * NAUTICAL_MILE_M).all()
            implied = np.hypot(*np.diff(np.column_stack([mx[inside], my[inside]]), axis=0).T) / (
                b - a
            )
            assert 6 * KNOT < implied[0] < 15 * KNOT  # it kept moving
            gaps = np.diff(t)
            assert (gaps >= 12 * 3600).sum() == 1 and gaps[gaps < 12 * 3600].max() < 3600
        elif kind == "loitering":
            assert b - a >= 5.5 * 3600 and (speed[inside] < 2.0).all()
            assert (geo.shore_m(mx[inside], my[inside]) > 20 * NAUTICAL_MILE_M).all()
            others = pos.filter(
                (pl.col("mmsi") != int(record["subject"])) & pl.col("t").is_between(a, b)
            )
            d = shapely.distance(
                shapely.points(others["x"].to_numpy(), others["y"].to_numpy()),
                shapely.MultiPoint(np.column_stack([mx[inside], my[inside]])),
            )
            assert (np.asarray(d) > 5_000).all()
        elif kind == "port_call":
            zone = geo.zones[record["zone_id"]]
            assert b - a >= 4 * 3600
            assert shapely.contains_xy(zone, mx[inside], my[inside]).all()
            assert (speed[inside] < 0.2).all() and inside.sum() >= 20
            after = t > b
            far = shapely.distance(shapely.points(mx[after], my[after]), zone) > 1_000
            assert far.any()  # it leaves beyond 4 km of the port
        elif kind == "teleport":
            i = int(np.flatnonzero(t == a)[-1])
            jump = float(np.hypot(mx[i + 1] - mx[i], my[i + 1] - my[i]))
            assert t[i + 1] == b and 80_000 <= jump <= 300_000 and jump / (b - a) > 50 * KNOT
            step = np.hypot(np.diff(mx), np.diff(my)) / np.maximum(np.diff(t), 1)
            assert (step > 50 * KNOT).sum() == 1  # once; the track goes on from there
        elif kind == "position_on_land":
            assert inside.sum() >= 3
            assert shapely.contains_xy(geo.ukraine, mx[inside], my[inside]).all()
            assert (geo.shore_m(mx[inside], my[inside]) < 0).sum() == 0
            assert (shapely.distance(shapely.points(mx[inside], my[inside]), geo.sea) > 5_000).all()
            step = np.hypot(np.diff(mx), np.diff(my)) / np.maximum(np.diff(t), 1)
            assert (step < 50 * KNOT).all()  # no teleport in or out
        elif kind == "identity_clash":
            assert b - a >= 3600
            far = np.hypot(
                mx[inside][:, None] - mx[inside][None, :], my[inside][:, None] - my[inside][None, :]
            )
            assert far.max() > 100_000
            flips = np.hypot(np.diff(mx[inside]), np.diff(my[inside])) > 100_000
            assert flips.sum() >= 4  # interleaved reports of two transmitters
        elif kind == "exclusion_entry":
            zone = geo.zones[record["zone_id"]]
            hit = shapely.contains_xy(zone, mx, my)
            assert hit[inside].all() and not hit[~inside].any() and hit.sum() >= 3
        elif kind == "corridor_departure":
            out = ~shapely.contains_xy(corridor, mx, my) & ~shapely.contains_xy(ports, mx, my)
            assert out[inside].all() and 45 * 60 <= b - a <= 120 * 60
            assert not out[(t > b) & (t < b + 3 * 3600)].any()
            assert not out[(t < a) & (t > a - 3 * 3600)].any()
    assert set(kinds) == KINDS


def _check_encounter(
    pos: pl.DataFrame, mmsi_a: int, mmsi_b: int, a: float, b: float, geo: Geography, ports: Geometry
) -> None:
    one = pos.filter((pl.col("mmsi") == mmsi_a) & pl.col("t").is_between(a, b))
    two = pos.filter((pl.col("mmsi") == mmsi_b) & pl.col("t").is_between(a, b))
    assert b - a >= 2.5 * 3600 and one.height >= 10 and two.height >= 10
    t = one["t"].to_numpy()
    bx = np.interp(t, two["t"].to_numpy(), two["x"].to_numpy())
    by = np.interp(t, two["t"].to_numpy(), two["y"].to_numpy())
    gap = np.hypot(one["x"].to_numpy() - bx, one["y"].to_numpy() - by)
    assert gap.max() < 500.0 and gap.min() > 50.0
    assert float(np.median(one["speed"].to_numpy())) < 2.0
    assert float(np.median(two["speed"].to_numpy())) < 2.0
    x, y = one["x"].to_numpy(), one["y"].to_numpy()
    assert (geo.shore_m(x, y) > 30 * NAUTICAL_MILE_M).all()
    assert (shapely.distance(shapely.points(x, y), ports) > 10_000).all()


def test_timing_of_the_window_edges(
    planned: tuple[ScenarioContext, ais.Traffic, ais.Reports],
) -> None:
    """No port stay is cut by the window: every call ends well before the window closes."""
    ctx, _, heard = planned
    for record in heard.truth:
        if record["kind"] == "port_call":
            assert when(record["end"]) <= ctx.end - timedelta(hours=1)
    first = heard.positions["rx_time"].dt.epoch("s").to_numpy().min()
    assert first < datetime(2026, 12, 1, 0, 10, tzinfo=UTC).timestamp()
