import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import type { ShadowRun } from "../../src/store/rollout-store.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "./store-backends.ts";

const HASH = "a".repeat(64);
const run = (gapKey: string, fields: Partial<ShadowRun> = {}): ShadowRun => ({
  gapKey,
  repo: "acme/agents",
  installationId: 7,
  source: "detected",
  trigger: "scan",
  issueNumber: null,
  team: "grafana-dashboards-team",
  title: "[Automated] Add grafana-dashboards team for grafana dashboards",
  monthlyUsd: 12.5,
  members: [{ role: "Dashboard Engineer", tools: ["query_prometheus"] }],
  specHash: HASH,
  files: 29,
  verdict: "would-open",
  gates: { daily_limit: "5 of 5 left today", cost: "passes", low_risk: "passes" },
  ...fields,
});

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(BACKENDS)("shadow runs on %s", (name) => {
  let h: BackendHarness;
  const clock = testClock();
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("records what a shadow run would have opened, one row per gap, its runs counted", async () => {
    const key = "acme/agents:skill:grafana dashboards";
    expect(await h.store.rollout.recordShadowRun(run(key))).toEqual({ runs: 1 });
    clock.advance(3600);
    expect(
      await h.store.rollout.recordShadowRun(run(key, { monthlyUsd: 14, verdict: "would-hold" })),
    ).toEqual({ runs: 2 });
    const [row] = await h.store.rollout.listShadowRuns({ repo: "ACME/Agents", limit: 10 });
    expect(row).toMatchObject({
      gap_key: key,
      repo: "acme/agents",
      source: "detected",
      team: "grafana-dashboards-team",
      monthly_usd: 14,
      members: [{ role: "Dashboard Engineer", tools: ["query_prometheus"] }],
      verdict: "would-hold",
      runs: 2,
      gap_state: null,
      pr_number: null,
    });
    expect(Date.parse(row?.last_at ?? "") - Date.parse(row?.first_at ?? "")).toBe(3_600_000);
  });

  it("lists newest first, per repository, with what became of the gap since", async () => {
    clock.advance(60);
    const key = "other/repo:issue:4";
    await h.store.openGap({
      gapKey: key,
      repo: "other/repo",
      installationId: 8,
      issueNumber: 4,
      trigger: "label",
      actor: "mia",
    });
    await h.store.rollout.recordShadowRun(
      run(key, { repo: "other/repo", installationId: 8, source: "explicit", trigger: "label" }),
    );
    await h.store.updateGap({ gapKey: key, actor: "mia", state: "planned", reason: "shadow mode" });
    const all = await h.store.rollout.listShadowRuns({ repo: null, limit: 10 });
    expect(all.map((r) => [r.gap_key, r.gap_state])).toEqual([
      [key, "planned"],
      ["acme/agents:skill:grafana dashboards", null],
    ]);
    expect(await h.store.rollout.listShadowRuns({ repo: "other/repo", limit: 10 })).toHaveLength(1);
    expect(await h.store.rollout.listShadowRuns({ repo: "nobody/here", limit: 10 })).toEqual([]);
  });

  it("refuses a row that is not a shadow run, and records nothing of it", async () => {
    await expect(
      h.store.rollout.recordShadowRun(run("acme/agents:issue:9", { specHash: "not-a-hash" })),
    ).rejects.toThrow(/tf_shadow_runs|check constraint/);
    await expect(
      h.store.rollout.recordShadowRun(run("acme/agents:issue:9", { repo: "no slash" })),
    ).rejects.toThrow(/tf_shadow_runs|check constraint/);
    const rows = await h.store.rollout.listShadowRuns({ repo: "acme/agents", limit: 10 });
    expect(rows.map((r) => r.gap_key)).toEqual(["acme/agents:skill:grafana dashboards"]);
  });
});
