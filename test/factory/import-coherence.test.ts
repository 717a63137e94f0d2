import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { TOOL_CATALOGUE } from "../../src/spec/tool-catalogue.ts";
import { runPythonJson } from "./run-tool.ts";
import { sweepSpecs, writeTeams } from "./sample-specs.ts";

type TeamTests = { run: number; failures: string[]; errors: string[]; skipped: string[] };

type TeamReport =
  | { ok: false; error: string }
  | {
      ok: true;
      modules: string[];
      members: Record<string, { role: string; goal: string; backstory: string; tools: string[] }>;
      manager: string;
      built: {
        process?: string;
        tasks?: number;
        agents?: string[];
        manager?: string | null;
        visited?: string[];
      };
      routes: string[];
      health: { status: string; team_id: string };
      capabilities: {
        team_id: string;
        description: string;
        members: { module: string; role: string }[];
      };
      status: { tasks_completed: number; tasks_failed: number };
      task: { status: string };
    };

// Runs each team's own modules in python3 with the frameworks replaced by recording stubs.
describe("the modules of a generated team fit together", () => {
  let dir: string;
  let specs: TeamSpec[];
  let teams: string[];
  let report: Record<string, TeamReport>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-coherence-"));
    specs = sweepSpecs();
    teams = writeTeams(dir, specs);
    report = runPythonJson("exercise_teams.py", teams);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports every module and builds and runs every team", () => {
    const failed = Object.entries(report).filter(([, r]) => !r.ok);
    expect(failed.map(([name, r]) => `${name}: ${r.ok ? "" : r.error}`)).toEqual([]);
    expect(Object.keys(report)).toHaveLength(specs.length);
  });

  it("exports each member with the spec's text, byte for byte, the manager first", () => {
    for (const spec of specs) {
      const team = report[spec.name];
      if (!team?.ok) throw new Error(`${spec.name} did not run`);
      expect(Object.keys(team.members)).toEqual(spec.members.map((m) => m.module));
      for (const m of spec.members) {
        expect(team.members[m.module]).toEqual({
          role: m.role,
          goal: m.goal,
          backstory: m.backstory,
          tools: [...new Set(m.tools)],
        });
      }
      expect(team.manager).toBe(spec.members.find((m) => m.isManager)?.module);
      expect(team.capabilities.description).toBe(spec.description);
    }
  });

  it("builds the runner from those members with the spec's process", () => {
    for (const spec of specs) {
      const team = report[spec.name];
      if (!team?.ok) throw new Error(`${spec.name} did not run`);
      const manager = spec.members.find((m) => m.isManager);
      if (spec.framework === "CrewAI") {
        expect(team.built.process).toBe(spec.process);
        const roles = spec.members.map((m) => m.role);
        const hierarchical = spec.process === "hierarchical";
        expect(team.built.agents).toEqual(
          hierarchical ? roles.filter((r) => r !== manager?.role) : roles,
        );
        expect(team.built.manager).toBe(hierarchical ? manager?.role : null);
      } else {
        const visited = team.built.visited ?? [];
        expect(visited.at(-1)).toBe(`step_${visited.length}_${manager?.module}`);
        expect(new Set(visited.map((v) => v.replace(/^step_\d+_/, "")))).toEqual(
          new Set(spec.members.map((m) => m.module)),
        );
      }
    }
  });

  it("serves /health, /task, /capabilities and /status with the team's id, never doubled", () => {
    for (const spec of specs) {
      const team = report[spec.name];
      if (!team?.ok) throw new Error(`${spec.name} did not run`);
      expect(team.routes).toEqual([
        "GET /capabilities",
        "GET /health",
        "GET /status",
        "POST /task",
      ]);
      expect(team.health).toEqual({ status: "healthy", team_id: spec.name });
      expect(team.capabilities.team_id).toBe(spec.name);
      expect(team.task.status).toBe("completed");
      expect(team.status).toMatchObject({ tasks_completed: 1, tasks_failed: 0 });
      expect(spec.name).not.toMatch(/-team-team$/);
    }
  });

  it("ships tests that pass offline: the smoke test, and each real tool against a fake", async () => {
    // The PostgreSQL tool is the one not faked: its test gets a throwaway server.
    const postgres = await startPostgresCluster();
    let results: Record<string, TeamTests>;
    try {
      results = runPythonJson("run_team_tests.py", teams, {
        env: { TEAM_TEST_DATABASE_URL: postgres.url },
      });
    } finally {
      await postgres.stop();
    }
    expect(Object.keys(results)).toHaveLength(teams.length);
    for (const [team, result] of Object.entries(results)) {
      expect([...result.failures, ...result.errors], team).toEqual([]);
      expect(result.skipped, team).toEqual([]);
      expect(result.run, team).toBeGreaterThan(8);
    }
    const toolTests = (spec: TeamSpec) => results[spec.name]?.run ?? 0;
    const everyTool = specs.filter((s) => s.members.length === 7);
    const catalogue = TOOL_CATALOGUE.map((t) => t.name);
    for (const spec of everyTool) {
      expect(spec.members.flatMap((m) => m.tools)).toEqual(expect.arrayContaining(catalogue));
      expect(toolTests(spec)).toBeGreaterThan(catalogue.length + 8);
    }
  });
});
