import { GAP_STATES, type GapState } from "../store/store-records.ts";
import { SOURCE_TEXT } from "./filter-section.ts";
import { escapeHtml, link, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";
import { pageHref } from "./page-query.ts";
import { pager } from "./pager.ts";
import { timeTag } from "./relative-time.ts";

/** Gaps by state (each a filter link), then one page of the gaps the filters select. */
export const gapsSection: OperatorSection = {
  id: "gaps",
  title: "Gaps",
  async render(ctx) {
    const lists = await ctx.lists();
    const { query, links } = ctx;
    const states = Object.entries(lists.by_state).sort(
      ([a], [b]) => GAP_STATES.indexOf(a as GapState) - GAP_STATES.indexOf(b as GapState),
    );
    const counts = states.length
      ? `<ul class="states">${states
          .map(
            ([state, n]) =>
              `<li><a href="${pageHref(query, { state: state as GapState, page: 1 })}"${state === query.state ? ' aria-current="true"' : ""}>${escapeHtml(state)} <strong>${n}</strong></a></li>`,
          )
          .join("")}</ul>`
      : "";
    return `${counts}${table({
      caption: "Gaps, newest first",
      headers: ["repository", "issue", "title", "source", "state", "PR", "updated"],
      rows: lists.gaps.map((g) => [
        link(links.repo(g.repo), escapeHtml(g.repo)),
        g.issue_number === null
          ? "—"
          : link(links.issue(g.repo, g.issue_number), `#${g.issue_number}`),
        `<span class="title">${escapeHtml(g.title ?? g.gap_key)}</span>`,
        `<span title="${escapeHtml(`trigger: ${g.trigger}`)}">${escapeHtml(SOURCE_TEXT[g.source].split(" (")[0])}</span>`,
        `${escapeHtml(g.state)}${g.reason ? ` <span class="muted">(${escapeHtml(g.reason)})</span>` : ""}`,
        g.pr_number === null
          ? "—"
          : link(links.pull(g.repo, g.pr_number, g.pr_url), `#${g.pr_number}`),
        timeTag(g.updated_at, ctx.now),
      ]),
      empty:
        query.page > 1
          ? `No gaps on page ${query.page}: <a href="${pageHref(query, { page: 1 })}">first page</a>.`
          : "No gaps match.",
    })}${pager({ query, key: "page", label: "Gap pages", noun: ["gap", "gaps"], total: lists.gaps_total })}`;
  },
};
