// The readiness Gantt of a stored plan, drawn as SVG: the P-day deployment (period 0),
// one row per move grouped by objective, days from P-day. As `reassure plan timeline
// --chart` draws it (force/gantt.py): notice-to-move (grey), waiting for lift (amber),
// lift (blue), transit (green), a diamond on the day the move is in place, a tick on the
// day it was needed (red when late); a move no lift can carry is hatched red. Each
// objective's IOC (dashed) and FOC (solid) cross its rows; requirements the plan leaves
// unfilled have a row of their own, so that "IOC never" shows its reason.

import { OBJECTIVE_NAMES } from "./details.js";
import { fmtPDay, h, s } from "./dom.js";

const ORDER = ["skies", "seas", "land", "support"];
const LABEL_W = 270;
const ROW_H = 16;
const HEAD_H = 22;
const AXIS_H = 24;
const RIGHT_PAD = 24;
const DAY_MS = 86_400_000;

export const capabilityLabel = (c) => String(c ?? "").replaceAll("_", " ");

const dayOf = (iso, pDay) => (iso ? Math.round((Date.parse(iso) - Date.parse(pDay)) / DAY_MS) : null);

function tickStep(maxDay) {
  return [5, 10, 15, 30, 60, 90, 180, 365].find((step) => maxDay / step <= 12) ?? 365;
}

/** The rows of the chart: a header per objective, its moves, its unfilled requirements. */
function chartRows(plan) {
  const f = plan.frames;
  const pDay = plan.settings.p_day;
  const units = f.timeline_units.filter((u) => u.period === 0);
  const objectives = new Map(f.timeline_objectives.map((o) => [o.objective, o]));
  const present = new Set([...objectives.keys(), ...units.map((u) => u.objective)]);
  const rows = [];
  for (const objective of [...ORDER, ...[...present].filter((o) => !ORDER.includes(o)).sort()]) {
    if (!present.has(objective)) continue;
    rows.push({ type: "head", objective, summary: objectives.get(objective) ?? {} });
    const mine = units
      .filter((u) => u.objective === objective)
      .sort((a, b) => (a.arrival_day ?? Infinity) - (b.arrival_day ?? Infinity)
        || a.ready_day - b.ready_day || a.requirement_id.localeCompare(b.requirement_id));
    for (const u of mine) rows.push({ type: "unit", objective, unit: u, needed: dayOf(u.needed_by, pDay) });
    const unfilled = f.timeline_requirements
      .filter((r) => r.objective === objective && r.first_period === 0 && r.status === "unfilled")
      .sort((a, b) => a.priority - b.priority || a.requirement_id.localeCompare(b.requirement_id));
    for (const r of unfilled) rows.push({ type: "unfilled", objective, requirement: r });
  }
  return rows;
}

function maxDayOf(rows) {
  let max = 30;
  for (const r of rows) {
    if (r.type === "unit") max = Math.max(max, r.unit.arrival_day ?? 0, r.unit.ready_day ?? 0, r.needed ?? 0);
    if (r.type === "head") max = Math.max(max, r.summary.ioc_day ?? 0, r.summary.foc_day ?? 0);
  }
  const step = tickStep(max);
  return Math.ceil((max + 1) / step) * step;
}

function unitTitle(u) {
  const lift = u.lift_id ? `lift ${u.lift_id} days P+${u.lift_start_day}–P+${u.lift_end_day}` : `moves by ${u.mode}`;
  return [
    `${u.requirement_id} ${capabilityLabel(u.capability)} ×${u.quantity} from ${u.nation} (${u.pledge_id})`,
    `ready P+${u.ready_day} · ${lift} · transit ${u.transit_days ?? "—"} d`,
    u.arrival_day == null ? `never arrives: ${u.note ?? "no lift"}` : `in place ${fmtPDay(u.arrival_day)} (${u.arrival_date})`,
    `needed by ${u.needed_by}${u.late_days ? ` · ${u.late_days} d late` : ""}`,
  ].join("\n");
}

/** The readiness Gantt of `plan` (the body of /api/plans/{id}) as an element `width` px wide. */
export function readinessGantt(plan, width) {
  const rows = chartRows(plan);
  if (!rows.some((r) => r.type === "unit" || r.type === "unfilled")) {
    return h("p", { class: "empty-state" }, "The plan sends no unit in the first rotation.");
  }
  const maxDay = maxDayOf(rows);
  const W = Math.max(width, 640);
  const plotW = W - LABEL_W - RIGHT_PAD;
  const x = (day) => LABEL_W + (Math.max(0, Math.min(day, maxDay)) / maxDay) * plotW;
  let y = AXIS_H;
  const layout = rows.map((r) => {
    const height = r.type === "head" ? HEAD_H : ROW_H;
    const at = { ...r, y, height };
    y += height;
    return at;
  });
  const H = y + 6;

  const defs = s("defs", {},
    s("pattern", { id: "gantt-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("rect", { width: 6, height: 6, class: "hatch-bg" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" })));

  const step = tickStep(maxDay);
  const axis = [];
  for (let d = 0; d <= maxDay; d += step) {
    axis.push(s("line", { x1: x(d), x2: x(d), y1: AXIS_H - 4, y2: H - 6, class: "grid" }));
    const anchor = d === 0 ? "start" : d + step > maxDay ? "end" : "middle";
    axis.push(s("text", { x: x(d), y: AXIS_H - 8, class: "tick", "text-anchor": anchor }, d === 0 ? "P-day" : `P+${d}`));
  }

  const drawn = [];
  const groups = [];
  for (const r of layout) {
    const mid = r.y + r.height / 2;
    if (r.type === "head") {
      const o = r.summary;
      groups.push(r);
      drawn.push(s("g", { class: "gantt-head", dataset: { objective: r.objective, iocDay: o.ioc_day ?? "never", focDay: o.foc_day ?? "never" } },
        s("rect", { x: 0, y: r.y + 2, width: W, height: r.height - 3, class: "head-bg" }),
        s("text", { x: 6, y: mid + 4, class: "head-name" }, OBJECTIVE_NAMES[r.objective] ?? r.objective),
        s("text", { x: LABEL_W - 6, y: mid + 4, "text-anchor": "end", class: o.foc_day == null ? "head-note never" : "head-note" },
          `IOC ${fmtPDay(o.ioc_day)} · FOC ${fmtPDay(o.foc_day)}`)));
      continue;
    }
    if (r.type === "unfilled") {
      const q = r.requirement;
      drawn.push(s("g", { class: "gantt-row unfilled", dataset: { requirement: q.requirement_id, objective: r.objective } },
        s("title", {}, `${q.requirement_id}: ${q.quantity} ${capabilityLabel(q.capability)} wanted, none assigned in rotation 1`),
        s("text", { x: 14, y: mid + 4, class: "row-label" }, `${q.requirement_id} ${capabilityLabel(q.capability)}`),
        s("text", { x: LABEL_W + 4, y: mid + 4, class: "row-unfilled" }, `unfilled (priority ${q.priority}): no unit assigned`)));
      continue;
    }
    const u = r.unit;
    const top = r.y + 3;
    const bh = r.height - 6;
    const seg = (from, to, cls) => (to > from || cls === "seg-lift"
      ? s("rect", { x: x(from), y: top, width: Math.max(x(to) - x(from), 2), height: bh, class: cls }) : null);
    const parts = [seg(0, u.ready_day, "seg-notice")];
    if (u.arrival_day == null) {
      parts.push(s("rect", { x: x(u.ready_day), y: top, width: Math.max(x(maxDay) - x(u.ready_day), 2), height: bh, class: "seg-stranded", fill: "url(#gantt-hatch)" }));
    } else {
      const depart = u.lift_id ? u.lift_end_day : u.ready_day;
      if (u.lift_id) {
        parts.push(seg(u.ready_day, u.lift_start_day, "seg-wait"), seg(u.lift_start_day, u.lift_end_day, "seg-lift"));
      }
      parts.push(seg(depart, u.arrival_day, "seg-transit"));
      const ax = x(u.arrival_day);
      parts.push(s("path", { d: `M${ax} ${mid - 5}L${ax + 5} ${mid}L${ax} ${mid + 5}L${ax - 5} ${mid}Z`, class: "arrival" }));
    }
    if (r.needed != null) {
      parts.push(s("line", { x1: x(r.needed), x2: x(r.needed), y1: r.y + 1, y2: r.y + r.height - 1, class: u.late_days > 0 ? "needed late" : "needed" }));
    }
    drawn.push(s("g", {
      class: `gantt-row${u.arrival_day == null ? " stranded" : ""}`,
      dataset: { requirement: u.requirement_id, objective: r.objective, pledge: u.pledge_id, arrivalDay: u.arrival_day ?? "never" },
    },
    s("title", {}, unitTitle(u)),
    s("text", { x: 14, y: mid + 4, class: "row-label" }, `${u.requirement_id} ${capabilityLabel(u.capability)}`),
    s("text", { x: LABEL_W - 6, y: mid + 4, class: "row-nation", "text-anchor": "end" }, u.nation),
    parts));
  }

  // IOC and FOC across each objective's rows.
  const marks = [];
  groups.forEach((g, k) => {
    const end = k + 1 < groups.length ? groups[k + 1].y : H - 6;
    for (const [key, cls] of [["ioc_day", "ioc"], ["foc_day", "foc"]]) {
      const day = g.summary[key];
      if (day == null) continue;
      marks.push(s("line", { x1: x(day), x2: x(day), y1: g.y + g.height - 2, y2: end, class: `milestone ${cls}`, dataset: { objective: g.objective } }));
      marks.push(s("text", { x: x(day) + 3, y: g.y + g.height / 2 + 4, class: `milestone-label ${cls}` }, `${cls.toUpperCase()} ${fmtPDay(day)}`));
    }
  });

  return s("svg", {
    class: "gantt", width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
    "aria-label": "Readiness from P-day: the first rotation's moves by objective",
  }, defs, axis, drawn, marks);
}

/** The chart's key, as HTML under its title. */
export function ganttLegend() {
  const item = (cls, label) => h("span", { class: "key" }, h("span", { class: `key-swatch ${cls}` }), label);
  return h("div", { class: "gantt-legend" },
    item("seg-notice", "notice to move"), item("seg-wait", "waiting for lift"), item("seg-lift", "lift"),
    item("seg-transit", "transit"), item("arrival", "in place"), item("needed", "needed by"),
    item("needed late", "late"), item("seg-stranded", "no lift"), item("ioc", "IOC"), item("foc", "FOC"));
}
