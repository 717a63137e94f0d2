import type { BreakerConfig } from "../config/repo-config.ts";
import type { DashboardTarget, DashboardUpdater } from "../dashboard/dashboard-updater.ts";
import type { DashboardGitHub } from "../github/dashboard-github.ts";
import {
  BREAKER_ACTOR,
  type BreakerScope,
  breakerMessage,
  breakerVerdict,
} from "../policy/breaker.ts";
import type { Store } from "../store/store.ts";

export interface Tripped {
  scope: BreakerScope;
  reason: string;
  message: string;
  /** The issue that got the one comment (the dashboard issue, else the run's issue). */
  commentedOn: number | null;
}

/**
 * Weighs the scope's recent runs and decisions; when the breaker trips and the scope is not
 * paused yet, pauses it through the pause every command uses, audits why, and comments once (on
 * the dashboard issue, else the issue of the run that tripped it). Null when nothing changed.
 */
export async function tripBreaker(params: {
  store: Store;
  target: DashboardTarget & { issueNumber: number | null };
  scope: BreakerScope;
  config: BreakerConfig;
  dashboards: Pick<DashboardUpdater, "issueOf">;
  github(target: DashboardTarget): Promise<Pick<DashboardGitHub, "createComment">>;
}): Promise<Tripped | null> {
  const { store, target, config, scope } = params;
  if (!config.enabled) return null;
  const scopeRepo = scope === "installation" ? "" : target.repo;
  const stats = await store.metrics.breakerStats({
    installationId: target.installationId,
    repo: scopeRepo,
    lastRuns: config.of_last_runs,
    days: 30,
  });
  const verdict = breakerVerdict(config, {
    runs: stats.runs,
    failed: stats.failed,
    decided: stats.falsePositives.of,
    falsePositives: stats.falsePositives.count,
  });
  if (!verdict.trip) return null;
  const status = await store.pauseStatus({
    installationId: target.installationId,
    repo: scopeRepo,
  });
  if (status.paused) return null;
  // Replicas weighing the same runs at once: one of them pauses and speaks.
  const key = `breaker:${target.installationId}:${scopeRepo.toLowerCase()}`;
  if (!(await store.takeNotice({ scopes: [{ key, limit: 1 }], windowSeconds: 30 }))) return null;
  await store.setPaused({
    installationId: target.installationId,
    repo: scopeRepo,
    paused: true,
    actor: BREAKER_ACTOR,
  });
  const message = breakerMessage({ scope, reason: verdict.reason });
  await store.audit({
    action: "breaker.tripped",
    actor: BREAKER_ACTOR,
    gapKey: null,
    repo: target.repo,
    details: {
      scope,
      reason: verdict.reason,
      runs: stats.runs,
      failed: stats.failed,
      decided: stats.falsePositives.of,
      falsePositives: stats.falsePositives.count,
    },
  });
  const issue = (await params.dashboards.issueOf(target).catch(() => null)) ?? target.issueNumber;
  if (issue !== null) {
    await (await params.github(target)).createComment(issue, `⏸️ ${message}`);
  }
  return { scope, reason: verdict.reason, message, commentedOn: issue };
}
