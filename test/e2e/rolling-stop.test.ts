import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "../../bench/app-process.ts";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { openGapIssue, type Replicas, startReplicas } from "../support/app-processes.ts";
import { botComments, pullsClosing, pullsOf } from "../support/team-prs.ts";

// Three app processes (as the image runs them) on one PostgreSQL behind a
// load balancer; one gets SIGTERM while it runs a job, as a rolling update does. Deliveries it
// refuses while stopping are redelivered (as GitHub's redelivery does), one delivery is replayed
// on purpose, and every gap still ends with exactly one PR, no job left behind.
const REPO = "acme/agents";
const LEASE_SECONDS = 4;
let replicas: Replicas;
let sim: GitHubSimulator;
let db: pg.Client;
let apps: AppProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  replicas = await startReplicas({
    count: 3,
    dailyLimit: 20,
    env: {
      TEAM_FACTORY_JOB_LEASE_SECONDS: String(LEASE_SECONDS),
      // Shorter than a job here (GitHub answers slowly below): the job is given back.
      TEAM_FACTORY_DRAIN_MS: "500",
      LOG_LEVEL: "info",
    },
  });
  ({ sim, apps } = replicas);
  db = new pg.Client(replicas.cluster.url);
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await replicas?.stop();
});

interface JobRow {
  id: string;
  delivery_id: string;
  status: string;
  owner: string | null;
}
const jobs = async () =>
  (await db.query<JobRow>("select id, delivery_id, status, owner from tf_jobs order by id")).rows;

const label = (number: number) =>
  sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await probe();
    if (value) return value;
    await sleep(50);
  }
  throw new Error(`${what}: timed out\n${apps.map((a) => a.output()).join("\n")}`);
}

describe("a rolling stop of one replica of three", () => {
  it("loses no webhook and no job, opens no duplicate PR; the others take over within a lease", async () => {
    const issues: number[] = [];
    for (let i = 0; i < 6; i++) issues.push(await openGapIssue(sim, i));
    // Every GitHub answer takes 300 ms: jobs last seconds, longer than the stopping one's drain.
    sim.faults.setLatency(300);
    const first = await Promise.all(issues.slice(0, 4).map(label));
    expect(first.every((d) => d.status < 300)).toBe(true);

    // The replica running a job is the one to stop.
    const running = await until("a job running", async () =>
      (await jobs()).find((j) => j.status === "running" && j.owner),
    );
    const victimPid = Number(running.owner?.split(":").at(-1));
    const victim = apps.find((a) => a.pid === victimPid);
    if (!victim) throw new Error(`no app process with pid ${victimPid}`);
    process.kill(victim.pid, "SIGTERM");
    // A delivery that reaches it before it has handled the signal is still taken (and its job
    // given back): the deliveries below are sent once it says it is stopping.
    await until("the replica stopping", async () =>
      /stopping: not taking new webhooks/.test(victim.output()),
    );

    // Still in the balancer's rotation: two more gaps are labelled, one delivery is replayed.
    const during = await Promise.all([label(issues[4] as number), label(issues[5] as number)]);
    const replayed = await sim.redeliver((first[0] as { deliveryId: string }).deliveryId);
    const refused = [...during, replayed].filter((d) => d.status >= 300);
    // Round robin: one of the three reached the stopping replica, which answered 503 (or was
    // already gone: the balancer's 502). Nothing it took after the signal can be lost.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const d of refused) expect([502, 503]).toContain(d.status);

    expect(await victim.exited).toBe(143);
    expect(victim.output()).toMatch(/jobsGivenBack"?: ?[1-9]/);
    const exitedAt = Date.now();
    // Its readiness answers 503: the balancer stops sending to it.
    replicas.inRotation = apps.filter((a) => a !== victim);
    // GitHub's redelivery of what the stopping replica refused reaches the live ones.
    for (const d of refused) expect((await sim.redeliver(d.deliveryId)).status).toBeLessThan(300);

    // What the stopped replica gave back is claimed by another one within a lease.
    const owner = running.owner;
    await until(
      "the given-back job taken over",
      async () => {
        const row = (await jobs()).find((j) => j.id === running.id);
        return row && row.owner !== owner && row.status !== "queued" ? row : null;
      },
      2 * LEASE_SECONDS * 1000,
    );
    expect(Date.now() - exitedAt).toBeLessThan(2 * LEASE_SECONDS * 1000);

    sim.faults.setLatency(0);
    await until("every job finished", async () => {
      const all = await jobs();
      return all.every((j) => j.status === "done") ? all : null;
    });

    // One job per event however often it came, one PR and one progress comment per gap.
    const all = await jobs();
    expect(new Set(all.map((j) => j.delivery_id)).size).toBe(all.length);
    // A label event's job is keyed by the event (a replay under a new delivery id is the same).
    expect(all.filter((j) => j.delivery_id.startsWith("labeled:"))).toHaveLength(6);
    expect(pullsOf(sim)).toHaveLength(6);
    expect(new Set(pullsOf(sim).map((p) => p.pull?.head)).size).toBe(6);
    for (const number of issues) {
      expect(pullsClosing(sim, number)).toHaveLength(1);
      expect(botComments(sim, number)).toHaveLength(1);
    }
  });
});
