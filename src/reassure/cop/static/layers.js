// The map's style: an offline basemap (GeoJSON only: no tiles, glyphs or sprites) and
// the operational layers. Layer ids: `base-*`, `zones-<kind>-*`, `tracks-*`, `events-*`
// (bottom to top).

import { basemapUrl } from "./api.js";

export const PALETTE = {
  water: "#102a3f",
  sea: "#102a3f",
  land: "#1a2027",
  ukraine: "#253140",
  border: "#56636f",
  ukraineBorder: "#a9c2d9",
  oblast: "#3f5266",
  frame: "#0b1118",
};

export const SEVERITY = {
  critical: { color: "#ff3347", radius: 7.5, label: "Critical" },
  warning: { color: "#ffb020", radius: 6, label: "Warning" },
  info: { color: "#9aa7b4", radius: 4.5, label: "Info" },
};
export const SEVERITIES = ["critical", "warning", "info"];

/** Vessel tracks (AIS): thin, muted blue-grey, so that zones and events stay readable. */
export const TRACKS = { color: "#8fb0c0", opacity: 0.42, highlight: "#e8f4ff", label: "Vessel tracks" };

/** Zone kinds, bottom to top, with their symbology (used by the layers and the legend). */
export const ZONE_KINDS = [
  { kind: "sector", label: "Sector boundary", color: "#c3cdd8", fill: 0, line: { width: 1, dash: [6, 4], opacity: 0.55 } },
  { kind: "withdrawal", label: "Withdrawal band", color: "#ff9f43", fill: 0.04, line: { width: 1.1, dash: [3, 2], opacity: 0.75 } },
  { kind: "protected_airspace", label: "Protected airspace", color: "#22d3ee", fill: 0.06, line: { width: 1.6, dash: [4, 3], opacity: 0.95 } },
  { kind: "corridor", label: "Maritime corridor", color: "#3d8bff", fill: 0.24, line: { width: 1.4, opacity: 0.95 } },
  { kind: "exclusion", label: "Exclusion area", color: "#e040fb", fill: 0.18, line: { width: 1.5, opacity: 0.95 } },
  { kind: "anchorage", label: "Anchorage", color: "#5eead4", fill: 0.12, line: { width: 1.2, dash: [1, 2], opacity: 0.9 } },
  { kind: "dmz", label: "Demilitarised zone", color: "#ff3b3b", fill: 0.2, hatch: true, line: { width: 1.3, opacity: 0.9 } },
  { kind: "port", label: "Port", color: "#ffd166", fill: 0.7, line: { width: 1, opacity: 1 }, point: 3.5 },
  { kind: "protected_site", label: "Protected site", color: "#a3e635", fill: 0.35, line: { width: 1.2, opacity: 1 }, point: 3.5 },
  { kind: "line_of_contact", label: "Line of contact", color: "#c1121f", contact: true },
];
export const ZONE_KIND_NAMES = ZONE_KINDS.map((z) => z.kind);

const isPolygon = ["in", ["geometry-type"], ["literal", ["Polygon", "MultiPolygon"]]];
const isLine = ["in", ["geometry-type"], ["literal", ["LineString", "MultiLineString"]]];
const isPoint = ["in", ["geometry-type"], ["literal", ["Point", "MultiPoint"]]];
const ofKind = (kind) => ["==", ["get", "kind"], kind];

/** The basemap covers lon 20–46, lat 40–57 (see geo/basemap/SOURCES.md): outside it, a frame. */
export const BASEMAP_EXTENT = [[20, 40], [46, 57]];

function outsideExtent([[x0, y0], [x1, y1]]) {
  const ring = (a, b, c, d) => [[a, b], [c, b], [c, d], [a, d], [a, b]];
  return {
    type: "Feature", properties: {},
    geometry: { type: "Polygon", coordinates: [ring(-10, 10, 80, 80), ring(x0, y0, x1, y1).reverse()] },
  };
}

export function baseStyle() {
  const attribution = {
    countries: "Natural Earth (public domain)",
    oblasts: "© geoBoundaries, © OpenStreetMap contributors (ODbL)",
  };
  return {
    version: 8,
    name: "reassure-operations-dark",
    sources: {
      countries: { type: "geojson", data: basemapUrl("countries"), attribution: attribution.countries },
      sea: { type: "geojson", data: basemapUrl("sea") },
      oblasts: { type: "geojson", data: basemapUrl("oblasts"), attribution: attribution.oblasts },
      frame: { type: "geojson", data: outsideExtent(BASEMAP_EXTENT) },
    },
    layers: [
      { id: "base-water", type: "background", paint: { "background-color": PALETTE.water } },
      { id: "base-sea", type: "fill", source: "sea", paint: { "fill-color": PALETTE.sea } },
      { id: "base-land", type: "fill", source: "countries", paint: { "fill-color": PALETTE.land } },
      {
        id: "base-ukraine", type: "fill", source: "countries",
        filter: ["==", ["get", "iso_a3"], "UKR"], paint: { "fill-color": PALETTE.ukraine },
      },
      {
        id: "base-oblasts", type: "line", source: "oblasts",
        paint: { "line-color": PALETTE.oblast, "line-width": 0.7, "line-dasharray": [3, 2] },
      },
      {
        id: "base-borders", type: "line", source: "countries",
        paint: { "line-color": PALETTE.border, "line-width": 0.9 },
      },
      {
        id: "base-ukraine-border", type: "line", source: "countries",
        filter: ["==", ["get", "iso_a3"], "UKR"],
        paint: { "line-color": PALETTE.ukraineBorder, "line-width": 1.6, "line-opacity": 0.9 },
      },
      { id: "base-frame", type: "fill", source: "frame", paint: { "fill-color": PALETTE.frame } },
      { id: "base-frame-edge", type: "line", source: "frame", paint: { "line-color": "#2a3b4e", "line-width": 1 } },
    ],
  };
}

/** A diagonal hatch as a MapLibre image (drawn here: no sprite to download). */
function hatchImage(hex, size = 12, alpha = 0.75) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d");
  ctx.strokeStyle = hex;
  ctx.globalAlpha = alpha;
  ctx.lineWidth = 1.6;
  ctx.beginPath();
  for (let o = -size; o <= size; o += size / 2) {
    ctx.moveTo(o, size);
    ctx.lineTo(o + size, 0);
  }
  ctx.stroke();
  return ctx.getImageData(0, 0, size, size);
}

/** Add the zone, track and event sources and layers (once). */
export function addOperationalLayers(map, zones, zonePoints, tracks, trackEnds, events) {
  map.addSource("zones", { type: "geojson", data: zones });
  map.addSource("zone-points", { type: "geojson", data: zonePoints });
  map.addSource("tracks", { type: "geojson", data: tracks });
  map.addSource("track-ends", { type: "geojson", data: trackEnds });
  map.addSource("events", { type: "geojson", data: events });

  for (const z of ZONE_KINDS) {
    const id = (part) => `zones-${z.kind}-${part}`;
    if (z.contact) {
      const filter = ["all", ofKind(z.kind), isLine];
      map.addLayer({
        id: id("casing"), type: "line", source: "zones", filter,
        layout: { "line-join": "round", "line-cap": "round" },
        paint: { "line-color": "#ffd9dc", "line-opacity": 0.28, "line-width": ["interpolate", ["linear"], ["zoom"], 4, 5, 9, 9] },
      });
      map.addLayer({
        id: id("line"), type: "line", source: "zones", filter,
        layout: { "line-join": "round", "line-cap": "round" },
        paint: { "line-color": z.color, "line-width": ["interpolate", ["linear"], ["zoom"], 4, 2.6, 9, 5] },
      });
      continue;
    }
    const polygons = ["all", ofKind(z.kind), isPolygon];
    map.addLayer({
      id: id("fill"), type: "fill", source: "zones", filter: polygons,
      paint: { "fill-color": z.color, "fill-opacity": z.fill },
    });
    if (z.hatch) {
      const image = `hatch-${z.kind}`;
      if (!map.hasImage(image)) map.addImage(image, hatchImage(z.color));
      map.addLayer({
        id: id("hatch"), type: "fill", source: "zones", filter: polygons,
        paint: { "fill-pattern": image, "fill-opacity": 0.9 },
      });
    }
    const paint = { "line-color": z.color, "line-width": z.line.width, "line-opacity": z.line.opacity };
    if (z.line.dash) paint["line-dasharray"] = z.line.dash;
    map.addLayer({
      id: id("line"), type: "line", source: "zones",
      filter: ["all", ofKind(z.kind), ["any", isPolygon, isLine]], paint,
    });
    if (z.point) {
      map.addLayer({
        id: id("point"), type: "circle", source: "zone-points", filter: ofKind(z.kind),
        paint: {
          "circle-color": z.color, "circle-radius": z.point,
          "circle-stroke-color": "#0b1118", "circle-stroke-width": 1.2,
        },
      });
    }
  }
  // Zones of a kind this page does not know yet still show, as a plain outline.
  map.addLayer({
    id: "zones-other-line", type: "line", source: "zones",
    filter: ["!", ["in", ["get", "kind"], ["literal", ZONE_KIND_NAMES]]],
    paint: { "line-color": "#e2e8f0", "line-width": 1, "line-dasharray": [2, 2] },
  });

  addTrackLayers(map);

  const sevColor = ["match", ["get", "severity"],
    "critical", SEVERITY.critical.color, "warning", SEVERITY.warning.color, SEVERITY.info.color];
  const faded = ["case", ["==", ["get", "status"], "dismissed"], 0.35, 1];
  map.addLayer({
    id: "events-area-fill", type: "fill", source: "events", filter: isPolygon,
    paint: { "fill-color": sevColor, "fill-opacity": ["*", 0.18, faded] },
  });
  map.addLayer({
    id: "events-line", type: "line", source: "events", filter: ["any", isPolygon, isLine],
    layout: { "line-join": "round", "line-cap": "round" },
    paint: { "line-color": sevColor, "line-width": 2.2, "line-opacity": faded },
  });
  map.addLayer({
    id: "events-point-halo", type: "circle", source: "events",
    filter: ["all", isPoint, ["==", ["get", "severity"], "critical"]],
    paint: {
      "circle-color": SEVERITY.critical.color, "circle-blur": 0.7,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 8, 9, 14],
      "circle-opacity": ["*", 0.45, faded],
    },
  });
  map.addLayer({
    id: "events-point", type: "circle", source: "events", filter: isPoint,
    layout: {
      "circle-sort-key": ["match", ["get", "severity"], "critical", 3, "warning", 2, 1],
    },
    paint: {
      "circle-color": sevColor,
      // Smaller at theatre scale, where hundreds of events share a front line.
      "circle-radius": ["interpolate", ["linear"], ["zoom"],
        5, ["match", ["get", "severity"], "critical", 4.5, "warning", 3.6, 2.6],
        9, ["match", ["get", "severity"],
          "critical", SEVERITY.critical.radius, "warning", SEVERITY.warning.radius, SEVERITY.info.radius]],
      "circle-opacity": faded,
      "circle-stroke-color": ["match", ["get", "severity"], "critical", "#ffffff", "#0b1118"],
      "circle-stroke-width": ["match", ["get", "severity"], "critical", 1.2, 0.8],
      "circle-stroke-opacity": faded,
    },
  });
}

/** Vessel tracks over the zones and under the events: a hairline per vessel, a small
 * dot at its last position, and a brighter copy of the vessels picked (popup open). */
function addTrackLayers(map) {
  const none = ["==", ["get", "mmsi"], -1];
  map.addLayer({
    id: "tracks-line", type: "line", source: "tracks", filter: isLine,
    layout: { "line-join": "round", "line-cap": "round" },
    paint: {
      "line-color": TRACKS.color,
      "line-opacity": ["interpolate", ["linear"], ["zoom"], 5, TRACKS.opacity, 9, TRACKS.opacity + 0.2],
      "line-width": ["interpolate", ["linear"], ["zoom"], 4, 0.6, 8, 1.2, 12, 2],
    },
  });
  map.addLayer({
    id: "tracks-highlight", type: "line", source: "tracks", filter: ["all", isLine, none],
    layout: { "line-join": "round", "line-cap": "round" },
    paint: {
      "line-color": TRACKS.highlight, "line-opacity": 0.9,
      "line-width": ["interpolate", ["linear"], ["zoom"], 4, 1.6, 10, 2.6],
    },
  });
  map.addLayer({
    id: "tracks-end", type: "circle", source: "track-ends",
    paint: {
      "circle-color": TRACKS.color, "circle-opacity": 0.85,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 1.6, 8, 2.6, 12, 4],
      "circle-stroke-color": "#0b1118", "circle-stroke-width": 0.6, "circle-stroke-opacity": 0.8,
    },
  });
  map.addLayer({
    id: "tracks-end-highlight", type: "circle", source: "track-ends", filter: none,
    paint: {
      "circle-color": TRACKS.highlight, "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 3, 10, 5],
      "circle-stroke-color": "#0b1118", "circle-stroke-width": 1,
    },
  });
}

export const TRACK_LAYERS = ["tracks-end-highlight", "tracks-end", "tracks-highlight", "tracks-line"];
/** Layers a click on a vessel hits, top first. */
export const TRACK_CLICK_LAYERS = ["tracks-end", "tracks-line"];

/** Draw the tracks of these vessels (MMSIs) brighter; none: no highlight. */
export function highlightVessels(map, mmsis) {
  if (!map.getLayer("tracks-highlight")) return;
  const chosen = ["in", ["get", "mmsi"], ["literal", mmsis.length ? mmsis : [-1]]];
  map.setFilter("tracks-highlight", ["all", isLine, chosen]);
  map.setFilter("tracks-end-highlight", chosen);
}

/** Ids of the layers of one zone kind (or of `other`). */
export function zoneLayerIds(map, kind) {
  return map.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith(`zones-${kind}-`));
}

export const EVENT_LAYERS = ["events-point", "events-point-halo", "events-line", "events-area-fill"];

/** Show only events whose severity is in `severities` and (optionally) one objective. */
export function filterEvents(map, severities, objective) {
  const clauses = [["in", ["get", "severity"], ["literal", [...severities]]]];
  if (objective) clauses.push(["==", ["get", "objective"], objective]);
  const base = {
    "events-area-fill": isPolygon,
    "events-line": ["any", isPolygon, isLine],
    "events-point-halo": ["all", isPoint, ["==", ["get", "severity"], "critical"]],
    "events-point": isPoint,
  };
  for (const [id, geometry] of Object.entries(base)) map.setFilter(id, ["all", geometry, ...clauses]);
}

export function setVisible(map, ids, visible) {
  for (const id of ids) map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
}
