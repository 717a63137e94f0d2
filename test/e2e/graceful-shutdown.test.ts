import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, simulatorAppEnv, startAppProcess } from "../../bench/app-process.ts";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { startGitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { pullsOf } from "../support/team-prs.ts";

const GAP =
  "We need a team that monitors Kubernetes cost per namespace and flags waste every week.";

describe("SIGTERM on the app as npm start runs it", () => {
  let sim: GitHubSimulator;
  let cluster: PostgresCluster;
  const apps: AppProcess[] = [];
  beforeAll(async () => {
    [sim, cluster] = await Promise.all([startGitHubSimulator(), startPostgresCluster()]);
    sim.createRepo(sampleRepo());
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await sim?.stop();
    await cluster?.stop();
  });
  const start = async () => {
    const app = await startAppProcess({
      secret: sim.app.webhookSecret,
      env: {
        ...simulatorAppEnv(sim),
        DATABASE_URL: cluster.url,
        TEAM_FACTORY_MIGRATE: "1",
        TEAM_FACTORY_GITHUB_PACING: "off",
        // A short drain, so that a job (every GitHub answer takes 2 s below) outlives it.
        TEAM_FACTORY_DRAIN_MS: "1000",
        LOG_LEVEL: "info",
      },
    });
    apps.push(app);
    sim.setWebhookUrl(`${app.url}/api/github/webhooks`);
    return app;
  };
  const jobStatuses = async () => {
    const client = new pg.Client(cluster.url);
    await client.connect();
    const { rows } = await client.query<{ status: string }>(
      "select status from tf_jobs order by id",
    );
    await client.end();
    return rows.map((r) => r.status);
  };

  /** Until the latest job is running (a loaded machine may take a while to claim it). */
  const runningJob = async () => {
    for (let i = 0; i < 300; i++) {
      if ((await jobStatuses()).at(-1) === "running") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the job never started");
  };

  /** A labelled gap whose job is running while every GitHub answer takes 2 s (it outlives the drain). */
  const slowJob = async (title: string) => {
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      title,
      body: GAP,
      actor: "mia",
    });
    sim.faults.setLatency(2000);
    await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await runningJob();
  };

  it("stops taking work, gives a job that outlives the drain back, exits; another replica finishes it", async () => {
    const first = await start();
    await slowJob("k8s");
    process.kill(first.pid, "SIGTERM");
    let ready = 200;
    for (let i = 0; i < 50 && ready === 200; i++) {
      ready = (await fetch(`${first.url}/readyz`).catch(() => null))?.status ?? 0;
      if (ready === 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect([503, 0]).toContain(ready);
    const webhook = await fetch(`${first.url}/api/github/webhooks`, {
      method: "POST",
      body: "{}",
    }).catch(() => null);
    expect([503, undefined]).toContain(webhook?.status);
    expect(await first.exited).toBe(0);
    expect(first.output(), first.output()).toMatch(/jobsGivenBack"?: ?1/);
    expect(await jobStatuses()).toEqual(["queued"]);
    sim.faults.setLatency(0);
    const second = await start();
    for (let i = 0; i < 200 && pullsOf(sim).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(pullsOf(sim)).toHaveLength(1);
    await second.stop();
    expect(await jobStatuses()).toEqual(["done"]);
  });

  it("a second signal exits at once", async () => {
    const app = await start();
    await slowJob("k8s 2");
    process.kill(app.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    process.kill(app.pid, "SIGTERM");
    expect(await app.exited).toBe(130);
    sim.faults.setLatency(0);
  });
});
