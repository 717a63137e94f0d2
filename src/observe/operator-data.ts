import { runBacktest } from "../backtest/run-backtest.ts";
import { BACKTEST_TTL_MS } from "../dashboard/backtest-section.ts";
import { githubLinks } from "../dashboard/github-links.ts";
import { createKeptResults } from "../dashboard/kept-results.ts";
import { renderOperatorPage } from "../dashboard/operator-page.ts";
import {
  type OperatorSection,
  type RetryingJob,
  renderSections,
} from "../dashboard/operator-section.ts";
import { OPERATOR_SECTIONS } from "../dashboard/operator-sections.ts";
import { PAGE_SIZE, type PageQuery } from "../dashboard/page-query.ts";
import { slotRows } from "../dashboard/slots-section.ts";
import { CHAIN_TTL_MS } from "../dashboard/summary-section.ts";
import { Job } from "../intake/job.ts";
import type { JobLog } from "../jobs/job-log.ts";
import type { TelemetrySnapshot } from "../metrics/telemetry-port.ts";
import { once } from "../store/once.ts";
import type { Store } from "../store/store.ts";

/** Queued or running jobs whose last attempt failed: they will be tried again. */
export async function retryingJobs(store: Store): Promise<RetryingJob[]> {
  const jobs = await store.listUnfinishedJobs({ limit: 200 });
  return jobs.flatMap((j) => {
    if (j.lastError === null) return [];
    const job = Job.safeParse(j.payload).data;
    return [
      {
        repo: job ? `${job.owner}/${job.repo}` : "?",
        issue: job?.issueNumber ?? null,
        deliveryId: job?.deliveryId ?? j.deliveryId,
        kind: j.kind,
        status: UNREACHABLE.test(j.lastError) ? "unreachable" : "error",
        attempts: j.attempts,
        maxAttempts: j.maxAttempts,
        nextAttempt: j.status === "running" ? "running now" : (j.availableAt ?? "?"),
        lastError: j.lastError,
      },
    ];
  });
}

/** What the job runner stores for an attempt that got no answer from GitHub. */
const UNREACHABLE = /^GitHub could not be reached/;

/** What the gauges of `/metrics` read at scrape time. */
export async function telemetrySnapshot(store: Store): Promise<TelemetrySnapshot> {
  const [overview, retrying] = await Promise.all([
    store.metrics.operatorOverview({ auditLimit: 1, gapLimit: 1 }),
    retryingJobs(store),
  ]);
  return {
    retrying: {
      unreachable: retrying.filter((j) => j.status === "unreachable").length,
      error: retrying.filter((j) => j.status === "error").length,
    },
    slots: slotRows(overview).flatMap((s) =>
      s.limit === null ? [] : [{ scope: s.scope, remaining: Math.max(s.limit - s.used, 0) }],
    ),
    pausedInstallations: overview.installations.filter((i) => i.pause.paused).length,
    pausedRepositories: overview.repos.filter(
      (r) => r.pause.paused && r.pause.scope === "repository",
    ).length,
  };
}

/** Days of history the page's backtest replays (`team-factory backtest --since 90d`). */
export const PAGE_BACKTEST_DAYS = 90;

/**
 * The operator page: each request reads what its sections show (the shared reads once); the
 * backtest and the audit chain's verdict are kept between requests for as long as the app runs.
 */
export function createOperatorPage(params: {
  store: Store;
  version: string;
  /** Where people open issues (github.com or GHE_HOST): links are built against it. */
  webUrl: string;
  now(): Date;
  log: Pick<JobLog, "warn">;
  sections?: readonly OperatorSection[];
}): (query: PageQuery) => Promise<string> {
  const { store, now, log } = params;
  const links = githubLinks(params.webUrl);
  const backtest = createKeptResults({
    what: "the backtest",
    run: (repo) => runBacktest(store, { sinceDays: PAGE_BACKTEST_DAYS, repo, now: now() }),
    ttlMs: BACKTEST_TTL_MS,
    ...{ now, log },
  });
  const chain = createKeptResults({
    what: "the audit chain's verification",
    run: () => store.verifyAuditChain(),
    ttlMs: CHAIN_TTL_MS,
    maxEntries: 1,
    ...{ now, log },
  });
  return async (query) => {
    const page = (n: number) => ({ offset: (n - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const ctx = {
      store,
      query,
      now: now(),
      links,
      version: params.version,
      overview: once(() => store.metrics.operatorOverview({ auditLimit: 1, gapLimit: 1 })),
      lists: once(() =>
        store.metrics.operatorLists({
          repo: query.repo,
          state: query.state,
          source: query.source,
          gaps: page(query.page),
          audit: page(query.auditPage),
        }),
      ),
      retrying: once(() => retryingJobs(store)),
      backtest: () => backtest.get(query.repo),
      auditChain: () => chain.get(null),
    };
    return renderOperatorPage(await renderSections(params.sections ?? OPERATOR_SECTIONS, ctx, log));
  };
}
