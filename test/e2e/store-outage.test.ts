import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import type { Store } from "../../src/store/store.ts";
import { botComments, pullsClosing } from "../support/team-prs.ts";

// PostgreSQL stopped under the running app (real server, real app, the
// GitHub simulator). Leases of 1 s so that a job left behind is taken over quickly.
const REPO = "acme/agents";
let cluster: PostgresCluster;
let store: Store;
let stack: Stack;
let n = 0;

beforeAll(async () => {
  cluster = await startPostgresCluster({ durable: true });
  store = await openPostgresStore({ url: cluster.url, migrate: true });
  const config = SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 100");
  stack = await startStack({
    repos: [sampleRepo({ config })],
    store,
    leaseSeconds: 1,
    retrySeconds: 0,
  });
  stack.factory.jobs.start();
});
afterAll(async () => {
  await stack?.stop();
  await store?.close();
  await cluster?.stop();
});

async function openGap(): Promise<number> {
  const skill = `skill ${"abcdefgh"[n++]}x`;
  const { number } = await stack.sim.act.openIssue({
    repo: REPO,
    title: `Gap for ${skill}`,
    body: `Several projects are blocked because nobody can do ${skill} work for them.\n\nSkills: ${skill}`,
    actor: "mia",
  });
  return number;
}
const prFor = (number: number) => pullsClosing(stack.sim, number)[0];
async function waitFor(done: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
  await stack.factory.jobs.whenIdle();
}

describe("the store goes away", () => {
  it("answers a webhook it cannot record with 5xx, so its redelivery is the one that counts", async () => {
    const number = await openGap();
    await cluster.stopServer();
    const refused = await stack.sim.act.labelIssue({
      repo: REPO,
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await cluster.startServer();
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(botComments(stack.sim, number)).toEqual([]);
    const redelivered = await stack.sim.redeliver(refused.deliveryId);
    expect(redelivered.status).toBeLessThan(300);
    await waitFor(() => prFor(number) !== undefined);
    expect(botComments(stack.sim, number)).toEqual([expect.stringMatching(/🚀 Opened/)]);
  });

  it("says nothing it must take back when the store fails mid-job, and finishes once it is back", async () => {
    const number = await openGap();
    // Right after the repository is read the database stops: the job's next store call fails,
    // and so does recording it. (👀 goes beside that read, and is not waited for.)
    stack.sim.faults.hold({ graphqlField: "repository", until: () => cluster.stopServer() });
    await stack.sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });
    await stack.factory.jobs.whenIdle();
    const failure = stack.ends.at(-1)?.end;
    expect(failure).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/could not be reached/),
    });
    expect(botComments(stack.sim, number).join("\n")).not.toMatch(/gave up/);
    expect(prFor(number)).toBeUndefined();
    await cluster.startServer();
    await waitFor(() => prFor(number) !== undefined);
    const comments = botComments(stack.sim, number);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(/🚀 Opened/);
    expect(comments.join("\n")).not.toMatch(/gave up/);
  });

  it("gives up for real: says so once after the last attempt, and never publishes later", async () => {
    const number = await openGap();
    // Every attempt fails at the permission check (a refusal Octokit does not retry).
    stack.sim.faults.add({
      operationId: "repos/get-collaborator-permission-level",
      respond: { status: 422, message: "Validation Failed" },
      times: 5,
    });
    await stack.sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });
    await waitFor(() => botComments(stack.sim, number).length > 0);
    stack.sim.faults.clear();
    const [comment] = botComments(stack.sim, number);
    expect(comment).toMatch(/gave up on this request after several attempts.*will not be retried/s);
    // Polls and drains find nothing to run: the job is failed for good.
    await new Promise((r) => setTimeout(r, 1500));
    await stack.factory.jobs.drain();
    await stack.factory.jobs.whenIdle();
    expect(prFor(number)).toBeUndefined();
    expect(botComments(stack.sim, number)).toHaveLength(1);
    const jobs = await store.listUnfinishedJobs();
    expect(
      jobs.filter((j) => (j.payload as { issueNumber?: number }).issueNumber === number),
    ).toEqual([]);
    // For the circuit breaker, five failed attempts are one failed run (and the attempt of the
    // test before, which threw and then succeeded, none): the repository is not paused.
    const installationId = stack.sim.state.installations[0]?.id as number;
    expect((await store.pauseStatus({ installationId, repo: REPO })).paused).toBe(false);
    expect(
      await store.metrics.breakerStats({ installationId, repo: REPO, lastRuns: 5, days: 30 }),
    ).toMatchObject({ runs: 3, failed: 1 });
  });
});
