import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import type { OperatorListsQuery } from "../../src/store/metrics-store.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "./store-backends.ts";

// Issue 27's operator page reads its lists filtered and paged in SQL (tf_operator_lists), the
// same on every backend.
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const ALL: OperatorListsQuery = {
  repo: null,
  state: null,
  source: null,
  gaps: { offset: 0, limit: 25 },
  audit: { offset: 0, limit: 25 },
};

describe.each(BACKENDS)("the operator page's lists on %s", (name) => {
  const clock = testClock();
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
    const open = async (repo: string, n: number, trigger: string) => {
      clock.advance(60);
      const gapKey = `${repo.toLowerCase()}:issue:${n}`;
      await h.store.openGap({
        gapKey,
        repo,
        installationId: 1,
        issueNumber: n,
        trigger,
        actor: "mia",
      });
      await h.store.audit({ action: "gap.received", actor: "mia", gapKey, repo, details: { n } });
      return gapKey;
    };
    for (let n = 1; n <= 30; n++) await open("Acme/Agents", n, n % 10 === 0 ? "scan" : "label");
    for (let n = 1; n <= 3; n++) await open("other/repo", n, n === 1 ? "regenerate" : "command");
    const waiting = "acme/agents:issue:30";
    await h.store.updateGap({
      gapKey: waiting,
      actor: "ola",
      state: "planned",
      specHash: "f".repeat(64),
      cost: { monthlyUsd: 40 } as never,
    });
    await h.store.updateGap({ gapKey: waiting, actor: "ola", state: "awaiting-approval" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("filters by repository (any case), state and source, newest first, one page at a time", async () => {
    const acme = await h.store.metrics.operatorLists({ ...ALL, repo: "ACME/agents" });
    expect(acme.gaps_total).toBe(30);
    expect(acme.gaps).toHaveLength(25);
    expect(acme.gaps[0]).toMatchObject({
      gap_key: "acme/agents:issue:30",
      source: "detected",
      state: "awaiting-approval",
    });
    expect(acme.by_state).toEqual({ received: 29, "awaiting-approval": 1 });
    const second = await h.store.metrics.operatorLists({
      ...ALL,
      repo: "acme/agents",
      gaps: { offset: 25, limit: 25 },
    });
    expect(second.gaps.map((g) => g.issue_number)).toEqual([5, 4, 3, 2, 1]);
    const detected = await h.store.metrics.operatorLists({ ...ALL, source: "detected" });
    expect(detected.gaps.map((g) => g.issue_number)).toEqual([30, 20, 10]);
    const update = await h.store.metrics.operatorLists({ ...ALL, source: "update" });
    expect(update.gaps.map((g) => `${g.repo}#${g.issue_number}`)).toEqual(["other/repo#1"]);
    const waiting = await h.store.metrics.operatorLists({ ...ALL, state: "awaiting-approval" });
    expect(waiting.gaps_total).toBe(1);
    expect(waiting.approvals).toEqual([
      expect.objectContaining({
        issue_number: 30,
        spec_hash: "f".repeat(64),
        requester: "mia",
        monthly_usd: 40,
      }),
    ]);
    const none = await h.store.metrics.operatorLists({ ...ALL, repo: "nobody/here" });
    expect(none).toMatchObject({ gaps_total: 0, gaps: [], approvals: [], audit: [], by_state: {} });
  });

  it("reads the audit one entry past its page, so an older page is known without counting", async () => {
    const first = await h.store.metrics.operatorLists({
      ...ALL,
      repo: "other/repo",
      audit: { offset: 0, limit: 2 },
    });
    expect(first.audit.map((a) => a.details.n)).toEqual([3, 2, 1]);
    const last = await h.store.metrics.operatorLists({
      ...ALL,
      repo: "other/repo",
      audit: { offset: 2, limit: 2 },
    });
    expect(last.audit.map((a) => a.details.n)).toEqual([1]);
  });

  it("clamps limits and offsets a caller gets wrong", async () => {
    const wide = await h.store.metrics.operatorLists({
      ...ALL,
      gaps: { offset: -5, limit: 10_000 },
      audit: { offset: 0, limit: 0 },
    });
    expect(wide.gaps).toHaveLength(33);
    expect(wide.audit).toHaveLength(2); // a limit of 1, plus the one past it
  });
});
