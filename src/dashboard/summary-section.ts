import { escapeHtml, plural } from "./html.ts";
import type { OperatorSection, RetryingJob } from "./operator-section.ts";
import { isoSeconds, utcText } from "./relative-time.ts";

function retryingText(jobs: RetryingJob[]): string {
  if (!jobs.length) return "no job retrying";
  const unreachable = jobs.filter((j) => j.status === "unreachable").length;
  const text = `${plural(jobs.length, "job")} retrying${unreachable ? ` (${unreachable} could not reach GitHub)` : ""}`;
  return `<a class="bad" href="#jobs">${text}</a>`;
}

/** The version, runs of the last 24 hours, jobs retrying and whether the audit chain verifies. */
export const summarySection: OperatorSection = {
  id: "summary",
  title: "Now",
  async render(ctx) {
    const [overview, retrying, chain] = await Promise.all([
      ctx.overview(),
      ctx.retrying(),
      ctx.store.verifyAuditChain(),
    ]);
    const chainText = chain.ok
      ? `<span class="ok">✅ audit chain verified: ${chain.rows} entries intact</span>`
      : `<span class="bad">❌ audit chain broken at entry ${chain.brokenId}: ${escapeHtml(chain.reason)}</span>`;
    return `<p>version ${escapeHtml(ctx.version)} · as of <time datetime="${isoSeconds(ctx.now.getTime())}">${utcText(ctx.now.getTime())}</time> · runs in the last 24 h: ${overview.runs_24h.runs} (${overview.runs_24h.failed} failed) · ${retryingText(retrying)}</p><p id="audit-status">${chainText}</p>`;
  },
};
