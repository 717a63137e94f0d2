import { catalogueTool } from "../spec/tool-catalogue.ts";
import type { ShadowRunRow } from "../store/rollout-store.ts";
import { escapeHtml } from "./operator-page.ts";

const SOURCE_WORDS: Record<ShadowRunRow["source"], string> = {
  explicit: "request",
  detected: "detected",
};
const VERDICT_WORDS: Record<ShadowRunRow["verdict"], string> = {
  "would-open": "a PR",
  "would-hold": "a PR held for <code>/approve-team</code>",
};

const cell = (html: string) => `<td>${html}</td>`;

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
function sinceText(row: ShadowRunRow): string {
  if (row.gap_state === null || row.gap_state === "planned") return "—";
  return `${escapeHtml(row.gap_state)}${row.pr_number === null ? "" : ` #${row.pr_number}`}`;
}

/**
 * The operator page's "Would have opened (shadow mode)" section: what runs in shadow mode planned
 * and would have opened, newest first. A pure function of the rows; every string is escaped.
 */
export function renderShadowSection(rows: ShadowRunRow[]): string {
  const heading = `<h2>Would have opened (shadow mode)</h2>`;
  if (!rows.length)
    return `<section id="shadow">${heading}<p class="muted">Nothing was planned in shadow mode. Gaps the scan detects start in shadow mode (<code>mode.detected: shadow</code> in <code>.github/team-factory.yml</code>): they are planned and listed here, and nothing is opened on GitHub.</p></section>`;
  const head = [
    "when",
    "repository",
    "source",
    "team and title",
    "monthly cost",
    "members and tools",
    "a full run would open",
    "since",
  ]
    .map((h) => `<th>${h}</th>`)
    .join("");
  const body = rows
    .map((r) => {
      const gates = Object.entries(r.gates)
        .map(([gate, verdict]) => `${escapeHtml(gate)}: ${escapeHtml(verdict)}`)
        .join("\n");
      return `<tr>${[
        cell(
          `${escapeHtml(r.last_at)}${r.runs > 1 ? ` <span class="muted">(${r.runs} runs)</span>` : ""}`,
        ),
        cell(escapeHtml(r.repo)),
        cell(`${SOURCE_WORDS[r.source]}${r.issue_number === null ? "" : ` #${r.issue_number}`}`),
        cell(
          `<code>${escapeHtml(r.team)}</code><br><span class="title">${escapeHtml(r.title)}</span>`,
        ),
        cell(`$${r.monthly_usd.toFixed(2)}`),
        cell(membersText(r.members)),
        cell(`<span title="${escapeHtml(gates)}">${VERDICT_WORDS[r.verdict]}</span>`),
        cell(sinceText(r)),
      ].join("")}</tr>`;
    })
    .join("");
  return `<section id="shadow">${heading}<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table><p class="muted">✍️ a tool that writes (it starts in dry run). Hover the verdict for each gate's. Leave shadow mode with <code>mode: {detected: low-risk}</code> or <code>full</code>.</p></section>`;
}
