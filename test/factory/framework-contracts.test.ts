import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { frameworkPython } from "../support/framework-python.ts";
import { frameworkReport, type TestCounts } from "./run-on-frameworks.ts";
import { crewAiShapes, sweepSpecs, writeTeams } from "./sample-specs.ts";

// Every team of the sweep checked by its framework's own tooling and classes: langgraph-cli's
// validation of langgraph.json (and its JSON schema), crewai's pyproject contract, every keyword
// crew.py passes being a field of crewai's class, and each member holding the spec's texts as the
// framework builds it. Two more CrewAI teams run their own tests the way `python -m unittest
// discover` does, all in one process (teams-in-one-repository.test.ts runs the rest under pytest).
describe("every team of the sweep fits its framework's own tooling", () => {
  let dir: string;
  let teams: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-contracts-"));
    teams = writeTeams(dir, sweepSpecs());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes langgraph-cli's validation, crewai's contracts and holds the spec's texts", () => {
    const schema = frameworkPython().cliSchema;
    const report = frameworkReport<Record<string, string[]>>("check_framework_contracts.py", [
      ...(schema ? ["--schema", schema] : []),
      ...teams,
    ]);
    expect(Object.keys(report)).toHaveLength(teams.length);
    expect(Object.entries(report).filter(([, problems]) => problems.length > 0)).toEqual([]);
  }, 180_000);

  it("runs more CrewAI teams' tests in one unittest process, none skipped", async () => {
    const { inUnittest } = crewAiShapes();
    const postgres = await startPostgresCluster();
    let results: Record<string, TestCounts>;
    try {
      results = frameworkReport<Record<string, TestCounts>>(
        "run_team_tests.py",
        inUnittest.map((s) => join(dir, "teams", s.name)),
        { TEAM_TEST_DATABASE_URL: postgres.url },
      );
    } finally {
      await postgres.stop();
    }
    expect(Object.keys(results)).toHaveLength(inUnittest.length);
    for (const [team, result] of Object.entries(results)) {
      expect([...result.failures, ...result.errors, ...result.skipped], team).toEqual([]);
      expect(result.run, team).toBeGreaterThan(8);
    }
  }, 180_000);
});
