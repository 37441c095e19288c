// The force planner's view of a stored plan: fill rate per objective and rotation, the
// unfilled requirements (most critical first), the readiness Gantt, the burden per nation.
// Everything comes from /api/plans and /api/plans/{id}: plans the user's nation may see.
//
// Test hook: window.__plannerReady = {view, plan_id, empty} once the view has rendered.

import { api } from "./api.js";
import { OBJECTIVE_NAMES } from "./details.js";
import { fill, fmtPct, fmtTime, h } from "./dom.js";
import { capabilityLabel, ganttLegend, readinessGantt } from "./gantt.js";

export const PLAN_OBJECTIVES = ["skies", "seas", "land", "support"];
const fmtInt = (n) => (n == null ? "—" : Number(n).toLocaleString("en-GB"));
const fmtMeur = (n) => (n == null ? "—" : `${fmtInt(Math.round(n))} M€`);

/** green at 95 % and over, amber from 75 %, red under. */
export const rateLevel = (rate) => (rate == null ? "none" : rate >= 0.95 ? "green" : rate >= 0.75 ? "amber" : "red");

export const releasableText = (list) => (list?.length ? `releasable to ${list.join(", ")} only` : "releasable to all coalition nations");

export function emptyState(title, ...lines) {
  return h("div", { class: "empty-state", role: "status" }, h("h2", {}, title), lines.map((line) => h("p", {}, line)));
}

const cmd = (text) => h("code", {}, text);

/** The planner view into `el`; `planId` null means the plan of record. `go(params)` navigates. */
export async function showForce(el, me, planId, go) {
  window.__plannerReady = null;
  fill(el, h("p", { class: "loading" }, "Loading plans…"));
  const plans = await api("/api/plans");
  const chosen = planId ? plans.find((p) => p.plan_id === planId) : plans.find((p) => p.of_record);
  const picker = planPicker(plans, chosen?.plan_id, (id) => go({ view: "force", plan: id }));
  if (!plans.length) {
    fill(el, header("Force plan", null),
      emptyState("No plan yet", h("span", {}, "No force plan is releasable to ", me.nation, ". Run ", cmd("reassure plan solve"),
        " to make the plan of record, or ", cmd("reassure plan compare COA.yaml …"), " for drafts.")));
    window.__plannerReady = { view: "force", plan_id: null, empty: true };
    return;
  }
  if (!chosen) {
    const why = planId
      ? h("span", {}, "No plan ", cmd(planId), " is releasable to ", me.nation, ".")
      : h("span", {}, "No plan of record is releasable to ", me.nation, ": run ", cmd("reassure plan solve"), ".");
    fill(el, header("Force plan", picker),
      emptyState("No plan of record", why, `${plans.length} draft plan(s) are: pick one above, or compare them.`));
    window.__plannerReady = { view: "force", plan_id: null, empty: true };
    return;
  }
  const plan = await api(`/api/plans/${encodeURIComponent(chosen.plan_id)}`);
  const width = Math.max(el.clientWidth - 48, 640);
  fill(el,
    header("Force plan", picker),
    planMeta(plan),
    kpis(plan.summary),
    section("Fill rate by objective", "unit-rotations filled over wanted: overall and per rotation", fillRates(plan)),
    section("Unfilled requirements", `${plan.unfilled.length} · most critical first`, unfilledTable(plan)),
    section("Readiness from P-day", `first rotation · P-day ${plan.settings.p_day}`,
      ganttLegend(), h("div", { class: "gantt-wrap" }, readinessGantt(plan, width))),
    section("Burden per nation", "share of the unit-rotations used against share of coalition GDP", burden(plan)));
  window.__plannerReady = { view: "force", plan_id: plan.plan_id, empty: false };
}

function header(title, picker) {
  return h("header", { class: "view-head" }, h("h1", {}, title), picker);
}

function planPicker(plans, selected, onPick) {
  if (!plans.length) return null;
  return h("label", { class: "plan-picker" }, "Plan ",
    h("select", { id: "plan-select", onchange: (e) => onPick(e.target.value) },
      selected ? null : h("option", { value: "", selected: true, disabled: true }, "choose a plan…"),
      plans.map((p) => h("option", { value: p.plan_id, selected: p.plan_id === selected },
        `${p.of_record ? "★ " : ""}${p.name}${p.of_record ? " (plan of record)" : " (draft)"}`))));
}

function planMeta(plan) {
  return h("div", { class: "plan-meta" },
    h("span", { class: plan.of_record ? "badge record" : "badge draft" }, plan.of_record ? "plan of record" : "draft"),
    h("strong", { class: "plan-name" }, plan.name),
    h("span", {}, `${plan.method} · ${plan.status}${plan.gap == null ? "" : ` · gap ${fmtPct(plan.gap, 2)}`}`),
    h("span", {}, `${plan.settings.periods} rotations of ${plan.settings.period_months} months from P-day ${plan.settings.p_day}`),
    h("span", { class: "releasability" }, releasableText(plan.releasability)),
    h("span", { class: "muted" }, `solved ${fmtTime(plan.created)} · `, h("code", {}, plan.plan_id)));
}

function kpis(summary) {
  const kpi = (label, value, cls = "") => h("div", { class: `kpi ${cls}` }, h("span", { class: "kpi-value" }, value), h("span", { class: "kpi-label" }, label));
  return h("div", { class: "kpis" },
    kpi("fill rate, all rotations", fmtPct(summary.fill_rate), `level-${rateLevel(summary.fill_rate)}`),
    kpi("priority-weighted fill", fmtPct(summary.weighted_fill_rate), `level-${rateLevel(summary.weighted_fill_rate)}`),
    kpi("troops of the P-day force", fmtInt(summary.troops)),
    kpi("cost of the rotations", fmtMeur(summary.cost_meur)),
    kpi("nations contributing", fmtInt(summary.nations?.length)),
    kpi("unfilled critical (req.-rotations)", fmtInt(summary.unfilled_critical), summary.unfilled_critical ? "level-red" : "level-green"));
}

function section(title, aside, ...body) {
  return h("section", { class: "view-block" }, h("h2", {}, title, aside ? h("span", { class: "aside" }, aside) : null), body);
}

function fillRates(plan) {
  const rates = plan.frames.fill_rates;
  const periods = plan.periods;
  const cell = (r) => r ?? null;
  const objectives = [...PLAN_OBJECTIVES.filter((o) => rates.some((r) => r.objective === o)), "all"];
  const bar = (r, objective, period) => h("div", {
    class: `rate-bar level-${rateLevel(r?.rate)}`,
    dataset: { objective, period: period ?? "all", rate: r?.rate ?? "" },
    title: r ? `${r.filled} of ${r.wanted} unit-rotations filled` : "not wanted in this rotation",
    style: { "--rate": `${Math.round(100 * (r?.rate ?? 0))}%` },
  }, h("span", { class: "rate-fill" }), h("span", { class: "rate-text" }, r ? fmtPct(r.rate) : "—"));
  return h("table", { class: "rates" },
    h("thead", {}, h("tr", {}, h("th", {}, "objective"), h("th", { class: "overall" }, "all rotations"),
      periods.map((p) => h("th", { class: "period", title: `${p.start} – ${p.end}` }, `R${p.period + 1}`)))),
    h("tbody", {}, objectives.map((objective) => {
      const mine = rates.filter((r) => r.objective === objective);
      return h("tr", { class: objective === "all" ? "total" : null },
        h("th", {}, objective === "all" ? "All objectives" : OBJECTIVE_NAMES[objective] ?? objective),
        h("td", { class: "overall" }, bar(cell(mine.find((r) => r.period == null)), objective, null)),
        periods.map((p) => h("td", { class: "period" }, bar(cell(mine.find((r) => r.period === p.period)), objective, p.period))));
    })));
}

function unfilledTable(plan) {
  if (!plan.unfilled.length) return h("p", { class: "empty-inline" }, "Every requirement is filled in every rotation.");
  const span = (u) => (u.first_period == null ? "outside the plan"
    : u.first_period === u.last_period ? `R${u.first_period + 1}` : `R${u.first_period + 1}–R${u.last_period + 1}`);
  return h("div", { class: "table-wrap" }, h("table", { class: "unfilled" },
    h("thead", {}, h("tr", {}, ["prio", "requirement", "objective", "capability", "rotations", "short", "why"].map((c) => h("th", {}, c)))),
    h("tbody", {}, plan.unfilled.map((u) => h("tr", { class: `prio-${u.priority}`, dataset: { requirement: u.requirement_id, priority: u.priority } },
      h("td", {}, h("span", { class: `prio-pill prio-${Math.min(u.priority, 3)}` }, `P${u.priority}`)),
      h("td", { class: "mono" }, u.requirement_id),
      h("td", {}, OBJECTIVE_NAMES[u.objective] ?? u.objective),
      h("td", {}, capabilityLabel(u.capability)),
      h("td", { class: "mono" }, span(u)),
      h("td", { class: "mono" }, `${u.unfilled}/${u.wanted}`),
      h("td", { class: "reason" }, u.reason ?? ""))))));
}

function burden(plan) {
  const rows = plan.frames.burden
    .filter((b) => b.unit_periods_used > 0 || b.units_pledged > 0)
    .sort((a, b) => b.unit_periods_used - a.unit_periods_used || a.nation.localeCompare(b.nation));
  if (!rows.length) return h("p", { class: "empty-inline" }, "No nation contributes a unit.");
  const max = Math.max(...rows.map((b) => Math.max(b.share_used ?? 0, b.gdp_share ?? 0)), 0.01);
  const pct = (v) => `${(100 * (v ?? 0)) / max}%`;
  return h("div", { class: "burden" },
    h("div", { class: "burden-key" },
      h("span", { class: "key" }, h("span", { class: "key-swatch share" }), "share of unit-rotations used"),
      h("span", { class: "key" }, h("span", { class: "key-swatch gdp" }), "share of coalition GDP"),
      h("span", { class: "key muted" }, "index = share used ÷ GDP share (over 1: carries more than its weight)")),
    rows.map((b) => h("div", { class: "burden-row", dataset: { nation: b.nation }, title: `${b.nation}: ${b.unit_periods_used} unit-rotations of ${b.units_pledged} units pledged · ${fmtMeur(b.cost_meur)}` },
      h("span", { class: "nation-code" }, b.nation),
      h("span", { class: "burden-bars" },
        h("span", { class: "bar share", style: { width: pct(b.share_used) } }),
        h("span", { class: "bar gdp", style: { width: pct(b.gdp_share) } })),
      h("span", { class: "num" }, fmtPct(b.share_used, 1)),
      h("span", { class: `num index${(b.burden_index ?? 0) > 1.5 ? " heavy" : ""}` }, b.burden_index == null ? "—" : b.burden_index.toFixed(2)),
      h("span", { class: "num muted" }, `${b.unit_periods_used} used`))));
}
