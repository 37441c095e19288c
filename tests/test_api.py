"""The COP API on a real store, endpoint by endpoint, for two nations.

Fixture: three zones and three events — one releasable to all, one to GBR only, one to
FRA and UKR only. A GBR user must never receive the FRA/UKR record, and vice versa.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import pytest
import shapely
from fastapi.testclient import TestClient

from conftest import square, write_fc, zone
from members import join_coalition
from reassure.cop.app import create_app
from reassure.cop.params import Objective, Severity
from reassure.events import OBJECTIVES, SEVERITIES, event_id, events_frame
from reassure.ingest import ingest_files
from reassure.store import Store
from reassure.store.ledger import write_events
from reassure.users import add_user

T0 = datetime(2026, 12, 1, 6, tzinfo=UTC)
NOW = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
"""The wall clock the app is given: data six days old."""
RELEASABILITY = {"all": [], "gbr": ["GBR"], "frauk": ["FRA", "UKR"]}
GEOJSON_PATHS = {"/api/zones", "/api/events", "/api/tracks", "/basemap/{layer}.geojson"}


def _event(
    name: str, objective: str, severity: str, lon: float, lat: float, hours: int
) -> dict[str, Any]:
    start = T0 + timedelta(hours=hours)
    return {
        "event_id": event_id("test", name, start, [name]),
        "objective": objective,
        "kind": "test",
        "subject": name,
        "start_time": start,
        "end_time": start,
        "severity": severity,
        "confidence": 0.7,
        "title": f"event {name}",
        "detector": "test",
        "evidence": {"records": [name]},
        "releasability": RELEASABILITY[name],
        "geometry": shapely.to_wkb(shapely.Point(lon, lat)),
    }


def build_api_store(folder: Path) -> tuple[Path, dict[str, str]]:
    """The fixture's store in ``folder``: (its path, a watch officer's token per nation)."""
    db = folder / "store.duckdb"
    zones = write_fc(
        folder / "z.geojson",
        [
            zone("all", "dmz", square(36, 47, 1)),
            zone("gbr", "exclusion", square(31, 44, 1), objective="seas", releasability=["GBR"]),
            zone(
                "frauk",
                "protected_airspace",
                square(30, 50, 1),
                objective="skies",
                releasability=["FRA", "UKR"],
                floor_ft=0,
                ceiling_ft=66000,
            ),
        ],
    )
    reports = folder / "reports.csv"
    reports.write_text(
        "report_id,observed_at,lon,lat,team,reporting_nation,category,weapon_class,"
        "description,releasability\n"
        "R-ALL,2026-12-01T08:00:00Z,36.5,47.5,T-1,FRA,routine_patrol,none,quiet,\n"
        "R-GBR,2026-12-01T20:00:00Z,36.5,47.5,T-2,GBR,routine_patrol,none,quiet,GBR\n"
    )
    with Store(db) as store:
        ingest_files(store, "zones", [zones])
        ingest_files(store, "reports", [reports])
        with store.transaction() as con:
            write_events(
                con,
                events_frame(
                    [
                        _event("all", "land", "warning", 36.5, 47.5, 0),
                        _event("gbr", "seas", "critical", 31.5, 44.5, 1),
                        _event("frauk", "skies", "critical", 30.5, 50.5, 2),
                    ]
                ),
            )
            join_coalition(con, "GBR", "FRA")
            tokens = {n: add_user(con, f"{n.lower()}.watch", n, ["watch"]) for n in ("GBR", "FRA")}
    return db, tokens


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    db, tokens = build_api_store(tmp_path_factory.mktemp("api"))
    with TestClient(create_app(db, clock=lambda: NOW)) as client:
        yield client, tokens


def get(setup: tuple[TestClient, dict[str, str]], nation: str, url: str) -> Any:
    client, tokens = setup
    response = client.get(url, headers={"Authorization": f"Bearer {tokens[nation]}"})
    assert response.status_code == 200, response.text
    return response.json()


def ids(collection: dict[str, Any], key: str) -> set[str]:
    return {
        f["properties"][key].split("-")[0] if key == "event_id" else f["properties"][key]
        for f in collection["features"]
    }


def subjects(collection: dict[str, Any]) -> set[str]:
    return {f["properties"]["subject"] for f in collection["features"]}


@pytest.mark.parametrize("url", ["/api/me", "/api/zones", "/api/events", "/api/status"])
def test_every_api_route_needs_a_valid_token(
    setup: tuple[TestClient, dict[str, str]], url: str
) -> None:
    client, _ = setup
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer forged"}).status_code == 401
    assert client.get(url, headers={"Authorization": "Basic Z2JyOng="}).status_code == 401


@pytest.mark.parametrize(
    ("nation", "visible"), [("GBR", {"all", "gbr"}), ("FRA", {"all", "frauk"})]
)
def test_zones_are_filtered_by_releasability(setup: Any, nation: str, visible: set[str]) -> None:
    assert ids(get(setup, nation, "/api/zones"), "zone_id") == visible
    assert ids(get(setup, nation, "/api/zones?bbox=29,43,38,52"), "zone_id") == visible
    assert ids(get(setup, nation, "/api/zones?objective=skies"), "zone_id") == visible & {"frauk"}


@pytest.mark.parametrize(
    ("nation", "visible"), [("GBR", {"all", "gbr"}), ("FRA", {"all", "frauk"})]
)
def test_events_are_filtered_by_releasability(setup: Any, nation: str, visible: set[str]) -> None:
    assert subjects(get(setup, nation, "/api/events")) == visible
    assert subjects(get(setup, nation, "/api/events?severity=critical")) == visible - {"all"}
    assert subjects(get(setup, nation, "/api/events?bbox=29,43,38,52&limit=10")) == visible


@pytest.mark.parametrize(("nation", "red"), [("GBR", "seas"), ("FRA", "skies")])
def test_status_counts_only_what_the_nation_may_see(setup: Any, nation: str, red: str) -> None:
    body = get(setup, nation, "/api/status?window_h=48&as_of=2026-12-01T09:00:00Z")
    by_objective = {o["objective"]: o for o in body["objectives"]}
    assert body["as_of"] == "2026-12-01T09:00:00Z" and body["data"]["basis"] == "set"
    critical = {name for name, o in by_objective.items() if o["counts"]["critical"]}
    assert critical == {red}
    assert by_objective["land"]["level"] == "amber"  # a warning, and a monitors' report
    # no air or sea source in this store: its critical event counts, but nobody watched
    assert by_objective[red]["level"] == "no_data"
    assert by_objective["land"]["sources"] == [
        {"source": "land_reports", "label": "monitors' reports", "records": 1}
    ]


@pytest.mark.parametrize(
    ("nation", "newest", "critical"),
    [
        pytest.param("GBR", "2026-12-01T20:00:00Z", "seas", id="GBR-sees-its-report"),
        pytest.param("FRA", "2026-12-01T08:00:00Z", "skies", id="FRA-not-the-GBR-report"),
    ],
)
def test_status_is_judged_at_the_data_clock_the_nation_may_see(
    setup: Any, nation: str, newest: str, critical: str
) -> None:
    body = get(setup, nation, "/api/status")
    assert body["as_of"] == newest  # six days old: judged at the data, not at NOW
    data = body["data"]
    assert (data["basis"], data["newest"], data["stale"]) == ("data", newest, True)
    age = NOW - datetime.fromisoformat(newest)
    assert data["age_s"] == age.total_seconds()
    assert data["note"].startswith("newest data 6 d ") and data["note"].endswith(" h old")
    levels = {o["objective"]: o["level"] for o in body["objectives"]}
    # only the monitors reported (no air, sea or support source, no plan of record):
    # the critical event the nation sees is counted, its objective is not green
    assert levels == {
        "skies": "no_data",
        "seas": "no_data",
        "support": "no_data",
        "force": "no_data",
        "land": "amber",  # a warning, and the monitors' reports
    }
    counted = {o["objective"] for o in body["objectives"] if o["counts"]["critical"]}
    assert counted == {critical}
    skies = next(o for o in body["objectives"] if o["objective"] == "skies")
    assert skies["expects"] == "an ADS-B / Mode S air picture" and skies["sources"] == []


def test_status_follows_the_wall_clock_while_data_is_fresh(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    reports = tmp_path / "r.csv"
    reports.write_text(
        "report_id,observed_at,lon,lat,team,reporting_nation,category,weapon_class,"
        "description,releasability\n"
        "R1,2026-12-01T08:00:00Z,36.5,47.5,T-1,FRA,routine_patrol,none,quiet,\n"
    )
    with Store(db) as store:
        ingest_files(store, "reports", [reports])
        with store.transaction() as con:
            join_coalition(con, "FRA")
            token = add_user(con, "fra.watch", "FRA", ["watch"])
    now = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    with TestClient(create_app(db, clock=lambda: now)) as client:
        body = client.get("/api/status", headers={"Authorization": f"Bearer {token}"}).json()
    assert body["as_of"] == "2026-12-01T10:30:00Z"
    assert body["data"]["basis"] == "wall clock" and not body["data"]["stale"]
    assert body["data"]["note"] == "newest data 2 h 30 min old"
    land = next(o for o in body["objectives"] if o["objective"] == "land")
    assert (land["level"], land["reported"]) == ("green", 1)


def test_event_features_carry_the_schema(setup: Any) -> None:
    feature = get(setup, "GBR", "/api/events?objective=land")["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.5, 47.5]}
    props = feature["properties"]
    assert props["start_time"] == "2026-12-01T06:00:00Z"
    assert props["evidence"] == {"records": ["all"]}
    assert set(props) >= {
        "event_id",
        "objective",
        "kind",
        "subject",
        "severity",
        "status",
        "confidence",
        "releasability",
        "zone_id",
        "title",
    }


def test_me(setup: Any) -> None:
    assert get(setup, "FRA", "/api/me") == {
        "user_id": "fra.watch",
        "nation": "FRA",
        "roles": ["watch"],
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("/api/events?bbox=1,2,3", "four numbers", id="bbox-3-numbers"),
        pytest.param("/api/events?bbox=40,2,30,3", "minimum is above", id="bbox-inverted"),
        pytest.param("/api/events?bbox=nan,nan,nan,nan", "four numbers", id="bbox-nan"),
        pytest.param("/api/events?bbox=1e400,0,2e400,1", "four numbers", id="bbox-infinite"),
        pytest.param("/api/events?objective=space", "'skies'", id="objective"),
        pytest.param("/api/zones?objective=space", "'skies'", id="zones-objective"),
        pytest.param("/api/events?severity=grave", "'critical'", id="severity"),
        pytest.param("/api/zones?at=yesterday", "RFC 3339", id="not-a-time"),
        pytest.param("/api/events?end=2026-12-01T00:12:00", "RFC 3339", id="naive-time"),
        pytest.param("/api/status?as_of=1764547200", "RFC 3339", id="unix-seconds"),
        pytest.param("/api/tracks?mmsi=99999999999999999999", "999999999", id="mmsi-too-big"),
        pytest.param("/api/events?limit=0", "greater than or equal", id="limit-0"),
        pytest.param("/api/status?window_h=1e9", "less than or equal", id="window-too-long"),
    ],
)
def test_bad_queries_are_422_with_a_reason(setup: Any, url: str, message: str) -> None:
    client, tokens = setup
    response = client.get(url, headers={"Authorization": f"Bearer {tokens['GBR']}"})
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    parameter = url.split("?")[1].split("=")[0]
    assert error["loc"][:2] == ["query", parameter] and message in error["msg"], error


def test_parameter_choices_are_the_event_schemas() -> None:
    assert get_args(Objective) == OBJECTIVES and get_args(Severity) == SEVERITIES


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/status?as_of=0001-01-01T00:00:00Z", id="finding-7"),
        pytest.param("/api/status?as_of=9999-12-31T23:59:59Z", id="status-as-of-year-9999"),
        pytest.param("/api/events?start=0001-01-01T00:00:00%2B01:00", id="events-utc-year-0"),
        pytest.param("/api/events?end=9999-12-31T23:59:59-01:00", id="events-utc-year-10000"),
        pytest.param("/api/tracks?start=0001-01-01T00:00:00Z", id="tracks-year-1"),
        pytest.param("/api/zones?at=9999-12-31T23:00:00Z", id="zones-year-9999"),
    ],
)
def test_times_out_of_the_representable_range_are_422_not_500(setup: Any, url: str) -> None:
    """Issue 10, finding 7: ``as_of=0001-01-01T00:00:00Z`` was a 500 (an
    ``OverflowError`` computing the status window)."""
    client, tokens = setup
    response = client.get(url, headers={"Authorization": f"Bearer {tokens['GBR']}"})
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert "out of the representable range: years 0002 to 9998" in error["msg"]


@pytest.mark.parametrize(
    ("as_of", "judged_at"),
    [
        pytest.param("0002-01-01T00:00:00%2B23:59", "0001-12-31T00:01:00Z", id="first"),
        pytest.param("9998-12-31T23:59:59-23:59", "9999-01-01T23:58:59Z", id="last"),
    ],
)
def test_status_at_the_edges_of_the_range(setup: Any, as_of: str, judged_at: str) -> None:
    """A month's window before the earliest time (in UTC) still fits in a datetime."""
    body = get(setup, "GBR", f"/api/status?as_of={as_of}&window_h=744")
    assert body["as_of"] == judged_at and body["window_h"] == 744
    assert {o["level"] for o in body["objectives"]} == {"no_data"}


def test_public_basemap_and_openapi(setup: Any) -> None:
    client, _ = setup
    countries = client.get("/basemap/countries.geojson")
    assert countries.status_code == 200
    names = {f["properties"]["iso_a3"] for f in countries.json()["features"]}
    assert {"UKR", "ROU", "TUR", "RUS"} <= names
    assert client.get("/basemap/secret.geojson").status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/zones", "/api/events", "/api/status", "/api/me"} <= set(paths)


def test_the_openapi_document_says_what_the_routes_answer(setup: Any) -> None:
    client, _ = setup
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, operations in document["paths"].items():
        operation = operations["get"]
        for parameter in operation.get("parameters", []):  # absent or text, never null
            assert {"type": "null"} not in parameter["schema"].get("anyOf", []), parameter
        if path.startswith("/api/"):
            assert operation["security"] == [{"HTTPBearer": []}], path
            assert {"200", "401", "503"} <= set(operation["responses"]), path
        media = "application/geo+json" if path in GEOJSON_PATHS else "application/json"
        assert list(operation["responses"]["200"]["content"]) == [media], path
        assert operation["responses"]["200"]["content"][media]["schema"], path


def test_store_problems_map_to_http_status() -> None:
    from reassure.cop.app import http_status
    from reassure.errors import AccessDenied, InputError, NotFoundError, StoreLockedError

    assert [
        http_status(e)
        for e in (
            AccessDenied("x"),
            NotFoundError("x"),
            InputError("f", "r"),
            StoreLockedError("x"),
        )
    ] == [403, 404, 400, 503]


def test_a_missing_store_fails_at_start(tmp_path: Path) -> None:
    from reassure.errors import StoreError

    with (
        pytest.raises(StoreError, match="does not exist"),
        TestClient(create_app(tmp_path / "no.duckdb")),
    ):
        pass


def test_no_page_that_loads_from_a_cdn(setup: Any) -> None:
    client, _ = setup
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_the_store_is_free_between_requests(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with Store(db) as store, store.transaction() as con:
        join_coalition(con, "GBR")
        token = add_user(con, "gbr.watch", "GBR", ["watch"])
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(db)) as client:
        assert client.get("/api/zones", headers=headers).json()["features"] == []
        with Store(db) as writer:  # an ingest while the COP is up
            ingest_files(
                writer,
                "zones",
                [write_fc(tmp_path / "z.geojson", [zone("dmz-1", "dmz", square(36, 47, 1))])],
            )
        assert ids(client.get("/api/zones", headers=headers).json(), "zone_id") == {"dmz-1"}


def test_limited_events_come_newest_first_and_say_when_cut(setup: Any) -> None:
    body = get(setup, "GBR", "/api/events?limit=1")
    assert [f["properties"]["subject"] for f in body["features"]] == ["gbr"]
    assert body["truncated"] is True
    assert get(setup, "GBR", "/api/events?limit=5")["truncated"] is False
