import { escapeHtml, link, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";
import { timeTag } from "./relative-time.ts";

/** Jobs whose last attempt failed and that will be tried again. */
export const jobsSection: OperatorSection = {
  id: "jobs",
  title: "Jobs failing and retrying",
  async render(ctx) {
    const jobs = await ctx.retrying();
    return table({
      caption: "Jobs failing and retrying",
      headers: [
        "repository",
        "issue",
        "delivery",
        "job",
        "status",
        "attempts",
        "next attempt",
        "last error",
      ],
      rows: jobs.map((j) => [
        link(ctx.links.repo(j.repo), escapeHtml(j.repo)),
        j.issue === null ? "—" : link(ctx.links.issue(j.repo, j.issue), `#${j.issue}`),
        `<code>${escapeHtml(j.deliveryId)}</code>`,
        escapeHtml(j.kind),
        `<span class="bad">${j.status}</span>`,
        `${j.attempts} of ${j.maxAttempts}`,
        j.nextAttempt === "running now" || j.nextAttempt === "?"
          ? escapeHtml(j.nextAttempt)
          : timeTag(j.nextAttempt, ctx.now),
        `<code>${escapeHtml(j.lastError.slice(0, 300))}</code>`,
      ]),
      empty:
        "No job is failing. A job that gave up after its last attempt counts as a failed run above.",
    });
  },
};
