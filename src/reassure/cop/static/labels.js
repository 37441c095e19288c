// Labels as HTML markers: there are no glyphs offline, so no `text-field` symbol layers.

import { geometryBounds, h } from "./dom.js";

// Orientation labels (public place names and positions, lon/lat).
const COUNTRIES = [
  ["UKRAINE", 31.2, 49.3], ["RUSSIA", 40.6, 51.4], ["BELARUS", 27.9, 52.9],
  ["POLAND", 22.6, 51.7], ["ROMANIA", 25.0, 45.9], ["MOLDOVA", 28.55, 47.45],
  ["TÜRKİYE", 34.0, 40.35], ["BULGARIA", 25.3, 42.75], ["GEORGIA", 43.2, 42.2],
  ["HUNGARY", 20.9, 47.2], ["SLOVAKIA", 20.5, 48.7],
];
const SEAS = [["BLACK SEA", 34.0, 43.2], ["Sea of Azov", 36.7, 46.15]];
const CITIES = [
  // [name, lon, lat, rank] rank 1 = always shown, 2 = from zoom 5.8
  ["Kyiv", 30.52, 50.45, 1], ["Kharkiv", 36.23, 49.99, 1], ["Odesa", 30.73, 46.48, 1],
  ["Dnipro", 35.05, 48.46, 1], ["Zaporizhzhia", 35.14, 47.84, 1], ["Kherson", 32.62, 46.64, 1],
  ["Mykolaiv", 31.99, 46.97, 2], ["Lviv", 24.03, 49.84, 1], ["Donetsk", 37.80, 48.00, 1],
  ["Luhansk", 39.31, 48.57, 2], ["Sevastopol", 33.52, 44.62, 1], ["Simferopol", 34.10, 44.95, 2],
  ["Mariupol", 37.55, 47.10, 2], ["Chernihiv", 31.29, 51.50, 2], ["Sumy", 34.80, 50.91, 2],
  ["Poltava", 34.55, 49.59, 2], ["Vinnytsia", 28.47, 49.23, 2], ["Izmail", 28.84, 45.35, 2],
  ["Constanța", 28.65, 44.17, 2], ["Varna", 27.91, 43.21, 2], ["Istanbul", 28.98, 41.01, 1],
  ["Chișinău", 28.86, 47.01, 1], ["Minsk", 27.56, 53.90, 1], ["Bucharest", 26.10, 44.43, 1],
  ["Novorossiysk", 37.77, 44.72, 2], ["Rostov-on-Don", 39.72, 47.24, 2], ["Belgorod", 36.59, 50.60, 2],
  ["Krasnodar", 38.98, 45.04, 2], ["Batumi", 41.64, 41.65, 2],
];

/** Zone kinds whose names are written on the map (others are in the legend). */
const NAMED_KINDS = new Set(["port", "protected_site", "anchorage", "protected_airspace", "exclusion", "corridor", "sector"]);

function marker(maplibregl, element, lngLat, anchor = "center", offset = [0, 0]) {
  return new maplibregl.Marker({ element, anchor, offset }).setLngLat(lngLat);
}

/** Country, sea and city names. */
export function addBaseLabels(map, maplibregl) {
  for (const [name, lon, lat] of COUNTRIES) {
    marker(maplibregl, h("div", { class: "lbl lbl-country" }, name), [lon, lat]).addTo(map);
  }
  for (const [name, lon, lat] of SEAS) {
    marker(maplibregl, h("div", { class: "lbl lbl-sea" }, name), [lon, lat]).addTo(map);
  }
  for (const [name, lon, lat, rank] of CITIES) {
    const el = h("div", { class: `lbl lbl-city rank-${rank}` }, h("span", { class: "dot" }), h("span", {}, name));
    marker(maplibregl, el, [lon, lat], "left", [-3, 0]).addTo(map);
  }
}

/** Area-weighted centroid of the largest polygon of a (Multi)Polygon; a point stays a point. */
export function labelPoint(geometry) {
  if (!geometry) return null;
  if (geometry.type === "Point") return geometry.coordinates;
  let polygons = [];
  if (geometry.type === "Polygon") polygons = [geometry.coordinates];
  else if (geometry.type === "MultiPolygon") polygons = geometry.coordinates;
  else if (geometry.type === "LineString") return geometry.coordinates[Math.floor(geometry.coordinates.length / 2)];
  else return null;
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    let area = 0, cx = 0, cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      area += cross;
      cx += (ring[j][0] + ring[i][0]) * cross;
      cy += (ring[j][1] + ring[i][1]) * cross;
    }
    if (area === 0) continue;
    const candidate = { area: Math.abs(area), point: [cx / (3 * area), cy / (3 * area)] };
    if (!best || candidate.area > best.area) best = candidate;
  }
  return best?.point ?? null;
}

/** One HTML label per named zone; returns the markers so they can be replaced or hidden. */
export function addZoneLabels(map, maplibregl, zones) {
  const markers = [];
  for (const feature of zones.features) {
    const { kind, name, zone_id: id } = feature.properties;
    if (!NAMED_KINDS.has(kind)) continue;
    const el = h("div", { class: `lbl lbl-zone kind-${kind}`, dataset: { kind } }, name || id);
    let m;
    if (kind === "protected_airspace") {
      // Airspace is named on its northern edge, clear of what lies inside it.
      const bounds = geometryBounds(feature.geometry);
      if (!bounds) continue;
      m = marker(maplibregl, el, [(bounds[0][0] + bounds[1][0]) / 2, bounds[1][1]], "bottom", [0, -2]);
    } else {
      const at = labelPoint(feature.geometry);
      if (!at) continue;
      const pointLike = kind === "port" || kind === "protected_site";
      m = pointLike ? marker(maplibregl, el, at, "left", [7, 0]) : marker(maplibregl, el, at);
    }
    markers.push(m.addTo(map));
  }
  return markers;
}

/** Show minor labels only when zoomed in enough to read them. */
export function updateLabelZoom(map) {
  const z = map.getZoom();
  const el = map.getContainer();
  el.classList.toggle("z-minor", z >= 5.6);
  el.classList.toggle("z-zones", z >= 6.6);
  el.classList.toggle("z-sectors", z >= 6.0);
}
