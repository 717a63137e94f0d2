import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, simulatorAppEnv, startAppProcess } from "../../bench/app-process.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";

// /readyz is on the public port. When the store goes away, anyone asking must
// learn that the replica is not ready, not where its database lives or what the driver said.
describe("GET /readyz while the store is down, as anyone on the public port sees it", () => {
  let sim: GitHubSimulator;
  let cluster: PostgresCluster;
  let app: AppProcess;
  beforeAll(async () => {
    sim = await startGitHubSimulator();
    cluster = await startPostgresCluster({ durable: true });
    app = await startAppProcess({
      secret: sim.app.webhookSecret,
      env: { ...simulatorAppEnv(sim), DATABASE_URL: cluster.url, TEAM_FACTORY_MIGRATE: "1" },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await cluster?.stop();
    await sim?.stop();
  });

  it("answers 503 with a generic reason; the address and the driver's error go to the log only", async () => {
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    await cluster.stopServer();
    // The check is cached for two seconds.
    let answer = await fetch(`${app.url}/readyz`);
    for (let i = 0; i < 40 && answer.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await fetch(`${app.url}/readyz`);
    }
    expect(answer.status).toBe(503);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({
      status: "not ready",
      reason: "the store is not available; the app's log says why",
    });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres|:\d{2,5}/i);
    expect(text).not.toContain(String(cluster.port));
    await expect
      .poll(() => app.output(), { timeout: 5000, interval: 50 })
      .toMatch(/readiness: not ready/);
    expect(app.output()).toMatch(/ECONNREFUSED|connect|terminat/i);
    await cluster.startServer();
  });
});
