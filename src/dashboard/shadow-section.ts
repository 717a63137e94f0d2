import { catalogueTool } from "../spec/tool-catalogue.ts";
import type { ShadowRunRow } from "../store/rollout-store.ts";
import type { GitHubLinks } from "./github-links.ts";
import { escapeHtml, link, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";
import { timeTag } from "./relative-time.ts";

/** Rows the section shows at most (newest first). */
export const SHADOW_ROWS = 50;

const SOURCE_WORDS: Record<ShadowRunRow["source"], string> = {
  explicit: "request",
  detected: "detected",
};
const VERDICT_WORDS: Record<ShadowRunRow["verdict"], string> = {
  "would-open": "a PR",
  "would-hold": "a PR held for <code>/approve-team</code>",
};

function membersText(members: ShadowRunRow["members"]): string {
  return members
    .map((m) => {
      const tools = m.tools.map(
        (t) =>
          `${escapeHtml(t)}${catalogueTool(t)?.writes ? ' <span title="writes">✍️</span>' : ""}`,
      );
      return `${escapeHtml(m.role)}: ${tools.length ? tools.join(", ") : "—"}`;
    })
    .join("<br>");
}

/** What the gap became once its repository left shadow mode, when it did. */
function sinceText(row: ShadowRunRow, links: GitHubLinks): string {
  if (row.gap_state === null || row.gap_state === "planned") return "—";
  const pr =
    row.pr_number === null
      ? ""
      : ` ${link(links.pull(row.repo, row.pr_number), `#${row.pr_number}`)}`;
  return `${escapeHtml(row.gap_state)}${pr}`;
}

/**
 * What runs in shadow mode planned and would have opened, newest first: a pure function of the
 * rows, every string escaped, repositories and issues linked as the rest of the page does.
 */
export function renderShadowRows(
  rows: ShadowRunRow[],
  view: { links: GitHubLinks; now: Date },
): string {
  const { links, now } = view;
  const list = table({
    caption: "Would have opened (shadow mode)",
    headers: [
      "when",
      "repository",
      "source",
      "team and title",
      "monthly cost",
      "members and tools",
      "a full run would open",
      "since",
    ],
    rows: rows.map((r) => {
      const gates = Object.entries(r.gates)
        .map(([gate, verdict]) => `${escapeHtml(gate)}: ${escapeHtml(verdict)}`)
        .join("\n");
      const issue =
        r.issue_number === null
          ? ""
          : ` ${link(links.issue(r.repo, r.issue_number), `#${r.issue_number}`)}`;
      return [
        `${timeTag(r.last_at, now)}${r.runs > 1 ? ` <span class="muted">(${r.runs} runs)</span>` : ""}`,
        link(links.repo(r.repo), escapeHtml(r.repo)),
        `${SOURCE_WORDS[r.source]}${issue}`,
        `<code>${escapeHtml(r.team)}</code><br><span class="title">${escapeHtml(r.title)}</span>`,
        `$${r.monthly_usd.toFixed(2)}`,
        membersText(r.members),
        `<span title="${gates}">${VERDICT_WORDS[r.verdict]}</span>`,
        sinceText(r, links),
      ];
    }),
    empty:
      "Nothing was planned in shadow mode. Gaps the scan detects start in shadow mode (<code>mode.detected: shadow</code> in <code>.github/team-factory.yml</code>): they are planned and listed here, and nothing is opened on GitHub.",
  });
  return rows.length
    ? `${list}<p class="muted">✍️ a tool that writes (it starts in dry run). Hover the verdict for each gate's. Leave shadow mode with <code>mode: {detected: low-risk}</code> or <code>full</code>.</p>`
    : list;
}

export const shadowSection: OperatorSection = {
  id: "shadow",
  title: "Would have opened (shadow mode)",
  async render(ctx) {
    const rows = await ctx.store.rollout.listShadowRuns({
      repo: ctx.query.repo,
      limit: SHADOW_ROWS,
    });
    return renderShadowRows(rows, ctx);
  },
};
