import { mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTool } from "./run-tool.ts";
import { sweepSpecs, writeTeams } from "./sample-specs.ts";

// The teams import httpx, psycopg and starlette, whose own types mypy analyses and caches. The
// cache lives in the user's cache directory, so it outlives the run and `npm ci` (mypy checks it
// against the files it was made from); a machine's first run pays for it once.
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "team-factory", "mypy");

// Every team has a package and test modules of its own names, so one mypy run takes the whole
// sweep at once, as a repository's CI would check its teams folder.
describe("generated teams type-check with mypy", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-mypy-"));
    writeTeams(dir, sweepSpecs());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds no issues in the whole sweep at once, untyped definitions disallowed", () => {
    const args = ["--ignore-missing-imports", "--disallow-untyped-defs", "--check-untyped-defs"];
    const run = runTool("mypy", [...args, "--cache-dir", CACHE, "teams"], { cwd: dir });
    expect(run.output).toMatch(/^Success: no issues found in \d+ source files/);
    expect(run.status).toBe(0);
  });
});
