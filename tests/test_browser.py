"""The COP web page in a real Chromium, against the real app on the real demo store.

Nothing is mocked: ``build_demo_store`` generates, ingests and analyses the demo scenario,
``create_app`` serves the store with uvicorn on a free 127.0.0.1 port, and Debian's
Chromium (headless; WebGL through ANGLE on SwiftShader) opens the page. Every request to
anything but that server is refused and fails the test: the COP must work offline.

The page exposes ``window.__copReady``, ``window.__copCounts`` and ``window.__copMap``
for these tests. The screenshot of the picture is saved to ``test-artifacts/cop.png``.

The sea picture (vessel tracks from ``/api/tracks``) is checked against the demo store as
it is, whatever AIS it holds, and against one with a small real AIS file ingested.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect, sync_playwright

from conftest import WALL_CLOCK, copy_demo
from reassure.cop.app import create_app
from reassure.demo import DemoResult
from reassure.events import OBJECTIVES
from reassure.ingest import ingest_files
from reassure.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
# Real AIS (NMEA with receive times) off Western Australia, from the shared test data.
REAL_AIS = REPO.parent / "shared/data/sea/risky__nmea-timestamped.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu-sandbox",
    # WebGL 2 without a GPU: ANGLE on SwiftShader (software Vulkan).
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    # No traffic of the browser's own, and no name resolution but the test server's.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 800}
READY_TIMEOUT_MS = 60_000

# Pixel statistics of a PNG, computed by the browser itself (no imaging library needed).
PIXEL_STATS_JS = """
async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const colours = new Set();
  let red = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (r >= 140 && r > 2 * g && r > 2 * b) red += 1;
  }
  return { distinct: colours.size, red, pixels: bitmap.width * bitmap.height };
}
"""

# Show only the map layers whose id starts with one of `prefixes`, and nothing over the
# canvas (labels, legend, controls); wait for the frame. RESTORE_JS undoes it.
ISOLATE_JS = """
async (prefixes) => {
  const map = window.__copMap;
  window.__testSaved ??= {
    layers: map.getStyle().layers.map((l) => [l.id, map.getLayoutProperty(l.id, "visibility")]),
    overlays: [...document.querySelectorAll(
      "#mapwrap .overlay, #map .maplibregl-marker, #map .maplibregl-control-container"
    )].map((el) => [el, el.style.visibility]),
  };
  for (const [el] of window.__testSaved.overlays) el.style.visibility = "hidden";
  for (const [id] of window.__testSaved.layers) {
    const keep = prefixes.some((prefix) => id.startsWith(prefix));
    map.setLayoutProperty(id, "visibility", keep ? "visible" : "none");
  }
  await new Promise((resolve) => { map.once("idle", resolve); map.triggerRepaint(); });
}
"""
RESTORE_JS = """
async () => {
  const map = window.__copMap;
  for (const [id, visibility] of window.__testSaved.layers) {
    map.setLayoutProperty(id, "visibility", visibility ?? "visible");
  }
  for (const [el, visibility] of window.__testSaved.overlays) el.style.visibility = visibility;
  delete window.__testSaved;
  await new Promise((resolve) => { map.once("idle", resolve); map.triggerRepaint(); });
}
"""


@dataclass
class Server:
    url: str
    tokens: dict[str, str]


@dataclass
class Watch:
    """What a page did that a test may forbid."""

    origin: str
    external: list[str] = field(default_factory=list)
    api_calls: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "about"):
            return True
        if parts.scheme == "blob":  # object URLs the page made itself (MapLibre's worker)
            return url.startswith(f"blob:{self.origin}/")
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def on_route(self, route: Route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def on_request(self, url: str) -> None:
        if not self.is_local(url):
            self.external.append(url)
        elif urlsplit(url).path.startswith("/api/"):
            self.api_calls.append(urlsplit(url).path)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


@contextmanager
def serve(db_path: Path, tokens: dict[str, str]) -> Iterator[Server]:
    """The COP app on the store at ``db_path``, with uvicorn on a free 127.0.0.1 port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, held until uvicorn takes the socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(db_path, clock=lambda: WALL_CLOCK), log_level="warning", ws="none"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the COP server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", tokens)
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def server(seed7_demo: DemoResult) -> Iterator[Server]:
    with serve(seed7_demo.db_path, seed7_demo.tokens) as running:  # the COP only reads
        yield running


@pytest.fixture(scope="module")
def sea_server(
    seed7_demo: DemoResult, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The demo store with a small real AIS file ingested on top of it."""
    if not REAL_AIS.exists():
        pytest.fail(f"the real AIS test file is missing: {REAL_AIS}")
    demo = copy_demo(seed7_demo, tmp_path_factory.mktemp("cop-sea"))
    with Store(demo.db_path) as store:
        [report] = ingest_files(store, "ais", [REAL_AIS])
    assert report.n_decoded > 0, report
    with serve(demo.db_path, demo.tokens) as running:
        yield running


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (Debian package `chromium`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def watch(request: pytest.FixtureRequest) -> Watch:
    """Watches the page against the server the test uses (``sea_server`` or ``server``)."""
    name = "sea_server" if "sea_server" in request.fixturenames else "server"
    running: Server = request.getfixturevalue(name)
    return Watch(running.url)


def open_page(browser: Browser, watch: Watch) -> Page:
    """A page in a context of its own, every request and console line seen by ``watch``
    (close it with ``page.context.close()``)."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.route("**/*", watch.on_route)
    page = context.new_page()
    page.on("request", lambda request: watch.on_request(request.url))
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
    return page


@pytest.fixture
def page(browser: Browser, watch: Watch) -> Iterator[Page]:
    page = open_page(browser, watch)
    yield page
    page.context.close()


def pixel_stats(page: Page, png: bytes) -> dict[str, int]:
    stats: dict[str, int] = page.evaluate(PIXEL_STATS_JS, base64.b64encode(png).decode())
    return stats


def wait_ready(page: Page) -> dict[str, Any]:
    page.wait_for_function("() => window.__copReady === true", timeout=READY_TIMEOUT_MS)
    counts: dict[str, Any] = page.evaluate("() => window.__copCounts")
    return counts


def api_tracks(server: Server, user: str) -> list[dict[str, Any]]:
    """The vessel tracks the API gives ``user`` (what the page asks for)."""
    response = httpx.get(
        f"{server.url}/api/tracks",
        params={"max_points": 400},
        headers={"Authorization": f"Bearer {server.tokens[user]}"},
        timeout=30,
    )
    response.raise_for_status()
    features: list[dict[str, Any]] = response.json()["features"]
    return features


def layer_ids(page: Page) -> list[str]:
    ids: list[str] = page.evaluate("() => window.__copMap.getStyle().layers.map((l) => l.id)")
    return ids


def legend_track_count(page: Page) -> int:
    return int(page.locator("#layer-list [data-layer=tracks] .layer-count").inner_text())


def test_the_picture_renders_offline(page: Page, watch: Watch, server: Server) -> None:
    page.goto(f"{server.url}/#token={server.tokens['gbr.watch']}")
    counts = wait_ready(page)

    assert "token" not in page.url, "the token must leave the address bar"
    assert counts["zones"] > 0
    assert counts["events"] > 0
    ids = layer_ids(page)
    assert [i for i in ids if i.startswith("zones-")]
    assert [i for i in ids if i.startswith("events-")]
    assert {"zones-dmz-hatch", "zones-line_of_contact-line", "events-point"} <= set(ids)
    # Vessel tracks: whatever AIS the demo holds (maybe none), all of it, under the events.
    tracks = [i for i in ids if i.startswith("tracks-")]
    assert "tracks-line" in tracks and "tracks-end" in tracks
    assert max(map(ids.index, tracks)) < min(ids.index(i) for i in ids if i.startswith("events-"))
    assert counts["tracks"] == len(api_tracks(server, "gbr.watch"))
    assert legend_track_count(page) == counts["tracks"]

    expect(page.locator("#user .nation")).to_have_text("GBR")
    badges = page.locator("#status [data-objective]")
    expect(badges).to_have_count(5)
    objectives = badges.evaluate_all("els => els.map((e) => e.dataset.objective)")
    assert objectives == list(OBJECTIVES)
    levels = badges.evaluate_all("els => els.map((e) => e.dataset.level)")
    # the seed-7 picture as its data shows it, judged at the data's clock (WALL_CLOCK is
    # days later): violations at sea and on land, no air or support source at all
    assert dict(zip(objectives, levels, strict=True)) == {
        "skies": "no_data",
        "seas": "red",
        "land": "red",
        "support": "no_data",
        "force": "green",
    }
    expect(badges.first.locator(".level")).to_have_text("NO DATA")
    expect(page.locator("#status-asof")).to_contain_text("as of 03 Dec 23:59")
    expect(page.locator("#data-age")).to_have_text(
        "newest data 3 d 23 h old · judged at the newest data, not now"
    )
    expect(page.locator("#data-age")).to_have_class("data-age stale")
    rules = page.locator("#status-rules-list li")
    expect(rules).to_have_count(5)
    expect(rules.first).to_contain_text("NO DATA no source of the objective reported")
    expect(page.locator("#layer-list .layer-row")).not_to_have_count(0)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cop.png")

    # What the canvas alone shows (WebGL really drew): everything, the basemap only, and
    # the basemap with the DMZ, which must add red.
    canvas = {}
    for name, prefixes in {
        "all": ["base-", "zones-", "tracks-", "events-"],
        "basemap": ["base-"],
        "dmz": ["base-", "zones-dmz-"],
    }.items():
        page.evaluate(ISOLATE_JS, prefixes)
        canvas[name] = pixel_stats(page, page.locator("#map").screenshot())
    page.evaluate(RESTORE_JS)
    # A blank canvas has one colour; the antialiased basemap thousands; zones and events more.
    assert canvas["basemap"]["distinct"] > 500, f"the map looks blank: {canvas}"
    assert canvas["all"]["distinct"] > 1.5 * canvas["basemap"]["distinct"], canvas
    assert canvas["dmz"]["red"] > 500, f"no red DMZ on the map: {canvas}"
    assert canvas["basemap"]["red"] < canvas["dmz"]["red"] / 10, canvas

    # An alert in the side panel opens the event's details.
    first = page.locator("#alerts button.alert").first
    event_id = first.get_attribute("data-event-id")
    first.click()
    details = page.locator(".event-details").first
    expect(details).to_be_visible(timeout=10_000)
    expect(details).to_contain_text(event_id or "")
    expect(details.locator("table.evidence-table")).to_be_visible()
    expect(details.locator("pre.evidence")).to_be_attached()

    assert watch.external == [], f"the page tried to leave the server: {watch.external}"
    assert watch.console_errors == []


def test_without_a_token_the_page_asks_to_sign_in(page: Page, watch: Watch, server: Server) -> None:
    page.goto(f"{server.url}/")
    expect(page.locator("#signin")).to_be_visible()
    expect(page.locator("#token-input")).to_be_focused()
    expect(page.locator("#signin-msg")).to_be_hidden()
    assert page.evaluate("() => window.__copReady") is False
    assert watch.api_calls == []
    assert watch.external == []
    assert watch.console_errors == []


def test_a_refused_token_asks_again_and_a_good_one_signs_in(
    page: Page, watch: Watch, server: Server
) -> None:
    page.goto(f"{server.url}/#token=not-a-token")
    expect(page.locator("#signin-msg")).to_contain_text("refused")
    assert "token" not in page.url
    assert page.evaluate("() => sessionStorage.length") == 0

    page.fill("#token-input", server.tokens["fra.watch"])
    page.click("#signin button[type=submit]")
    counts = wait_ready(page)
    expect(page.locator("#signin")).to_be_hidden()
    expect(page.locator("#user .nation")).to_have_text("FRA")
    assert counts["zones"] > 0
    assert watch.external == []
    # The browser reports the refused /api/me call (HTTP 401) as a console error.
    assert [e for e in watch.console_errors if "401" not in e] == []


# A gap, an encounter and a jump as the sea detectors write them (reassure.sea.detect).
SEA_EVENTS_JS = """
async () => {
  const { eventDetails } = await import("/static/details.js");
  const { renderAlerts } = await import("/static/panel.js");
  const base = {
    objective: "seas", status: "detected", confidence: 0.8, releasability: [],
    start_time: "2026-12-02T18:02:46Z", end_time: "2026-12-03T16:12:56Z", zone_id: null,
  };
  const line = { type: "LineString", coordinates: [[34.76, 43.65], [29.98, 43.38]] };
  const events = [
    { ...base, event_id: "ais_gap-1", kind: "ais_gap", subject: "511160099", severity: "warning",
      detector: "sea.ais_gap", title: "AIS silent 22.2 h, reappeared 386 km away",
      evidence: { count: 2, distance_km: 386.458551, gap_h: 22.169444, implied_speed_kn: 9.41,
        lat_end: 43.384743, lat_start: 43.649263, lon_end: 29.984592, lon_start: 34.764033,
        reasons: [], records: ["ais:57017", "ais:85295"], unreliable: false, zone_ids: [] } },
    { ...base, event_id: "encounter-1", kind: "encounter", subject: "312752921-511160099",
      severity: "warning", detector: "sea.encounter",
      title: "Encounter of 312752921 and 511160099: 3.2 h within 240 m at 0.8 kn",
      evidence: { count: 20, duration_h: 3.24, mmsi_a: 312752921, mmsi_b: 511160099,
        median_distance_m: 240.2, min_distance_m: 120.4, median_speed_kn: 0.8, lon: 30.8, lat: 44.8,
        records: ["ais:1", "ais:2"] } },
    { ...base, event_id: "identity_clash-1", kind: "identity_clash", subject: "352961744",
      severity: "critical", detector: "sea.position_jump",
      title: "MMSI 352961744 in two places at once: 48 jumps of up to 235 km",
      evidence: { count: 70, jumps: 48, max_distance_km: 235.08, max_implied_speed_kn: 224619.4,
        min_interval_s: 2.0, lon_from: 37.68, lat_from: 42.37, lon_to: 40.37, lat_to: 41.69,
        records: ["ais:75146", "ais:77576"] } },
  ].map((p) => ({ type: "Feature", geometry: line, properties: p }));
  const vessels = new Map([[511160099, { shipname: "SEA STAR", flag: "MLT" }]]);
  const popups = events.map((f) => {
    const el = document.body.appendChild(eventDetails(f, null, vessels)); // innerText needs layout
    const text = el.innerText;
    el.remove();
    return text;
  });
  const list = document.createElement("ol");
  document.body.append(list);
  const land = { type: "Feature", geometry: null, properties:
    { ...base, objective: "land", kind: "shelling", event_id: "land-1", severity: "warning" } };
  renderAlerts(list, [...events, land], () => {}, { vessels });
  const alerts = [...list.querySelectorAll(".alert")].map((el) => el.innerText);
  const icons = [...list.querySelectorAll("img.app6")].map((img) => img.src);
  list.remove();
  return { popups, alerts, icons };
}
"""


def test_the_sea_picture_shows_vessel_tracks(page: Page, watch: Watch, sea_server: Server) -> None:
    page.goto(f"{sea_server.url}/#token={sea_server.tokens['gbr.watch']}")
    counts = wait_ready(page)

    tracks = api_tracks(sea_server, "gbr.watch")
    assert counts["tracks"] == len(tracks) > 0
    assert legend_track_count(page) == counts["tracks"]
    on_map = page.evaluate(
        """async () => {
          const map = window.__copMap;
          return {
            tracks: (await map.getSource("tracks").getData()).features.length,
            ends: (await map.getSource("track-ends").getData()).features.length,
          };
        }"""
    )
    assert on_map == {"tracks": len(tracks), "ends": len(tracks)}

    # The real file's vessels are off Western Australia: lift the theatre's bounds, fit
    # the map to them and the tracks layer draws them.
    target = page.evaluate(
        """async () => {
          const map = window.__copMap;
          const data = await map.getSource("track-ends").getData();
          const far = data.features.filter((f) => f.geometry.coordinates[0] > 100);
          const xs = far.map((f) => f.geometry.coordinates[0]);
          const ys = far.map((f) => f.geometry.coordinates[1]);
          map.setMaxBounds(null);
          map.setMinZoom(0);
          map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]],
            { padding: { top: 60, bottom: 60, left: 60, right: 280 }, animate: false });
          await new Promise((resolve) => { map.once("idle", resolve); map.triggerRepaint(); });
          const rendered = map.queryRenderedFeatures({ layers: ["tracks-end", "tracks-line"] });
          const { width, height } = map.getCanvas().getBoundingClientRect();
          const clear = rendered
            .filter((f) => f.layer.id === "tracks-end")
            .map((f) => ({ mmsi: f.properties.mmsi, at: map.project(f.geometry.coordinates) }))
            .find(({ at }) => at.x > 30 && at.x < width - 260 && at.y > 30 && at.y < height - 60);
          return { rendered: rendered.length, far: far.length, clear };
        }"""
    )
    assert target["far"] > 0
    assert target["rendered"] > 0, f"the tracks layer drew nothing: {target}"
    assert target["clear"], target

    # A click on a vessel's last position opens its details and brightens its track.
    box = page.locator("#map").bounding_box()
    assert box
    at = target["clear"]["at"]
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    details = page.locator(".track-details")
    expect(details).to_be_visible(timeout=10_000)
    expect(details).to_contain_text(str(target["clear"]["mmsi"]))
    for label in ("MMSI", "Flag", "Type", "First seen", "Last seen", "Positions"):
        expect(details).to_contain_text(label)
    page.wait_for_function(
        """(mmsi) => window.__copMap.queryRenderedFeatures({ layers: ["tracks-end-highlight"] })
          .some((f) => f.properties.mmsi === mmsi)""",
        arg=target["clear"]["mmsi"],
        timeout=10_000,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cop-tracks.png")

    # The legend's toggle hides and shows every tracks- layer.
    toggle = page.locator("#layer-list [data-layer=tracks] input")
    toggle.uncheck()
    visibility = """() => {
      const map = window.__copMap;
      return map.getStyle().layers.filter((l) => l.id.startsWith("tracks-"))
        .map((l) => map.getLayoutProperty(l.id, "visibility"));
    }"""
    assert set(page.evaluate(visibility)) == {"none"}
    toggle.check()
    assert set(page.evaluate(visibility)) == {"visible"}

    # Events of the seas read as a watch officer reads them: measures with units, the
    # vessels by name, a sea-surface symbol in the alert list.
    sea = page.evaluate(SEA_EVENTS_JS)
    gap, encounter, clash = sea["popups"]
    for text in (
        "AIS gap",
        "AIS silent\t22.2 h",
        "Distance moved\t386 km",
        "SEA STAR (MMSI 511160099",
    ):
        assert text in gap, gap
    assert "Last seen\t43.649°N 34.764°E" in gap
    assert "Why unreliable" not in gap
    for text in ("Vessels", "MMSI 312752921", "Partner vessel\tSEA STAR", "Closest\t120 m"):
        assert text in encounter, encounter
    for text in ("Identity clash", "Jumps\t48", "Largest jump\t235 km", "Shortest interval\t2 s"):
        assert text in clash, clash
    assert "SEA STAR" in sea["alerts"][0] and "Safe seas" in sea["alerts"][0]
    assert "SEA STAR" in sea["alerts"][1] and "MMSI 312752921" in sea["alerts"][1]
    # A sea-surface symbol (merchant hull), not the ground track's identical quatrefoil.
    assert len(sea["icons"]) == 4 and all(i.startswith("data:image/png") for i in sea["icons"])
    assert sea["icons"][0] == sea["icons"][2] != sea["icons"][3]

    assert watch.external == [], f"the page tried to leave the server: {watch.external}"
    assert watch.console_errors == []
