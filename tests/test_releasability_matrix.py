"""The releasability matrix: every API route and every export, for users of six nations
and one outside the coalition, equals what the one rule computes on the store.

The store holds records restricted to different nations in every table: zones, events
(detected and written), AIS positions and static reports from feeds restricted to GBR
and to FRA+EST, monitors' reports, plans from ``plan solve`` and ``plan compare``, and
rejects of restricted feeds. The users: GBR and FRA (leads), UKR (the host), EST (a small
contributor), POL, and KOR (an observer: a partner outside the coalition, who reads only
what is released to it by name); exports add RUS, in no nations file at all.

The oracle is written here, apart from the code under test: read every row unfiltered,
keep those the rule releases (named, or unrestricted and the reader a coalition nation),
then apply the route's filters in Python. The filters target the restricted records
(a box around a GBR-only position, the time of a FRA-only event, a GBR-only plan's id).

The routes come from the OpenAPI schema: a route added later without an oracle here
fails :func:`test_every_route_is_in_the_matrix`, and every route, oracle or not, is
checked for the canaries of records its reader may not see.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
import shapely
from fastapi.testclient import TestClient

from conftest import WALL_CLOCK, square, write_fc, zone
from reassure.cop.app import create_app
from reassure.detect import run_detectors
from reassure.events import event_id, events_frame
from reassure.ingest import ingest_files
from reassure.scenario.context import ScenarioContext
from reassure.scenario.domains import coalition
from reassure.scenario.frontline import notional_line
from reassure.scenario.generator import DEFAULT_START
from reassure.sea.encode import encode_positions, encode_static, write_nmea
from reassure.store import Store
from reassure.store.db import spatial_extension_path
from reassure.store.export import EXPORTABLE, FORMATS, export_table
from reassure.store.ledger import write_events
from reassure.users import add_user
from test_cli import reassure

T0 = datetime(2026, 12, 1, 6, tzinfo=UTC)
USERS = ("GBR", "FRA", "UKR", "EST", "POL", "KOR")
READERS = (*USERS, "RUS")
COALITION_ROLES = ("lead", "contributor", "host")
"""The oracle's own statement of who is in the coalition (observers are not)."""

OPEN, SHARED, SECRET, FRAEST = 211_000_001, 211_000_009, 232_000_002, 227_000_003
"""Vessels: one in the open feed only, one in the open and the GBR feed, one in the
GBR feed only, one in the FRA+EST feed only."""


# -- the store ----------------------------------------------------------------------


def _reports(mmsi: int, lon: float, lat: float, start: datetime, n: int = 4) -> pl.DataFrame:
    times = [start + timedelta(minutes=10 * k) for k in range(n)]
    return pl.DataFrame(
        {"msg_type": 1, "mmsi": mmsi, "lon": [lon + 0.01 * k for k in range(n)], "lat": lat,
         "speed": 3.0, "course": 90.0, "rx_time": times}
    )  # fmt: skip


def _static(mmsi: int, name: str, at: datetime) -> pl.DataFrame:
    return pl.DataFrame(
        {"mmsi": mmsi, "imo": 0, "callsign": "X", "shipname": name, "ship_type": 70,
         "to_bow": 10, "to_stern": 10, "to_port": 5, "to_starboard": 5, "draught": 5.0,
         "destination": "NOWHERE", "month": 12, "day": 1, "hour": 0, "minute": 0,
         "rx_time": [at]}
    )  # fmt: skip


def _feeds(folder: Path) -> dict[str, tuple[Path, list[str]]]:
    """AIS files and their releasability. The GBR feed ends with two lines of garbage
    (its rejects are GBR-only too)."""
    open_ = folder / "open.nmea"
    write_nmea(
        open_,
        encode_positions(_reports(OPEN, 33.0, 45.0, T0)),
        encode_positions(_reports(OPEN, 33.2, 45.0, T0 + timedelta(hours=14))),  # a gap
        encode_positions(_reports(SHARED, 33.5, 45.5, T0)),
        encode_static(_static(OPEN, "OPENSHIP", T0)),
    )
    gbr = folder / "gbr.nmea"
    write_nmea(
        gbr,
        encode_positions(_reports(SECRET, 30.0, 42.0, T0 + timedelta(hours=30))),
        encode_positions(_reports(SHARED, 30.5, 42.5, T0 + timedelta(hours=30))),
        encode_static(_static(SECRET, "CANARYGBR", T0 + timedelta(hours=30))),
    )
    with gbr.open("a") as handle:
        handle.write("!AIVDM,1,1,,A,CANARYREJECT,0*00\nnot ais at all\n# a comment: skipped\n")
    fraest = folder / "fraest.nmea"
    write_nmea(fraest, encode_positions(_reports(FRAEST, 35.0, 43.0, T0 + timedelta(hours=40))))
    return {"open": (open_, []), "gbr": (gbr, ["GBR"]), "fraest": (fraest, ["EST", "FRA"])}


REPORT_HEADER = (
    "report_id,observed_at,lon,lat,team,reporting_nation,category,weapon_class,"
    "description,releasability"
)


def _land_reports(folder: Path) -> tuple[Path, Path]:
    mixed = folder / "reports.csv"
    mixed.write_text(
        f"{REPORT_HEADER}\n"
        "R-ALL,2026-12-01T08:00:00Z,36.5,47.5,T-1,FRA,shelling,mortar,open,\n"
        "R-GBR,2026-12-02T09:00:00Z,36.6,47.6,T-2,GBR,shelling,mortar,gbr only,GBR\n"
        "R-KOR,2026-12-02T10:00:00Z,36.7,47.7,T-3,GBR,routine_patrol,none,to KOR,KOR\n"
        "R-BAD,2026-12-02T10:00:00Z,361,47.7,T-3,GBR,routine_patrol,none,rejected,\n"
    )
    fra = folder / "reports_fra.csv"
    fra.write_text(
        f"{REPORT_HEADER}\n"
        "R-FRA,2026-12-03T11:00:00Z,36.8,47.4,T-4,FRA,shelling,artillery_100mm_plus,fra,\n"
    )
    return mixed, fra


def _zone_file(folder: Path) -> Path:
    return write_fc(
        folder / "zones.geojson",
        [
            zone("z-all", "dmz", square(36, 47, 1)),
            zone("z-gbr", "exclusion", square(29.5, 41.5, 1), objective="seas",
                 releasability=["GBR"]),
            zone("z-fragbr", "protected_airspace", square(30, 50, 1), objective="skies",
                 releasability=["FRA", "GBR"], floor_ft=0, ceiling_ft=30000),
            zone("z-est", "dmz", square(25, 58, 1), releasability=["EST"],
                 valid_from="2026-12-02T00:00:00Z"),
            zone("z-kor", "dmz", square(20, 45, 1), releasability=["KOR"]),
        ],
    )  # fmt: skip


HAND_EVENTS = {
    "e-all": ([], "land", "warning", (36.5, 47.5), 2),
    "e-gbr": (["GBR"], "seas", "critical", (30.0, 42.0), 30),
    "e-fragbr": (["FRA", "GBR"], "skies", "critical", (30.5, 50.5), 31),
    "e-est": (["EST"], "land", "critical", (25.5, 58.5), 40),
    "e-kor": (["KOR"], "support", "info", (20.5, 45.5), 41),
    "e-none": (["ZZZ"], "land", "critical", (36.2, 47.2), 42),
}


def _hand_events() -> pl.DataFrame:
    rows = []
    for name, (released, objective, severity, (lon, lat), hours) in HAND_EVENTS.items():
        start = T0 + timedelta(hours=hours)
        rows.append(
            {"event_id": event_id("matrix", name, start, [name]), "objective": objective,
             "kind": "matrix", "subject": name, "start_time": start,
             "end_time": start + timedelta(hours=1), "severity": severity, "confidence": 0.5,
             "title": f"CANARY {name}", "detector": "matrix", "evidence": {"records": [name]},
             "releasability": released, "geometry": shapely.to_wkb(shapely.Point(lon, lat))}
        )  # fmt: skip
    return events_frame(rows)


@dataclass
class Matrix:
    db: Path
    tokens: dict[str, str]
    rows: dict[str, pl.DataFrame]
    """Every row of each table the routes read, unfiltered, for the oracle."""
    members: frozenset[str]

    def sees(self, nation: str, releasability: list[str]) -> bool:
        """The rule, written again for the oracle."""
        return nation in releasability if releasability else nation in self.members

    def visible(self, table: str, nation: str) -> pl.DataFrame:
        frame = self.rows[table]
        keep = [self.sees(nation, list(r)) for r in frame["releasability"].to_list()]
        return frame.filter(pl.Series(keep, dtype=pl.Boolean))

    def hidden_canaries(self, nation: str) -> set[str]:
        """Strings that name a record ``nation`` may not see (and no record it may)."""
        canaries = set()
        for table, key in (("zones", "zone_id"), ("events", "event_id"), ("plans", "plan_id"),
                           ("land_reports", "report_id")):  # fmt: skip
            seen = set(self.visible(table, nation)[key].to_list())
            canaries |= set(self.rows[table][key].to_list()) - seen
        positions = self.visible("positions", nation)
        for mmsi, name in ((SECRET, "CANARYGBR"), (FRAEST, None)):
            if mmsi not in positions["mmsi"].to_list():
                canaries |= {str(mmsi)} | ({name} if name else set())
        return canaries


def _read_rows(db: Path) -> tuple[dict[str, pl.DataFrame], frozenset[str]]:
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"LOAD '{spatial_extension_path()}'")
    try:

        def frame(sql: str) -> pl.DataFrame:
            read = pl.DataFrame(pl.from_arrow(con.execute(sql).to_arrow_table()))
            return read.with_columns(pl.col(pl.Datetime).dt.convert_time_zone("UTC"))

        with_ingest = "JOIN ingests i USING (ingest_id)"
        rows = {
            "zones": frame(
                "SELECT zone_id, objective, releasability, valid_from, valid_to, "
                "ST_AsText(geometry) AS wkt FROM zones"
            ),
            "events": frame(
                "SELECT event_id, objective, kind, severity, status, start_time, end_time, "
                "releasability, ST_AsText(geometry) AS wkt FROM events"
            ),
            "positions": frame(
                "SELECT p.mmsi, p.rx_time, p.lon, p.lat, i.releasability FROM ais_positions p "
                f"{with_ingest}"
            ),
            "land_reports": frame("SELECT report_id, observed_at, releasability FROM land_reports"),
            "plans": frame(
                "SELECT plan_id, name, of_record, created, releasability FROM force_plans"
            ),
            "rejects": frame(
                f"SELECT r.ingest_id, r.line, i.releasability FROM rejects r {with_ingest}"
            ),
            "ingests": frame("SELECT ingest_id, releasability FROM ingests"),
            "ingest_skips": frame("SELECT reason, releasability FROM ingest_skips"),
            "nations": frame("SELECT nation, [] :: VARCHAR[] AS releasability FROM nations"),
        }
        members = frozenset(
            r[0]
            for r in con.execute(
                f"SELECT nation FROM nations WHERE role IN {COALITION_ROLES}"
            ).fetchall()
        )
    finally:
        con.close()
    return rows, members


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matrix, TestClient]]:
    home = tmp_path_factory.mktemp("matrix")
    ctx = ScenarioContext(7, 1.0, DEFAULT_START, 3, home / "scenario", notional_line())
    coalition.generate(ctx)
    folder = home / "scenario" / "coalition"
    observer = home / "observer.yaml"
    observer.write_text("nations:\n  - {nation: KOR, name: Korea, role: observer}\n")
    db = home / "reassure.duckdb"
    with Store(db) as store:
        ingest_files(store, "nations", [folder / "nations.yaml", observer])
        ingest_files(store, "requirements", [folder / "requirements.yaml"], releasability=["GBR"])
        ingest_files(store, "pledges", [folder / "pledges.yaml"])
        ingest_files(store, "lift", [folder / "lift.yaml"])
        ingest_files(store, "zones", [_zone_file(home)])
        for path, released in _feeds(home).values():
            ingest_files(store, "ais", [path], releasability=released)
        mixed, fra = _land_reports(home)
        ingest_files(store, "reports", [mixed])
        ingest_files(store, "reports", [fra], releasability=["FRA"])
        run_detectors(store)
        with store.transaction() as con:
            write_events(con, _hand_events())
    own_pledges = folder / "coa" / "own_pledges.yaml"  # requirements from the store: GBR
    own_pledges.write_text("name: own pledges\np_day: 2027-03-01\npledges: ../pledges.yaml\n")
    quick = ("--time-limit", "6")
    for command in (
        ("solve", *quick),
        ("compare", str(own_pledges), str(folder / "coa" / "coa_a.yaml"), *quick),
    ):
        done = reassure(home, "plan", *command)
        assert done.returncode == 0, done.stderr
    with Store(db) as store, store.transaction() as con:
        tokens = {n: add_user(con, f"{n.lower()}.user", n, ["watch"]) for n in USERS}
    rows, members = _read_rows(db)
    with TestClient(create_app(db, clock=lambda: WALL_CLOCK)) as client:
        yield Matrix(db, tokens, rows, members), client


def test_the_store_holds_restricted_records_in_every_table(
    matrix: tuple[Matrix, TestClient],
) -> None:
    """The matrix means something only if every table has records for some nations
    and not others."""
    m, _ = matrix
    for table in (
        "zones", "events", "positions", "land_reports", "plans", "rejects", "ingests"
    ):  # fmt: skip
        released = {tuple(r) for r in m.rows[table]["releasability"].to_list()}
        assert () in released and len(released) > 1, (table, released)
    plans = dict(
        zip(m.rows["plans"]["name"], m.rows["plans"]["releasability"].to_list(), strict=False)
    )
    assert plans["plan"] == ["GBR"]  # solve, on GBR-only requirements
    assert plans["own pledges"] == ["GBR"]  # compare, with the store's requirements
    assert [n for n, r in plans.items() if r == []], "a COA naming every file is open"
    assert "KOR" not in m.members and {"UKR", "EST", "POL"} <= m.members


# -- the oracle, route by route -------------------------------------------------------

Query = dict[str, Any]


def _time(q: Query, key: str) -> datetime | None:
    return datetime.fromisoformat(q[key]) if key in q else None


def _box(q: Query) -> shapely.Geometry | None:
    return shapely.box(*map(float, q["bbox"].split(","))) if "bbox" in q else None


def _zones(m: Matrix, nation: str, q: Query) -> Any:
    box, at = _box(q), _time(q, "at")
    return sorted(
        r["zone_id"]
        for r in m.visible("zones", nation).iter_rows(named=True)
        if q.get("objective", r["objective"]) == r["objective"]
        and (box is None or shapely.from_wkt(r["wkt"]).intersects(box))
        and (at is None or r["valid_from"] is None or r["valid_from"] <= at)
        and (at is None or r["valid_to"] is None or r["valid_to"] > at)
    )


def _events(m: Matrix, nation: str, q: Query) -> Any:
    box, start, end = _box(q), _time(q, "start"), _time(q, "end")
    kept = [
        r
        for r in m.visible("events", nation).sort("event_id").iter_rows(named=True)
        if q.get("objective", r["objective"]) == r["objective"]
        and q.get("kind", r["kind"]) == r["kind"]
        and q.get("severity", r["severity"]) == r["severity"]
        and (start is None or r["end_time"] >= start)
        and (end is None or r["start_time"] <= end)
        and (box is None or (r["wkt"] is not None and shapely.from_wkt(r["wkt"]).intersects(box)))
    ]
    newest_first = sorted(kept, key=lambda r: r["start_time"], reverse=True)  # stable: ids
    limit = int(q.get("limit", 10_000))  # the route's default
    shown = sorted(r["event_id"] for r in newest_first[:limit])
    return shown, len(kept) > limit  # the paging flag counts only what the reader may see


def _tracks(m: Matrix, nation: str, q: Query) -> Any:
    seen = m.visible("positions", nation)
    valid = seen.filter(
        pl.col("rx_time").is_not_null() & pl.col("lon").is_between(-180, 180)
        & pl.col("lat").is_between(-90, 90)
    )  # fmt: skip
    if "start" in q:
        valid = valid.filter(pl.col("rx_time") >= _time(q, "start"))
    if "end" in q:
        valid = valid.filter(pl.col("rx_time") <= _time(q, "end"))
    if "mmsi" in q:
        valid = valid.filter(pl.col("mmsi") == int(q["mmsi"]))
    if "bbox" in q:
        x0, y0, x1, y1 = map(float, q["bbox"].split(","))
        inside = seen.filter(pl.col("lon").is_between(x0, x1) & pl.col("lat").is_between(y0, y1))
        valid = valid.filter(pl.col("mmsi").is_in(inside["mmsi"].implode()))
    return dict(sorted(valid.group_by("mmsi").len().iter_rows()))


def _status(m: Matrix, nation: str, q: Query, body: dict[str, Any]) -> Any:
    as_of = datetime.fromisoformat(body["as_of"].replace("Z", "+00:00"))
    if "as_of" in q:
        assert as_of == _time(q, "as_of")
    since = as_of - timedelta(hours=float(q.get("window_h", 24)))
    times = [
        *m.visible("positions", nation)["rx_time"].drop_nulls().to_list(),
        *m.visible("land_reports", nation)["observed_at"].to_list(),
    ]
    events = m.visible("events", nation).filter(
        (pl.col("status") != "dismissed") & (pl.col("end_time") >= since)
        & (pl.col("start_time") <= as_of)
    )  # fmt: skip
    counts = {
        o: dict(
            sorted(events.filter(pl.col("objective") == o).group_by("severity").len().iter_rows())
        )
        for o in ("skies", "seas", "land", "support", "force")
    }
    positions = m.visible("positions", nation).filter(pl.col("rx_time").is_between(since, as_of))
    reports = m.visible("land_reports", nation).filter(
        pl.col("observed_at").is_between(since, as_of)
    )
    record = m.visible("plans", nation).filter("of_record").height
    newest = max(times).isoformat().replace("+00:00", "Z") if times else None
    return newest, counts, {"ais": positions.height, "land_reports": reports.height,
                            "plan_of_record": record}  # fmt: skip


def _status_answer(body: dict[str, Any]) -> Any:
    counts = {
        o["objective"]: {k: v for k, v in sorted(o["counts"].items()) if v}
        for o in body["objectives"]
    }
    sources = {s["source"]: s["records"] for o in body["objectives"] for s in o["sources"]}
    return body["data"]["newest"], counts, sources


def _plans(m: Matrix, nation: str) -> list[str]:
    return sorted(m.visible("plans", nation)["plan_id"].to_list())


def _plan(m: Matrix, nation: str, q: Query) -> Any:
    visible = m.visible("plans", nation)
    if q["plan_id"] == "current":
        visible = visible.filter("of_record")
    else:
        visible = visible.filter(pl.col("plan_id") == q["plan_id"])
    return (200, visible["plan_id"][0]) if visible.height else (404, None)


def _compare(m: Matrix, nation: str, q: Query) -> Any:
    visible = _plans(m, nation)
    if "ids" not in q:
        return 200, visible
    return (200, [q["ids"]]) if q["ids"] in visible else (404, None)


@dataclass(frozen=True)
class Oracle:
    expected: Callable[..., Any]
    """(matrix, nation, query[, body]) -> what the route must answer."""
    answer: Callable[[Any], Any]
    """(response) -> the same shape, from what the route did answer."""
    wants_body: bool = False


def _features(key: str) -> Callable[[Any], Any]:
    return lambda r: sorted(f["properties"][key] for f in r.json()["features"])


ORACLES: dict[str, Oracle] = {
    "/api/me": Oracle(lambda m, n, q: n, lambda r: r.json()["nation"]),
    "/api/zones": Oracle(_zones, _features("zone_id")),
    "/api/events": Oracle(_events, lambda r: (_features("event_id")(r), r.json()["truncated"])),
    "/api/tracks": Oracle(
        _tracks,
        lambda r: {
            f["properties"]["mmsi"]: f["properties"]["n_positions"] for f in r.json()["features"]
        },
    ),
    "/api/status": Oracle(_status, lambda r: _status_answer(r.json()), wants_body=True),
    "/api/plans": Oracle(
        lambda m, n, q: _plans(m, n), lambda r: sorted(p["plan_id"] for p in r.json())
    ),
    "/api/plans/compare": Oracle(
        _compare,
        lambda r: (
            (r.status_code, sorted(p["plan_id"] for p in r.json()["plans"]))
            if r.status_code == 200
            else (r.status_code, None)
        ),
    ),
    "/api/plans/{plan_id}": Oracle(
        _plan,
        lambda r: (r.status_code, r.json()["plan_id"] if r.status_code == 200 else None),
    ),
    "/basemap/{layer}.geojson": Oracle(lambda m, n, q: 200, lambda r: r.status_code),
}
"""Route (as the OpenAPI schema names it) -> its oracle. A new route must add one."""


# -- the filters, targeted at restricted records -----------------------------------


def _values(m: Matrix, name: str) -> list[Any]:
    """Values of a query or path parameter, by its name, aimed at restricted records."""
    around = lambda lon, lat: f"{lon - 0.1},{lat - 0.1},{lon + 0.1},{lat + 0.1}"  # noqa: E731
    times = [T0 + timedelta(hours=h) for h in (30, 40, 41)]
    plan_ids = sorted(m.rows["plans"]["plan_id"].to_list())
    values: dict[str, list[Any]] = {
        "bbox": [around(30.0, 42.0), around(35.0, 43.0), "-180,-90,180,90"],
        "start": [times[0].isoformat()],
        "end": [times[1].isoformat()],
        "as_of": [(t + timedelta(minutes=30)).isoformat() for t in times[:2]],
        "at": [T0.isoformat()],
        "mmsi": [SECRET, FRAEST],
        "objective": ["skies", "seas"],
        "kind": ["matrix"],
        "severity": ["critical"],
        "limit": [1],
        "window_h": [72],
        "max_points": [2],
        "ids": plan_ids,
        "plan_id": [*plan_ids, "current"],
        "layer": ["countries"],
    }
    if name not in values:
        raise AssertionError(
            f"parameter {name!r}: give the matrix values aimed at restricted records"
        )
    return values[name]


def _cases(m: Matrix, path: str, parameters: list[dict[str, Any]]) -> Iterator[Query]:
    """No filter, then each parameter alone at each of its values (a path parameter
    is always given)."""
    required = [p["name"] for p in parameters if p["in"] == "path"]
    optional = [p["name"] for p in parameters if p["in"] == "query"]
    for fixed in itertools.product(*(_values(m, n) for n in required)):
        base = dict(zip(required, fixed, strict=True))
        yield base
        for name in optional:
            for value in _values(m, name):
                yield {**base, name: value}


def _url(path: str, q: Query) -> tuple[str, dict[str, Any]]:
    query = {k: v for k, v in q.items() if f"{{{k}}}" not in path}
    return path.format(**q), query


def _routes(client: TestClient) -> dict[str, list[dict[str, Any]]]:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    return {
        path: item["get"].get("parameters", [])
        for path, item in schema["paths"].items()
        if "get" in item
    }


def test_every_route_is_in_the_matrix(matrix: tuple[Matrix, TestClient]) -> None:
    m, client = matrix
    routes = _routes(client)
    assert set(routes) == set(ORACLES), "a route without an oracle in the matrix (or gone)"
    for path, parameters in routes.items():
        assert list(_cases(m, path, parameters)), path
    assert not [p for p, item in client.app.openapi()["paths"].items() if set(item) - {"get"}], (
        "a route that writes: add it to the matrix"
    )


def test_each_route_answers_each_nation_what_the_rule_computes(
    matrix: tuple[Matrix, TestClient],
) -> None:
    m, client = matrix
    checked, mismatches = 0, []
    for path, parameters in _routes(client).items():
        oracle = ORACLES[path]
        for q in _cases(m, path, parameters):
            url, query = _url(path, q)
            for nation in USERS:
                response = client.get(
                    url, params=query, headers={"Authorization": f"Bearer {m.tokens[nation]}"}
                )
                assert response.status_code < 500, (url, query, response.text)
                asked = str(q)  # an id the reader sent may come back in its 404
                leaked = [
                    c for c in m.hidden_canaries(nation) if c in response.text and c not in asked
                ]
                if leaked:
                    mismatches.append((nation, url, query, "leaks", leaked))
                args = (m, nation, q, response.json()) if oracle.wants_body else (m, nation, q)
                expected, answered = oracle.expected(*args), oracle.answer(response)
                if expected != answered:
                    mismatches.append((nation, url, query, expected, answered))
                checked += 1
    print(f"releasability matrix: {checked} answers checked")
    assert not mismatches, "\n".join(map(str, mismatches[:20]))


def test_each_export_gives_each_reader_what_the_rule_computes(
    matrix: tuple[Matrix, TestClient], tmp_path: Path
) -> None:
    m, _ = matrix
    keys = {"events": "event_id", "zones": "zone_id", "nations": "nation", "ingests": "ingest_id",
            "rejects": "line", "land_reports": "report_id", "ingest_skips": "reason"}  # fmt: skip
    assert set(keys) == set(EXPORTABLE), "an exportable table without a key in the matrix"
    mismatches = []
    with Store(m.db, read_only=True) as store:
        for table, nation, fmt in itertools.product(EXPORTABLE, READERS, FORMATS):
            if fmt == "geojson" and table not in ("events", "zones"):
                continue
            out = tmp_path / f"{table}-{nation}.{fmt}"
            count = export_table(store, table, out, nation, fmt)
            if fmt == "geojson":
                got = sorted(
                    f["properties"][keys[table]] for f in json.loads(out.read_text())["features"]
                )
            elif fmt == "csv":
                got = (
                    sorted(
                        r[0]
                        for r in duckdb.sql(
                            f"SELECT \"{keys[table]}\" FROM read_csv('{out}')"
                        ).fetchall()
                    )
                    if count
                    else []
                )
            else:
                got = sorted(pq.read_table(out).column(keys[table]).to_pylist())
            expected = sorted(m.visible(table, nation)[keys[table]].to_list())
            if got != expected or count != len(expected):
                mismatches.append((table, nation, fmt, expected, got))
    assert not mismatches, "\n".join(map(str, mismatches[:20]))
