import { describeAudit } from "./audit-details.ts";
import { escapeHtml, link, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";
import { PAGE_SIZE } from "./page-query.ts";
import { pager } from "./pager.ts";
import { timeTag } from "./relative-time.ts";

/** The latest audit entries (of the repository filtered), each readable. */
export const auditSection: OperatorSection = {
  id: "audit",
  title: "Audit trail",
  async render(ctx) {
    const { audit } = await ctx.lists();
    const { links, query } = ctx;
    const of = query.repo ? ` of ${escapeHtml(query.repo)}` : "";
    return `<p class="muted">Newest first${of}; the state and source filters do not apply here.</p>${table(
      {
        caption: "Audit entries, newest first",
        headers: ["#", "when", "action", "who", "repository", "details"],
        rows: audit.slice(0, PAGE_SIZE).map((a) => {
          const repo = a.repo ?? "";
          return [
            String(a.id),
            timeTag(a.at, ctx.now),
            `<code>${escapeHtml(a.action)}</code>`,
            escapeHtml(a.actor),
            repo ? link(links.repo(repo), escapeHtml(repo)) : "—",
            describeAudit(a.action, a.details, {
              pull: (n) => (repo ? links.pull(repo, n) : null),
              issue: (n) => (repo ? links.issue(repo, n) : null),
            }),
          ];
        }),
        numeric: [0],
        empty: query.auditPage > 1 ? "No entries on this page." : "The audit trail is empty.",
      },
    )}${pager({ query, key: "auditPage", label: "Audit pages", noun: ["entry", "entries"], more: audit.length > PAGE_SIZE })}`;
  },
};
