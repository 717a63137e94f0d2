import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "../../bench/app-process.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { startAppAgainstSim, startWebhookBalancer } from "../support/app-processes.ts";
import { skillGap } from "../support/skill-gap.ts";
import { botComments, git, pullsClosing, pullsOf } from "../support/team-prs.ts";

// The chaos test: at each pipeline step in turn, the app process running the gap is
// killed, or PostgreSQL stops (and starts again half a second later). Two replicas run with
// 1-second leases; every gap must end with exactly one PR or one clear failure comment that
// stays true, no second comment, no branch without a PR, no second commit.
const REPO = "acme/agents";
const LEASE = "1";
const TEAM_LABELS = ["automated", "needs-review", "new-team"];

type Fault = "kill" | "postgres";
/** Where a step is caught: GitHub's answer held right after the request ran, or a store lock. */
type Step =
  | { name: string; github: { operationId?: string; graphqlField?: string } }
  | { name: string; lock: string; waitsIn: string };
const STEPS: Step[] = [
  {
    name: "1 permission check",
    github: { operationId: "repos/get-collaborator-permission-level" },
  },
  {
    name: "3 daily cap (checked)",
    lock: "lock table tf_daily_counters in access exclusive mode",
    waitsIn: "tf_check_daily_slot",
  },
  {
    name: "8 slot reserved",
    lock: "select 1 from tf_daily_counters for update",
    waitsIn: "tf_reserve_daily_slot",
  },
  { name: "10 right after the publish mutation", github: { graphqlField: "createCommitOnBranch" } },
  { name: "11 progress comment written", github: { operationId: "issues/create-comment" } },
];

let cluster: PostgresCluster;
let sim: GitHubSimulator;
let db: pg.Client;
let apps: AppProcess[] = [];
let balancer: Awaited<ReturnType<typeof startWebhookBalancer>>;
const startApp = () =>
  startAppAgainstSim({
    sim,
    databaseUrl: cluster.url,
    env: { TEAM_FACTORY_JOB_LEASE_SECONDS: LEASE },
  });
const recoveries: { step: string; fault: Fault; ms: number; outcome: string }[] = [];

beforeAll(async () => {
  [cluster, sim] = await Promise.all([
    startPostgresCluster({ durable: true }),
    startGitHubSimulator(),
  ]);
  sim.createRepo(
    sampleRepo({ config: SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 100") }),
  );
  // The first start applies the migrations; then the second replica.
  apps = [
    await startAppAgainstSim({ sim, databaseUrl: cluster.url, env: { TEAM_FACTORY_MIGRATE: "1" } }),
  ];
  apps.push(await startApp());
  balancer = await startWebhookBalancer(() => apps.map((a) => a.url));
  sim.setWebhookUrl(`${balancer.url}/api/github/webhooks`);
  db = await connect();
  // The day's counter row exists, so that step 8 can be caught on its row lock.
  await db.query(
    "insert into tf_daily_counters (scope, day) values ('installation:1', (now() at time zone 'UTC')::date) on conflict do nothing",
  );
});
afterAll(async () => {
  if (recoveries.length)
    console.log(
      `chaos: worst recovery ${Math.max(...recoveries.map((r) => r.ms))} ms\n${recoveries
        .map((r) => `  ${r.step} / ${r.fault}: ${r.ms} ms → ${r.outcome}`)
        .join("\n")}`,
    );
  await db?.end().catch(() => undefined);
  await Promise.all(apps.map((a) => a.stop()));
  await balancer?.stop();
  await sim?.stop();
  await cluster?.stop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: cluster.url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** The replica that holds the gap's running job (its lease names `host:pid`). */
async function runnerOf(gapKey: string): Promise<AppProcess | undefined> {
  const { rows } = await db.query<{ owner: string }>(
    "select owner from tf_jobs where gap_key = $1 and status = 'running' order by id desc limit 1",
    [gapKey],
  );
  const pid = Number(rows[0]?.owner.split(":").pop());
  return apps.find((a) => a.pid === pid);
}

let pending: Promise<unknown> = Promise.resolve();
/** Kills the gap's replica (a new one starts beside the survivor) or stops PostgreSQL for 0.5 s. */
async function inject(fault: Fault, gapKey: string): Promise<void> {
  if (fault === "kill") {
    const victim = await runnerOf(gapKey);
    if (!victim) throw new Error(`no replica runs ${gapKey}`);
    process.kill(victim.pid, "SIGKILL");
    apps = apps.filter((a) => a !== victim);
    pending = Promise.all([victim.stop(), startApp().then((a) => apps.push(a))]);
    return;
  }
  await db.end().catch(() => undefined);
  await cluster.stopServer();
  pending = new Promise((r) => setTimeout(r, 500))
    .then(() => cluster.startServer())
    .then(async () => {
      db = await connect();
    });
}

/** Holds the step until the fault is in; resolves with the moment it was. */
async function armStep(step: Step, fault: Fault, gapKey: string): Promise<() => Promise<number>> {
  let at = 0;
  if ("github" in step) {
    let fired = () => {};
    const firedAt = new Promise<void>((r) => {
      fired = r;
    });
    sim.faults.hold({
      ...step.github,
      until: async () => {
        await inject(fault, gapKey);
        at = Date.now();
        fired();
      },
    });
    return async () => {
      await firedAt;
      return at;
    };
  }
  const locker = await connect();
  await locker.query("begin");
  await locker.query(step.lock);
  return async () => {
    for (;;) {
      const { rows } = await db.query(
        "select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like $1",
        [`%${step.waitsIn}%`],
      );
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await inject(fault, gapKey);
    at = Date.now();
    await locker.query("rollback").catch(() => undefined);
    await locker.end().catch(() => undefined);
    return at;
  };
}

const prOf = (number: number) => pullsClosing(sim, number)[0];

/** The gap's end as a person sees it: a labelled PR with 🚀, or a 😕 comment, and no job left. */
async function settledOutcome(number: number, gapKey: string): Promise<string | null> {
  const comments = botComments(sim, number);
  const pr = prOf(number);
  const labelled = TEAM_LABELS.every((l) => pr?.labels.some((x) => x.name === l));
  const shown = pr
    ? labelled && /🚀/.test(comments.at(-1) ?? "")
    : /😕/.test(comments.at(-1) ?? "");
  if (!shown) return null;
  const left = await db
    .query("select 1 from tf_jobs where gap_key = $1 and status in ('queued', 'running')", [gapKey])
    .catch(() => ({ rows: [1] }));
  return left.rows.length ? null : pr ? `PR #${pr.number}` : "failure comment";
}

describe("chaos: a replica killed or PostgreSQL stopped at each step", () => {
  const rounds = STEPS.flatMap((step) =>
    (["kill", "postgres"] as const).map((fault) => ({ step, fault })),
  );
  let n = 0;

  it.each(rounds)(
    "$step.name / $fault → one PR or one failure, recovered",
    async ({ step, fault }) => {
      const skill = `skill ${"abcdefghijklmnop"[n++]}z`;
      const { number } = await sim.act.openIssue({
        repo: REPO,
        ...skillGap(skill),
        actor: "mia",
      });
      const gapKey = `${REPO}:issue:${number}`;
      const faulted = await armStep(step, fault, gapKey);
      const delivery = await sim.act.labelIssue({
        repo: REPO,
        number,
        label: "capability-gap",
        actor: "mia",
      });
      expect(delivery.status).toBeLessThan(300);
      const at = await faulted();
      let outcome = await settledOutcome(number, gapKey);
      while (!outcome) {
        if (Date.now() - at > 30_000) {
          const stderr = apps.map((a) => a.stderr().slice(-800)).join("\n");
          throw new Error(`${gapKey} did not recover in 30 s; replicas said: ${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 50));
        outcome = await settledOutcome(number, gapKey);
      }
      recoveries.push({ step: step.name, fault, ms: Date.now() - at, outcome });
      await pending; // the replacement replica, or the database client, for the next round
      sim.faults.clear();
      expect(botComments(sim, number)).toHaveLength(1);
    },
  );

  it("every end stays true: one PR or one failure per gap, one commit per PR, no orphan branch", async () => {
    await new Promise((r) => setTimeout(r, 1500)); // leases run out, replicas poll again
    const issues = [...sim.repo("acme", "agents").issues.values()].filter((i) => !i.pull);
    expect(issues).toHaveLength(rounds.length);
    for (const issue of issues) {
      const comments = botComments(sim, issue.number);
      expect(comments).toHaveLength(1);
      const prs = pullsClosing(sim, issue.number);
      expect(prs.length).toBeLessThanOrEqual(1);
      expect(comments[0]).toMatch(prs.length ? /🚀/ : /😕/);
    }
    const branches = git(sim, [
      "for-each-ref",
      "--format=%(refname:short)",
      "refs/heads/team-factory/",
    ])
      .split("\n")
      .filter(Boolean);
    const heads = pullsOf(sim).map((p) => p.pull?.head);
    expect(branches.sort()).toEqual([...heads].sort());
    for (const branch of branches)
      expect(git(sim, ["rev-list", "--count", `main..${branch}`])).toBe("1");
    const { rows } = await db.query(
      "select count(*)::int as n from tf_jobs where status in ('queued', 'running')",
    );
    expect(rows[0]).toEqual({ n: 0 });
  });
});
