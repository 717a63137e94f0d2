import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { runBacktest } from "../../src/backtest/run-backtest.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import type { Store } from "../../src/store/store.ts";
import { cli, envWithout } from "../support/cli.ts";

const DAY = 86_400_000;
const now = new Date();
// Day 0 is the UTC day ten days ago; today is day 10.
const since = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 10 * DAY;
const at = (day: number, hour = 10) => new Date(since + day * DAY + hour * 3_600_000);
const date = (day: number) => at(day).toISOString().slice(0, 10);
const ACME = "00000000-0000-4000-8000-00000000000a";
const OTHER = "00000000-0000-4000-8000-00000000000b";
const TEAM = "00000000-0000-4000-8000-0000000000ff";

/**
 * A scripted history, counted by hand (min_tasks 3, signals.min_count 3 over 7 days):
 * - acme/agents "grafana": ready, unassigned tasks from days 1, 2 and 4 → raised on day 4; a team
 *   covering it is registered on day 8 → filled, lead 4 days.
 * - acme/agents "kafka": signals on days -7 (outside every window), 3, 5 and 6 → 3 in the window
 *   on day 6 → raised; a blocked task with a reason on day 7; the app recorded the gap and it was
 *   rejected → dismissed.
 * - acme/agents "sql": three tasks ready on day 0, assigned on day 2 → raised on day 0; no team →
 *   never filled. A task done before the history does not count.
 * - acme/agents "python": five ready tasks, but a team covered it before the history → none.
 * - acme/agents "rust": five pending tasks (never ready) → none.
 * - other/repo "grafana": five ready tasks from day 0 → raised day 0, filled day 8, lead 8 days.
 */
async function script(db: pg.Client, store: Store) {
  await db.query(
    `insert into pm_projects (id, name, repository) values ($1, 'Apollo', 'Acme/Agents'), ($2, 'Other', 'other/repo')`,
    [ACME, OTHER],
  );
  const task = (
    project: string,
    skills: string[],
    status: string,
    created: Date,
    updated: Date,
    extra: { team?: string; reason?: string } = {},
  ) =>
    db.query(
      `insert into pm_tasks (project_id, title, status, assigned_team, required_skills, blocker_description, created_at, updated_at)
       values ($1, 'task', $2, $3, $4, $5, $6, $7)`,
      [project, status, extra.team ?? null, skills, extra.reason ?? null, created, updated],
    );
  for (const day of [1, 2, 4]) await task(ACME, ["Grafana"], "ready", at(day), at(day));
  for (let i = 0; i < 3; i++)
    await task(ACME, ["sql", "SQL "], "in_progress", at(0, 9), at(2), { team: TEAM });
  await task(ACME, ["sql"], "completed", at(-20), at(-15), { team: TEAM });
  for (let i = 0; i < 5; i++) await task(ACME, ["python"], "ready", at(0), at(0));
  for (let i = 0; i < 5; i++) await task(ACME, ["rust"], "pending", at(0), at(0));
  await task(ACME, ["kafka"], "blocked", at(6), at(7), { reason: "no one knows kafka" });
  await task(ACME, ["kafka"], "blocked", at(6), at(7));
  for (let i = 0; i < 5; i++) await task(OTHER, ["grafana"], "ready", at(0), at(0));
  for (const [i, day] of [-7, 3, 5, 6].entries())
    await db.query(
      `insert into gap_signals (repository, id, kind, skill, source, occurred_at)
       values ('acme/agents', $1, 'unhandled-request', 'Kafka', 'router', $2)`,
      [`k${i}`, at(day)],
    );
  const team = async (name: string, skill: string, day: number) => {
    const { rows } = await db.query(
      "insert into teams (name, created_at, updated_at) values ($1, $2, $2) returning id",
      [name, at(day)],
    );
    await db.query("insert into team_members (team_id, role, skills) values ($1, 'lead', $2)", [
      rows[0]?.id,
      [skill],
    ]);
  };
  await team("python-team", "Python", -30);
  await team("grafana-team", "grafana", 8);
  const gapKey = "acme/agents:skill:kafka";
  await store.openGap({
    gapKey,
    repo: "acme/agents",
    installationId: 1,
    issueNumber: 4,
    trigger: "scan",
    actor: "team-factory-scan",
  });
  await store.updateGap({ gapKey, actor: "mia", state: "rejected", reason: "dismissed" });
}

describe("the backtest over a scripted history", () => {
  let cluster: PostgresCluster;
  let store: Store;
  let db: pg.Client;
  const options = { sinceDays: 10, minTasks: 3, minCount: 3, windowDays: 7 };
  const grid = { minTasks: [1, 2, 5], minCount: [2, 4, 5] };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    store = await openPostgresStore({ url: cluster.url, migrate: true });
    db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    await script(db, store);
  });
  afterAll(async () => {
    await db?.end();
    await store?.close();
    await cluster?.stop();
  });

  it("raises the gaps counted by hand, on the days counted by hand, with their outcomes", async () => {
    const report = await runBacktest(store, { ...options, grid, now });
    expect(report).toMatchObject({ days: 11, windowDays: 7, repos: 2, repo: null });
    expect(report.totals).toEqual({
      minTasks: 3,
      minCount: 3,
      raised: 4,
      filled: 2,
      dismissed: 1,
      open: 1,
      medianLeadDays: 6,
    });
    expect(report.gaps).toEqual([
      {
        repo: "acme/agents",
        skill: "grafana",
        raisedDay: 4,
        raisedOn: date(4),
        by: "tasks",
        tasks: 3,
        signals: 0,
        outcome: "filled",
        filledOn: date(8),
        leadDays: 4,
        recordedOn: null,
      },
      {
        repo: "acme/agents",
        skill: "kafka",
        raisedDay: 6,
        raisedOn: date(6),
        by: "signals",
        tasks: 0,
        signals: 3,
        outcome: "dismissed",
        filledOn: null,
        leadDays: null,
        recordedOn: date(10),
      },
      {
        repo: "acme/agents",
        skill: "sql",
        raisedDay: 0,
        raisedOn: date(0),
        by: "tasks",
        tasks: 3,
        signals: 0,
        outcome: "open",
        filledOn: null,
        leadDays: null,
        recordedOn: null,
      },
      {
        repo: "other/repo",
        skill: "grafana",
        raisedDay: 0,
        raisedOn: date(0),
        by: "tasks",
        tasks: 5,
        signals: 0,
        outcome: "filled",
        filledOn: date(8),
        leadDays: 8,
        recordedOn: null,
      },
    ]);
  });

  it("shows how the counts move with min_tasks and signals.min_count", async () => {
    const { sensitivity } = await runBacktest(store, { ...options, grid, now });
    const row = (
      vary: string,
      minTasks: number,
      minCount: number,
      counts: number[],
      lead: number | null,
    ) => ({
      vary,
      minTasks,
      minCount,
      raised: counts[0],
      filled: counts[1],
      dismissed: counts[2],
      open: counts[3],
      medianLeadDays: lead,
    });
    expect(sensitivity).toEqual([
      row("min_tasks", 1, 3, [4, 2, 1, 1], 7.5),
      row("min_tasks", 2, 3, [4, 2, 1, 1], 7),
      row("min_tasks", 3, 3, [4, 2, 1, 1], 6),
      row("min_tasks", 5, 3, [2, 1, 1, 0], 8),
      row("min_count", 3, 2, [4, 2, 1, 1], 6),
      row("min_count", 3, 3, [4, 2, 1, 1], 6),
      row("min_count", 3, 4, [4, 2, 1, 1], 6),
      row("min_count", 3, 5, [3, 2, 0, 1], 6),
    ]);
    // At 4 the failing task of day 7 completes the window: kafka is raised a day later.
    const four = await runBacktest(store, { ...options, minCount: 4, repo: "Acme/Agents", now });
    expect(four.gaps.find((g) => g.skill === "kafka")).toMatchObject({
      raisedDay: 7,
      signals: 4,
      outcome: "dismissed",
    });
    expect(four.repos).toBe(1);
  });

  it("prints the same report from the command line, and refuses a bad --since", async () => {
    const env = envWithout(/^(DATABASE_URL|SUPABASE_|TEAM_FACTORY_)/);
    const args = ["--database-url", cluster.url, "--since", "10d", "--min-count", "3"];
    const json = await cli(["backtest", ...args, "--window-days", "7", "--json"], { env });
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout);
    expect(printed.totals).toEqual((await runBacktest(store, { ...options, now })).totals);
    const text = await cli(["backtest", ...args, "--window-days", "7"], { env });
    expect(text.stdout).toContain(
      "4 gaps would have been raised: 2 later filled by a registered team (median lead 6 d), 1 dismissed, 1 never filled.",
    );
    expect(text.stdout).toMatch(
      new RegExp(`${date(6)}\\s+acme/agents\\s+kafka\\s+signals\\s+0\\s+3\\s+dismissed`),
    );
    const bad = await cli(["backtest", "--database-url", cluster.url, "--since", "yesterday"], {
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--since takes a number of days from 1 to 3650 (like 90d) or a past date like 2026-09-01 (got "yesterday")',
    );
  });
});
