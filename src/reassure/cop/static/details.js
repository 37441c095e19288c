// Popup content for an event or the zones under a click.

import { fmtTime, h } from "./dom.js";
import { SEVERITY, ZONE_KINDS } from "./layers.js";

export const OBJECTIVE_NAMES = {
  skies: "Safe skies",
  seas: "Safe seas",
  land: "Peace on land",
  support: "Strong UAF",
  force: "Force readiness",
};

const kindLabel = (kind) => ZONE_KINDS.find((z) => z.kind === kind)?.label ?? String(kind).replaceAll("_", " ");
const releasable = (list) => (list?.length ? `Releasable to ${list.join(", ")}` : "All coalition nations");

function rows(pairs) {
  return h("table", { class: "kv" },
    pairs.filter(([, v]) => v != null && v !== "").map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v))));
}

export function eventDetails(feature, zoneName) {
  const p = feature.properties;
  const sev = SEVERITY[p.severity] ?? SEVERITY.info;
  const evidence = typeof p.evidence === "string" ? p.evidence : JSON.stringify(p.evidence ?? {}, null, 2);
  return h("div", { class: "details event-details" },
    h("div", { class: "details-head" },
      h("span", { class: `sev-pill sev-${p.severity}`, style: { background: sev.color } }, sev.label),
      h("span", { class: `status-pill status-${p.status}` }, p.status)),
    h("h3", {}, p.title || p.kind),
    rows([
      ["Kind", String(p.kind).replaceAll("_", " ")],
      ["Objective", OBJECTIVE_NAMES[p.objective] ?? p.objective],
      ["Start", fmtTime(p.start_time, { seconds: true })],
      ["End", fmtTime(p.end_time, { seconds: true })],
      ["Zone", p.zone_id ? (zoneName ? `${zoneName} (${p.zone_id})` : p.zone_id) : "—"],
      ["Subject", p.subject],
      ["Confidence", p.confidence == null ? "—" : `${Math.round(p.confidence * 100)} %`],
      ["Detector", p.detector],
      ["Sharing", releasable(p.releasability)],
    ]),
    h("div", { class: "evidence-label" }, "Evidence"),
    h("pre", { class: "evidence" }, evidence),
    h("div", { class: "event-id" }, h("span", {}, "Event id "), h("code", {}, p.event_id)));
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
