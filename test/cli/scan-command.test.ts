import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { findCapabilityGaps } from "../../src/scan/find-capability-gaps.ts";
import { renderGapIssue } from "../../src/scan/render-gap-issue.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import type { Store } from "../../src/store/store.ts";
import { cli, envWithout, intoClosedPipe } from "../support/cli.ts";

const STORE_VARIABLES = /^(DATABASE_URL|SUPABASE_|TEAM_FACTORY_)/;

/** `team-factory scan` without the store settings of this environment. */
const scan = (args: string[]) => cli(["scan", ...args], { env: envWithout(STORE_VARIABLES) });

describe("team-factory scan", () => {
  let cluster: PostgresCluster;
  let store: Store;
  // A session that may not write: the scan must succeed without writing anything.
  let readOnlyUrl: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    store = await openPostgresStore({ url: cluster.url, migrate: true });
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    await seedDemoTasks({ db: client, seed: 5, projects: 6, tasks: 40, repository: "acme/agents" });
    await client.end();
    readOnlyUrl = `${cluster.url}?options=${encodeURIComponent("-c default_transaction_read_only=on")}`;
  });
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  it("prints the gaps the scan would report, as JSON, from a read-only session", async () => {
    const probe = new pg.Client({ connectionString: readOnlyUrl });
    await probe.connect();
    const { rows } = await probe.query("show default_transaction_read_only");
    await probe.end();
    expect(rows).toEqual([{ default_transaction_read_only: "on" }]);
    const expected = await findCapabilityGaps({ query: (p) => store.findCapabilityGaps(p) });
    expect(expected.gaps.length).toBeGreaterThan(1);
    const run = await scan(["--database-url", readOnlyUrl, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.gaps).toEqual(expected.gaps);
    expect(printed.minTasks).toBe(3);
  });

  it("prints a table, and for --repo which gaps the store already records", async () => {
    const [first] = (await findCapabilityGaps({ query: (p) => store.findCapabilityGaps(p) })).gaps;
    if (!first) throw new Error("the seeded tasks should give gaps");
    const { gapKey } = renderGapIssue({
      repo: "acme/agents",
      gap: first,
      minTasks: 3,
      tasksTable: "pm_tasks",
    });
    await store.openGap({
      gapKey,
      repo: "acme/agents",
      installationId: 1,
      issueNumber: 3,
      trigger: "scan",
      actor: "team-factory",
    });
    const run = await scan(["--database-url", readOnlyUrl, "--repo", "acme/agents"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ capability gaps \(skills with 3 or more ready, unassigned/);
    expect(run.stdout).toMatch(/skill\s+tasks\s+projects\s+urgency\s+acme\/agents/);
    const row = run.stdout.split("\n").find((l) => l.startsWith(`  ${first.skill} `));
    expect(row).toMatch(/skipped: the store already records this gap$/);
    expect(run.stdout).toMatch(/ new$/m);
  });

  it("says a repository no project is mapped to is not mapped, and which column to set", async () => {
    const run = await scan(["--database-url", readOnlyUrl, "--repo", "acme/unmapped"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(
      "acme/unmapped is not mapped: no project in pm_projects belongs to acme/unmapped, so there is nothing to scan; set pm_projects.repository to 'acme/unmapped' on its projects\n",
    );
    const json = JSON.parse(
      (await scan(["--database-url", readOnlyUrl, "--repo", "acme/unmapped", "--json"])).stdout,
    );
    expect(json).toMatchObject({ repo: "acme/unmapped", projects: 0, gaps: [] });
    expect(json.notMapped).toMatch(/set pm_projects\.repository to 'acme\/unmapped'/);
    const mapped = JSON.parse(
      (await scan(["--database-url", readOnlyUrl, "--repo", "ACME/Agents", "--json"])).stdout,
    );
    expect(mapped.projects).toBe(6);
    expect(mapped).not.toHaveProperty("notMapped");
  });

  it("ends quietly, exit 0, when the reader of --json has gone (| head)", () => {
    const env = envWithout(STORE_VARIABLES);
    const url = JSON.stringify(readOnlyUrl);
    expect(intoClosedPipe(`scan --database-url ${url} --json`, env)).toEqual({
      code: 0,
      stderr: "",
    });
  });

  it("says so when no skill reaches --min-tasks", async () => {
    const run = await scan(["--database-url", readOnlyUrl, "--min-tasks", "1000"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^No capability gaps: no skill has 1000 or more ready/);
  });

  it("exits 2 on bad arguments and without a store, 1 when the store cannot be read", async () => {
    expect((await scan(["--repo", "not a repo"])).code).toBe(2);
    expect((await scan(["--min-tasks", "0"])).stderr).toMatch(/--min-tasks takes a whole number/);
    const nowhere = await scan([]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/no store to scan: pass --database-url/);
    const refused = await scan(["--database-url", "postgres://nobody@127.0.0.1:1/none"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^team-factory scan: /);
  });
});
