import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { specHash } from "../../src/factory/spec-hash.ts";

const MAIN = join(import.meta.dirname, "..", "..", "src", "cli", "main.ts");

describe("team-factory plan --json | team-factory generate --spec -", () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "plan-generate-"));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("writes the team that plan described, offline", () => {
    const node = JSON.stringify(process.execPath);
    const cli = `${node} ${JSON.stringify(MAIN)}`;
    const description = "We need a team that turns our weekly metrics into dashboards";
    const script = `${cli} plan ${JSON.stringify(description)} --json | ${cli} generate --spec - --out ${JSON.stringify(out)}`;
    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    const run = spawnSync("sh", ["-c", `set -e; ${script}`], { encoding: "utf8", env });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const planned = spawnSync(process.execPath, [MAIN, "plan", description, "--json"], {
      encoding: "utf8",
      env,
    });
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

  it("passes plan's refusal on: generate exits 1 with plan's reason and writes nothing", () => {
    const node = JSON.stringify(process.execPath);
    const cli = `${node} ${JSON.stringify(MAIN)}`;
    const script = `${cli} plan dashboards --json | ${cli} generate --spec - --out ${JSON.stringify(out)}`;
    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    const run = spawnSync("sh", ["-c", script], { encoding: "utf8", env });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^team-factory generate: plan did not plan a team: The description is too short \(10 characters;/,
    );
    expect(run.stderr).not.toMatch(/schema|spec is not valid/);
    expect(readdirSync(out)).toEqual([]);
    const failed = spawnSync(
      "sh",
      ["-c", `${cli} plan --colour red | ${cli} generate --spec - --out ${JSON.stringify(out)}`],
      { encoding: "utf8", env },
    );
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(
      /generate: standard input is empty: the command before the pipe printed nothing/,
    );
  });
});
