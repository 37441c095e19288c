"""The COP web page in a real Chromium, against the real app on the real demo store.

Nothing is mocked: ``build_demo_store`` generates, ingests and analyses the demo scenario,
``create_app`` serves the store with uvicorn on a free 127.0.0.1 port, and Debian's
Chromium (headless; WebGL through ANGLE on SwiftShader) opens the page. Every request to
anything but that server is refused and fails the test: the COP must work offline.

The page exposes ``window.__copReady``, ``window.__copCounts`` and ``window.__copMap``
for these tests. The screenshot of the picture is saved to ``test-artifacts/cop.png``.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect, sync_playwright

from reassure.cop.app import create_app
from reassure.demo import build_demo_store
from reassure.events import OBJECTIVES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    demo = build_demo_store(tmp_path_factory.mktemp("cop-demo"), seed=7)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, held until uvicorn takes the socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(demo.db_path), log_level="warning", ws="none")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the COP server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", demo.tokens)
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (Debian package `chromium`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def watch(server: Server) -> Watch:
    return Watch(server.url)


@pytest.fixture
def page(browser: Browser, watch: Watch) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.route("**/*", watch.on_route)
    page = context.new_page()
    page.on("request", lambda request: watch.on_request(request.url))
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()


def pixel_stats(page: Page, png: bytes) -> dict[str, int]:
    stats: dict[str, int] = page.evaluate(PIXEL_STATS_JS, base64.b64encode(png).decode())
    return stats


def wait_ready(page: Page) -> dict[str, Any]:
    page.wait_for_function("() => window.__copReady === true", timeout=READY_TIMEOUT_MS)
    counts: dict[str, Any] = page.evaluate("() => window.__copCounts")
    return counts


def test_the_picture_renders_offline(page: Page, watch: Watch, server: Server) -> None:
    page.goto(f"{server.url}/#token={server.tokens['gbr.watch']}")
    counts = wait_ready(page)

    assert "token" not in page.url, "the token must leave the address bar"
    assert counts["zones"] > 0
    assert counts["events"] > 0
    layer_ids = page.evaluate("() => window.__copMap.getStyle().layers.map((l) => l.id)")
    assert [i for i in layer_ids if i.startswith("zones-")]
    assert [i for i in layer_ids if i.startswith("events-")]
    assert {"zones-dmz-hatch", "zones-line_of_contact-line", "events-point"} <= set(layer_ids)

    expect(page.locator("#user .nation")).to_have_text("GBR")
    badges = page.locator("#status [data-objective]")
    expect(badges).to_have_count(5)
    objectives = badges.evaluate_all("els => els.map((e) => e.dataset.objective)")
    assert objectives == list(OBJECTIVES)
    levels = badges.evaluate_all("els => els.map((e) => e.dataset.level)")
    assert set(levels) <= {"green", "amber", "red"}
    expect(page.locator("#layer-list .layer-row")).not_to_have_count(0)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "cop.png")

    # What the canvas alone shows (WebGL really drew): everything, the basemap only, and
    # the basemap with the DMZ, which must add red.
    canvas = {}
    for name, prefixes in {
        "all": ["base-", "zones-", "events-"],
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
    expect(details.locator("pre.evidence")).to_be_visible()

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
