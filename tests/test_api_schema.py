"""The COP API against its own OpenAPI document, fuzzed by Schemathesis.

Schemathesis reads the document ``/openapi.json`` serves and sends every operation
requests made from its parameters' schemas, valid and invalid, once with a valid
bearer token and once with none. Every response must be a declared status with a
declared content type and headers and a body matching its declared schema, valid
requests must be accepted and invalid ones refused, and none may be a 5xx (all of
Schemathesis's checks).

The store holds a little of everything a route reads: zones, events and monitors'
reports releasable to all, to GBR only and to FRA and UKR only (``test_api``); real
AIS positions; a plan of record and a draft restricted to GBR and FRA.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.types import Receive, Scope, Send

from conftest import SHARED_DATA
from plan_stores import LEADS, coalition_runs
from reassure.cop.app import _cursor, create_app
from reassure.cop.params import BBOX_PATTERN, bbox_of
from reassure.force.planning import store_run
from reassure.ingest import ingest_files
from reassure.store import Store
from reassure.users import add_user
from test_api import NOW, build_api_store

SETTINGS = settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
"""Deterministic and bounded: per operation and run, Schemathesis's explicit examples
and boundary (coverage) cases, then up to 100 generated ones: about 1,300 requests a
run over the 9 operations, some 30 s for both runs on two busy cores."""


class Served:
    """The app under test, once its store exists: Schemathesis binds each operation to
    an ASGI app when the module is collected, before any fixture has run."""

    app: FastAPI | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the `served` fixture starts the app"
        await self.app(scope, receive, send)


SERVED = Served()
TOKEN = "gbr-watch-schemathesis"
"""A GBR watch officer's bearer token, known when the module is collected:
Schemathesis makes its boundary cases (and sets their auth) then."""

schema = schemathesis.openapi.from_dict(create_app(Path("unopened.duckdb")).openapi())
"""The app's OpenAPI document: the app is made, not started, so no store is opened to
read it (Schemathesis's lazy ``from_fixture`` loader fails on pytest 9.2: it sets
``Node._nodeid``, which pytest no longer has)."""
schema.app = SERVED


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Serve the store to ``SERVED``."""
    folder = tmp_path_factory.mktemp("schema")
    db, _ = build_api_store(folder)
    runs = coalition_runs(folder / "coalition", periods=1)
    with Store(db) as store:
        ingest_files(store, "ais", [SHARED_DATA / "sea" / "risky__nmea-timestamped.txt"])
        with store.transaction() as con:
            store_run(con, runs["mip"], of_record=True)
            draft = replace(runs["greedy"], name="leads' draft", releasability=LEADS)
            store_run(con, draft, of_record=False)
            add_user(con, "gbr.fuzz", "GBR", ["watch"], token=TOKEN)
    app = create_app(db, clock=lambda: NOW)
    with Store(db, read_only=True) as store:
        # One open store for the whole run rather than one per request: the zones and
        # events routes load the spatial extension into theirs (~0.3 s a request).
        def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
            yield store.con

        app.dependency_overrides[_cursor] = cursor
        SERVED.app = app
        yield
        SERVED.app = None


class BearerToken:
    """Schemathesis's auth provider: the token on every case but those that leave the
    ``Authorization`` header out or spoil it on purpose."""

    def get(self, case: Any, context: Any) -> str:
        return TOKEN

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def not_applying(case: Any) -> list[Callable[..., Any]]:
    """Checks that do not apply to ``case``. A bbox whose minimum is above its maximum
    matches the document's pattern (a pattern cannot compare two numbers) and is
    refused with a 422: it is not valid data that must be accepted."""
    text = (case.query or {}).get("bbox")
    if isinstance(text, str) and re.fullmatch(BBOX_PATTERN, text):
        w, s, e, n = bbox_of(text) or ()
        if w > e or s > n:
            return [positive_data_acceptance]
    return []


@schema.parametrize()
@schema.auth.apply(BearerToken)
@SETTINGS
def test_api_with_a_valid_token(case: Any, served: None) -> None:
    response = case.call_and_validate(excluded_checks=not_applying(case))
    if response.request.headers.get("Authorization") == f"Bearer {TOKEN}":
        assert response.status_code != 401, "the token must be accepted"


@schema.parametrize()
@SETTINGS
def test_api_without_a_token(case: Any, served: None) -> None:
    if case.headers:  # the document declares bearer auth: Schemathesis may make one up
        case.headers.pop("Authorization", None)
    response = case.call_and_validate(excluded_checks=not_applying(case))
    if case.method == "GET" and case.path.startswith("/api/"):
        assert response.status_code == 401, response.text
