import { createTeamFactory, type TeamFactory, type TeamFactoryOptions } from "../src/compose.ts";
import type { GapJob } from "../src/intake/gap-job.ts";
import type { JobEnd } from "../src/jobs/job-runner.ts";
import type { GapOutcome } from "../src/pipeline/pipeline-deps.ts";
import { openPgliteStore } from "../src/store/open-pglite-store.ts";
import type { Store } from "../src/store/store.ts";
import type { SeedRepo } from "./github/seed-repo.ts";
import { type GitHubSimulator, startGitHubSimulator } from "./github/start-github-simulator.ts";
import { type RunningApp, startApp } from "./start-app.ts";

export interface Stack {
  sim: GitHubSimulator;
  store: Store;
  factory: TeamFactory;
  app: RunningApp;
  /** Every job's end while this stack runs, oldest first (a test's record; the app keeps none). */
  ends: { job: GapJob; end: JobEnd<GapOutcome> }[];
  stop(): Promise<void>;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * The whole product offline: the GitHub simulator with the given repositories, an embedded store
 * (in memory unless one is passed), Team Factory and the real Probot app serving webhooks.
 */
export async function startStack(params: {
  repos: SeedRepo[];
  store?: Store;
  drafter?: TeamFactoryOptions["drafter"];
  log?: TeamFactoryOptions["log"];
  sleep?: TeamFactoryOptions["sleep"];
  env?: NodeJS.ProcessEnv;
  /** GitHub's write spacing as in production (off by default: the simulator needs none). */
  paced?: boolean;
  /** Job leases and retry delay in seconds (defaults: the app's). */
  leaseSeconds?: number;
  retrySeconds?: number;
}): Promise<Stack> {
  const [sim, store] = await Promise.all([
    startGitHubSimulator(),
    params.store ?? openPgliteStore(),
  ]);
  for (const repo of params.repos) sim.createRepo(repo);
  const ends: Stack["ends"] = [];
  const factory = createTeamFactory({
    store,
    drafter: params.drafter ?? null,
    replica: "stack",
    log: params.log ?? quiet,
    sleep: params.sleep ?? (async () => {}),
    env: params.env ?? {},
    onJobEnd: (job, end) => ends.push({ job, end }),
    leaseSeconds: params.leaseSeconds,
    retrySeconds: params.retrySeconds,
  });
  const app = await startApp({ sim, deps: factory, paced: params.paced });
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
