import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppProcess } from "../../bench/app-process.ts";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import type { Store } from "../../src/store/store.ts";
import { openGapIssue, type Replicas, startReplicas } from "../support/app-processes.ts";
import { botComments, pullsClosing, pullsOf } from "../support/team-prs.ts";

// Three app processes (`node src/main.ts`) on one PostgreSQL,
// 20 triggers at once over 10 gaps with `daily_limit: 3`. None of the PR labels exist yet, so the
// replicas race to create them too.
const REPO = "acme/agents";
let replicas: Replicas;
let store: Store;
let sim: GitHubSimulator;
let apps: AppProcess[] = [];

beforeAll(async () => {
  replicas = await startReplicas({ count: 3, dailyLimit: 3 });
  ({ store, sim, apps } = replicas);
});
afterAll(async () => {
  await replicas?.stop();
});

/** Until no job is left in the store (a labels follow-up included) for half a second. */
async function settled(ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  let quietSince = 0;
  while (Date.now() < until) {
    const left = await store.listUnfinishedJobs();
    if (left.length === 0) {
      if (!quietSince) quietSince = Date.now();
      if (Date.now() - quietSince > 500) return;
    } else quietSince = 0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`jobs still unfinished: ${apps.map((a) => a.stderr()).join("\n")}`);
}

describe("the daily cap across three app processes on one PostgreSQL", () => {
  it("20 simultaneous triggers over 10 gaps with daily_limit: 3 open exactly 3 PRs, all labelled", async () => {
    const issues: number[] = [];
    for (let i = 0; i < 10; i++) issues.push(await openGapIssue(sim, i));
    const deliveries = await Promise.all(
      issues.flatMap((number) => [
        sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" }),
        sim.act.comment({ repo: REPO, number, body: "/create-team", actor: "max" }),
      ]),
    );
    expect(deliveries.every((d) => d.status < 300)).toBe(true);
    await settled();

    const pulls = pullsOf(sim);
    expect(pulls).toHaveLength(3);
    for (const pr of pulls)
      expect(pr.labels.map((l) => l.name).sort()).toEqual([
        "automated",
        "needs-review",
        "new-team",
      ]);
    const labels = sim.repo("acme", "agents").labels.map((l) => l.name);
    expect(labels.filter((l) => l === "automated")).toHaveLength(1);
    for (const number of issues) {
      const comments = botComments(sim, number);
      // One progress comment per gap, edited in place by whichever replica ran the trigger.
      expect(comments).toHaveLength(1);
      const [pr] = pullsClosing(sim, number);
      expect(comments[0]).toMatch(pr ? /🚀 (Opened|Updated)/ : /daily limit of 3 new teams/);
    }
    expect(new Set(pulls.map((p) => p.pull?.head)).size).toBe(3);
  });
});
