import { JUDGEMENT_ICON, judge, METRICS, type MetricsWindow } from "../metrics/metric-targets.ts";
import { neutralize, plainText } from "../spec/plain-text.ts";
import type { RepoDashboard } from "../store/metrics-rows.ts";

export const DASHBOARD_MARKER = "<!-- team-factory:dashboard -->";
export const DASHBOARD_TITLE = "Team Factory dashboard";

/** Untrusted text (a title) as one inert table cell. */
const cell = (text: string | null, max = 80) =>
  neutralize(plainText(text ?? "", max)).replace(/\|/g, "\\|") || "—";

const ref = (n: number | null) => (n === null ? "—" : `#${n}`);

/** The slots left today, as the daily-limit gate counts them. */
export interface SlotsToday {
  used: number;
  limit: number;
  remaining: number;
  scope: "installation" | "repository";
}

/**
 * The dashboard issue's body (Renovate-style): open gaps and their state, open team PRs,
 * approvals waiting with the spec hash to approve, today's slots, the pause, and the five
 * metrics beside their targets over 7 and 30 days. Edited in place on every change.
 */
export function renderDashboardIssue(params: {
  dashboard: RepoDashboard;
  slots: SlotsToday;
  metrics: { days7: MetricsWindow; days30: MetricsWindow };
  now: Date;
}): string {
  const { dashboard, slots, metrics } = params;
  const gaps = dashboard.gaps;
  const prs = gaps.filter((g) => g.state === "pr-open" && g.pr_number !== null);
  const waiting = gaps.filter((g) => g.state === "awaiting-approval" && g.spec_hash);
  const pause = dashboard.pause;
  const lines = [
    DASHBOARD_MARKER,
    `## ${DASHBOARD_TITLE}`,
    "",
    `Kept up to date by Team Factory (at most once a minute); last written ${params.now.toISOString().slice(0, 16).replace("T", " ")} UTC. Commands go in any issue's comment: \`/team-factory pause\`, \`/team-factory resume\`, \`/team-factory dismiss\` (on a gap's issue).`,
    "",
    pause.paused
      ? `**State**: ⏸️ paused for this ${pause.scope ?? "repository"} by @${cell(pause.actor ?? "", 40)} since ${pause.changed_at ?? "?"}: new requests are kept; \`/team-factory resume\` lifts it.`
      : "**State**: ▶️ running",
    `**New team PRs left today** (UTC, per ${slots.scope}): ${slots.remaining} of ${slots.limit}`,
    "",
    `### Open gaps (${gaps.length})`,
    "",
  ];
  if (gaps.length) {
    lines.push("| issue | gap | state | PR |", "| --- | --- | --- | --- |");
    for (const g of gaps)
      lines.push(
        `| ${ref(g.issue_number)} | ${cell(g.title ?? g.slug)} | ${g.state}${g.reason ? ` (${cell(g.reason, 60)})` : ""} | ${ref(g.pr_number)} |`,
      );
  } else lines.push("None.");
  lines.push("", `### Open team PRs (${prs.length})`, "");
  lines.push(
    ...(prs.length
      ? prs.map(
          (g) =>
            `- ${ref(g.pr_number)} — ${cell(g.slug)} (gap ${ref(g.issue_number)})${g.needs ? `: ${g.needs.covered} of ${g.needs.total} needs covered by working tools` : ""}`,
        )
      : ["None."]),
  );
  lines.push("", `### Approvals waiting (${waiting.length})`, "");
  lines.push(
    ...(waiting.length
      ? waiting.map(
          (g) =>
            `- ${ref(g.issue_number)} ${cell(g.title ?? g.slug)}: a maintainer who did not ask for it comments \`/approve-team ${(g.spec_hash ?? "").slice(0, 12)}\``,
        )
      : ["None."]),
  );
  lines.push(
    "",
    "### Success metrics (the plan's targets)",
    "",
    "| metric | target | last 7 days | last 30 days |",
    "| --- | --- | --- | --- |",
  );
  for (const m of METRICS) {
    const show = (w: MetricsWindow) => `${JUDGEMENT_ICON[judge(m, w)]} ${m.format(w)}`;
    lines.push(`| ${m.label} | ${m.target} | ${show(metrics.days7)} | ${show(metrics.days30)} |`);
  }
  lines.push(
    "",
    '<sub>✅ met · ❌ not met · ➖ no data. Durations are judged by their median. How each is measured: Team Factory\'s docs/operations.md, "The five success metrics".</sub>',
  );
  return lines.join("\n");
}
