import { hostname } from "node:os";
import type { ApplicationFunction, Probot } from "probot";
import { type AppDeps, createApp } from "./app.ts";
import { DEFAULT_REPO_CONFIG } from "./config/repo-config.ts";
import { type Octokit, octokitRepoGitHub } from "./github/octokit-repo-github.ts";
import { serializeWrites } from "./github/serialize-writes.ts";
import { gapKeyOfJob } from "./intake/gap-from-job.ts";
import { GapJob } from "./intake/gap-job.ts";
import { scanGapJob } from "./intake/scan-gap-job.ts";
import { createJobRunner, type JobEnd, type JobLog, type JobRunner } from "./jobs/job-runner.ts";
import { createKeyedQueue } from "./jobs/keyed-queue.ts";
import { drafterFromEnv } from "./llm/drafter-from-env.ts";
import { type Admission, admitJob } from "./pipeline/admit-job.ts";
import { pullRequestJob } from "./pipeline/answer-pull-request.ts";
import type { GapOutcome, PipelineDeps } from "./pipeline/pipeline-deps.ts";
import type { RepoHints } from "./pipeline/read-repo.ts";
import {
  type PullRequestRecord,
  recordPullRequestClosed,
} from "./pipeline/record-pull-request-closed.ts";
import { recordPullRequestReopened } from "./pipeline/record-pull-request-reopened.ts";
import { runJob } from "./pipeline/run-job.ts";
import { storeFailureComment } from "./pipeline/store-failure.ts";
import { createScanService } from "./scan/scan-service.ts";
import type { SpecDrafter } from "./spec/spec-draft.ts";
import { openStoreWithReport } from "./store/open-store-from-env.ts";
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
  onJobEnd?: (job: GapJob, end: JobEnd<GapOutcome>) => void;
}

/** The running app's parts: what the app routes to, the durable jobs, and the store. */
export interface TeamFactory extends AppDeps {
  readonly store: Store;
  readonly jobs: JobRunner<GapJob>;
  /** Whether the store answers and carries every migration this release ships. */
  ready(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /**
   * Stops the schedule, waits up to `waitMs` for running jobs (the rest go back to the queue for
   * another replica) and closes the store. Resolves with the number of jobs given back.
   */
  close(params: { waitMs: number }): Promise<number>;
}

/** Wires the edges (GitHub per installation, store, model, jobs) to the pipeline and the app. */
export function createTeamFactory(options: TeamFactoryOptions): TeamFactory {
  const { store, log } = options;
  const hints = new Map<string, RepoHints>();
  const writes = createKeyedQueue();
  let app: Probot | null = null;

  const installationClient = async (installationId: number): Promise<Octokit> => {
    if (!app) throw new Error("the Team Factory app is not loaded yet");
    const octokit = (await app.auth(installationId)) as Octokit;
    serializeWrites({ octokit, queue: writes, key: `installation:${installationId}` });
    return octokit;
  };
  const github = async (job: GapJob) =>
    octokitRepoGitHub({
      octokit: await installationClient(job.installationId),
      owner: job.owner,
      repo: job.repo,
      sleep: options.sleep,
    });
  const submit = (job: GapJob) =>
    jobs.submit({
      deliveryId: job.dedupeKey ?? job.deliveryId,
      kind: job.trigger,
      gapKey: gapKeyOfJob(job),
      job,
    });
  const pipeline: PipelineDeps = {
    github,
    store,
    drafter: options.drafter,
    hints,
    resubmit: submit,
    defer: (work) => jobs.defer(work),
    generatorVersion: options.generatorVersion,
  };
  const jobs = createJobRunner<GapJob, GapOutcome, Admission>({
    store,
    owner: options.replica,
    log,
    parse: (payload) => GapJob.safeParse(payload).data ?? null,
    keyOf: (job) => `${job.owner}/${job.repo}`.toLowerCase(),
    admit: (job) => admitJob(job, pipeline),
    process: (job, admission) => runJob(job, pipeline, admission),
    onEnd: options.onJobEnd,
    onGiveUp: async (job, error) => {
      if (job.issueNumber === null) return;
      await (await github(job)).createComment(
        job.issueNumber,
        `😕 Team Factory gave up on this request after several attempts: ${error.slice(0, 500)}. Nothing was merged. Re-add the label or comment \`/create-team\` to try again.`,
      );
    },
  });
  // A merged, closed or reopened team PR is recorded at once; its issue is told by a job.
  const answer = async (record: PullRequestRecord, actor: string) => {
    const job = pullRequestJob({ record, actor });
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
    submitScanGap: async (submission) => {
      await submit(scanGapJob(submission, new Date()));
    },
  });

  return {
    store,
    jobs,
    async ready() {
      const schema = await store.checkSchema().catch((error: unknown) => ({
        ok: false as const,
        message: `the store does not answer (${(error as Error).message})`,
      }));
      return schema.ok ? { ok: true } : { ok: false, reason: schema.message };
    },
    async close({ waitMs }) {
      scan.stop();
      const released = await jobs.stop({ waitMs });
      await store.close();
      return released;
    },
    routes: [scan.route],
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
        // Fail closed: nothing is created without the store; the issue says why.
        log.error({ error: String(error), deliveryId: job.deliveryId }, "store unavailable");
        if (job.issueNumber !== null) {
          const edge = await github(job).catch(() => null);
          await edge
            ?.createComment(job.issueNumber, `😕 ${storeFailureComment(error)}`)
            .catch(() => undefined);
        }
        return "store-failed";
      }
    },
    pullRequestClosed: async (closed) =>
      answer(await recordPullRequestClosed({ ...closed, store }), closed.actor),
    pullRequestReopened: async (reopened) =>
      answer(await recordPullRequestReopened({ ...reopened, store }), reopened.actor),
  };
}

/** What start-up says in its one line, beside the version and the routes. */
export interface StartFacts {
  store: string;
  llm: string;
  scan: string;
}

/**
 * The Team Factory the environment describes: store, model, scan route and schedule, with what
 * start-up reports of them. A setting it cannot use throws an error naming the variable.
 */
export async function teamFactoryFromEnv(params: {
  env: NodeJS.ProcessEnv;
  log: JobLog;
  /** Closing the store is the caller's (graceful shutdown); else the store stops on signals. */
  ownsShutdown?: boolean;
}): Promise<{ factory: TeamFactory; facts: StartFacts }> {
  const { env } = params;
  const drafter = await drafterFromEnv(env);
  const opened = await openStoreWithReport(env, { stopOnSignals: !params.ownsShutdown });
  const cron = env.TEAM_FACTORY_SCAN_CRON?.trim();
  const factory = createTeamFactory({
    store: opened.store,
    drafter,
    replica: `${hostname()}:${process.pid}`,
    log: params.log,
    env,
  });
  return {
    factory,
    facts: {
      store: opened.report.line,
      llm: drafter ? `model ${drafter.model}` : "heuristics (no OPENAI_API_KEY)",
      scan: cron ? `in-process schedule "${cron}" (UTC)` : "no in-process schedule",
    },
  };
}

/** The app function for `probot run` and `npm start`: builds the factory, then resumes unfinished jobs. */
export const appFromEnv: ApplicationFunction = async (app, options) => {
  const { factory } = await teamFactoryFromEnv({ env: process.env, log: app.log });
  await createApp(factory)(app, options);
  const unfinished = await factory.store.listUnfinishedJobs();
  if (unfinished.length) app.log.info({ jobs: unfinished.length }, "resuming unfinished jobs");
  void factory.jobs.drain();
};
