/**
 * The operator page is a list of sections (`OPERATOR_SECTIONS` in operator-sections.ts). A section
 * reads what it shows through the context (the store, the checked query, the page's shared reads)
 * and returns its HTML, every string from the store escaped. Adding one is one line in that list.
 */
import type { BacktestReport } from "../backtest/run-backtest.ts";
import type { JobLog } from "../jobs/job-log.ts";
import type { OperatorLists, OperatorOverview } from "../store/metrics-rows.ts";
import type { Store } from "../store/store.ts";
import type { AuditVerdict } from "../store/store-records.ts";
import type { GitHubLinks } from "./github-links.ts";
import { escapeHtml } from "./html.ts";
import type { Kept } from "./kept-results.ts";
import type { PageQuery } from "./page-query.ts";

/** A job whose last attempt failed and that will be tried again. */
export interface RetryingJob {
  repo: string;
  issue: number | null;
  deliveryId: string;
  kind: string;
  /** `unreachable`: GitHub gave no answer; `error`: anything else. */
  status: "unreachable" | "error";
  attempts: number;
  maxAttempts: number;
  nextAttempt: string;
  lastError: string;
}

export interface SectionContext {
  store: Store;
  query: PageQuery;
  /** The page's clock: relative times count from it. */
  now: Date;
  links: GitHubLinks;
  version: string;
  /** Reads several sections share, each made once per page. */
  overview(): Promise<OperatorOverview>;
  lists(): Promise<OperatorLists>;
  retrying(): Promise<RetryingJob[]>;
  /** Slow results, kept between pages (kept-results.ts). */
  backtest(): Promise<Kept<BacktestReport>>;
  auditChain(): Promise<Kept<AuditVerdict>>;
}

export interface OperatorSection {
  /** The section's element id (and the navigation's anchor). */
  id: string;
  title: string;
  /** The section's content under its heading; null leaves the section out. */
  render(ctx: SectionContext): Promise<string | null>;
}

export interface RenderedSection {
  id: string;
  title: string;
  html: string;
}

/**
 * Every section, rendered side by side. One that fails says so in its place (the reason goes to
 * the log, not to the page) and the others are still shown.
 */
export async function renderSections(
  sections: readonly OperatorSection[],
  ctx: SectionContext,
  log: Pick<JobLog, "warn">,
): Promise<RenderedSection[]> {
  const rendered = await Promise.all(
    sections.map(async (s) => {
      try {
        const html = await s.render(ctx);
        return html === null ? null : { id: s.id, title: s.title, html };
      } catch (error) {
        log.warn({ section: s.id, error: String(error) }, "operator page: a section failed");
        return {
          id: s.id,
          title: s.title,
          html: `<p class="bad">${escapeHtml(s.title)} could not be read just now; the app's log says why.</p>`,
        };
      }
    }),
  );
  return rendered.filter((s): s is RenderedSection => s !== null);
}
