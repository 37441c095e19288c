// The side panel (user, objective status, latest alerts) and the legend/layer list.

import { eventKindLabel, eventTitle, eventVessels, OBJECTIVE_NAMES } from "./details.js";
import { fill, fmtTime, h } from "./dom.js";
import { SEVERITIES, SEVERITY, TRACKS, ZONE_KINDS } from "./layers.js";

export const OBJECTIVES = ["skies", "seas", "land", "support", "force"];
const LEVEL_TEXT = { green: "GREEN", amber: "AMBER", red: "RED", no_data: "NO DATA" };

// APP-6 frames drawn by milsymbol (vendored), one per domain: unknown air track, unknown
// sea-surface merchant ship (the unknown sea-surface frame alone is the ground one's
// quatrefoil: the hull tells them apart) and ground track for what the detectors see,
// friendly ground unit for support and force.
const SIDC = { skies: "SUAP------", seas: "SUSPXM----", land: "SUGP------", support: "SFGPU-----", force: "SFGPU-----" };
const iconCache = new Map();
function objectiveIcon(objective) {
  if (!window.ms) return null;
  if (!iconCache.has(objective)) {
    const symbol = new window.ms.Symbol(SIDC[objective] ?? "SUGP------", {
      size: 16, fill: false, frame: true, monoColor: "#b8c9da", strokeWidth: 5,
    });
    iconCache.set(objective, symbol.asCanvas(2).toDataURL());
  }
  return h("img", { class: "app6", src: iconCache.get(objective), alt: "", width: 20, height: 20 });
}

export function renderUser(el, me, onSignOut) {
  fill(el,
    h("div", { class: "who" },
      h("span", { class: "nation", title: "Your nation: you see only what is releasable to it" }, me.nation),
      h("span", { class: "user-id" }, me.user_id),
      h("span", { class: "roles" }, (me.roles ?? []).join(", "))),
    h("button", { class: "link", type: "button", onclick: onSignOut, title: "Forget the token in this tab" }, "Sign out"));
}

export function renderStatus(el, status, active, onSelect) {
  const byObjective = new Map((status.objectives ?? []).map((o) => [o.objective, o]));
  fill(el, OBJECTIVES.map((objective) => {
    const o = byObjective.get(objective) ?? { objective, level: "unknown", rule: "no status", counts: {} };
    const c = o.counts ?? {};
    return h("li", {},
      h("button", {
        type: "button",
        class: `objective level-${o.level}${active === objective ? " active" : ""}`,
        dataset: { objective, level: o.level },
        title: `${OBJECTIVE_NAMES[objective]}: ${o.rule}. Click to show only its events.`,
        onclick: () => onSelect(active === objective ? null : objective),
      },
      h("span", { class: "level" }, LEVEL_TEXT[o.level] ?? "—"),
      h("span", { class: "name" }, OBJECTIVE_NAMES[objective]),
      h("span", { class: "counts" },
        h("span", { class: "c-critical", title: "critical" }, c.critical ?? 0),
        h("span", { class: "c-warning", title: "warning" }, c.warning ?? 0),
        h("span", { class: "c-info", title: "info" }, c.info ?? 0)),
      h("span", { class: "rule" }, o.rule)));
  }));
}

/** The time the picture is judged at and the age of the newest data behind it. */
export function renderDataAge(el, status) {
  const data = status?.data;
  el.classList.toggle("stale", Boolean(data?.stale));
  if (!data) {
    el.textContent = "";
    return;
  }
  const basis = { data: "judged at the newest data, not now", "wall clock": "live", set: "time set by you" };
  el.title = data.newest ? `newest observed record: ${fmtTime(data.newest)}` : "no observed record";
  fill(el, h("span", { class: "age" }, data.note), ` · ${basis[data.basis] ?? data.basis}`);
}

/** STATUS_RULES as the server words them: the first that matches gives the level. */
export function renderStatusRules(el, status) {
  fill(el, (status?.rules ?? []).map((r) => h("li", {},
    h("span", { class: `rule-level level-${r.level}` }, LEVEL_TEXT[r.level] ?? r.level), ` ${r.rule}`)));
}

/** Critical and warning events, newest first. */
export function latestAlerts(events, objective, limit = 25) {
  const rank = { critical: 2, warning: 1 };
  return events
    .filter((f) => rank[f.properties.severity] && f.properties.status !== "dismissed")
    .filter((f) => !objective || f.properties.objective === objective)
    .sort((a, b) => (b.properties.end_time ?? "").localeCompare(a.properties.end_time ?? "")
      || rank[b.properties.severity] - rank[a.properties.severity])
    .slice(0, limit);
}

/** `names` = {zones: Map(zone_id → zone), vessels: Map(mmsi → track properties)}. */
export function renderAlerts(el, alerts, onPick, names = {}) {
  if (!alerts.length) {
    fill(el, h("li", { class: "empty" }, "No critical or warning event."));
    return;
  }
  const zoneName = (p) => names.zones?.get(p.zone_id)?.properties.name;
  // The vessel, by name when its track is known: what a watch officer looks for.
  const vessel = (p) => eventVessels(p).map((m) => names.vessels?.get(m)?.shipname ?? `MMSI ${m}`).join(" & ");
  fill(el, alerts.map((f) => {
    const p = f.properties;
    const who = vessel(p);
    return h("li", {},
      h("button", {
        type: "button", class: `alert sev-${p.severity}`, dataset: { eventId: p.event_id },
        title: f.geometry ? "Show on the map" : "No position: show the details",
        onclick: () => onPick(f),
      },
      objectiveIcon(p.objective),
      h("span", { class: "alert-text" },
        h("span", { class: "alert-title" }, eventTitle(p, zoneName(p))),
        h("span", { class: "alert-meta" },
          `${fmtTime(p.end_time)} · ${OBJECTIVE_NAMES[p.objective] ?? p.objective} · ${eventKindLabel(p.kind)}`,
          who ? ` · ${who}` : null,
          f.geometry ? null : " · no position"))));
  }));
}

/** Legend rows with toggles. `state` = {hiddenKinds:Set, severities:Set, showTracks, oblasts, labels}. */
export function renderLayers(el, counts, state, onChange) {
  const row = (key, checked, swatch, label, count, dataset) =>
    h("label", { class: `layer-row${count === 0 ? " empty" : ""}`, dataset },
      h("input", { type: "checkbox", checked, onchange: (e) => onChange(key, e.target.checked) }),
      swatch, h("span", { class: "layer-name" }, label),
      count == null ? null : h("span", { class: "layer-count" }, count));
  const zoneRows = ZONE_KINDS.map((z) => row(`zone:${z.kind}`, !state.hiddenKinds.has(z.kind),
    h("span", { class: `swatch swatch-${z.kind}`, style: { "--c": z.color } }), z.label,
    counts.zones[z.kind] ?? 0, { kind: z.kind }));
  const eventRows = SEVERITIES.map((s) => row(`severity:${s}`, state.severities.has(s),
    h("span", { class: `swatch swatch-event sev-${s}`, style: { "--c": SEVERITY[s].color } }), SEVERITY[s].label,
    counts.events[s] ?? 0, { severity: s }));
  fill(el,
    h("h3", {}, "Zones", h("span", { class: "total" }, counts.zonesTotal)), zoneRows,
    counts.zonesOther ? h("div", { class: "note" }, `${counts.zonesOther} zone(s) of other kinds: dotted white`) : null,
    h("h3", {}, "Events", h("span", { class: "total" }, counts.eventsTotal)), eventRows,
    h("div", { class: "note" },
      h("span", { class: "swatch swatch-event faded", style: { "--c": SEVERITY.warning.color } }), "dismissed: faded",
      counts.unplaced ? ` · ${counts.unplaced} without position (list only)` : null),
    h("h3", {}, "Sea picture"),
    row("showTracks", state.showTracks,
      h("span", { class: "swatch swatch-track", style: { "--c": TRACKS.color } }), TRACKS.label,
      counts.tracksTotal, { layer: "tracks" }),
    h("h3", {}, "Basemap"),
    row("oblasts", state.oblasts, h("span", { class: "swatch swatch-oblast" }), "Oblast boundaries", null),
    row("labels", state.labels, h("span", { class: "swatch swatch-label" }, "Aa"), "Place names", null));
}
