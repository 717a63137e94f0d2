import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import type { GapSignal } from "../../src/signals/gap-signal.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "../store/store-backends.ts";

const NOW = "2026-11-23T12:00:00.000Z";
const ago = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
const signal = (id: string, fields: Partial<GapSignal> = {}): GapSignal => ({
  id,
  repository: "acme/agents",
  kind: "unhandled-request",
  skill: "grafana dashboards",
  source: "router",
  detail: `request ${id}`,
  occurred_at: ago(1),
  ...fields,
});
const find = (h: BackendHarness, repo = "Acme/Agents") =>
  h.store.signals.findRepoSignalGaps({
    repo,
    windowDays: 7,
    minCount: 3,
    tasksTable: "pm_tasks",
    projectsTable: "pm_projects",
    limit: 100,
  });

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(BACKENDS)("gap signals on %s", (name) => {
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: testClock(NOW).now });
    await h.superuser.query(
      `insert into pm_projects (id, name, repository) values
       ('00000000-0000-4000-8000-000000000001', 'Apollo', 'acme/agents'),
       ('00000000-0000-4000-8000-000000000002', 'Other', 'other/repo')`,
    );
    // Failing tasks: with a reason (blocker_description or metadata.reason) they count, in the
    // window only; without one, or in another repository's project, they do not.
    await h.superuser.query(
      `insert into pm_tasks (project_id, title, status, required_skills, blocker_description, metadata, updated_at) values
       ('00000000-0000-4000-8000-000000000001', 'Latency board', 'blocked', '{Grafana Dashboards, grafana  dashboards}', 'nobody can build it', '{}', $1),
       ('00000000-0000-4000-8000-000000000001', 'SLO board', 'cancelled', '{grafana dashboards, sql}', null, '{"reason": "gave up"}', $1),
       ('00000000-0000-4000-8000-000000000001', 'Quiet board', 'blocked', '{grafana dashboards}', null, '{}', $1),
       ('00000000-0000-4000-8000-000000000001', 'Old board', 'blocked', '{grafana dashboards}', 'too old', '{}', $2),
       ('00000000-0000-4000-8000-000000000002', 'Their board', 'blocked', '{grafana dashboards}', 'not ours', '{}', $1)`,
      [ago(2), ago(30)],
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it("records a batch, and a replay of the same ids counts once", async () => {
    const batch = [signal("a"), signal("b", { repository: "Acme/Agents", kind: "task-failed" })];
    expect(await h.store.signals.record(batch)).toEqual({ recorded: 2, duplicates: 0 });
    expect(await h.store.signals.record(batch)).toEqual({ recorded: 0, duplicates: 2 });
    // The same id in another repository is another signal.
    expect(await h.store.signals.record([signal("a", { repository: "other/repo" })])).toEqual({
      recorded: 1,
      duplicates: 0,
    });
  });

  it("weighs one repository's signals and failing tasks of the window per skill", async () => {
    await h.store.signals.record([
      signal("old", { occurred_at: ago(8) }),
      signal("c", { skill: "sql", occurred_at: ago(3) }),
    ]);
    const [gap, ...others] = await find(h);
    expect(others).toEqual([]);
    expect(gap).toMatchObject({
      skill: "grafana dashboards",
      total: 4,
      unhandled: 1,
      failed_signals: 1,
      failed_tasks: 2,
    });
    expect(Date.parse(gap?.first_seen ?? "")).toBe(Date.parse(ago(2)));
    expect(Date.parse(gap?.last_seen ?? "")).toBe(Date.parse(ago(1)));
    expect(gap?.samples).toHaveLength(3);
    // The latest three, newest first: both signals of yesterday, then one of the failing tasks.
    const [a, b, task] = gap?.samples ?? [];
    expect([a?.detail, b?.detail].sort()).toEqual(["request a", "request b"]);
    expect(task).toMatchObject({ kind: "task-failed", source: "pm_tasks" });
    expect(["SLO board: gave up", "Latency board: nobody can build it"]).toContain(task?.detail);
  });

  it("leaves out skills an active team of the registry covers", async () => {
    await h.store.registerTeam({
      name: "grafana-team",
      displayName: "Grafana",
      department: "engineering.observability",
      purpose: "dashboards",
      framework: "CrewAI",
      llmProvider: "OpenAI",
      llmModel: "gpt-4o-mini",
      metadata: {},
      members: [
        {
          role: "Dashboard engineer",
          isManager: true,
          responsibilities: ["boards"],
          skills: ["Grafana Dashboards"],
          systemPrompt: "",
        },
      ],
    });
    expect(await find(h)).toEqual([]);
    await h.superuser.query("update teams set status = 'archived' where name = 'grafana-team'");
  });

  it("loads the backtest's history grouped per repository, skill and day", async () => {
    const history = await h.store.signals.backtestHistory({
      repo: "acme/agents",
      since: new Date(ago(10)),
      windowDays: 7,
      tasksTable: "pm_tasks",
      projectsTable: "pm_projects",
    });
    expect(history.days).toBe(11);
    expect([...new Set(history.failures.map((f) => f.repo))]).toEqual(["acme/agents"]);
    const of = (list: { skill: string; days: number[] }[]) =>
      list.find((e) => e.skill === "grafana dashboards")?.days.sort((a, b) => a - b);
    // Signals on days 2 (old: 8 days ago) and 9 (a, b); failing tasks on day 8 (two of them).
    expect(of(history.signals)).toEqual([2, 9, 9]);
    expect(of(history.failures)).toEqual([8, 8]);
    expect(history.teams).toEqual([
      { skills: ["grafana dashboards"], from_day: 10, until_day: 10 },
    ]);
  });

  it("refuses a bad call with a reason, and keeps the table's rules behind the app's", async () => {
    await expect(
      h.store.signals.record([signal("x", { kind: "crashed" as never })]),
    ).rejects.toThrow(/gap_signals_kind_check|violates check constraint/);
    await expect(
      h.superuser.query(
        "insert into gap_signals (repository, kind, skill) values ('not a repo', 'task-failed', 'sql')",
      ),
    ).rejects.toThrow(/gap_signals_repository_check/);
  });
});
