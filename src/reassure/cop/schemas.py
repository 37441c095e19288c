"""What the COP API answers, as the OpenAPI document states it.

Models of JSON routes (``/api/me``, ``/api/status``, ``/api/plans...``) check each
response on its way out: a key the model does not declare (``extra="forbid"``) fails
the request in the tests rather than leaving the document behind the code. GeoJSON
routes stream what the store builds (``store.ledger``, ``sea.tracks_query``) without a
second pass; their models only state it, and the Schemathesis test
(``tests/test_api_schema.py``) checks real answers against them.

Errors: ``{"detail": "reason"}`` (:class:`Problem`) for 401, 403, 404 and 503; a 422 is
FastAPI's validation error (``{"detail": [{"loc", "msg", "type", ...}]}``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from reassure.events import Objective

__all__ = [
    "AUTH_ERRORS",
    "GEOJSON",
    "NOT_FOUND",
    "STORE_ERRORS",
    "CompareView",
    "EventCollection",
    "FeatureCollection",
    "GeoJSONResponse",
    "PlanSummary",
    "PlanView",
    "Problem",
    "StatusView",
    "TrackCollection",
    "UserView",
    "ZoneCollection",
]

GEOJSON = "application/geo+json"


class GeoJSONResponse(JSONResponse):
    """A JSON body served as RFC 7946 GeoJSON."""

    media_type = GEOJSON


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Model):
    detail: str = Field(description="why the request was refused")


def _problem(description: str, **extra: Any) -> dict[str, Any]:
    # Written out rather than as ``model``: FastAPI would give it the route's media
    # type, and a GeoJSON route's errors are plain JSON.
    schema = Problem.model_json_schema()
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
        **extra,
    }


AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _problem(
        "no bearer token, or one no user holds",
        headers={"WWW-Authenticate": {"schema": {"type": "string"}}},
    ),
}
STORE_ERRORS: dict[int | str, dict[str, Any]] = {
    503: _problem("the store is busy (a writer holds it) or cannot be read"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _problem("no such record the user may see")}

IsoTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
"""A time as the API writes it: ISO 8601 / RFC 3339 text (``2026-12-01T06:00:00Z``)."""
IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
Nation = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""ISO 3166 alpha-3 (``ZZZ``: no nation)."""

# -- GeoJSON (RFC 7946) ---------------------------------------------------------------

Position = Annotated[list[float], Field(min_length=2, max_length=3)]


class Point(_Model):
    type: Literal["Point"]
    coordinates: Position


class MultiPoint(_Model):
    type: Literal["MultiPoint"]
    coordinates: list[Position]


class LineString(_Model):
    type: Literal["LineString"]
    coordinates: Annotated[list[Position], Field(min_length=2)]


class MultiLineString(_Model):
    type: Literal["MultiLineString"]
    coordinates: list[Annotated[list[Position], Field(min_length=2)]]


class Polygon(_Model):
    type: Literal["Polygon"]
    coordinates: list[Annotated[list[Position], Field(min_length=4)]]


class MultiPolygon(_Model):
    type: Literal["MultiPolygon"]
    coordinates: list[list[Annotated[list[Position], Field(min_length=4)]]]


class GeometryCollection(_Model):
    type: Literal["GeometryCollection"]
    geometries: list[Geometry]


Geometry = Annotated[
    Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon | GeometryCollection,
    Field(discriminator="type"),
]
GeometryCollection.model_rebuild()


class ZoneProperties(_Model):
    zone_id: str
    name: str
    kind: str
    objective: Objective
    floor_ft: float | None
    ceiling_ft: float | None
    valid_from: IsoTime | None
    valid_to: IsoTime | None
    releasability: list[Nation] = Field(description="empty: every coalition nation")
    properties: dict[str, Any] | None = Field(description="the zone file's other properties")


class EventProperties(_Model):
    event_id: str
    objective: Objective
    kind: str
    subject: str
    start_time: IsoTime
    end_time: IsoTime
    zone_id: str | None
    severity: Literal["info", "warning", "critical"]
    confidence: Annotated[float, Field(ge=0, le=1)]
    status: Literal["detected", "corroborated", "verified", "dismissed"]
    title: str
    detector: str
    evidence: dict[str, Any] = Field(description="raw record ids, counts, measured values")
    releasability: list[Nation] = Field(description="empty: every coalition nation")


class TrackProperties(_Model):
    mmsi: int
    flag: str | None = Field(description="flag state from the MMSI's MID")
    n_positions: int = Field(description="positions before thinning")
    start_time: IsoTime
    end_time: IsoTime
    shipname: str | None
    ship_type: str | None


class ZoneFeature(_Model):
    type: Literal["Feature"]
    geometry: Geometry
    properties: ZoneProperties


class EventFeature(_Model):
    type: Literal["Feature"]
    geometry: Geometry | None
    properties: EventProperties


class TrackFeature(_Model):
    type: Literal["Feature"]
    geometry: Point | LineString = Field(discriminator="type")
    properties: TrackProperties


class FeatureCollection(BaseModel):
    """Any RFC 7946 FeatureCollection (the public basemap's layers)."""

    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]


class ZoneCollection(_Model):
    type: Literal["FeatureCollection"]
    features: list[ZoneFeature]


class EventCollection(_Model):
    type: Literal["FeatureCollection"]
    features: list[EventFeature]
    truncated: bool = Field(description="more events matched than ``limit``")


class TrackCollection(_Model):
    type: Literal["FeatureCollection"]
    features: list[TrackFeature]


# -- users and status ------------------------------------------------------------------


class UserView(_Model):
    user_id: str
    nation: Nation
    roles: list[Literal["watch", "planner", "analyst", "liaison", "admin"]]


class DataClockView(_Model):
    as_of: IsoTime
    basis: Literal["data", "wall clock", "set"]
    newest: IsoTime | None = Field(description="the newest observed record the user may see")
    age_s: int | None = Field(description="seconds from it to the wall clock")
    stale: bool
    note: str


class RuleView(_Model):
    level: Literal["red", "amber", "no_data", "green"]
    rule: str


class SourceCount(_Model):
    source: str
    label: str
    records: int


class ObjectiveView(_Model):
    objective: Objective
    level: Literal["red", "amber", "no_data", "green"]
    rule: str
    counts: dict[str, int] = Field(description="live events in the window by severity")
    reported: int
    expects: str
    sources: list[SourceCount]


class StatusView(_Model):
    as_of: IsoTime
    window_h: float
    data: DataClockView
    rules: list[RuleView]
    objectives: list[ObjectiveView]


# -- force plans -------------------------------------------------------------------------


class PlanSummary(_Model):
    plan_id: str
    name: str
    source: str
    created: IsoTime
    method: str
    status: str
    gap: float | None
    of_record: bool
    settings: dict[str, Any] = Field(description="the planner's settings (P-day, rotations)")
    summary: dict[str, Any] = Field(description="fill rates, IOC/FOC per objective, troops")
    releasability: list[Nation]


class Period(_Model):
    period: int
    start: IsoDate
    end: IsoDate


class Unfilled(_Model):
    requirement_id: str
    objective: str
    capability: str
    priority: int
    reason: str | None
    first_period: int | None
    last_period: int | None
    periods: int
    unfilled: int
    wanted: int


class PlanView(PlanSummary):
    frames: dict[str, list[dict[str, Any]]] = Field(description="the plan's tables, by name")
    periods: list[Period]
    unfilled: list[Unfilled]


class Readiness(_Model):
    ioc_day: int | None
    ioc_date: IsoDate | None
    foc_day: int | None
    foc_date: IsoDate | None


class CompareRow(_Model):
    plan_id: str
    name: str
    of_record: bool
    method: str
    status: str
    created: IsoTime
    p_day: IsoDate | None
    releasability: list[Nation]
    fill_rate: float | None
    weighted_fill_rate: float | None
    fill_rate_by_objective: dict[str, float | None]
    first_rotation_fill_rate: dict[str, float | None]
    readiness: dict[str, Readiness]
    troops: int | None
    cost_meur: float | None
    nations: list[Nation]
    unfilled_critical: int | None
    unfilled_critical_requirements: list[str]


class CompareView(_Model):
    objectives: list[str]
    plans: list[CompareRow]


def without_null_queries(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with no query or path parameter that may be JSON ``null``.

    FastAPI writes an optional parameter as ``anyOf: [<schema>, {"type": "null"}]``,
    which tells a client that it may send ``null``; but a query parameter is text or
    absent (Schemathesis sends the text ``null``, which is no objective nor time), and
    ``required: false`` already says it may be left out. Changes ``document`` in place."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                branches = [b for b in schema.get("anyOf", []) if b != {"type": "null"}]
                if "anyOf" in schema and len(branches) == 1:
                    del schema["anyOf"]
                    parameter["schema"] = {**branches[0], **schema}
    return document
