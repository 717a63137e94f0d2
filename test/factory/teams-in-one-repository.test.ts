import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { packageName } from "../../src/spec/slug.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { TOOL_CATALOGUE } from "../../src/spec/tool-catalogue.ts";
import { suiteCache } from "../support/suite-cache.ts";
import { junitCounts, runOnFrameworks, type TestCounts } from "./run-on-frameworks.ts";
import { runTool } from "./run-tool.ts";
import { crewAiShapes, langGraphShapes, writeTeams } from "./sample-specs.ts";

const MYPY_CACHE = suiteCache("mypy");

// Seventeen generated teams in one repository, as a user's CI tests them: `python -m pytest
// teams` from the root, on the real LangGraph and CrewAI (only the model is scripted), and mypy
// over the folder. Two LangGraph teams of each size (both providers, benign and hostile text
// alternating: langGraphShapes) and one CrewAI team of each shape; the other CrewAI teams run in
// framework-contracts.test.ts.
describe("seventeen teams in one repository pass their own tests on the real frameworks", () => {
  let dir: string;
  let specs: TeamSpec[];
  let byFile: Record<string, TestCounts>;
  let output: string;
  // Most of the suite's CPU: on a busy machine (another suite, a bench) it can take minutes.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "teams-in-one-repository-"));
    specs = [...langGraphShapes(), ...crewAiShapes().inPytest];
    writeTeams(dir, specs);
    // The PostgreSQL tool is the one not faked: its test gets a throwaway server.
    const postgres = await startPostgresCluster();
    try {
      const report = join(dir, "report.xml");
      const run = runOnFrameworks(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", `--junitxml=${report}`, "teams"],
        { cwd: dir, env: { TEAM_TEST_DATABASE_URL: postgres.url } },
      );
      output = `${run.stdout}\n${run.stderr}`.split("\n").slice(-40).join("\n");
      byFile = junitCounts(report);
    } finally {
      await postgres.stop();
    }
  }, 360_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("collects every team's tests from the repository's root", () => {
    expect(readdirSync(join(dir, "teams"))).toHaveLength(specs.length);
    expect(specs.length).toBe(17);
    for (const spec of specs) {
      const tests = byFile[`test_${packageName(spec.name)}_team`];
      expect(tests?.run ?? 0, `${spec.name}\n${output}`).toBeGreaterThanOrEqual(8);
    }
  });

  it("passes them all, none skipped", () => {
    const problems = Object.entries(byFile).flatMap(([file, c]) =>
      [...c.failures, ...c.errors, ...c.skipped].map((p) => `${file}: ${p}`),
    );
    expect(problems, output).toEqual([]);
    expect(Object.values(byFile).reduce((n, c) => n + c.run, 0)).toBeGreaterThan(specs.length * 8);
  });

  it("type-checks with mypy over all of them at once, untyped definitions disallowed", () => {
    // One run over the whole folder, as the repository's CI checks its teams; mypy's cache lives
    // in the user's cache directory, so it outlives the run (a machine's first run pays for it).
    const args = ["--ignore-missing-imports", "--disallow-untyped-defs", "--check-untyped-defs"];
    const run = runTool("mypy", [...args, "--cache-dir", MYPY_CACHE, "teams"], { cwd: dir });
    expect(run.output).toMatch(/^Success: no issues found in \d+ source files/);
    expect(run.status).toBe(0);
  });

  it("tests each catalogue tool through its framework's tool wrapper", () => {
    for (const framework of ["LangGraph", "CrewAI"]) {
      const everyTool = specs.filter((s) => s.framework === framework && s.members.length === 7);
      expect(everyTool.length, framework).toBeGreaterThan(0);
      for (const spec of everyTool) {
        const tools = spec.members.flatMap((m) => m.tools);
        expect(tools).toEqual(expect.arrayContaining(TOOL_CATALOGUE.map((t) => t.name)));
        const tests = byFile[`test_${packageName(spec.name)}_tools`];
        expect(tests?.run ?? 0, spec.name).toBeGreaterThan(TOOL_CATALOGUE.length);
      }
    }
  });
});
