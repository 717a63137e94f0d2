import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { specHash } from "../../src/factory/spec-hash.ts";
import { cli, envWithout } from "../support/cli.ts";

/**
 * What plan prints to standard output is generate's standard input, as in a shell pipe, both in
 * this process (test/cli/bin.test.ts runs the pipe between two real processes). Like the shell,
 * the result is generate's exit code, with the standard error of both.
 */
const env = envWithout(/^OPENAI_API_KEY$/);

async function pipe(plan: string[], generate: string[]) {
  const planned = await cli(["plan", ...plan], { env });
  const generated = await cli(["generate", ...generate], { stdin: planned.stdout, env });
  return {
    code: generated.code,
    stdout: generated.stdout,
    stderr: planned.stderr + generated.stderr,
  };
}

describe("team-factory plan --json | team-factory generate --spec -", () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "plan-generate-"));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("writes the team that plan described, offline", async () => {
    const description = "We need a team that turns our weekly metrics into dashboards";
    const run = await pipe([description, "--json"], ["--spec", "-", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const planned = await cli(["plan", description, "--json"], { env });
    const { spec } = JSON.parse(planned.stdout);
    const [team] = readdirSync(join(out, "teams"));
    expect(team).toBe(spec.name);
    const provenance = JSON.parse(
      readFileSync(join(out, "teams", team as string, "team.json"), "utf8"),
    );
    expect(provenance.spec).toEqual(spec);
    expect(provenance.specSha256).toBe(specHash(spec));
    expect(run.stdout).toContain(provenance.specSha256);
  });

  it("passes plan's refusal on: generate exits 1 with plan's reason and writes nothing", async () => {
    const run = await pipe(["dashboards", "--json"], ["--spec", "-", "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^team-factory generate: plan did not plan a team: The description is too short \(10 characters;/,
    );
    expect(run.stderr).not.toMatch(/schema|spec is not valid/);
    expect(readdirSync(out)).toEqual([]);
    const failed = await pipe(["--colour", "red"], ["--spec", "-", "--out", out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /generate: standard input is empty: the command before the pipe printed nothing/,
    );
  });
});
