import { escapeHtml, plural } from "./html.ts";
import type { OperatorSection, RetryingJob } from "./operator-section.ts";
import { isoSeconds, timeTag, utcText } from "./relative-time.ts";

/** How long the audit chain's verdict is kept: it reads every entry of the trail. */
export const CHAIN_TTL_MS = 60_000;

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
    const [overview, retrying, kept] = await Promise.all([
      ctx.overview(),
      ctx.retrying(),
      ctx.auditChain(),
    ]);
    let chainText: string;
    if (kept.state !== "ready")
      chainText =
        kept.state === "computing"
          ? '<span class="muted">The audit chain is being verified; reload in a moment.</span>'
          : `<span class="bad">The audit chain could not be verified just now; the app's log says why.</span>`;
    else {
      const chain = kept.value;
      const when = ` <span class="muted">(checked ${timeTag(kept.computedAt.toISOString(), ctx.now)})</span>`;
      chainText = chain.ok
        ? `<span class="ok">✅ audit chain verified: ${chain.rows} entries intact</span>${when}`
        : `<span class="bad">❌ audit chain broken at entry ${chain.brokenId}: ${escapeHtml(chain.reason)}</span>${when}`;
    }
    return `<p>version ${escapeHtml(ctx.version)} · as of <time datetime="${isoSeconds(ctx.now.getTime())}">${utcText(ctx.now.getTime())}</time> · runs in the last 24 h: ${overview.runs_24h.runs} (${overview.runs_24h.failed} failed) · ${retryingText(retrying)}</p><p id="audit-status">${chainText}</p>`;
  },
};
