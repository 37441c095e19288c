// Popup content for an event, a vessel track or the zones under a click.

import { fmtLonLat, fmtTime, h } from "./dom.js";
import { SEVERITY, ZONE_KINDS } from "./layers.js";

export const OBJECTIVE_NAMES = {
  skies: "Safe skies",
  seas: "Safe seas",
  land: "Peace on land",
  support: "Strong UAF",
  force: "Force readiness",
};

const kindLabel = (kind) => ZONE_KINDS.find((z) => z.kind === kind)?.label ?? String(kind).replaceAll("_", " ");

/** Event kinds that read badly with their underscores replaced. */
const EVENT_KIND_NAMES = {
  ais_gap: "AIS gap",
  encounter: "Encounter at sea",
  loitering: "Loitering",
  port_call: "Port call",
  teleport: "Position jump",
  position_on_land: "Position on land",
  identity_clash: "Identity clash (shared MMSI)",
  exclusion_entry: "Exclusion zone entry",
  corridor_departure: "Corridor departure",
};
export const eventKindLabel = (kind) => EVENT_KIND_NAMES[kind] ?? String(kind).replaceAll("_", " ");

/** The event's title with its zone id written as the zone's name ("Port call at Port of Odesa"). */
export function eventTitle(p, zoneName) {
  const title = p.title || eventKindLabel(p.kind);
  return zoneName && p.zone_id ? title.replaceAll(p.zone_id, zoneName) : title;
}

/** MMSIs an event of the seas is about: its subject ("123" or "123-456" for two vessels). */
export function eventVessels(p) {
  if (p.objective !== "seas" || p.subject == null) return [];
  return String(p.subject).split("-").filter((s) => /^\d{1,9}$/.test(s)).map(Number);
}

/** "NAME (MMSI 123 · UKR)", or "MMSI 123" for a vessel with no name or no track. */
export function vesselLabel(mmsi, vessel) {
  const extra = [`MMSI ${mmsi}`, vessel?.flag].filter(Boolean).join(" · ");
  return vessel?.shipname ? `${vessel.shipname} (${extra})` : extra;
}

// -- evidence ----------------------------------------------------------------------

const num = (v, digits) => Number(v).toLocaleString("en-GB", { maximumFractionDigits: digits });
const unit = (suffix, digits = 1) => (v) => `${num(v, digits)} ${suffix}`;
const km = (v) => `${num(v, Math.abs(v) < 10 ? 1 : 0)} km`;
const yesNo = (v) => (v ? "yes" : "no");

/** Evidence keys as a watch officer reads them: [label, format]. Others: humanised key. */
const EVIDENCE = {
  gap_h: ["AIS silent", unit("h")],
  distance_km: ["Distance moved", km],
  implied_speed_kn: ["Implied speed", unit("kn")],
  shore_distance_km_start: ["Off shore (last seen)", km],
  shore_distance_km_end: ["Off shore (reappeared)", km],
  unreliable: ["Unreliable", yesNo],
  reasons: ["Why unreliable", null],
  zone_ids: ["Zones", null],
  mmsi_a: ["Vessel", null],
  mmsi_b: ["Partner vessel", null],
  duration_h: ["Duration", unit("h")],
  median_distance_m: ["Median distance", unit("m", 0)],
  min_distance_m: ["Closest", unit("m", 0)],
  median_speed_kn: ["Median speed", unit("kn")],
  mean_speed_kn: ["Mean speed", unit("kn")],
  mean_shore_distance_nm: ["Off shore (mean)", unit("NM", 0)],
  stopped: ["Stopped", yesNo],
  port_gap: ["AIS gap in port", yesNo],
  complete: ["Left port", yesNo],
  jumps: ["Jumps", null],
  max_distance_km: ["Largest jump", km],
  max_implied_speed_kn: ["Implied speed (max)", (v) => `${num(v, v >= 1000 ? 0 : 1)} kn`],
  min_interval_s: ["Shortest interval", unit("s", 0)],
  max_inland_km: ["Inland (max)", km],
  dwell_min: ["Inside for", unit("min", 0)],
  outside_min: ["Outside for", unit("min", 0)],
  max_offset_km: ["Farthest off", km],
  returned: ["Back in the corridor", yesNo],
  count: ["Count", null],
  records: ["Records", null],
};
/** lon/lat pairs shown as one position. */
const POSITIONS = [
  ["lon_start", "lat_start", "Last seen"], ["lon_end", "lat_end", "Reappeared"],
  ["lon_from", "lat_from", "Jumped from"], ["lon_to", "lat_to", "Jumped to"], ["lon", "lat", "Position"],
];
const SUFFIX_UNITS = [["_km", km], ["_nm", unit("NM", 0)], ["_kn", unit("kn")], ["_h", unit("h")],
  ["_min", unit("min", 0)], ["_m", unit("m", 0)], ["_s", unit("s", 0)]];
const humanise = (key) => {
  const text = key.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function evidenceValue(key, value, format) {
  if (value == null || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : null;
  if (typeof value === "object") return JSON.stringify(value);
  if (format) return format(value);
  if (typeof value === "boolean") return yesNo(value);
  if (typeof value === "number") {
    if (/(^|_)(line|id)$/.test(key)) return String(value); // a record number, not a quantity
    const bySuffix = SUFFIX_UNITS.find(([suffix]) => key.endsWith(suffix));
    return bySuffix ? bySuffix[1](value) : num(value, 3);
  }
  return String(value);
}

/** Evidence as [label, text] rows: the measures (with units, in the detector's order),
 * then positions, then where it came from (count, records, file, line). */
export function evidenceRows(evidence, vessels = new Map(), event = {}) {
  if (!evidence || typeof evidence !== "object" || Array.isArray(evidence)) return [];
  const rest = { ...evidence };
  const positions = [];
  for (const [lonKey, latKey, label] of POSITIONS) {
    if (!(lonKey in rest && latKey in rest)) continue;
    if (typeof rest[lonKey] === "number" && typeof rest[latKey] === "number") {
      positions.push([label, fmtLonLat([rest[lonKey], rest[latKey]])]);
    }
    delete rest[lonKey];
    delete rest[latKey];
  }
  if (!rest.unreliable) delete rest.reasons;
  const order = Object.keys(EVIDENCE);
  const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
  const sources = ["count", "records", "file", "line"];
  const row = (key) => {
    const value = rest[key];
    let [label, format] = EVIDENCE[key] ?? [humanise(key), null];
    if (key === "count" && event.objective === "seas") label = event.kind === "encounter" ? "Time steps together" : "Positions";
    const text = /^mmsi(_|$)/.test(key) && Number.isInteger(value)
      ? vesselLabel(value, vessels.get(value)) : evidenceValue(key, value, format);
    return text == null ? null : [label, text];
  };
  const keys = Object.keys(rest);
  const measures = keys.filter((k) => !sources.includes(k)).sort((a, b) => rank(a) - rank(b));
  return [
    ...measures.map(row), ...positions, ...sources.filter((k) => k in rest).map(row),
  ].filter(Boolean);
}

const releasable = (list) => (list?.length ? `Releasable to ${list.join(", ")}` : "All coalition nations");

function rows(pairs) {
  return h("table", { class: "kv" },
    pairs.filter(([, v]) => v != null && v !== "").map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v))));
}

/** The event's evidence as an object (the API sends an object; older stores a string). */
function evidenceObject(evidence) {
  if (typeof evidence !== "string") return evidence ?? {};
  try {
    return JSON.parse(evidence);
  } catch {
    return { text: evidence };
  }
}

export function eventDetails(feature, zoneName, vessels = new Map()) {
  const p = feature.properties;
  const sev = SEVERITY[p.severity] ?? SEVERITY.info;
  const evidence = evidenceObject(p.evidence);
  const mmsis = eventVessels(p);
  const measured = evidenceRows(evidence, vessels, p);
  return h("div", { class: `details event-details objective-${p.objective}` },
    h("div", { class: "details-head" },
      h("span", { class: `sev-pill sev-${p.severity}`, style: { background: sev.color } }, sev.label),
      h("span", { class: `status-pill status-${p.status}` }, p.status)),
    h("h3", {}, eventTitle(p, zoneName)),
    rows([
      ["Kind", eventKindLabel(p.kind)],
      ["Objective", OBJECTIVE_NAMES[p.objective] ?? p.objective],
      [mmsis.length > 1 ? "Vessels" : "Vessel",
        mmsis.length ? mmsis.map((m) => h("div", {}, vesselLabel(m, vessels.get(m)))) : null],
      ["Start", fmtTime(p.start_time, { seconds: true })],
      ["End", fmtTime(p.end_time, { seconds: true })],
      ["Zone", p.zone_id ? (zoneName ? `${zoneName} (${p.zone_id})` : p.zone_id) : "—"],
      ["Subject", mmsis.length ? null : p.subject],
      ["Confidence", p.confidence == null ? "—" : `${Math.round(p.confidence * 100)} %`],
      ["Detector", p.detector],
      ["Sharing", releasable(p.releasability)],
    ]),
    h("div", { class: "evidence-label" }, "Evidence"),
    measured.length ? h("table", { class: "kv evidence-table" },
      measured.map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v)))) : null,
    h("details", { class: "evidence-raw", open: measured.length ? null : true },
      h("summary", {}, "As recorded (JSON)"),
      h("pre", { class: "evidence" }, JSON.stringify(evidence, null, 2))),
    h("div", { class: "event-id" }, h("span", {}, "Event id "), h("code", {}, p.event_id)));
}

/** A vessel's track: name, identity, first and last position time, positions. */
export function trackDetails(feature, events = []) {
  const p = feature.properties;
  const coords = feature.geometry?.type === "LineString"
    ? feature.geometry.coordinates.at(-1) : feature.geometry?.coordinates;
  return h("div", { class: "details track-details" },
    h("div", { class: "details-head" }, h("span", { class: "kind-chip track-chip" }, "Vessel track · AIS")),
    h("h3", {}, p.shipname || "Unnamed vessel"),
    rows([
      ["MMSI", h("code", {}, String(p.mmsi))],
      ["Flag", p.flag ?? "unknown"],
      ["Type", p.ship_type ?? "unknown"],
      ["First seen", fmtTime(p.start_time, { seconds: true })],
      ["Last seen", fmtTime(p.end_time, { seconds: true })],
      ["Last position", coords ? fmtLonLat(coords) : null],
      ["Positions", p.n_positions == null ? null : Number(p.n_positions).toLocaleString("en-GB")],
      ["Sea events", events.length
        ? events.slice(0, 5).map((e) => h("div", {}, `${eventKindLabel(e.properties.kind)} · ${fmtTime(e.properties.end_time)}`))
          .concat(events.length > 5 ? [h("div", { class: "more" }, `… and ${events.length - 5} more`)] : [])
        : null],
    ]));
}

export function zoneDetails(features) {
  return h("div", { class: "details zone-details" },
    features.map((f) => {
      const p = f.properties;
      const z = ZONE_KINDS.find((k) => k.kind === p.kind);
      const vertical = p.floor_ft != null || p.ceiling_ft != null
        ? `${p.floor_ft ?? "SFC"} – ${p.ceiling_ft ?? "UNL"} ft` : null;
      return h("section", {},
        h("div", { class: "details-head" },
          h("span", { class: "kind-chip", style: { borderColor: z?.color ?? "#ccc", color: z?.color ?? "#ccc" } }, kindLabel(p.kind))),
        h("h3", {}, p.name || p.zone_id),
        rows([
          ["Objective", OBJECTIVE_NAMES[p.objective] ?? p.objective],
          ["Vertical", vertical],
          ["Valid from", p.valid_from ? fmtTime(p.valid_from) : "—"],
          ["Valid to", p.valid_to ? fmtTime(p.valid_to) : "—"],
          ["Sharing", releasable(p.releasability)],
          ["Zone id", h("code", {}, p.zone_id)],
        ]));
    }));
}
