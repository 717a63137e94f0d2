import { readdirSync, readFileSync } from "node:fs";
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

const parentOf = (pid: number) =>
  Number(/\) \S+ (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1]);
const argvOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");

/** The `node src/main.ts` process at or under `pid` (npm's child, or its shell's). */
function appProcessUnder(pid: number): number {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    const here = tree[i] as number;
    const argv = (() => {
      try {
        return argvOf(here);
      } catch {
        return [];
      }
    })();
    if (/(^|\/)node$/.test(argv[0] ?? "") && argv.some((a) => a.endsWith("src/main.ts")))
      return here;
    for (const child of all) {
      try {
        if (parentOf(child) === here) tree.push(child);
      } catch {}
    }
  }
  throw new Error(`no node src/main.ts under ${pid}`);
}

/** Running (not gone, not a zombie waiting to be reaped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("SIGTERM on the app as npm start runs it", () => {
  let sim: GitHubSimulator;
  let cluster: PostgresCluster;
  const apps: AppProcess[] = [];
  const strays: number[] = [];
  beforeAll(async () => {
    [sim, cluster] = await Promise.all([startGitHubSimulator(), startPostgresCluster()]);
    sim.createRepo(sampleRepo());
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    // An app that outlived npm (the bug these tests catch) must not outlive the suite.
    for (const pid of strays.filter(running)) process.kill(pid, "SIGKILL");
    await sim?.stop();
    await cluster?.stop();
  });
  const start = async (options: { viaNpm?: boolean; env?: Record<string, string> } = {}) => {
    const app = await startAppProcess({
      secret: sim.app.webhookSecret,
      viaNpm: options.viaNpm,
      env: {
        ...simulatorAppEnv(sim),
        DATABASE_URL: cluster.url,
        TEAM_FACTORY_MIGRATE: "1",
        TEAM_FACTORY_GITHUB_PACING: "off",
        // A short drain, so that a job (every GitHub answer takes 2 s below) outlives it.
        TEAM_FACTORY_DRAIN_MS: "1000",
        LOG_LEVEL: "info",
        ...options.env,
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
    // Ended by the signal it was sent, after draining: a shell reports 143.
    expect(await first.exited).toBe(143);
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

  /**
   * While a slow job outlives a 20 s drain: SIGTERM to the app (or npm), another after the repeat window;
   * resolves with the exit status and how long the process took to end after the second.
   */
  const signalTwice = async (app: AppProcess, title: string) => {
    await slowJob(title);
    process.kill(app.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 700));
    const second = Date.now();
    process.kill(app.pid, "SIGTERM");
    const status = await app.exited;
    sim.faults.setLatency(0);
    return { status, ms: Date.now() - second };
  };
  const LONG_DRAIN = { TEAM_FACTORY_DRAIN_MS: "20000" };

  it("a second signal exits at once, with the status of the signal (SIGTERM: 143)", async () => {
    const app = await start({ env: LONG_DRAIN });
    const { status, ms } = await signalTwice(app, "k8s 2");
    expect(status).toBe(143);
    expect(ms).toBeLessThan(5000);
    expect(app.output()).toContain("second signal: exiting now");
  });

  // A process manager that runs `npm start` signals npm, not the app.
  describe("under npm start", () => {
    /** `npm start`, and the app process under it (killed after the suite if it outlives npm). */
    const startNpm = async (env: Record<string, string> = {}) => {
      const npm = await start({ viaNpm: true, env });
      const node = appProcessUnder(npm.pid);
      strays.push(node);
      return { npm, node };
    };

    it("SIGTERM to npm drains the app and ends it too: nothing left running, status 143", async () => {
      const { npm, node } = await startNpm();
      expect(node).not.toBe(npm.pid);
      process.kill(npm.pid, "SIGTERM");
      expect(await npm.exited).toBe(143);
      expect(running(node), "the app outlived npm").toBe(false);
      expect(await fetch(`${npm.url}/readyz`).catch(() => null)).toBeNull();
      expect(npm.output()).toMatch(/stopped/);
    });

    it("a second SIGTERM to npm ends the app at once, 143", async () => {
      const { npm, node } = await startNpm(LONG_DRAIN);
      const { status, ms } = await signalTwice(npm, "k8s 3");
      expect(status).toBe(143);
      expect(ms).toBeLessThan(5000);
      expect(running(node), "the app outlived npm").toBe(false);
    });

    it("Ctrl-C reaches npm and the app together: one graceful stop, status 130", async () => {
      const { npm, node } = await startNpm();
      await slowJob("k8s 4");
      // A terminal signals the whole foreground group: the app directly, and again through npm.
      process.kill(node, "SIGINT");
      process.kill(npm.pid, "SIGINT");
      expect(await npm.exited).toBe(130);
      expect(running(node)).toBe(false);
      expect(npm.output()).not.toContain("second signal");
      expect(npm.output()).toMatch(/jobsGivenBack"?: ?1/);
      sim.faults.setLatency(0);
    });
  });
});
