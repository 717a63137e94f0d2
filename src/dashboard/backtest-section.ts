import { COUNT_COLUMNS, countRow, days, GAP_COLUMNS, gapRow } from "../backtest/report-rows.ts";
import { type BacktestReport, firstRaised } from "../backtest/run-backtest.ts";
import { escapeHtml, link, plural, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";
import { timeTag } from "./relative-time.ts";

/** How long a backtest is kept before the page computes it again. */
export const BACKTEST_TTL_MS = 10 * 60_000;

/** Gaps the table lists; the CLI's `--json` lists them all. */
const SHOWN_GAPS = 20;

function renderReport(report: BacktestReport, repoLink: (repo: string) => string): string {
  const { totals } = report;
  const scope = report.repo
    ? escapeHtml(report.repo)
    : plural(report.repos, "repository", "repositories");
  const until = new Date(Date.parse(report.since) + (report.days - 1) * 86_400_000);
  const summary = `Replaying the ${report.days} days from ${escapeHtml(report.since.slice(0, 10))} to ${escapeHtml(until.toISOString().slice(0, 10))} of ${scope} with min_tasks ${report.minTasks} and signals.min_count ${report.minCount} over ${report.windowDays} days, detection would have raised ${plural(totals.raised, "gap")}: ${totals.filled} later filled by a registered team (median lead ${days(totals.medianLeadDays)}), ${totals.dismissed} dismissed, ${totals.open} never filled.`;
  const shown = firstRaised(report, SHOWN_GAPS);
  const gaps = table({
    caption: "Gaps the backtest would have raised",
    headers: GAP_COLUMNS.map(escapeHtml),
    rows: shown.map((g) =>
      gapRow(g).map((cell, i) => (i === 1 ? repoLink(g.repo) : escapeHtml(cell))),
    ),
    numeric: [4, 5],
    empty: "No gap would have been raised.",
  });
  const more =
    report.gaps.length > shown.length
      ? `<p class="muted">The first ${shown.length} of ${report.gaps.length}; <code>team-factory backtest --since ${report.days}d --json</code> lists them all.</p>`
      : "";
  const sensitivity = table({
    caption: "How the counts change with the thresholds",
    headers: ["varied", ...COUNT_COLUMNS.map(escapeHtml)],
    rows: report.sensitivity.map((c) => [
      c.minTasks === report.minTasks && c.minCount === report.minCount
        ? `${c.vary} <strong>(as chosen)</strong>`
        : c.vary,
      ...countRow(c).map(escapeHtml),
    ]),
    numeric: [1, 2, 3, 4, 5, 6],
    empty: "",
  });
  return `<p>${summary}</p>${gaps}${more}<h3>With other thresholds</h3><p class="muted">One threshold varied, the other as chosen.</p>${sensitivity}`;
}

/**
 * What the task scan and signals would have raised over the last 90 days (`runBacktest`, as
 * `team-factory backtest --since 90d` computes it), of the repository filtered or of all; served
 * kept between pages (kept-results.ts).
 */
export const backtestSection: OperatorSection = {
  id: "backtest",
  title: "Backtest: what detection would have raised",
  async render(ctx) {
    const result = await ctx.backtest();
    if (result.state === "computing")
      return `<p class="muted">Being computed over the store's history; reload in a moment.</p>`;
    if (result.state === "failed")
      return `<p class="bad">The backtest could not be computed just now; the app's log says why. The next page load tries again after a minute.</p>`;
    const repoLink = (repo: string) => link(ctx.links.repo(repo), escapeHtml(repo));
    return `${renderReport(result.value, repoLink)}<p class="muted">Computed ${timeTag(result.computedAt.toISOString(), ctx.now)}; kept ${BACKTEST_TTL_MS / 60_000} minutes.</p>`;
  },
};
