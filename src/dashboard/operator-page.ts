import {
  JUDGEMENT_ICON,
  judge,
  METRICS,
  type MetricKey,
  type MetricsWindow,
} from "../metrics/metric-targets.ts";
import type { OperatorOverview } from "../store/metrics-rows.ts";
import type { ShadowRunRow } from "../store/rollout-store.ts";
import type { AuditVerdict } from "../store/store.ts";
import { renderShadowSection } from "./shadow-section.ts";
import { svgTrend } from "./svg-trend.ts";

/** Text made inert in HTML (element content and quoted attributes). */
export function escapeHtml(text: unknown): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The values a trend plots per metric: the judged value, in minutes or percent. */
const TARGET_OF: Record<MetricKey, number> = {
  gap_to_pr: 30,
  needs_changes: 20,
  false_positives: 10,
  review_time: 120,
  deployments: 90,
};
const plotted = (key: MetricKey, value: number | null) =>
  value === null ? null : key === "gap_to_pr" || key === "review_time" ? value / 60 : value * 100;

export interface SlotRow {
  scope: string;
  used: number;
  limit: number | null;
}

/** A job whose last attempt failed and that will be tried again. */
export interface RetryingJob {
  repo: string;
  issue: number | null;
  deliveryId: string;
  kind: string;
  /** `unreachable`: GitHub gave no answer; `error`: anything else. */
  status: "unreachable" | "error";
  attempts: number;
  maxAttempts: number;
  nextAttempt: string;
  lastError: string;
}

export interface ScopedMetrics {
  label: string;
  days30: MetricsWindow;
}

export interface OperatorView {
  overview: OperatorOverview;
  chain: AuditVerdict;
  metrics: { days7: MetricsWindow; days30: MetricsWindow; trend: MetricsWindow[] };
  /** 30-day judgements per installation and per repository. */
  scoped: { installations: Map<number, MetricsWindow>; repos: Map<string, MetricsWindow> };
  slots: SlotRow[];
  retrying: RetryingJob[];
  version: string;
  /** What shadow-mode runs would have opened (rollout modes). */
  shadow?: ShadowRunRow[];
}

const judgements = (w: MetricsWindow | undefined) =>
  w
    ? METRICS.map(
        (m) =>
          `<span title="${escapeHtml(`${m.label}: ${judge(m, w)}`)}">${JUDGEMENT_ICON[judge(m, w)]}</span>`,
      ).join(" ")
    : "—";

const pauseText = (p: OperatorOverview["installations"][number]["pause"]) =>
  p.paused ? `⏸️ paused by ${escapeHtml(p.actor)} at ${escapeHtml(p.changed_at)}` : "▶️ running";

function retryingText(jobs: RetryingJob[]): string {
  if (!jobs.length) return "no job retrying";
  const unreachable = jobs.filter((j) => j.status === "unreachable").length;
  const text = `${jobs.length} job${jobs.length === 1 ? "" : "s"} retrying${unreachable ? ` (${unreachable} could not reach GitHub)` : ""}`;
  return `<span class="bad">${text}</span>`;
}

function table(headers: string[], rows: string[][], empty: string): string {
  if (!rows.length) return `<p class="muted">${empty}</p>`;
  const head = headers.map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The operator page: server-rendered HTML with no script and no external asset, every string
 * from the store (titles, actors, audit details) escaped.
 */
export function renderOperatorPage(view: OperatorView): string {
  const { overview, chain, metrics } = view;
  const metricRows = METRICS.map((m) => {
    const values = metrics.trend.map((w) => plotted(m.key, m.value(w)));
    const show = (w: MetricsWindow) => `${JUDGEMENT_ICON[judge(m, w)]} ${escapeHtml(m.format(w))}`;
    return [
      escapeHtml(m.label),
      escapeHtml(m.target),
      show(metrics.days7),
      show(metrics.days30),
      svgTrend({
        values,
        target: TARGET_OF[m.key],
        label: `${m.label}, 7-day value per day over 30 days`,
      }),
    ];
  });
  const chainText = chain.ok
    ? `<span class="ok">✅ audit chain verified: ${chain.rows} entries intact</span>`
    : `<span class="bad">❌ audit chain broken at entry ${chain.brokenId}: ${escapeHtml(chain.reason)}</span>`;
  const states = Object.entries(overview.gaps_by_state).sort(([a], [b]) => a.localeCompare(b));
  const sections = [
    `<header><h1>Team Factory</h1><p>version ${escapeHtml(view.version)} · ${escapeHtml(overview.now)} · runs in the last 24 h: ${overview.runs_24h.runs} (${overview.runs_24h.failed} failed) · ${retryingText(view.retrying)}</p><p id="audit-status">${chainText}</p></header>`,
    `<section id="jobs"><h2>Jobs failing and retrying</h2>${table(
      [
        "repository",
        "issue",
        "delivery",
        "job",
        "status",
        "attempts",
        "next attempt",
        "last error",
      ],
      view.retrying.map((j) => [
        escapeHtml(j.repo),
        j.issue === null ? "—" : `#${j.issue}`,
        `<code>${escapeHtml(j.deliveryId)}</code>`,
        escapeHtml(j.kind),
        `<span class="bad">${j.status}</span>`,
        `${j.attempts} of ${j.maxAttempts}`,
        escapeHtml(j.nextAttempt),
        `<code>${escapeHtml(j.lastError.slice(0, 300))}</code>`,
      ]),
      "No job is failing. A job that gave up after its last attempt counts as a failed run above.",
    )}</section>`,
    `<section id="metrics"><h2>Success metrics</h2>${table(["metric", "target", "7 days", "30 days", "trend (7-day value, 30 days; dashed: target)"], metricRows, "")}<p class="muted">✅ met · ❌ not met · ➖ no data. Durations are judged by their median.</p></section>`,
    `<section id="installations"><h2>Installations</h2>${table(
      ["installation", "repositories", "state", "30-day metrics"],
      overview.installations.map((i) => [
        String(i.installation_id),
        String(i.repos),
        pauseText(i.pause),
        judgements(view.scoped.installations.get(i.installation_id)),
      ]),
      "No installation has a gap yet.",
    )}</section>`,
    `<section id="repositories"><h2>Repositories</h2>${table(
      [
        "repository",
        "installation",
        "open gaps",
        "open PRs",
        "state",
        "dashboard issue",
        "30-day metrics",
      ],
      overview.repos.map((r) => [
        escapeHtml(r.repo),
        String(r.installation_id),
        String(r.open_gaps),
        String(r.open_prs),
        pauseText(r.pause),
        r.settings.dashboard ? "on" : "off",
        judgements(view.scoped.repos.get(r.repo.toLowerCase())),
      ]),
      "No repository yet.",
    )}</section>`,
    `<section id="gaps"><h2>Gaps by state</h2>${table(
      ["state", "gaps"],
      states.map(([state, n]) => [escapeHtml(state), String(n)]),
      "No gaps.",
    )}<h3>Latest gaps</h3>${table(
      ["repository", "issue", "title", "state", "PR", "updated"],
      overview.gaps.map((g) => [
        escapeHtml(g.repo),
        g.issue_number === null ? "—" : `#${g.issue_number}`,
        `<span class="title">${escapeHtml(g.title ?? g.gap_key)}</span>`,
        `${escapeHtml(g.state)}${g.reason ? ` <span class="muted">(${escapeHtml(g.reason)})</span>` : ""}`,
        g.pr_number === null ? "—" : `#${g.pr_number}`,
        escapeHtml(g.updated_at),
      ]),
      "No gaps.",
    )}</section>`,
    renderShadowSection(view.shadow ?? []),
    `<section id="slots"><h2>Today's slots (UTC)</h2>${table(
      ["scope", "used", "limit", "remaining"],
      view.slots.map((s) => [
        escapeHtml(s.scope),
        String(s.used),
        s.limit === null ? "?" : String(s.limit),
        s.limit === null ? "?" : String(Math.max(s.limit - s.used, 0)),
      ]),
      "No team PR opened today.",
    )}</section>`,
    `<section id="audit"><h2>Recent audit entries</h2>${table(
      ["#", "at", "action", "actor", "repository", "gap", "details"],
      overview.audit.map((a) => [
        String(a.id),
        escapeHtml(a.at),
        escapeHtml(a.action),
        escapeHtml(a.actor),
        escapeHtml(a.repo ?? ""),
        escapeHtml(a.gap_key ?? ""),
        `<code>${escapeHtml(JSON.stringify(a.details).slice(0, 300))}</code>`,
      ]),
      "The audit trail is empty.",
    )}</section>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Team Factory — operator</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{margin:0 0 4px}h2{margin:28px 0 8px;font-size:18px}h3{font-size:15px}
table{border-collapse:collapse;width:100%;max-width:1200px}
th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:middle}
th{background:#f6f8fa}code{font-size:12px;word-break:break-all}
.muted{color:#656d76}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
</style></head><body>
${sections.join("\n")}
</body></html>
`;
}
