import packageJson from "../../package.json" with { type: "json" };
import { DEFAULT_OBSERVED_SETTINGS, type ObservedSettings } from "../config/observed-settings.ts";
import type { RepoHints } from "../config/repo-hints.ts";
import {
  createDashboardUpdater,
  type DashboardTarget,
  type Schedule,
} from "../dashboard/dashboard-updater.ts";
import { createOperatorRoutes } from "../dashboard/operator-routes.ts";
import { readEnv } from "../env/env-schema.ts";
import { octokitDashboardGitHub } from "../github/dashboard-github.ts";
import type { Octokit } from "../github/octokit-repo-github.ts";
import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import type { JobLog } from "../jobs/job-log.ts";
import type { JobEnd } from "../jobs/job-runner.ts";
import type { MetricsEvent } from "../metrics/metric-events.ts";
import type { Telemetry } from "../metrics/telemetry-port.ts";
import type { Notification } from "../notify/notification.ts";
import { createNotifier, type Notifier, notifyTargetsFromEnv } from "../notify/notifier.ts";
import { type BreakerScope, breakersFor } from "../policy/breaker.ts";
import type { HttpRoute } from "../server/http-route.ts";
import type { Store } from "../store/store.ts";
import { giveUpNotification, isGapRun, notificationOf, runOf } from "./job-observations.ts";
import { createOperatorPage } from "./operator-data.ts";
import { type Tripped, tripBreaker } from "./trip-breaker.ts";

/** What watches the pipeline's jobs from beside it: metrics, dashboards, notifications, breaker. */
export interface Observer {
  readonly telemetry: Telemetry;
  readonly notifier: Notifier;
  readonly dashboards: ReturnType<typeof createDashboardUpdater>;
  /** The operator page and `/metrics`. */
  readonly routes: HttpRoute[];
  recordMetricsEvent(event: MetricsEvent): Promise<void>;
  /**
   * A job's end: the run, the settings the run read, Prometheus, a notification, the breaker, the
   * dashboard. An attempt that threw is counted in Prometheus only: the job is tried again.
   */
  jobEnded(job: Job, end: JobEnd<GapOutcome>): Promise<void>;
  gaveUp(job: Job, error: string): Promise<void>;
  /** Counts an installation client's requests. */
  instrument(octokit: Octokit): void;
  stop(): void;
}

/**
 * `TEAM_FACTORY_BREAKER_SCOPE`: `repository` (the default) or `installation`, the operator's choice
 * of whether the breaker also weighs, and pauses, each installation as a whole.
 */
export function breakerScopeFromEnv(env: NodeJS.ProcessEnv): BreakerScope {
  return readEnv(env, "TEAM_FACTORY_BREAKER_SCOPE").TEAM_FACTORY_BREAKER_SCOPE;
}

/** Where people open issues: github.com, or the Enterprise host the app talks to. */
export function webUrlFromEnv(env: NodeJS.ProcessEnv): string {
  const { GHE_HOST, GHE_PROTOCOL } = readEnv(env, "GHE_HOST", "GHE_PROTOCOL");
  return GHE_HOST ? `${GHE_PROTOCOL}://${GHE_HOST}` : "https://github.com";
}

export function createObserver(params: {
  store: Store;
  env: NodeJS.ProcessEnv;
  hints: Map<string, RepoHints>;
  installationClient(installationId: number): Promise<Octokit>;
  /** This app's login (`<slug>[bot]`): the dashboard issue is only ever one of its issues. */
  appLogin(): Promise<string>;
  log: JobLog;
  /** Back-off waits of the notifier (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of notifications and the dashboard's text (the store keeps its own). */
  now?: () => Date;
  schedule?: Schedule;
  /** Prometheus series: `telemetryFor` (prom-client with a dashboard token), else NO_TELEMETRY. */
  telemetry: Telemetry;
  /** Work the caller does not wait for (a webhook's answer); the job runner's `defer`. */
  defer(work: Promise<unknown>): void;
}): Observer {
  const { store, log } = params;
  const now = params.now ?? (() => new Date());
  const webUrl = webUrlFromEnv(params.env);
  const { telemetry } = params;
  const notifier = createNotifier({
    targets: notifyTargetsFromEnv(params.env),
    log,
    sleep: params.sleep,
  });
  const github = async ({ installationId, repo }: DashboardTarget) => {
    const [owner, name] = repo.split("/") as [string, string];
    return octokitDashboardGitHub({
      octokit: await params.installationClient(installationId),
      owner,
      repo: name,
      appLogin: params.appLogin,
    });
  };
  const dashboards = createDashboardUpdater({
    store,
    log,
    now,
    schedule: params.schedule,
    github,
  });
  const settingsOf = async (repo: string): Promise<ObservedSettings> =>
    (await store.metrics.settingsOf(repo)) ?? DEFAULT_OBSERVED_SETTINGS;
  const notify = (settings: ObservedSettings, n: Notification | null) => {
    if (n && notifier.enabled && settings.notify.includes(n.kind)) notifier.notify(n);
  };
  const refresh = (target: DashboardTarget) =>
    dashboards.request(target).catch((error) => {
      log.warn({ repo: target.repo, error: String(error) }, "dashboard update failed");
    });
  // A repository's config reaches no further than that repository: only the operator widens it.
  const operatorBreaker = {
    scope: breakerScopeFromEnv(params.env),
    config: DEFAULT_OBSERVED_SETTINGS.breaker,
  };
  const breaker = async (
    target: DashboardTarget & { issueNumber: number | null },
    settings: ObservedSettings,
  ) => {
    let tripped: Tripped | null = null;
    for (const weighed of breakersFor({ own: settings.breaker, operator: operatorBreaker })) {
      tripped = await tripBreaker({
        ...{ store, target, dashboards, github },
        ...weighed,
      });
      if (tripped) break;
    }
    if (!tripped) return;
    log.warn(
      { repo: target.repo, scope: tripped.scope, reason: tripped.reason },
      "circuit breaker: paused",
    );
    notify(settings, {
      kind: "paused",
      auto: true,
      repo: target.repo,
      installationId: target.installationId,
      issueNumber: tripped.commentedOn,
      text: tripped.message,
      at: now().toISOString(),
      url:
        tripped.commentedOn === null
          ? undefined
          : `${webUrl}/${target.repo}/issues/${tripped.commentedOn}`,
    });
  };

  const page = createOperatorPage({ store, version: packageJson.version, webUrl, now, log });

  return {
    telemetry,
    notifier,
    dashboards,
    routes: createOperatorRoutes({
      token: readEnv(params.env, "TEAM_FACTORY_DASHBOARD_TOKEN").TEAM_FACTORY_DASHBOARD_TOKEN,
      page,
      metrics: () => telemetry.exposition(),
    }),
    async recordMetricsEvent(event) {
      const recorded =
        event.kind === "pull-request"
          ? await store.metrics.recordPullRequestEvent(event.record)
          : await store.metrics.recordDeploymentStatus(event.record);
      if (!recorded.recorded) return;
      const { installationId, repo } = event.record;
      const closedUnmerged =
        event.kind === "pull-request" && event.record.kind === "closed" && !event.record.merged;
      // Recorded before the webhook is answered; the breaker and the dashboard come after it.
      params.defer(
        (async () => {
          if (closedUnmerged)
            await breaker({ installationId, repo, issueNumber: null }, await settingsOf(repo));
          await refresh({ installationId, repo });
        })(),
      );
    },
    async jobEnded(job, end) {
      const repo = `${job.owner}/${job.repo}`;
      const target = { installationId: job.installationId, repo };
      const observed = params.hints.get(repo.toLowerCase())?.observed;
      if (observed) await store.metrics.observeRepo({ ...target, settings: observed });
      const settings = observed ?? (await settingsOf(repo));
      const run = runOf(job, end);
      if (run) {
        telemetry.countJob(run.outcome);
        const gap = run.outcome === "pr-opened" ? await knownGap(job, store) : null;
        const { gapToPrSeconds } = await store.metrics.recordRun({
          ...target,
          gapKey: gap?.gapKey ?? gapKeyOfJob(job),
          ...run,
        });
        if (gapToPrSeconds !== null) telemetry.observeGapToPr(gapToPrSeconds);
      } else
        telemetry.countJob(
          end.kind === "done" ? end.outcome.kind : end.unreachable ? "unreachable" : "error",
        );
      notify(settings, notificationOf({ job, end, at: now(), webUrl }));
      const dismissed =
        job.trigger === "control" && end.kind === "done" && end.outcome.kind === "rejected";
      if (run || dismissed) await breaker({ ...target, issueNumber: job.issueNumber }, settings);
      if (end.kind !== "done" || end.outcome.kind !== "ignored") await refresh(target);
    },
    async gaveUp(job, error) {
      const repo = `${job.owner}/${job.repo}`;
      const target = { installationId: job.installationId, repo };
      const settings = await settingsOf(repo);
      telemetry.countJob("gave-up");
      notify(settings, giveUpNotification({ job, error, at: now(), webUrl }));
      if (!isGapRun(job)) return;
      // A job that gave up after all its attempts is one failed run (its attempts are not).
      await store.metrics.recordRun({
        ...target,
        gapKey: gapKeyOfJob(job),
        outcome: "gave-up",
        failed: true,
      });
      await breaker({ ...target, issueNumber: job.issueNumber }, settings);
      await refresh(target);
    },
    instrument: (octokit) => telemetry.instrument(octokit),
    stop: () => dashboards.stop(),
  };
}
