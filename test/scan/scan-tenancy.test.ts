import pg from "pg";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { probotScanGitHub } from "../../src/github/scan-github.ts";
import { runScan } from "../../src/scan/run-scan.ts";
import { scanDepsFor } from "../../src/scan/scan-service.ts";
import { createStore } from "../../src/store/create-store.ts";
import { applyMigrations, listMigrations } from "../../src/store/migrations.ts";
import { sqlFunctionCaller } from "../../src/store/sql-function-caller.ts";
import type { Store } from "../../src/store/store.ts";
import { simProbot } from "../support/sim.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

// One task table served every installed repository, so a second owner's
// repository got an issue quoting another owner's private project and task titles.
const SCAN = {
  ".github/team-factory.yml": "mode:\n  detected: full\nscan:\n  enabled: true\n  min_tasks: 8\n",
};

describe("scan tenancy: a repository sees only its own projects' tasks", () => {
  let sim: GitHubSimulator;
  let probot: Probot;
  let server: TestDatabase;
  let db: pg.Client;
  let store: Store;
  const logged: string[] = [];
  const log = {
    info() {},
    warn: (_: object, msg?: string) => void logged.push(msg ?? ""),
    error: (_: object, msg?: string) => void logged.push(msg ?? ""),
  };

  beforeAll(async () => {
    // The tables exist from before this change (no repository column), with a project in them.
    server = await openTestDatabase();
    await server.db.query("create database tf_tenancy");
    db = new pg.Client({ ...server.connection, database: "tf_tenancy" });
    await db.connect();
    const runner = {
      exec: (sql: string) => db.query(sql),
      query: (t: string, p?: unknown[]) => db.query(t, p),
    };
    const before = (await listMigrations()).filter((m) => m.version < "20261129100000");
    await applyMigrations({ db: runner, migrations: before });
    await db.query("insert into pm_projects (name) values ('Legacy project')");
    await applyMigrations({ db: runner });
    store = createStore({ backend: "embedded", call: sqlFunctionCaller(db) });
    await seedDemoTasks({ db, seed: 5, projects: 6, tasks: 40, repository: "acme/agents" });
    await seedDemoTasks({ db, seed: 9, projects: 3, tasks: 60, repository: "Rival/Secrets" });
    await db.query(
      "update pm_tasks set title = 'Secret merger Project-X ' || title where project_id in (select id from pm_projects where repository = 'Rival/Secrets')",
    );
    await db.query(
      "update pm_projects set name = 'Project-X (confidential)' where repository = 'Rival/Secrets'",
    );
    sim = await startGitHubSimulator();
    for (const [owner, name] of [
      ["acme", "agents"],
      ["rival", "secrets"],
      ["acme", "unmapped"],
    ] as const)
      sim.createRepo({ owner, name, installation: true, files: SCAN });
    probot = simProbot(sim);
  });
  afterAll(async () => {
    await sim?.stop();
    await db?.end();
    await server?.close();
  });

  it("gives each repository the gaps of its own projects, never another owner's titles", async () => {
    const report = await runScan({
      ...scanDepsFor({ store }),
      github: probotScanGitHub(() => probot),
      now: () => new Date("2026-11-29T06:00:00Z"),
      log,
    });
    const bodies = (owner: string, name: string) =>
      [...sim.repo(owner, name).issues.values()].map((i) => `${i.title}\n${i.body}`).join("\n");
    expect(bodies("acme", "agents")).not.toBe("");
    expect(bodies("acme", "agents")).not.toMatch(/Secret merger|Project-X/);
    // Case does not matter in the mapping (`Rival/Secrets` is rival/secrets on GitHub).
    expect(bodies("rival", "secrets")).toMatch(/Project-X/);
    const byRepo = Object.fromEntries(report.repos.map((r) => [r.repo, r]));
    expect(byRepo["acme/agents"]?.projects).toBe(6);
    expect(byRepo["rival/secrets"]?.projects).toBe(3);
  });

  it("does nothing for a repository no project is mapped to, and says why in the log", async () => {
    expect(sim.repo("acme", "unmapped").issues.size).toBe(0);
    expect(logged.join("\n")).toMatch(
      /no project in pm_projects belongs to acme\/unmapped, so there is nothing to scan; set pm_projects\.repository to 'acme\/unmapped'/,
    );
    const legacy = await db.query<{ repository: string | null }>(
      "select repository from pm_projects where name = 'Legacy project'",
    );
    expect(legacy.rows).toEqual([{ repository: null }]);
  });

  it("refuses to scan a projects table without a repository column, naming the fix", async () => {
    await db.query("create table old_projects (id uuid primary key, name text, priority text)");
    await expect(
      store.findRepoCapabilityGaps({
        repo: "acme/agents",
        minTasks: 3,
        tasksTable: "pm_tasks",
        projectsTable: "old_projects",
        limit: 10,
        idsCap: 5,
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/old_projects has no repository column/),
      hint: expect.stringMatching(/alter table old_projects add column repository text/),
    });
  });
});
