import { type RetryingJob, renderOperatorPage, type SlotRow } from "../dashboard/operator-page.ts";
import { GapJob } from "../intake/gap-job.ts";
import type { MetricsWindow } from "../metrics/metric-targets.ts";
import type { TelemetrySnapshot } from "../metrics/telemetry-port.ts";
import { slotScope } from "../policy/daily-cap.ts";
import type { OperatorOverview } from "../store/metrics-rows.ts";
import type { Store } from "../store/store.ts";

/** Today's counters beside the limits the repositories' settings give their scopes. */
export function slotRows(overview: OperatorOverview): SlotRow[] {
  const limits = new Map<string, number>();
  for (const r of overview.repos) {
    const scope = slotScope({
      installationId: r.installation_id,
      repo: r.repo,
      scope: r.settings.dailyLimitScope,
    });
    limits.set(
      scope,
      Math.min(limits.get(scope) ?? Number.POSITIVE_INFINITY, r.settings.dailyLimit),
    );
  }
  const used = new Map(overview.slots.map((s) => [s.scope, s.used]));
  const scopes = [...new Set([...limits.keys(), ...used.keys()])].sort();
  return scopes.map((scope) => ({
    scope,
    used: used.get(scope) ?? 0,
    limit: limits.get(scope) ?? null,
  }));
}

/** Queued or running jobs whose last attempt failed: they will be tried again. */
export async function retryingJobs(store: Store): Promise<RetryingJob[]> {
  const jobs = await store.listUnfinishedJobs({ limit: 200 });
  return jobs.flatMap((j) => {
    if (j.lastError === null) return [];
    const job = GapJob.safeParse(j.payload).data;
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

const SCOPED_LIMIT = 50;

/** The operator page from the store: overview, chain verification, metrics overall and scoped. */
export async function operatorPage(params: { store: Store; version: string }): Promise<string> {
  const { store } = params;
  const m = store.metrics;
  const all = { installationId: null, repo: "" };
  const [overview, chain, days7, days30, trend, retrying, shadow] = await Promise.all([
    m.operatorOverview({ auditLimit: 25, gapLimit: 25 }),
    store.verifyAuditChain(),
    m.metrics({ ...all, days: 7 }),
    m.metrics({ ...all, days: 30 }),
    m.trend({ ...all, points: 30, windowDays: 7 }),
    retryingJobs(store),
    store.rollout.listShadowRuns({ repo: null, limit: SCOPED_LIMIT }),
  ]);
  const installations = new Map<number, MetricsWindow>();
  for (const i of overview.installations.slice(0, SCOPED_LIMIT))
    installations.set(
      i.installation_id,
      await m.metrics({ installationId: i.installation_id, repo: "", days: 30 }),
    );
  const repos = new Map<string, MetricsWindow>();
  for (const r of overview.repos.slice(0, SCOPED_LIMIT))
    repos.set(
      r.repo.toLowerCase(),
      await m.metrics({ installationId: r.installation_id, repo: r.repo, days: 30 }),
    );
  return renderOperatorPage({
    overview,
    chain,
    metrics: { days7, days30, trend },
    scoped: { installations, repos },
    slots: slotRows(overview),
    retrying,
    version: params.version,
    shadow,
  });
}
