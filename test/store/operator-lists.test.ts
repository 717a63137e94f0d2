import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import { DEFAULT_OBSERVED_SETTINGS } from "../../src/config/observed-settings.ts";
import type { OperatorListsQuery } from "../../src/store/metrics-store.ts";
import { MIGRATIONS_DIR } from "../../src/store/migrations.ts";
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

describe("the overview, counted in one pass", () => {
  it("answers exactly as the function it replaces, on repositories in two installations, settings without gaps and pauses without repositories", async () => {
    const clock = testClock();
    const h = await openBackend({ name: "embedded", cluster, now: clock.now });
    try {
      // The function as migration 20261129110000 wrote it, under another name.
      const sql = readFileSync(join(MIGRATIONS_DIR, "20261129110000_metrics.sql"), "utf8");
      const start = sql.indexOf("create or replace function tf_operator_overview(");
      const before = sql
        .slice(start, sql.indexOf("$$;", start) + 3)
        .replace("tf_operator_overview(", "tf_operator_overview_before(");
      await h.superuser.query(before);
      const s = h.store;
      const moves: Record<string, string[]> = {
        received: [],
        "pr-open": ["planned", "publishing", "pr-open"],
        merged: ["planned", "publishing", "pr-open", "merged"],
        rejected: ["rejected"],
        planned: ["planned"],
      };
      let n = 0;
      for (const [repo, installationId, state] of [
        ["Acme/Agents", 7, "received"],
        ["acme/agents", 7, "pr-open"],
        ["acme/agents", 8, "merged"],
        ["acme/web", 7, "rejected"],
        ["globex/api", 9, "pr-open"],
        ["globex/api", 9, "planned"],
      ] as const) {
        const gapKey = `${repo.toLowerCase()}:issue:${++n}`;
        await s.openGap({
          gapKey,
          repo,
          installationId,
          issueNumber: n,
          trigger: "label",
          actor: "x",
        });
        for (const next of moves[state] ?? [])
          await s.updateGap({ gapKey, actor: "x", state: next as never, prNumber: n });
      }
      await s.metrics.observeRepo({
        repo: "only/settings",
        installationId: 11,
        settings: DEFAULT_OBSERVED_SETTINGS,
      });
      await s.setPaused({ installationId: 12, repo: "", paused: true, actor: "ops" });
      await s.setPaused({ installationId: 13, repo: "x/y", paused: false, actor: "ops" });
      await s.setPaused({ installationId: 7, repo: "acme/web", paused: true, actor: "ops" });
      const now = "'2026-11-23T12:00:00Z'";
      for (const args of [`25, 25, ${now}`, `5, 1, ${now}`]) {
        const { rows } = await h.superuser.query(
          `select tf_operator_overview_before(${args}) as before, tf_operator_overview(${args}) as after`,
        );
        expect(rows[0].after).toEqual(rows[0].before);
        expect(rows[0].after.installations).toHaveLength(6);
      }
    } finally {
      await h.close();
    }
  });
});
