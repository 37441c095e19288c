// Stored plans side by side (from /api/plans/compare: only plans the user's nation may
// see): a table of the measures courses of action are compared by, and a bar chart of
// the fill rate per objective.

import { api } from "./api.js";
import { OBJECTIVE_NAMES } from "./details.js";
import { fill, fmtPct, fmtPDay, h, s } from "./dom.js";
import { emptyState, PLAN_OBJECTIVES, rateLevel, releasableText } from "./planner.js";

const PALETTE = ["#5fb0ff", "#f0a020", "#2ea84f", "#c084fc", "#f472b6", "#22d3ee", "#a3e635", "#fb923c", "#94a3b8", "#e5383b", "#facc15", "#34d399"];
const fmtInt = (n) => (n == null ? "—" : Number(n).toLocaleString("en-GB"));

export async function showCompare(el, me, go) {
  window.__plannerReady = null;
  fill(el, h("p", { class: "loading" }, "Loading plans…"));
  const body = await api("/api/plans/compare");
  const head = h("header", { class: "view-head" }, h("h1", {}, "Compare plans"));
  if (!body.plans.length) {
    fill(el, head, emptyState("No plan to compare",
      h("span", {}, "No stored plan is releasable to ", me.nation, ". Run ", h("code", {}, "reassure plan compare COA.yaml …"),
        " to solve courses of action side by side.")));
    window.__plannerReady = { view: "compare", plan_id: null, empty: true };
    return;
  }
  const plans = body.plans.map((p, k) => ({ ...p, colour: PALETTE[k % PALETTE.length] }));
  const objectives = body.objectives.filter((o) => PLAN_OBJECTIVES.includes(o));
  fill(el, head,
    h("section", { class: "view-block" }, h("h2", {}, "Fill rate by objective", h("span", { class: "aside" }, "all rotations")),
      legend(plans), barChart(plans, objectives, Math.max(el.clientWidth - 48, 560))),
    h("section", { class: "view-block" }, h("h2", {}, "Side by side", h("span", { class: "aside" }, `${plans.length} plan(s) releasable to ${me.nation}`)),
      h("div", { class: "table-wrap" }, table(plans, objectives, go))));
  window.__plannerReady = { view: "compare", plan_id: null, empty: false, plans: plans.map((p) => p.plan_id) };
}

function legend(plans) {
  return h("div", { class: "gantt-legend" }, plans.map((p) => h("span", { class: "key" },
    h("span", { class: "key-swatch", style: { background: p.colour } }), p.name, p.of_record ? " ★" : "")));
}

function barChart(plans, objectives, width) {
  const groups = [...objectives, "all"];
  const H = 220;
  const top = 14;
  const bottom = 36;
  const left = 40;
  const plotH = H - top - bottom;
  const groupW = (width - left - 10) / groups.length;
  const barW = Math.min(34, (groupW - 16) / plans.length);
  const y = (rate) => top + plotH * (1 - rate);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((r) => s("g", {},
    s("line", { x1: left, x2: width - 10, y1: y(r), y2: y(r), class: "grid" }),
    s("text", { x: left - 6, y: y(r) + 4, class: "tick", "text-anchor": "end" }, `${r * 100}%`)));
  const bars = groups.map((objective, g) => {
    const x0 = left + g * groupW + (groupW - barW * plans.length) / 2;
    return s("g", { class: "bar-group", dataset: { objective } },
      plans.map((p, k) => {
        const rate = objective === "all" ? p.fill_rate : p.fill_rate_by_objective[objective];
        if (rate == null) return null;
        return s("rect", {
          x: x0 + k * barW + 1, y: y(rate), width: barW - 2, height: Math.max(plotH * rate, 1), fill: p.colour,
          class: "plan-bar", dataset: { plan: p.plan_id, objective, rate },
        }, s("title", {}, `${p.name} · ${objective === "all" ? "all objectives" : OBJECTIVE_NAMES[objective]}: ${fmtPct(rate, 1)}`));
      }),
      s("text", { x: left + g * groupW + groupW / 2, y: H - bottom + 18, class: "group-label", "text-anchor": "middle" },
        objective === "all" ? "All objectives" : OBJECTIVE_NAMES[objective] ?? objective));
  });
  return s("svg", { class: "compare-chart", width, height: H, viewBox: `0 0 ${width} ${H}`, role: "img", "aria-label": "Fill rate by objective, per plan" }, grid, bars);
}

function table(plans, objectives, go) {
  const rate = (r) => h("span", { class: `rate-chip level-${rateLevel(r)}` }, fmtPct(r, 1));
  const row = (label, cell, cls) => h("tr", { class: cls }, h("th", {}, label), plans.map((p) => h("td", { dataset: { plan: p.plan_id } }, cell(p))));
  const day = (p, o, key) => (p.readiness[o] ? fmtPDay(p.readiness[o][key]) : "—");
  return h("table", { class: "compare" },
    h("thead", {}, h("tr", {}, h("th", {}, ""), plans.map((p) => h("th", { dataset: { plan: p.plan_id } },
      h("span", { class: "plan-swatch", style: { background: p.colour } }),
      h("a", { href: `#view=force&plan=${encodeURIComponent(p.plan_id)}`, onclick: (e) => { e.preventDefault(); go({ view: "force", plan: p.plan_id }); } }, p.name),
      h("div", { class: "muted small" }, p.of_record ? "plan of record" : "draft", " · ", releasableText(p.releasability)))))),
    h("tbody", {},
      row("Fill rate, all rotations", (p) => rate(p.fill_rate), "strong"),
      row("Priority-weighted fill", (p) => rate(p.weighted_fill_rate)),
      objectives.map((o) => row(`  ${OBJECTIVE_NAMES[o]}`, (p) => (p.fill_rate_by_objective[o] == null ? "—" : rate(p.fill_rate_by_objective[o])), "sub")),
      objectives.map((o) => row(`IOC / FOC ${OBJECTIVE_NAMES[o]}`, (p) => {
        const foc = p.readiness[o]?.foc_day;
        const r = p.readiness[o];
        const title = r ? `IOC ${r.ioc_date ?? "never"} · FOC ${r.foc_date ?? "never"}` : "not in this plan";
        return h("span", { class: foc == null && r ? "never" : null, title }, `${day(p, o, "ioc_day")} / ${day(p, o, "foc_day")}`);
      })),
      row("FOC date (all objectives)", (p) => focDate(p, objectives)),
      row("Troops of the P-day force", (p) => fmtInt(p.troops)),
      row("Cost of the rotations (M€)", (p) => fmtInt(p.cost_meur == null ? null : Math.round(p.cost_meur))),
      row("Nations contributing", (p) => h("span", { title: p.nations.join(", ") }, String(p.nations.length))),
      row("Unfilled critical (req.-rotations)", (p) => h("span", { class: p.unfilled_critical ? "never" : null }, String(p.unfilled_critical),
        p.unfilled_critical_requirements.length ? h("span", { class: "muted small" }, ` ${p.unfilled_critical_requirements.join(", ")}`) : null)),
      row("Solver", (p) => `${p.method} · ${p.status}`)));
}

/** The day the whole force is at FOC: the last objective's, or never. */
function focDate(p, objectives) {
  const mine = objectives.filter((o) => p.readiness[o]);
  if (!mine.length) return "—";
  const dates = mine.map((o) => p.readiness[o].foc_date);
  if (dates.some((d) => d == null)) return h("span", { class: "never" }, "never");
  return dates.sort().at(-1);
}
