import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { type RunningApp, startApp } from "../../simulator/start-app.ts";
import { createTeamFactory, type TeamFactory } from "../../src/compose.ts";
import type { ScanReport } from "../../src/scan/run-scan.ts";
import type { Store } from "../../src/store/store.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const SECRET = "scan-secret-for-the-test-at-least-32-chars";
const quiet = { info() {}, warn() {}, error() {} };

// The product as deployed: Probot serves the route; the scan's issue goes on to a team PR.
describe("POST /team-factory/scan on the running app", () => {
  let t: TestDatabase;
  let sim: GitHubSimulator;
  let store: Store;
  let app: RunningApp;
  let factory: TeamFactory;
  const post = (token: string) =>
    fetch(`${app.url}/team-factory/scan`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
  const repo = () => sim.repo("acme", "agents");

  beforeAll(async () => {
    t = await openTestDatabase();
    store = t.store;
    await seedDemoTasks({ db: t.db, seed: 7, projects: 12, tasks: 40, repository: "acme/agents" });
    sim = await startGitHubSimulator();
    // Only "data visualization" reaches 10 ready tasks in these rows: one gap.
    sim.createRepo(
      sampleRepo({ config: "mode:\n  detected: full\nscan:\n  enabled: true\n  min_tasks: 10\n" }),
    );
    factory = createTeamFactory({
      store,
      drafter: null,
      replica: "test",
      log: quiet,
      env: { TEAM_FACTORY_SCAN_SECRET: SECRET },
    });
    app = await startApp({ sim, deps: factory });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.stop();
    await t?.close();
  });

  it("refuses a wrong token", async () => {
    expect((await post("not-the-secret")).status).toBe(401);
    expect(repo().issues.size).toBe(0);
  });

  it("opens the gap's issue and hands it to the pipeline, which opens the team PR", async () => {
    const res = await post(SECRET);
    expect(res.status).toBe(200);
    const report = (await res.json()) as ScanReport;
    expect(report).toMatchObject({ reposScanned: 1, gaps: 1, issuesOpened: 1 });
    await factory.jobs.whenIdle();
    const pulls = [...repo().issues.values()].filter((x) => x.pull);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.body).toContain("data visualization");
  });

  it("does not open the gap again while its issue is open", async () => {
    const report = (await (await post(SECRET)).json()) as ScanReport;
    expect(report).toMatchObject({ gaps: 1, issuesOpened: 0, skipped: 1 });
    expect([...repo().issues.values()].filter((x) => !x.pull)).toHaveLength(1);
  });
});
