import { GAP_SOURCES } from "../store/metrics-rows.ts";
import { GAP_STATES } from "../store/store-records.ts";
import { escapeHtml } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";

/** Words for the sources a gap can come from (`tf_gap_source`). */
export const SOURCE_TEXT = {
  explicit: "requested (label, command, form)",
  detected: "detected (task scan, signals)",
  update: "team update (/regenerate, upgrade)",
} as const;

/** Suggestions the repository box offers; any owner/name can be typed. */
const MAX_SUGGESTIONS = 500;

const options = (values: readonly string[], chosen: string | null, text = (v: string) => v) =>
  values
    .map(
      (v) =>
        `<option value="${escapeHtml(v)}"${v === chosen ? " selected" : ""}>${escapeHtml(text(v))}</option>`,
    )
    .join("");

/**
 * A GET form (no script): repository, state and source. Submitting it starts each list at its
 * first page again; the filters apply to approvals, gaps, repositories, metrics, the backtest
 * and the audit entries.
 */
export const filterSection: OperatorSection = {
  id: "filters",
  title: "Filter",
  async render(ctx) {
    const { repos } = await ctx.overview();
    const { query } = ctx;
    const active = [
      query.repo && `repository ${escapeHtml(query.repo)}`,
      query.state && `state ${escapeHtml(query.state)}`,
      query.source && `source ${escapeHtml(SOURCE_TEXT[query.source])}`,
    ].filter(Boolean);
    return `<form method="get" action="" class="filters">
<label for="f-repo">Repository</label><input id="f-repo" name="repo" list="f-repos" placeholder="all (owner/name)" value="${escapeHtml(query.repo ?? "")}" maxlength="201" autocomplete="off">
<datalist id="f-repos">${options(
      repos.slice(0, MAX_SUGGESTIONS).map((r) => r.repo),
      null,
    )}</datalist>
<label for="f-state">State</label><select id="f-state" name="state"><option value="">all</option>${options(GAP_STATES, query.state)}</select>
<label for="f-source">Source</label><select id="f-source" name="source"><option value="">all</option>${options(GAP_SOURCES, query.source, (s) => SOURCE_TEXT[s as keyof typeof SOURCE_TEXT])}</select>
<button type="submit">Apply</button> <a href="?">Clear</a>
</form><p class="muted">${active.length ? `Showing ${active.join(", ")}.` : "Showing everything."}</p>`;
  },
};
