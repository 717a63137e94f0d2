import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAMEWORKS, PROVIDERS } from "../../src/spec/team-spec.ts";
import { runTool } from "./run-tool.ts";
import { sampleSpec, writeTeams } from "./sample-specs.ts";

// mypy needs one run per team (every team has modules named agents, tasks, …), so it checks
// the corners of the sweep: both frameworks × both providers × 2 and 7 members, hostile text.
const specs = FRAMEWORKS.flatMap((framework) =>
  PROVIDERS.flatMap((provider) =>
    [2, 7].map((members) => sampleSpec({ framework, provider, members, hostile: true })),
  ),
);

describe("generated teams type-check with mypy", () => {
  let dir: string;
  let teams: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-mypy-"));
    teams = writeTeams(dir, specs);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds no issues with untyped definitions disallowed", () => {
    const cache = join(dir, ".mypy_cache");
    const failures = teams.flatMap((team) => {
      const args = ["--ignore-missing-imports", "--disallow-untyped-defs", "--check-untyped-defs"];
      const run = runTool("mypy", [...args, "--cache-dir", cache, "."], { cwd: team });
      return run.status === 0 ? [] : [`${team}:\n${run.output}`];
    });
    expect(failures).toEqual([]);
  });
});
