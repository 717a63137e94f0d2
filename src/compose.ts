import type { Probot } from "probot";
import type { AppDeps } from "./app.ts";
import { DEFAULT_REPO_CONFIG } from "./config/repo-config.ts";
import type { RepoHints } from "./config/repo-hints.ts";
import { appLoginOf } from "./github/app-login.ts";
import { type Octokit, octokitRepoGitHub } from "./github/octokit-repo-github.ts";
import { createGitHubPacing } from "./github/pace-github.ts";
import type { RepoGitHub } from "./github/repo-github.ts";
import { isGitHubUnreachable } from "./github/retry-requests.ts";
import { gapKeyOfJob } from "./intake/gap-from-job.ts";
import type { GapOutcome } from "./intake/gap-outcome.ts";
import { Job } from "./intake/job.ts";
import { scanGapJob } from "./intake/scan-gap-job.ts";
import type { JobLog } from "./jobs/job-log.ts";
import { createJobRunner, type JobEnd, type JobRunner } from "./jobs/job-runner.ts";
import { countingDrafter, NO_TELEMETRY, type Telemetry } from "./metrics/telemetry-port.ts";
import { createObserver, type Observer } from "./observe/create-observer.ts";
import { type Admission, admitJob } from "./pipeline/admit-job.ts";
import { answerPullRequestJob } from "./pipeline/answer-pull-request.ts";
import type { PipelineDeps } from "./pipeline/pipeline-deps.ts";
import {
  type PullRequestRecord,
  recordPullRequestClosed,
} from "./pipeline/record-pull-request-closed.ts";
import { recordPullRequestReopened } from "./pipeline/record-pull-request-reopened.ts";
import { reportGaveUp } from "./pipeline/report-gave-up.ts";
import { runJob } from "./pipeline/run-job.ts";
import { type GitHubLimits, githubLimits } from "./policy/github-limits.ts";
import { createScanService } from "./scan/scan-service.ts";
import type { SpecDrafter } from "./spec/spec-draft.ts";
import type { Store } from "./store/store.ts";

export interface TeamFactoryOptions {
  store: Store;
  /** Drafts specs with a model; null → the heuristics. */
  drafter: SpecDrafter | null;
  /** This replica's name in job leases. */
  replica: string;
  log: JobLog;
  /** Environment of the scan route and schedule (`TEAM_FACTORY_SCAN_*`). */
  env?: NodeJS.ProcessEnv;
  /** Waits between publish retries (tests and the bench pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  /** The generator version team.json records (default: the package's; tests simulate an upgrade). */
  generatorVersion?: string;
  /** Sees every job's end (the demo and tests read outcomes here; nothing is kept). */
  onJobEnd?: (job: Job, end: JobEnd<GapOutcome>) => void;
  /** Clock of notifications and dashboard text (tests pass the store's); else the system's. */
  now?: () => Date;
  /** Seconds of a job's lease (default 30): a dead replica's job is taken over after it. */
  leaseSeconds?: number;
  /**
   * Seconds before a failed job is tried again the first time, then doubling (default 5, and 60
   * when GitHub could not be reached; set, it is both).
   */
  retrySeconds?: number;
  /** The Prometheus series behind `/metrics` (`telemetryFor`); default: nothing counted. */
  telemetry?: Telemetry;
  /**
   * GitHub's limits per installation, shared by the replicas through the store (default: no write
   * windows, as for the simulator; rate-limit answers are honoured and shared in every case).
   */
  githubLimits?: GitHubLimits;
  /** Jobs of one installation running at once across replicas (default 4): others get the rest. */
  jobsPerInstallation?: number;
}

/** The running app's parts: what the app routes to, the durable jobs, and the store. */
export interface TeamFactory extends AppDeps {
  readonly store: Store;
  readonly jobs: JobRunner<Job>;
  /** Metrics, dashboards, notifications and the circuit breaker. */
  readonly observer: Observer;
  /** Whether the store answers and carries every migration this release ships. */
  ready(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /**
   * Stops the schedule, waits up to `waitMs` for running jobs (the rest go back to the queue for
   * another replica) and closes the store. Resolves with the number of jobs given back.
   */
  close(params: { waitMs: number }): Promise<number>;
}

/**
 * Jobs of one installation running at once across replicas: its writes go one at a time anyway,
 * and the other installations always find a free worker beside its backlog.
 */
export const JOBS_PER_INSTALLATION = 4;

/** Wires the edges (GitHub per installation, store, model, jobs) to the pipeline and the app. */
export function createTeamFactory(options: TeamFactoryOptions): TeamFactory {
  const { store, log } = options;
  const hints = new Map<string, RepoHints>();
  const pacing = createGitHubPacing({
    budget: store,
    limits: options.githubLimits ?? githubLimits([]),
    log,
  });
  let app: Probot | null = null;

  const installationClient = async (installationId: number): Promise<Octokit> => {
    if (!app) throw new Error("the Team Factory app is not loaded yet");
    const octokit = (await app.auth(installationId)) as Octokit;
    observer.instrument(octokit);
    pacing.pace(octokit, installationId);
    return octokit;
  };
  // One client per job: admission and the run share it (a client costs a few milliseconds).
  const clients = new WeakMap<Job, Promise<RepoGitHub>>();
  const github = (job: Job) => {
    const client =
      clients.get(job) ??
      installationClient(job.installationId).then((octokit) =>
        octokitRepoGitHub({ octokit, owner: job.owner, repo: job.repo, sleep: options.sleep }),
      );
    clients.set(job, client);
    // A client that could not be made is not kept: the job's retry makes a new one.
    client.catch(() => clients.delete(job));
    return client;
  };
  const submit = (job: Job) =>
    jobs.submit({
      deliveryId: job.dedupeKey ?? job.deliveryId,
      kind: job.trigger,
      gapKey: gapKeyOfJob(job),
      job,
    });
  const appLogin = appLoginOf(async () => {
    if (!app) throw new Error("the Team Factory app is not loaded yet");
    return (await app.auth()) as Octokit;
  });
  const observer = createObserver({
    store,
    env: options.env ?? {},
    hints,
    installationClient,
    appLogin,
    log,
    sleep: options.sleep,
    now: options.now,
    telemetry: options.telemetry ?? NO_TELEMETRY,
    defer: (work) => jobs.defer(work),
  });
  const pipeline: PipelineDeps = {
    github,
    store,
    drafter: options.drafter && countingDrafter(options.drafter, observer.telemetry),
    hints,
    resubmit: submit,
    defer: (work) => jobs.defer(work),
    generatorVersion: options.generatorVersion,
  };
  const jobs = createJobRunner<Job, GapOutcome, Admission>({
    store,
    owner: options.replica,
    log,
    parse: (payload) => Job.safeParse(payload).data ?? null,
    keyOf: (job) => `${job.owner}/${job.repo}`.toLowerCase(),
    installationOf: (job) => job.installationId,
    maxPerInstallation: options.jobsPerInstallation ?? JOBS_PER_INSTALLATION,
    admit: (job) => admitJob(job, pipeline),
    process: (job, admission, signal) => runJob(job, { ...pipeline, signal }, admission),
    onEnd: (job, end) => {
      jobs.defer(observer.jobEnded(job, end));
      options.onJobEnd?.(job, end);
    },
    leaseSeconds: options.leaseSeconds,
    retrySeconds: options.retrySeconds,
    unreachableRetrySeconds: options.retrySeconds,
    unreachable: (error) => (isGitHubUnreachable(error) ? "GitHub" : null),
    describe: (job) => ({
      repo: `${job.owner}/${job.repo}`,
      issue: job.issueNumber,
      deliveryId: job.deliveryId,
    }),
    onGiveUp: async (job, error) => {
      jobs.defer(observer.gaveUp(job, error));
      await reportGaveUp(job, pipeline, error);
    },
  });
  // A merged, closed or reopened team PR is recorded at once; its issue is told by a job.
  const answer = async (record: PullRequestRecord, actor: string) => {
    const job = answerPullRequestJob({ record, actor });
    if (job) await submit(job);
    return record.outcome;
  };
  const scan = createScanService({
    store,
    env: options.env ?? {},
    holder: options.replica,
    installations: () => {
      if (!app) throw new Error("the Team Factory app is not loaded yet");
      return app;
    },
    installationClient,
    submitScanGap: async (submission) => {
      await submit(scanGapJob(submission, new Date()));
    },
  });

  return {
    store,
    jobs,
    observer,
    async ready() {
      const schema = await store.checkSchema().catch((error: unknown) => ({
        ok: false as const,
        message: `the store does not answer (${(error as Error).message})`,
      }));
      return schema.ok ? { ok: true } : { ok: false, reason: schema.message };
    },
    async close({ waitMs }) {
      scan.stop();
      observer.stop();
      const released = await jobs.stop({ waitMs });
      await store.close();
      return released;
    },
    routes: [...scan.routes, ...observer.routes],
    attach(probot) {
      app = probot;
      scan.start(probot.log.child({ name: "team-factory:scan" }));
    },
    triggerLabelOf(repo) {
      const known = hints.get(repo.toLowerCase());
      return { name: known?.triggerLabel ?? DEFAULT_REPO_CONFIG.trigger_label, certain: !!known };
    },
    async submit(job) {
      try {
        return await submit(job);
      } catch (error) {
        // Not recorded, so not done: the webhook is answered 503 and GitHub's redelivery (or the
        // operator) can send it again once the store is back.
        log.error(
          { error: String(error), deliveryId: job.deliveryId },
          "webhook not recorded: the store is unavailable; answering 503 so it can be redelivered",
        );
        throw Object.assign(
          new Error("Team Factory could not record this delivery; redeliver it later."),
          { status: 503 },
        );
      }
    },
    pullRequestClosed: async (closed) =>
      answer(await recordPullRequestClosed({ ...closed, store }), closed.actor),
    pullRequestReopened: async (reopened) =>
      answer(await recordPullRequestReopened({ ...reopened, store }), reopened.actor),
    recordMetricsEvent: (event) => observer.recordMetricsEvent(event),
    countWebhook: (event, action) => observer.telemetry.countWebhook(event, action),
  };
}
