import { afterAll, beforeAll } from "vitest";
import { type AppProcess, simulatorAppEnv, startAppProcess } from "../../bench/app-process.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { startWebhookBalancer } from "../../simulator/webhook-balancer.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import type { Store } from "../../src/store/store.ts";
import { skillGap } from "./skill-gap.ts";

/**
 * Inside a describe: the GitHub simulator, and `start(env)` for app processes on it (as `npm
 * start` runs them, each with a throwaway embedded store), all stopped after the tests.
 */
export function appsOnSimulator() {
  let sim: GitHubSimulator | undefined;
  const apps: AppProcess[] = [];
  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await sim?.stop();
  });
  const simulator = () => {
    if (!sim) throw new Error("the simulator starts in beforeAll");
    return sim;
  };
  return {
    sim: simulator,
    async start(env: Record<string, string> = {}) {
      const app = await startAppProcess({
        secret: simulator().app.webhookSecret,
        env: { ...simulatorAppEnv(simulator()), TEAM_FACTORY_DATA_DIR: "memory://", ...env },
      });
      apps.push(app);
      return app;
    },
  };
}

export { startWebhookBalancer };

/** `node src/main.ts` as `npm start` runs it, pointed at the simulator and a PostgreSQL store. */
export function startAppAgainstSim(params: {
  sim: GitHubSimulator;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<AppProcess> {
  const { sim } = params;
  return startAppProcess({
    secret: sim.app.webhookSecret,
    env: {
      ...simulatorAppEnv(sim),
      DATABASE_URL: params.databaseUrl,
      TEAM_FACTORY_GITHUB_PACING: "off",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      ...params.env,
    },
  });
}

/** Replicas of the app behind a balancer, on one PostgreSQL, with the simulator's repository. */
export interface Replicas {
  cluster: PostgresCluster;
  sim: GitHubSimulator;
  /** The store as the app opens it, on the same database (for checking jobs and gaps). */
  store: Store;
  apps: AppProcess[];
  /** The replicas the balancer sends deliveries to, in turn (all of them at first). */
  inRotation: AppProcess[];
  stop(): Promise<void>;
}

/** `count` app processes (`node src/main.ts`) on one PostgreSQL; `daily_limit` in the sample config. */
export async function startReplicas(params: {
  count: number;
  dailyLimit: number;
  env?: Record<string, string>;
}): Promise<Replicas> {
  const [cluster, sim] = await Promise.all([
    startPostgresCluster({ maxConnections: 60 }),
    startGitHubSimulator(),
  ]);
  const store = await openPostgresStore({ url: cluster.url, migrate: true });
  sim.createRepo(
    sampleRepo({
      config: SAMPLE_CONFIG.replace("daily_limit: 5", `daily_limit: ${params.dailyLimit}`),
    }),
  );
  const apps = await Promise.all(
    Array.from({ length: params.count }, () =>
      startAppAgainstSim({ sim, databaseUrl: cluster.url, env: params.env }),
    ),
  );
  const replicas: Replicas = {
    cluster,
    sim,
    store,
    apps,
    inRotation: [...apps],
    async stop() {
      await Promise.all(apps.map((a) => a.stop()));
      await balancer.stop();
      await sim.stop();
      await store.close();
      await cluster.stop();
    },
  };
  const balancer = await startWebhookBalancer(() => replicas.inRotation.map((a) => a.url));
  sim.setWebhookUrl(`${balancer.url}/api/github/webhooks`);
  return replicas;
}

/** Opens the `i`-th of ten distinct gap issues ("skill aq" … "skill jq") in acme/agents. */
export async function openGapIssue(sim: GitHubSimulator, i: number): Promise<number> {
  const skill = `skill ${"abcdefghij"[i]}q`;
  const { number } = await sim.act.openIssue({
    repo: "acme/agents",
    ...skillGap(skill),
    actor: "mia",
  });
  return number;
}
