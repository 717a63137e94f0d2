import { openPgliteStore } from "../src/store/open-pglite-store.ts";
import type { Store } from "../src/store/store.ts";
import {
  createTeamFactory,
  type TeamFactory,
  type TeamFactoryOptions,
} from "../src/team-factory.ts";
import type { SeedRepo } from "./github/seed-repo.ts";
import { type GitHubSimulator, startGitHubSimulator } from "./github/start-github-simulator.ts";
import { type RunningApp, startApp } from "./start-app.ts";

export interface Stack {
  sim: GitHubSimulator;
  store: Store;
  factory: TeamFactory;
  app: RunningApp;
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
  openai?: TeamFactoryOptions["openai"];
  log?: TeamFactoryOptions["log"];
  sleep?: TeamFactoryOptions["sleep"];
}): Promise<Stack> {
  const [sim, store] = await Promise.all([
    startGitHubSimulator(),
    params.store ?? openPgliteStore(),
  ]);
  for (const repo of params.repos) sim.createRepo(repo);
  const factory = createTeamFactory({
    store,
    openai: params.openai ?? null,
    replica: "stack",
    log: params.log ?? quiet,
    sleep: params.sleep,
  });
  const app = await startApp({ sim, deps: { factory, env: {} } });
  return {
    sim,
    store,
    factory,
    app,
    async stop() {
      await app.stop();
      await sim.stop();
      if (!params.store) await store.close();
    },
  };
}
