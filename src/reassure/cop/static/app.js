// The common operational picture: sign-in, map, objective status, alerts.
// Everything is served by the COP server itself: no external URL of any kind.
//
// Views (the URL fragment's `view`): the map, the force plan (`plan` = a plan id, else
// the plan of record) and the plans compared; the map stays loaded under the others.
//
// Test hooks: window.__copMap (the MapLibre map), window.__copCounts ({zones, events,
// tracks}) and window.__copReady (true once the map has loaded, the zones, vessel tracks
// and events are on it and it has rendered them).

import { api, AuthError, clearToken, getToken, setToken, takeTokenFromUrl } from "./api.js";
import { eventDetails, eventVessels, OBJECTIVE_NAMES, trackDetails, zoneDetails } from "./details.js";
import { boundsCenter, fill, fmtLonLat, fmtTime, geometryBounds, h } from "./dom.js";
import { addBaseLabels, addZoneLabels, labelPoint, updateLabelZoom } from "./labels.js";
import {
  addOperationalLayers, baseStyle, EVENT_LAYERS, filterEvents, highlightVessels, SEVERITIES, setVisible,
  TRACK_CLICK_LAYERS, TRACK_LAYERS, ZONE_KIND_NAMES, zoneLayerIds,
} from "./layers.js";
import {
  latestAlerts, renderAlerts, renderDataAge, renderLayers, renderStatus, renderStatusRules, renderUser,
} from "./panel.js";
import { showCompare } from "./compare.js";
import { showForce } from "./planner.js";

const maplibregl = window.maplibregl;
const REFRESH_MS = 60_000;
const TRACK_POINTS = 400; // positions per vessel track, at most (the server thins them)
const EMPTY = Object.freeze({ type: "FeatureCollection", features: Object.freeze([]) });
const INITIAL_BOUNDS = [[22, 41], [42, 53]]; // Ukraine and the Black Sea

const $ = (id) => document.getElementById(id);
const state = {
  map: null,
  mapLoaded: null, // Promise
  zones: { type: "FeatureCollection", features: [] },
  events: { type: "FeatureCollection", features: [] },
  tracks: { type: "FeatureCollection", features: [] },
  eventsById: new Map(),
  zonesById: new Map(),
  vessels: new Map(), // mmsi → track properties (name, flag, type)
  zoneLabels: [],
  hiddenKinds: new Set(),
  severities: new Set(SEVERITIES),
  showTracks: true,
  objective: null,
  oblasts: true,
  labels: true,
  status: null,
  me: null,
  timer: null,
  popup: null,
};
window.__copReady = false;
window.__copCounts = { zones: 0, events: 0, tracks: 0 };

// -- sign-in ---------------------------------------------------------------------

function showSignIn(message = "") {
  clearInterval(state.timer);
  forgetData();
  $("signin-msg").textContent = message;
  $("signin-msg").hidden = !message;
  $("signin").hidden = false;
  $("app").setAttribute("aria-hidden", "true");
  $("token-input").value = "";
  $("token-input").focus();
}

/** Drop every record of the previous user from the page (sign-out, refused token). */
function forgetData() {
  Object.assign(state, { zones: EMPTY, events: EMPTY, tracks: EMPTY, status: null, objective: null });
  state.zonesById.clear();
  state.eventsById.clear();
  state.vessels.clear();
  state.popup?.remove();
  state.zoneLabels.forEach((m) => m.remove());
  state.zoneLabels = [];
  for (const id of ["zones", "zone-points", "tracks", "track-ends", "events"]) state.map?.getSource(id)?.setData(EMPTY);
  state.me = null;
  window.__plannerReady = null;
  for (const id of ["user", "status", "status-asof", "data-age", "status-rules-list", "alerts", "alerts-filter", "layer-list", "updated", "planner"]) {
    $(id).replaceChildren();
  }
  $("detail").hidden = true;
  window.__copReady = false;
  window.__copCounts = { zones: 0, events: 0, tracks: 0 };
}

function hideSignIn() {
  $("signin").hidden = true;
  $("app").removeAttribute("aria-hidden");
}

function signOut() {
  clearToken();
  showSignIn("Signed out. Paste a token to sign in again.");
}

function failed(error) {
  if (error instanceof AuthError) {
    showSignIn(error.message);
  } else {
    console.error(error);
    setBanner(`Could not load the picture: ${error.message}`);
  }
}

function setBanner(text) {
  $("banner").textContent = text;
  $("banner").hidden = !text;
}

// -- map -------------------------------------------------------------------------

function createMap() {
  const map = new maplibregl.Map({
    container: "map",
    style: baseStyle(),
    bounds: INITIAL_BOUNDS,
    fitBoundsOptions: { padding: { top: 10, bottom: 10, left: 10, right: 215 } }, // legend
    maxBounds: [[16, 37], [50, 59]], // around the offline basemap (lon 20–46, lat 40–57)
    minZoom: 3.5,
    maxZoom: 13,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    renderWorldCopies: false,
    attributionControl: false, // the status bar carries the attribution
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "bottom-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric", maxWidth: 120 }), "bottom-left");
  window.__copMap = map;
  state.mapLoaded = new Promise((resolve) => map.once("load", resolve));
  map.on("zoom", () => updateLabelZoom(map));
  map.on("mousemove", (e) => { $("cursor").textContent = fmtLonLat([e.lngLat.lng, e.lngLat.lat]); });
  map.on("click", (e) => onMapClick(e));
  addBaseLabels(map, maplibregl);
  updateLabelZoom(map);
  return map;
}

const clickableZoneLayers = (map) => map.getStyle().layers
  .map((l) => l.id)
  .filter((id) => id.startsWith("zones-") && /-(fill|line|point)$/.test(id));

function onMapClick(e) {
  const map = state.map;
  if (!map.getSource("events")) return;
  const box = [[e.point.x - 5, e.point.y - 5], [e.point.x + 5, e.point.y + 5]];
  const hits = map.queryRenderedFeatures(box, { layers: EVENT_LAYERS.filter((id) => map.getLayer(id)) });
  if (hits.length) {
    const feature = state.eventsById.get(hits[0].properties.event_id);
    if (feature) openEventPopup(feature, e.lngLat);
    return;
  }
  // A vessel's last position, else its line: hit within 2 px only, so that the zones the
  // tracks cross (the corridor) stay clickable.
  const near = [[e.point.x - 2, e.point.y - 2], [e.point.x + 2, e.point.y + 2]];
  const vessel = map.queryRenderedFeatures(box, { layers: ["tracks-end"].filter((id) => map.getLayer(id)) })[0]
    ?? map.queryRenderedFeatures(near, { layers: ["tracks-line"].filter((id) => map.getLayer(id)) })[0];
  if (vessel) {
    openTrackPopup(vessel.properties.mmsi, e.lngLat);
    return;
  }
  const zones = [];
  const seen = new Set();
  for (const hit of map.queryRenderedFeatures(box, { layers: clickableZoneLayers(map) })) {
    const id = hit.properties.zone_id;
    if (seen.has(id) || !state.zonesById.has(id)) continue;
    seen.add(id);
    zones.push(state.zonesById.get(id));
  }
  if (!zones.length) return;
  const order = (f) => ZONE_KIND_NAMES.length - ZONE_KIND_NAMES.indexOf(f.properties.kind);
  zones.sort((a, b) => order(a) - order(b));
  openPopup(e.lngLat, zoneDetails(zones.slice(0, 4)));
}

/** Open a popup; the vessels (MMSIs) it is about are drawn brighter while it is open. */
function openPopup(lngLat, content, vessels = []) {
  state.popup?.remove();
  const popup = new maplibregl.Popup({ maxWidth: "360px", offset: 10, className: "cop-popup", focusAfterOpen: false })
    .setLngLat(lngLat).setDOMContent(content);
  popup.on("close", () => {
    if (state.popup === popup) highlightVessels(state.map, []);
  });
  state.popup = popup.addTo(state.map);
  highlightVessels(state.map, vessels);
}

function openEventPopup(feature, lngLat) {
  const zone = state.zonesById.get(feature.properties.zone_id);
  const content = eventDetails(feature, zone?.properties.name, state.vessels);
  if (!feature.geometry) {
    showDetailCard(content);
    return;
  }
  const at = lngLat ?? (feature.geometry.type === "Point"
    ? feature.geometry.coordinates : boundsCenter(geometryBounds(feature.geometry)));
  openPopup(at, content, eventVessels(feature.properties));
}

function openTrackPopup(mmsi, lngLat) {
  const track = state.tracks.features.find((f) => f.properties.mmsi === mmsi);
  if (!track) return;
  const events = state.events.features
    .filter((f) => eventVessels(f.properties).includes(mmsi))
    .sort((a, b) => (b.properties.end_time ?? "").localeCompare(a.properties.end_time ?? ""));
  openPopup(lngLat, trackDetails(track, events), [mmsi]);
}

function showDetailCard(content) {
  const card = $("detail");
  fill(card, h("button", { class: "close", type: "button", "aria-label": "Close", onclick: () => { card.hidden = true; } }, "×"), content);
  card.hidden = false;
}

function focusEvent(feature) {
  $("detail").hidden = true;
  const map = state.map;
  const bounds = geometryBounds(feature.geometry);
  if (!bounds) {
    openEventPopup(feature);
    return;
  }
  const [[x0, y0], [x1, y1]] = bounds;
  if (feature.geometry.type === "Point" || (x1 - x0 < 0.02 && y1 - y0 < 0.02)) {
    // The point lands below the centre, so that its popup opens above it.
    map.flyTo({ center: boundsCenter(bounds), zoom: Math.max(map.getZoom(), 7.5), speed: 1.6, offset: [0, 160] });
  } else {
    map.fitBounds(bounds, { padding: { top: 360, bottom: 40, left: 60, right: 260 }, maxZoom: 9 });
  }
  map.once("moveend", () => openEventPopup(feature));
}

// -- data ------------------------------------------------------------------------

/** Points for zones drawn small (ports, protected sites) so they show at any zoom. */
function zonePoints(zones) {
  return {
    type: "FeatureCollection",
    features: zones.features
      .filter((f) => f.properties.kind === "port" || f.properties.kind === "protected_site")
      .map((f) => ({ type: "Feature", properties: f.properties, geometry: { type: "Point", coordinates: labelPoint(f.geometry) } }))
      .filter((f) => f.geometry.coordinates),
  };
}

/** A point at each vessel's last position (tracks are in time order). */
function trackEnds(tracks) {
  return {
    type: "FeatureCollection",
    features: tracks.features.filter((f) => f.geometry).map((f) => ({
      type: "Feature",
      properties: f.properties,
      geometry: {
        type: "Point",
        coordinates: f.geometry.type === "LineString" ? f.geometry.coordinates.at(-1) : f.geometry.coordinates,
      },
    })),
  };
}

function counts() {
  const zones = {};
  let zonesOther = 0;
  for (const f of state.zones.features) {
    const kind = f.properties.kind;
    if (ZONE_KIND_NAMES.includes(kind)) zones[kind] = (zones[kind] ?? 0) + 1;
    else zonesOther += 1;
  }
  const events = {};
  let unplaced = 0;
  for (const f of state.events.features) {
    events[f.properties.severity] = (events[f.properties.severity] ?? 0) + 1;
    if (!f.geometry) unplaced += 1;
  }
  return {
    zones, events, zonesOther, unplaced,
    zonesTotal: state.zones.features.length, eventsTotal: state.events.features.length,
    tracksTotal: state.tracks.features.length,
  };
}

async function loadData() {
  const [zones, events, status, loadedTracks] = await Promise.all([
    api("/api/zones"), api("/api/events"), api("/api/status"), api("/api/tracks", { max_points: TRACK_POINTS }),
  ]);
  const tracks = { type: "FeatureCollection", features: loadedTracks?.features ?? [] };
  state.zones = zones;
  state.events = events;
  state.tracks = tracks;
  state.status = status;
  state.zonesById = new Map(zones.features.map((f) => [f.properties.zone_id, f]));
  state.eventsById = new Map(events.features.map((f) => [f.properties.event_id, f]));
  state.vessels = new Map(tracks.features.map((f) => [f.properties.mmsi, f.properties]));
  const placed = { type: "FeatureCollection", features: events.features.filter((f) => f.geometry) };
  const map = state.map;
  if (map.getSource("zones")) {
    map.getSource("zones").setData(zones);
    map.getSource("zone-points").setData(zonePoints(zones));
    map.getSource("tracks").setData(tracks);
    map.getSource("track-ends").setData(trackEnds(tracks));
    map.getSource("events").setData(placed);
  } else {
    addOperationalLayers(map, zones, zonePoints(zones), tracks, trackEnds(tracks), placed);
    wireHover(map);
  }
  state.zoneLabels.forEach((m) => m.remove());
  state.zoneLabels = addZoneLabels(map, maplibregl, zones);
  applyLayerState();
  renderPanels();
  $("updated").textContent = `Updated ${fmtTime(new Date().toISOString(), { seconds: true })}`;
  window.__copCounts = { zones: zones.features.length, events: events.features.length, tracks: tracks.features.length };
}

function wireHover(map) {
  const hoverable = [...EVENT_LAYERS, ...TRACK_CLICK_LAYERS, ...clickableZoneLayers(map)];
  for (const id of hoverable) {
    map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; });
  }
}

function renderPanels() {
  renderStatus($("status"), state.status, state.objective, (objective) => {
    state.objective = objective;
    applyLayerState();
    renderPanels();
  });
  $("status-asof").textContent = state.status?.as_of
    ? `as of ${fmtTime(state.status.as_of)} · last ${state.status.window_h} h` : "";
  renderDataAge($("data-age"), state.status);
  renderStatusRules($("status-rules-list"), state.status);
  const alerts = latestAlerts(state.events.features, state.objective);
  renderAlerts($("alerts"), alerts, focusEvent, { zones: state.zonesById, vessels: state.vessels });
  fill($("alerts-filter"), state.objective
    ? h("button", { type: "button", class: "chip", onclick: () => { state.objective = null; applyLayerState(); renderPanels(); } },
      `${OBJECTIVE_NAMES[state.objective]} only ×`)
    : null);
  renderLayers($("layer-list"), counts(), state, onLayerToggle);
}

function onLayerToggle(key, on) {
  const [what, value] = key.split(":");
  if (what === "zone") (on ? state.hiddenKinds.delete(value) : state.hiddenKinds.add(value));
  else if (what === "severity") (on ? state.severities.add(value) : state.severities.delete(value));
  else state[what] = on;
  applyLayerState();
}

function applyLayerState() {
  const map = state.map;
  if (!map.getSource("zones")) return;
  for (const kind of ZONE_KIND_NAMES) setVisible(map, zoneLayerIds(map, kind), !state.hiddenKinds.has(kind));
  filterEvents(map, state.severities, state.objective);
  setVisible(map, TRACK_LAYERS, state.showTracks);
  setVisible(map, ["base-oblasts"], state.oblasts);
  const container = map.getContainer();
  container.classList.toggle("no-labels", !state.labels);
  for (const kind of ZONE_KIND_NAMES) container.classList.toggle(`hide-${kind}`, state.hiddenKinds.has(kind));
}

// -- views -----------------------------------------------------------------------

const VIEWS = ["map", "force", "compare"];

function viewParams() {
  const params = new URLSearchParams(location.hash.slice(1));
  const view = VIEWS.includes(params.get("view")) ? params.get("view") : "map";
  return { view, plan: params.get("plan") || null };
}

/** Go to a view: the fragment changes and `hashchange` shows it. */
function go({ view, plan = null }) {
  const params = new URLSearchParams({ view });
  if (plan) params.set("plan", plan);
  location.hash = params.toString();
}

async function showView() {
  const { view, plan } = viewParams();
  for (const link of document.querySelectorAll("#views [data-view]")) {
    const on = link.dataset.view === view;
    link.classList.toggle("active", on);
    if (on) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const planner = $("planner");
  planner.hidden = view === "map";
  if (view === "map" || !state.me) return;
  planner.scrollTop = 0;
  try {
    if (view === "force") await showForce(planner, state.me, plan, go);
    else await showCompare(planner, state.me, go);
  } catch (error) {
    failed(error);
  }
}

window.addEventListener("hashchange", () => {
  if (new URLSearchParams(location.hash.slice(1)).has("token")) return; // a sign-in link
  showView();
});

// -- start -----------------------------------------------------------------------

async function start() {
  if (!getToken()) {
    showSignIn();
    return;
  }
  try {
    const me = await api("/api/me");
    state.me = me;
    hideSignIn();
    renderUser($("user"), me, signOut);
    showView();
    state.map ??= createMap();
    await state.mapLoaded;
    await loadData();
    setBanner("");
    if (!window.__copReady) state.map.once("idle", () => { window.__copReady = true; });
    clearInterval(state.timer);
    state.timer = setInterval(() => loadData().catch(failed), REFRESH_MS);
  } catch (error) {
    failed(error);
  }
}

$("signin-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const token = $("token-input").value.trim();
  if (!token) return;
  setToken(token);
  start();
});

if (!maplibregl) {
  setBanner("The map library is missing: run `npm ci --prefix web && node web/copy-vendor.mjs`.");
} else {
  takeTokenFromUrl();
  start();
}
