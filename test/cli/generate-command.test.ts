import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateTeam } from "../../src/factory/generate-team.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { cli as teamFactory } from "../support/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const SPEC_FILE = join(ROOT, "fixtures", "specs", "langgraph-anthropic-5.json");
const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as TeamSpec;

/** `team-factory generate` with `input` as standard input. */
const cli = (args: string[], input?: string) =>
  teamFactory(["generate", ...args], { stdin: input });

describe("team-factory generate", () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "generate-cli-"));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("writes every file of the team from a spec file", async () => {
    const run = await cli(["--spec", SPEC_FILE, "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`teams/${spec.name}/`);
    for (const file of generateTeam(spec, { teamsDir: "teams" })) {
      expect(readFileSync(join(out, file.path), "utf8"), file.path).toBe(file.content);
    }
  });

  it("reads the { spec, cost } object of plan --json from standard input", async () => {
    const piped = JSON.stringify({ spec, cost: { monthlyUsd: 12.5 } });
    const run = await cli(["--spec", "-", "--out", out, "--teams-dir", "src/teams/teams"], piped);
    expect(run.code).toBe(0);
    const team = join(out, "src", "teams", "teams", spec.name);
    expect(JSON.parse(readFileSync(join(team, "team.json"), "utf8")).spec).toEqual(spec);
  });

  it("reads a bare spec from standard input", async () => {
    expect((await cli(["--spec", "-", "--out", out], JSON.stringify(spec))).code).toBe(0);
    expect(readdirSync(join(out, "teams"))).toEqual([spec.name]);
  });

  it("refuses a non-empty team folder unless --force", async () => {
    const team = join(out, "teams", spec.name);
    mkdirSync(team, { recursive: true });
    writeFileSync(join(team, "keep.txt"), "mine");
    const refused = await cli(["--spec", SPEC_FILE, "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty; pass --force/);
    expect(readdirSync(team)).toEqual(["keep.txt"]);
    const forced = await cli(["--spec", SPEC_FILE, "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe(
      `not part of this team, left as they were:\n  ${join(team, "keep.txt")}\n`,
    );
    expect(readdirSync(team)).toContain("pyproject.toml");
    expect(readFileSync(join(team, "keep.txt"), "utf8")).toBe("mine");
  });

  it("exits 2 with the spec's problems in words", async () => {
    const bad = { ...spec, name: "Bad Name", members: spec.members.slice(0, 4) };
    const run = await cli(["--spec", "-", "--out", out], JSON.stringify(bad));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/name: a team name is lowercase/);
    expect(run.stderr).toMatch(/process: a team of 4 members uses the sequential process/);
    expect(readdirSync(out)).toEqual([]);
  });

  it("exits 2 on missing options, bad JSON or a teams dir outside the output", async () => {
    expect((await cli(["--spec", SPEC_FILE])).code).toBe(2);
    const notJson = await cli(["--spec", "-", "--out", out], "{ nope");
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/standard input is not JSON/);
    const outside = await cli(["--spec", SPEC_FILE, "--out", out, "--teams-dir", "../elsewhere"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/not a relative folder/);
    expect(readdirSync(out)).toEqual([]);
  });
});
