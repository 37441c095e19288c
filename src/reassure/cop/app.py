"""The COP server: a FastAPI app over one read-only store.

Every ``/api`` route needs ``Authorization: Bearer <token>`` and returns only records
releasable to the caller's nation (``reassure.store.ledger`` applies the rule).
``/basemap/*`` serves the public offline basemap; ``/`` and ``/static`` the web client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import Field

from reassure.cop.params import MAX_WINDOW_H, BBoxText, Objective, Severity, Time, bbox_of
from reassure.cop.plans import MAX_COMPARED
from reassure.cop.schemas import (
    AUTH_ERRORS,
    GEOJSON,
    NOT_FOUND,
    STORE_ERRORS,
    CompareView,
    EventCollection,
    FeatureCollection,
    GeoJSONResponse,
    PlanSummary,
    PlanView,
    StatusView,
    TrackCollection,
    UserView,
    ZoneCollection,
    without_null_queries,
)
from reassure.errors import (
    AccessDenied,
    ConfigError,
    InputError,
    NotFoundError,
    ReassureError,
    StoreError,
)
from reassure.events import StatusParams
from reassure.geo.basemap import BASEMAP_LAYERS, basemap_bytes
from reassure.sea.tracks_query import query_tracks_geojson
from reassure.store.db import Store, load_spatial
from reassure.store.ledger import EventFilter, query_events_geojson, query_zones_geojson
from reassure.store.observed import status_report
from reassure.users import User, authenticate

__all__ = ["create_app", "http_status"]


def http_status(error: ReassureError) -> int:
    """The one mapping from reassure errors to HTTP status codes."""
    if isinstance(error, AccessDenied):
        return 403
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, InputError | ConfigError):
        return 400
    if isinstance(error, StoreError):
        return 503
    return 500


def _static_dir() -> Path:
    return Path(str(resources.files("reassure.cop").joinpath("static")))


READ_LOCK_WAIT_S = 10.0
"""How long a request waits for a writer (ingest, detect) to release the store."""


def _cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only store for the length of one request: between requests the file is
    free, so ``reassure ingest`` and ``detect`` can run while the COP is up and the
    page's next refresh shows what they added. Opened without the spatial extension
    (loading it is most of the cost of a request): a route that draws or boxes
    geometries loads it (``load_spatial``)."""
    with Store(
        request.app.state.db_path, read_only=True, lock_wait_s=READ_LOCK_WAIT_S, spatial=False
    ) as store:
        yield store.con


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(_cursor)]


_bearer = HTTPBearer(auto_error=False, description="a user's token (`reassure users add`)")


def _current_user(
    con: Cursor,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    token = credentials.credentials.strip() if credentials is not None else ""
    if not token:
        raise HTTPException(
            401,
            "sign in: send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return authenticate(con, token)
    except AccessDenied as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc


Me = Annotated[User, Depends(_current_user)]


def wall_clock() -> datetime:
    """The wall clock (UTC): it only tells how old the data is, never what it shows."""
    return datetime.now(UTC)


def create_app(db_path: Path, clock: Callable[[], datetime] = wall_clock) -> FastAPI:
    """The COP app reading the store at ``db_path``; ``clock`` is the wall clock the
    data's age is measured against (tests pass a fixed one)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        Store(db_path, read_only=True).close()  # refuse to start on an unusable store
        app.state.db_path = db_path
        yield

    app = FastAPI(
        title="reassure COP",
        summary="Common operational picture of the reassurance force: zones, events, status.",
        version="0.1.0",
        lifespan=lifespan,
        # Swagger UI and ReDoc load scripts and fonts from CDNs: not on an air-gapped
        # laptop. The OpenAPI document itself is served at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )

    @app.exception_handler(ReassureError)
    async def _reassure_error(request: Request, exc: ReassureError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=http_status(exc))

    openapi = app.openapi

    def tidy_openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = without_null_queries(openapi())
        return app.openapi_schema

    app.openapi = tidy_openapi  # type: ignore[method-assign]

    # Every /api route: signed in, reading the store.
    api_errors = {**AUTH_ERRORS, **STORE_ERRORS}

    @app.get("/api/me", tags=["users"], response_model=UserView, responses=api_errors)
    def me(user: Me) -> dict[str, Any]:
        """The signed-in user: id, nation and roles."""
        return user.as_dict()

    @app.get(
        "/api/zones",
        tags=["map"],
        response_class=GeoJSONResponse,
        response_model=ZoneCollection,
        responses=api_errors,
    )
    def zones(
        user: Me,
        con: Cursor,
        objective: Objective | None = None,
        bbox: Annotated[BBoxText | None, Query(description="zones meeting this box")] = None,
        at: Annotated[Time | None, Query(description="only zones valid at this time")] = None,
    ) -> Response:
        """Zones of the agreement releasable to the user's nation (GeoJSON)."""
        load_spatial(con)
        body = query_zones_geojson(con, user.nation, objective, bbox_of(bbox), at)
        return GeoJSONResponse(body)

    @app.get(
        "/api/events",
        tags=["map"],
        response_class=GeoJSONResponse,
        response_model=EventCollection,
        responses=api_errors,
    )
    def events(
        user: Me,
        con: Cursor,
        objective: Annotated[list[Objective] | None, Query()] = None,
        kind: Annotated[list[str] | None, Query()] = None,
        severity: Annotated[list[Severity] | None, Query()] = None,
        start: Annotated[Time | None, Query(description="events ending at or after")] = None,
        end: Annotated[Time | None, Query(description="events starting at or before")] = None,
        bbox: Annotated[BBoxText | None, Query(description="events meeting this box")] = None,
        limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
    ) -> Response:
        """Events releasable to the user's nation (GeoJSON), newest first."""
        where = EventFilter(objective, kind, severity, start, end, bbox_of(bbox), limit)
        load_spatial(con)
        return GeoJSONResponse(query_events_geojson(con, user.nation, where))

    @app.get(
        "/api/tracks",
        tags=["map"],
        response_class=GeoJSONResponse,
        response_model=TrackCollection,
        responses=api_errors,
    )
    def tracks(
        user: Me,
        con: Cursor,
        bbox: Annotated[BBoxText | None, Query(description="vessels seen in this box")] = None,
        start: Annotated[Time | None, Query(description="positions at or after")] = None,
        end: Annotated[Time | None, Query(description="positions at or before")] = None,
        mmsi: Annotated[list[Annotated[int, Field(ge=0, le=999_999_999)]] | None, Query()] = None,
        max_points: Annotated[int, Query(ge=2, le=5000)] = 400,
    ) -> Response:
        """Vessel tracks (one line per MMSI) from AIS the user's nation may see (GeoJSON)."""
        body = query_tracks_geojson(con, user.nation, bbox_of(bbox), start, end, mmsi, max_points)
        return GeoJSONResponse(body)

    @app.get("/api/status", tags=["status"], response_model=StatusView, responses=api_errors)
    def status(
        user: Me,
        con: Cursor,
        as_of: Annotated[
            Time | None,
            Query(
                description="default: the data's clock (now while data is fresh, else the "
                "newest observed record)"
            ),
        ] = None,
        window_h: Annotated[float, Query(gt=0, le=MAX_WINDOW_H)] = StatusParams.window_h,
    ) -> dict[str, Any]:
        """Red/amber/no data/green per objective from what the user's nation may see,
        with the time it is judged at and the age of the newest data behind it."""
        params = StatusParams(window_h=window_h)
        return status_report(con, user.nation, clock(), as_of, params).as_dict()

    @app.get("/api/plans", tags=["force"], response_model=list[PlanSummary], responses=api_errors)
    def plans(user: Me, con: Cursor) -> list[dict[str, Any]]:
        """Stored force plans the user's nation may see (the plan of record first), with
        their summaries: fill rates, IOC/FOC per objective, troops, cost, nations."""
        from reassure.force.plans import list_plans

        return [p.as_dict(frames=False) for p in list_plans(con, user.nation)]

    @app.get(
        "/api/plans/compare",
        tags=["force"],
        response_model=CompareView,
        responses={**api_errors, **NOT_FOUND},
    )
    def compare_plans(
        user: Me,
        con: Cursor,
        ids: Annotated[
            list[str] | None,
            Query(
                description="plan ids, in the order to show (default: every plan)",
                max_length=MAX_COMPARED,
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Plans side by side: fill rate per objective, IOC/FOC, troops, cost, nations,
        unfilled critical requirements. An id the user's nation may not see is a 404."""
        from reassure.cop.plans import compare_rows
        from reassure.force.plans import list_plans

        visible = {p.plan_id: p for p in list_plans(con, user.nation)}
        wanted = list(dict.fromkeys(ids)) if ids else list(visible)[:MAX_COMPARED]
        for plan_id in wanted:
            if plan_id not in visible:
                raise NotFoundError(f"no plan {plan_id!r} releasable to {user.nation}")
        return compare_rows([visible[plan_id] for plan_id in wanted])

    @app.get(
        "/api/plans/{plan_id}",
        tags=["force"],
        response_model=PlanView,
        responses={**api_errors, **NOT_FOUND},
    )
    def plan(
        user: Me,
        con: Cursor,
        plan_id: Annotated[str, PathParam(openapi_examples={"record": {"value": "current"}})],
    ) -> dict[str, Any]:
        """One plan with its frames (assignments, fill, fill rates, burden, timeline),
        its rotation periods and its unfilled requirements (most critical first);
        ``current`` is the plan of record, when the user's nation may see it."""
        from reassure.cop.plans import plan_view
        from reassure.force.plans import load_plan

        current = plan_id == "current"
        found = load_plan(con, user.nation, None if current else plan_id)
        if found is None:
            what = "plan of record" if current else f"plan {plan_id!r}"
            raise NotFoundError(f"no {what} releasable to {user.nation}")
        return plan_view(found)

    @app.get(
        "/basemap/{layer}.geojson",
        tags=["map"],
        response_class=GeoJSONResponse,
        response_model=FeatureCollection,
        responses=NOT_FOUND,
    )
    def basemap(
        layer: Annotated[
            str, PathParam(openapi_examples={name: {"value": name} for name in BASEMAP_LAYERS})
        ],
    ) -> Response:
        """Public offline basemap layers: countries, oblasts, sea."""
        if layer not in BASEMAP_LAYERS:
            raise HTTPException(404, f"no basemap layer {layer!r}")
        return Response(
            basemap_bytes(layer), media_type=GEOJSON, headers={"Cache-Control": "max-age=86400"}
        )

    static = _static_dir()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html")

    app.mount("/static", StaticFiles(directory=static, check_dir=False), name="static")
    return app
