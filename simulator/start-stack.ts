import { createTeamFactory, type TeamFactory, type TeamFactoryOptions } from "../src/compose.ts";
import type { GapOutcome } from "../src/intake/gap-outcome.ts";
import type { Job } from "../src/intake/job.ts";
import type { JobEnd } from "../src/jobs/job-runner.ts";
import { type GitHubLimits, githubLimits } from "../src/policy/github-limits.ts";
import { openEmbeddedStore } from "../src/store/open-embedded-store.ts";
import type { Store } from "../src/store/store.ts";
import type { SeedRepo } from "./github/seed-repo.ts";
import { type GitHubSimulator, startGitHubSimulator } from "./github/start-github-simulator.ts";
import { type Pacing, type RunningApp, startApp } from "./start-app.ts";

export interface Stack {
  sim: GitHubSimulator;
  store: Store;
  factory: TeamFactory;
  app: RunningApp;
  /** Every job's end while this stack runs, oldest first (a test's record; the app keeps none). */
  ends: { job: Job; end: JobEnd<GapOutcome> }[];
  stop(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * The whole product offline: the GitHub simulator with the given repositories, the default store
 * (a throwaway embedded PostgreSQL unless one is passed), Team Factory and the real Probot app
 * serving webhooks.
 */
export async function startStack(params: {
  repos: SeedRepo[];
  /** A store (or one being opened, so that it starts beside the simulator). */
  store?: Store | Promise<Store>;
  /** The app's clock besides the store's (notifications, dashboard text); pass the store's. */
  now?: () => Date;
  drafter?: TeamFactoryOptions["drafter"];
  log?: TeamFactoryOptions["log"];
  sleep?: TeamFactoryOptions["sleep"];
  env?: NodeJS.ProcessEnv;
  /** `production`: GitHub's limits as deployed (80 writes a minute, 500 an hour, per installation). */
  pacing?: Pacing;
  /** Other limits than `pacing`'s (a bench's scaled-down windows). */
  githubLimits?: GitHubLimits;
  /** Jobs of one installation at once (default: the app's). */
  jobsPerInstallation?: number;
  generatorVersion?: string;
  /** Job leases and retry delay in seconds (defaults: the app's). */
  leaseSeconds?: number;
  retrySeconds?: number;
}): Promise<Stack> {
  const [sim, store] = await Promise.all([
    startGitHubSimulator(),
    params.store ?? openEmbeddedStore({ dataDir: "memory://" }).then((o) => o.store),
  ]);
  for (const repo of params.repos) sim.createRepo(repo);
  const ends: Stack["ends"] = [];
  const factory = createTeamFactory({
    store,
    now: params.now,
    drafter: params.drafter ?? null,
    replica: "stack",
    log: params.log ?? quiet,
    sleep: params.sleep ?? (async () => {}),
    env: params.env ?? {},
    onJobEnd: (job, end) => ends.push({ job, end }),
    generatorVersion: params.generatorVersion,
    leaseSeconds: params.leaseSeconds,
    retrySeconds: params.retrySeconds,
    githubLimits:
      params.githubLimits ?? (params.pacing === "production" ? githubLimits() : undefined),
    jobsPerInstallation: params.jobsPerInstallation,
  });
  const app = await startApp({ sim, deps: factory, pacing: params.pacing });
  return {
    sim,
    store,
    factory,
    app,
    ends,
    async stop() {
      factory.jobs.stopPolling();
      await app.stop();
      await sim.stop();
      if (!params.store) await store.close();
    },
  };
}
