import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GitHubSimulator,
  type LogEntry,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type AppIdentity, type RunningApp, serveApp } from "../../simulator/start-app.ts";
import { createTeamFactory, type TeamFactory } from "../../src/compose.ts";
import { UnpacedTeamFactoryOctokit } from "../../src/github/octokit-options.ts";
import { createGitHubPacing } from "../../src/github/pace-github.ts";
import { githubLimits } from "../../src/policy/github-limits.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import { startWebhookBalancer } from "../support/app-processes.ts";
import { skillGap } from "../support/skill-gap.ts";
import { pullsOf } from "../support/team-prs.ts";

// Three replicas of the app (in this process, each its own Probot, store connection
// and installation tokens) on one PostgreSQL, behind a balancer. The simulator lets each
// installation make WINDOW.limit content-creating requests in any WINDOW.ms, whoever sends them;
// the app is told the same limits. Time is scaled down (GitHub's is 80 a minute), and the margin
// is a quarter of the window: the replicas share this process's event loop with the simulator,
// so a write can reach it a few hundred milliseconds after its grant.
const WINDOW = { limit: 6, ms: 2_000 };
const config = SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 100");
const quiet = { info() {}, warn() {}, error() {} };

let cluster: PostgresCluster;
let sim: GitHubSimulator;
const replicas: { factory: TeamFactory; app: RunningApp }[] = [];
let balancer: { url: string; stop(): Promise<void> };
let identity: AppIdentity;

beforeAll(async () => {
  [cluster, sim] = await Promise.all([startPostgresCluster(), startGitHubSimulator()]);
  for (const owner of ["acme", "globex"])
    for (let i = 0; i < 3; i++) sim.createRepo(sampleRepo({ owner, name: `r${i}`, config }));
  identity = {
    appId: sim.app.id,
    privateKey: sim.app.privateKeyPem,
    secret: sim.app.webhookSecret,
    baseUrl: sim.url,
  };
  for (let i = 0; i < 3; i++) {
    const store = await openPostgresStore({ url: cluster.url, migrate: i === 0 });
    const factory = createTeamFactory({
      store,
      drafter: null,
      replica: `replica-${i}`,
      log: quiet,
      sleep: async () => {},
      githubLimits: githubLimits([WINDOW], 500),
    });
    replicas.push({ factory, app: await serveApp({ identity, deps: factory }) });
  }
  balancer = await startWebhookBalancer(() => replicas.map((r) => r.app.url));
  sim.setWebhookUrl(`${balancer.url}/api/github/webhooks`);
  // A first round without limits: tokens, and the simulator's validators compiled.
  await triggerGaps(["acme", "globex"], "warm");
  await settled();
  sim.limits.set({ secondary: [WINDOW] });
});
afterAll(async () => {
  await balancer?.stop();
  for (const { factory, app } of replicas) {
    factory.jobs.stopPolling();
    await app.stop();
    await factory.store.close();
  }
  await sim?.stop();
  await cluster?.stop();
});

/** Opens one gap issue per repository of `owners` and labels them all at once. */
async function triggerGaps(owners: string[], tag: string): Promise<number> {
  const issues: { repo: string; number: number }[] = [];
  for (const owner of owners)
    for (let i = 0; i < 3; i++) {
      const repo = `${owner}/r${i}`;
      const { number } = await sim.act.openIssue({
        repo,
        ...skillGap(`skill ${tag}${"abc"[i]}`),
        actor: "mia",
      });
      issues.push({ repo, number });
    }
  const answers = await Promise.all(
    issues.map(({ repo, number }) =>
      sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" }),
    ),
  );
  expect(answers.every((a) => a.status < 300)).toBe(true);
  return issues.length;
}

async function settled(): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    await Promise.all(replicas.map((r) => r.factory.jobs.whenIdle()));
    if ((await replicas[0]?.factory.store.listUnfinishedJobs())?.length === 0) return;
    if (Date.now() > until) throw new Error("jobs still unfinished after 60 s");
    await Promise.all(replicas.map((r) => r.factory.jobs.drain()));
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A replica's installation client as the app paces it: its own Probot (own token), its store. */
async function pacedClient(
  store: TeamFactory["store"],
  installationId: number,
  limits: ReturnType<typeof githubLimits>,
) {
  const probot = new Probot({ ...identity, Octokit: UnpacedTeamFactoryOctokit });
  const octokit = await probot.auth(installationId);
  createGitHubPacing({ budget: store, limits, log: quiet }).pace(octokit, installationId);
  return octokit;
}

const installationOf = (owner: string) =>
  sim.state.installations.find((i) => i.account.login === owner)?.id;
const writesOf = (owner: string, entries: LogEntry[] = sim.log) =>
  entries.filter((e) => e.write && e.installationId === installationOf(owner));
const prs = (owner: string) =>
  [0, 1, 2].reduce((n, i) => n + pullsOf(sim, `${owner}/r${i}`).length, 0);

describe("three replicas share each installation's GitHub budget", () => {
  it("no replica pushes an installation past its window: every gap gets its PR without one secondary-limit answer", async () => {
    sim.resetLog();
    const before = prs("acme") + prs("globex");
    const gaps = await triggerGaps(["acme", "globex"], "w");
    await settled();
    expect(prs("acme") + prs("globex")).toBe(before + gaps);
    expect(sim.limits.stats().secondaryAnswers).toBe(0);
    const acme = writesOf("acme");
    // The installation needed more than two windows (whichever replicas ran its jobs).
    expect(acme.length).toBeGreaterThan(2 * WINDOW.limit);
    for (const [i, e] of acme.entries()) {
      const inWindow = acme.filter((o, j) => j <= i && o.at > e.at - WINDOW.ms);
      expect(inWindow.length).toBeLessThanOrEqual(WINDOW.limit);
    }
  });

  it("three replicas writing for one installation at once stay inside its window together", async () => {
    // Each replica's store and pacing, each with its own Probot (own token): 8 comments each, at
    // once, under a window of 8 a second. Paced apart, the three would send 24 in well under one.
    const window = { limit: 8, ms: 1_000 };
    sim.limits.set({ secondary: [window] });
    sim.limits.reset();
    sim.resetLog();
    const { number } = await sim.act.openIssue({ repo: "acme/r1", title: "Shared", actor: "mia" });
    const installationId = installationOf("acme") as number;
    const started = Date.now();
    await Promise.all(
      replicas.map(async ({ factory }, i) => {
        const octokit = await pacedClient(
          factory.store,
          installationId,
          githubLimits([window], 300),
        );
        for (let c = 0; c < 8; c++)
          await octokit.rest.issues.createComment({
            owner: "acme",
            repo: "r1",
            issue_number: number,
            body: `replica ${i}, comment ${c}`,
          });
      }),
    );
    const writes = writesOf("acme");
    expect(writes.filter((e) => e.status === 201)).toHaveLength(24);
    expect(new Set(writes.map((e) => e.client)).size).toBe(3);
    expect(sim.limits.stats().secondaryAnswers).toBe(0);
    // 24 writes at 8 a window: the last 8 waited for the second window to pass.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * window.ms);
    sim.limits.set({ secondary: [WINDOW] });
  });

  it("a retry-after answered to one replica pauses the installation's writes on all of them", async () => {
    // Each replica's store and pacing, each with its own Probot (own token), writing comments on
    // one issue at once; the simulator answers the 4th "secondary rate limit, retry after 2 s".
    sim.limits.set({});
    sim.resetLog();
    const { number } = await sim.act.openIssue({ repo: "acme/r0", title: "Pause", actor: "mia" });
    const installationId = installationOf("acme") as number;
    sim.faults.add({
      operationId: "issues/create-comment",
      nth: 4,
      respond: { secondaryRateLimit: { retryAfterSeconds: 2 } },
    });
    await Promise.all(
      replicas.map(async ({ factory }, i) => {
        const octokit = await pacedClient(factory.store, installationId, githubLimits([]));
        for (let c = 0; c < 6; c++)
          await octokit.rest.issues.createComment({
            owner: "acme",
            repo: "r0",
            issue_number: number,
            body: `replica ${i}, comment ${c}`,
          });
      }),
    );
    sim.faults.clear();
    const writes = writesOf("acme");
    const refused = writes.find((e) => e.status === 403);
    const at = refused?.at ?? 0;
    // Nothing from any replica during the pause (a write already on its way when the answer came,
    // within IN_FLIGHT_MS, cannot be called back); every replica wrote again once it was over.
    const IN_FLIGHT_MS = 250;
    expect(writes.filter((e) => e.at > at + IN_FLIGHT_MS && e.at < at + 2_000)).toEqual([]);
    const after = writes.filter((e) => e.at >= at + 2_000);
    expect(new Set(after.map((e) => e.client)).size).toBe(3);
    expect(writes.filter((e) => e.status === 201)).toHaveLength(18);
  });

  it("reads stay parallel and stop at the primary limit's reserve until its reset, instead of running it out", async () => {
    // 50 requests an installation per 3 s window (GitHub: 5,000 an hour); the reserve is 2% (1).
    sim.limits.set({ primary: { limit: 50, ms: 3_000 } });
    sim.limits.reset();
    const installationId = installationOf("globex") as number;
    const store = replicas[0]?.factory.store as TeamFactory["store"];
    const octokit = await pacedClient(store, installationId, githubLimits([]));
    const started = Date.now();
    const read = () => octokit.rest.repos.get({ owner: "globex", repo: "r0" });
    // 40 at once (parallel), then 9: one is left, the reserve. The 50th is never spent.
    await Promise.all(Array.from({ length: 40 }, read));
    for (let i = 0; i < 9; i++) await read();
    // What one replica saw pauses the installation's writes for the others too.
    expect(await store.githubBudgetStatus({ installationId })).toMatchObject({
      pausedMs: expect.any(Number),
      pauseReason: "primary (core)",
    });
    // The next reads wait for the reset, then go on.
    for (let i = 0; i < 5; i++) await read();
    expect(sim.limits.stats().primaryAnswers).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    sim.limits.set({});
  });
});
