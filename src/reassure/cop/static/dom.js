// Small DOM helpers: build elements without innerHTML (data from the API is never parsed as HTML).

/** h("div", {class: "x", onclick: fn}, "text", child) → HTMLElement */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style") {
      for (const [prop, v] of Object.entries(value)) {
        if (prop.startsWith("--")) el.style.setProperty(prop, v);
        else el.style[prop] = v;
      }
    }
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace all children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** "2026-12-01T06:03:00Z" → "01 Dec 06:03Z" (UTC, the watch floor's clock). */
export function fmtTime(iso, { seconds = false } = {}) {
  if (!iso) return "—";
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return String(iso);
  const day = String(t.getUTCDate()).padStart(2, "0");
  const month = t.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  const hm = t.toISOString().slice(11, seconds ? 19 : 16);
  return `${day} ${month} ${hm}Z`;
}

export function fmtLonLat([lon, lat]) {
  const ns = lat >= 0 ? "N" : "S";
  const ew = lon >= 0 ? "E" : "W";
  return `${Math.abs(lat).toFixed(3)}°${ns} ${Math.abs(lon).toFixed(3)}°${ew}`;
}

/** Bounding box [[minLon, minLat], [maxLon, maxLat]] of any GeoJSON geometry, or null. */
export function geometryBounds(geometry) {
  if (!geometry) return null;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === "number") {
      minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
    } else c.forEach(walk);
  };
  if (geometry.type === "GeometryCollection") geometry.geometries.forEach((g) => walk(g.coordinates));
  else walk(geometry.coordinates);
  return Number.isFinite(minX) ? [[minX, minY], [maxX, maxY]] : null;
}

export function boundsCenter([[minX, minY], [maxX, maxY]]) {
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** s("rect", {x: 1, class: "bar"}, child) → SVGElement (attributes set as given). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** 0.8431 → "84 %"; null → "—". */
export const fmtPct = (rate, digits = 0) => (rate == null ? "—" : `${(100 * rate).toFixed(digits)} %`);

/** A day after P-day: 40 → "P+40"; null → "never". */
export const fmtPDay = (day) => (day == null ? "never" : `P+${day}`);
