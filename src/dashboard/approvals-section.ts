import { shortHash } from "../policy/cost-gate.ts";
import { neededPermission } from "../policy/permissions.ts";
import { escapeHtml, link, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";
import { timeTag } from "./relative-time.ts";

/** Logins once each, as written first. */
function people(logins: (string | null)[]): string[] {
  const seen = new Map<string, string>();
  for (const login of logins)
    if (login && !seen.has(login.toLowerCase())) seen.set(login.toLowerCase(), login);
  return [...seen.values()];
}

/**
 * Gaps waiting for `/approve-team`: the exact comment (the spec's 12 digits, as the cost gate
 * asks) and who may write it (the permission the app checks; never who asked for the team or
 * shaped its spec).
 */
export const approvalsSection: OperatorSection = {
  id: "approvals",
  title: "Approvals waiting",
  async render(ctx) {
    const { approvals } = await ctx.lists();
    const needed = neededPermission("approve", "write");
    const levels = needed === "maintain" ? "maintain or admin" : `${needed} or higher`;
    return table({
      caption: "Approvals waiting",
      headers: [
        "repository",
        "issue",
        "gap",
        "cost",
        "waiting since",
        "comment on the issue",
        "who may approve",
      ],
      rows: approvals.map((a) => {
        const excluded = people([a.requester, ...a.spec_authors]).map((p) => `@${escapeHtml(p)}`);
        return [
          link(ctx.links.repo(a.repo), escapeHtml(a.repo)),
          a.issue_number === null
            ? "—"
            : link(ctx.links.issue(a.repo, a.issue_number), `#${a.issue_number}`),
          `<span class="title">${escapeHtml(a.title ?? a.gap_key)}</span>`,
          a.monthly_usd === null ? "unknown" : `$${a.monthly_usd.toFixed(2)}/month`,
          timeTag(a.updated_at, ctx.now),
          `<code class="command">/approve-team ${escapeHtml(shortHash(a.spec_hash))}</code>`,
          `someone with ${levels} permission on ${escapeHtml(a.repo)}${excluded.length ? `, other than ${excluded.join(", ")} (who asked for it or shaped its spec)` : ""}`,
        ];
      }),
      empty: "No gap is waiting for an approval.",
    });
  },
};
