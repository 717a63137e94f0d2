import { mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAMEWORKS, PROVIDERS } from "../../src/spec/team-spec.ts";
import { runTool } from "./run-tool.ts";
import { sampleSpec, writeTeams } from "./sample-specs.ts";

// mypy needs one run per team (every team has modules named agents, tasks, …), so it checks
// corners of the sweep, hostile text: each framework with 2 and 7 members, both providers.
const specs = FRAMEWORKS.flatMap((framework, f) =>
  [2, 7].map((members, m) =>
    sampleSpec({ framework, provider: PROVIDERS[(f + m) % 2] ?? "OpenAI", members, hostile: true }),
  ),
);

// The teams import httpx and psycopg, whose own types mypy analyses (18 s of CPU) and caches. The
// cache lives in the user's cache directory, so it outlives the run and `npm ci` (mypy checks it
// against the files it was made from); a machine's first run pays for it once.
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "team-factory", "mypy");

describe("generated teams type-check with mypy", () => {
  let dir: string;
  let teams: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-mypy-"));
    teams = writeTeams(dir, specs);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds no issues with untyped definitions disallowed", () => {
    const failures = teams.flatMap((team) => {
      const args = ["--ignore-missing-imports", "--disallow-untyped-defs", "--check-untyped-defs"];
      const run = runTool("mypy", [...args, "--cache-dir", CACHE, "."], { cwd: team });
      return run.status === 0 ? [] : [`${team}:\n${run.output}`];
    });
    expect(failures).toEqual([]);
  });
});
