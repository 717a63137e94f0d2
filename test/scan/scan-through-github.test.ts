import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { probotScanGitHub } from "../../src/github/scan-github.ts";
import { readGapKeyMarker } from "../../src/intake/gap-key.ts";
import { findCapabilityGaps } from "../../src/scan/find-capability-gaps.ts";
import { runScan } from "../../src/scan/run-scan.ts";
import type { ScanGapSubmission } from "../../src/scan/scan-repository.ts";
import { scanDepsFor } from "../../src/scan/scan-service.ts";
import type { Store } from "../../src/store/store.ts";
import { simProbot } from "../support/sim.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const silent = { info() {}, warn() {}, error() {} };
const config = (yaml: string) => ({ ".github/team-factory.yml": yaml });

describe("a scan through the GitHub simulator", () => {
  let sim: GitHubSimulator;
  let probot: Probot;
  let t: TestDatabase;
  let db: TestDatabase["db"];
  let store: Store;
  const submitted: ScanGapSubmission[] = [];
  const scan = (window?: { from: Date; to: Date }) =>
    runScan({
      ...scanDepsFor({
        store,
        // As the pipeline does when it takes a job: the gap is recorded under its key.
        submitScanGap: async (s) => {
          submitted.push(s);
          await store.openGap({
            gapKey: s.gapKey,
            repo: `${s.owner}/${s.repo}`,
            installationId: s.installationId,
            issueNumber: null,
            trigger: "scan",
            actor: "team-factory",
          });
        },
      }),
      github: probotScanGitHub(() => probot),
      now: () => new Date("2026-11-23T21:00:00Z"),
      window,
      log: silent,
    });
  const openIssues = (name: string) =>
    [...sim.repo("acme", name).issues.values()].filter((i) => i.state === "open" && !i.pull);

  beforeAll(async () => {
    t = await openTestDatabase();
    ({ db, store } = t);
    // Each scanned repository has its own projects: a scan reads only its repository's tasks.
    const repos = ["agents", "weekly", "direct", "busy"];
    for (const [i, name] of repos.entries())
      await seedDemoTasks({ db, seed: 5 + i, projects: 6, tasks: 40, repository: `acme/${name}` });
    sim = await startGitHubSimulator();
    sim.createRepo({
      owner: "acme",
      name: "agents",
      installation: true,
      files: config("mode:\n  detected: full\nscan:\n  enabled: true\n  min_tasks: 5\n"),
    });
    sim.createRepo({ owner: "acme", name: "quiet", installation: true });
    sim.createRepo({
      owner: "acme",
      name: "weekly",
      installation: true,
      files: config(
        'mode:\n  detected: full\nscan:\n  enabled: true\n  cron: "0 6 * * 1"\n  min_tasks: 7\n',
      ),
    });
    sim.createRepo({
      owner: "acme",
      name: "off",
      installation: true,
      files: config("scan:\n  enabled: false\n"),
    });
    sim.createRepo({
      owner: "acme",
      name: "direct",
      installation: true,
      files: config("mode:\n  detected: full\nscan:\n  enabled: true\n  mode: pipeline\n"),
    });
    sim.createRepo({
      owner: "acme",
      name: "typo",
      installation: true,
      files: config("scan:\n  enabled: true\n  min_task: 2\n"),
    });
    probot = simProbot(sim);
  });
  afterAll(async () => {
    await sim?.stop();
    await t?.close();
  });

  it("opens one labelled issue per gap with its marker, and none the second time", async () => {
    const gaps = (
      await store.findRepoCapabilityGaps({
        repo: "acme/agents",
        minTasks: 5,
        tasksTable: "pm_tasks",
        projectsTable: "pm_projects",
        limit: 100,
        idsCap: 50,
      })
    ).rows.length;
    expect(gaps).toBeGreaterThan(1);

    const first = await scan();
    expect(first.reposScanned).toBe(3);
    const agents = first.repos.find((r) => r.repo === "acme/agents");
    expect(agents?.opened).toHaveLength(gaps);
    const issues = openIssues("agents");
    expect(issues).toHaveLength(gaps);
    const handedOver = submitted.filter((s) => s.repo === "agents");
    expect(handedOver.map((s) => s.issueNumber).sort()).toEqual(issues.map((i) => i.number).sort());
    for (const issue of issues) {
      expect(issue.labels.map((l) => l.name)).toContain("capability-gap");
      expect(readGapKeyMarker(issue.body ?? "")).toMatch(/^acme\/agents:skill:/);
    }

    const second = await scan();
    const again = second.repos.find((r) => r.repo === "acme/agents");
    expect(again?.opened).toEqual([]);
    expect(again?.skipped).toHaveLength(gaps);
    expect(openIssues("agents")).toHaveLength(gaps);
  });

  it("hands gaps to the pipeline in pipeline mode, once, and opens no issue there", async () => {
    const direct = submitted.filter((s) => s.repo === "direct");
    expect(direct.length).toBeGreaterThan(1);
    expect(new Set(direct.map((s) => s.gapKey)).size).toBe(direct.length);
    expect(openIssues("direct")).toEqual([]);
  });

  it("skips repositories without the config or with the scan off, and names a bad config", async () => {
    const report = await scan();
    expect(report.repos.map((r) => r.repo).sort()).toEqual([
      "acme/agents",
      "acme/direct",
      "acme/weekly",
    ]);
    expect(openIssues("quiet")).toEqual([]);
    expect(report.errors).toEqual([
      { repo: "acme/typo", message: expect.stringMatching(/min_task.*Fix the file/s) },
    ]);
  });

  it("scans a repository with its own cron only on the app's ticks where it is due", async () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 10, 23, hour)); // a Monday
    const scanned = async (from: number, to: number) =>
      (await scan({ from: at(from), to: at(to) })).repos.map((r) => r.repo);
    expect(await scanned(5, 6)).toContain("acme/weekly");
    expect(await scanned(6, 7)).not.toContain("acme/weekly");
    expect(await scanned(6, 7)).toContain("acme/agents");
  });

  it("does not repeat a gap the store records, even once its issue is closed", async () => {
    const issues = openIssues("agents");
    // The scan handed each issue's gap to the pipeline, which recorded it; humans close them all.
    for (const issue of issues) issue.state = "closed";
    const agents = (await scan()).repos.find((r) => r.repo === "acme/agents");
    expect(agents?.opened).toEqual([]);
    expect(agents?.skipped).toHaveLength(issues.length);
    for (const skipped of agents?.skipped ?? []) {
      expect(skipped.reason).toBe("the store already records this gap");
    }
    expect(openIssues("agents")).toEqual([]);
  });

  it("hands over at most maxNewGaps new gaps per repository and scan, most urgent first", async () => {
    sim.createRepo({
      owner: "acme",
      name: "busy",
      installation: true,
      files: config(
        "mode:\n  detected: full\nscan:\n  enabled: true\n  min_tasks: 1\n  mode: pipeline\n",
      ),
    });
    const report = await runScan({
      ...scanDepsFor({ store, submitScanGap: async () => {} }),
      maxNewGaps: 2,
      github: probotScanGitHub(() => probot),
      now: () => new Date("2026-11-23T21:00:00Z"),
      log: silent,
    });
    const { gaps } = await findCapabilityGaps({
      query: async (p) => (await store.findRepoCapabilityGaps({ ...p, repo: "acme/busy" })).rows,
      minTasks: 1,
    });
    const busy = report.repos.find((r) => r.repo === "acme/busy");
    expect(busy?.submitted).toEqual(gaps.slice(0, 2).map((g) => g.skill));
    expect(busy?.skipped).toHaveLength(gaps.length - 2);
    expect(busy?.skipped[0]?.reason).toBe("2 new gaps per scan reached; the next scan continues");
  });
});
