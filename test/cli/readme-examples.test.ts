/**
 * Every `npx team-factory` line of the `sh` blocks of README.md and docs/*.md (in that order, pages
 * by name), run by bash as written in a
 * fresh clone: the repository's files (tracked, or new and not ignored) copied to a new git
 * repository, `node_modules` as `npm ci` leaves it, `npx team-factory` being that clone's bin on
 * this Node 24. `scan` and `backtest` read a throwaway PostgreSQL holding the demo tasks of
 * acme/agents (`DATABASE_URL`). A line exits 0 with nothing on stderr, unless its comment says
 * "exits N".
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";
import { envWithout } from "../support/cli.ts";
import { codeBlocks, docPages, readDoc } from "../support/doc-pages.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** The docs' example command lines: each line of a `sh` block that starts `npx team-factory`. */
function readmeExamples(): string[] {
  return docPages()
    .flatMap((page) => codeBlocks(readDoc(page), "sh"))
    .flatMap((block) => block.split("\n"))
    .filter((line) => line.startsWith("npx team-factory"));
}

/** A copy of the repository as a clone has it, with its dependencies installed. */
function freshClone(): string {
  const clone = mkdtempSync(join(tmpdir(), "fresh-clone-"));
  const files = execFileSync(
    "git",
    ["-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { encoding: "utf8" },
  )
    .split("\0")
    .filter((file) => file && file !== "node_modules" && existsSync(join(ROOT, file)));
  for (const file of files) cpSync(join(ROOT, file), join(clone, file), { recursive: true });
  execFileSync("git", ["init", "-q", clone]);
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
  return clone;
}

describe("the CLI examples of the README and docs/, in a fresh clone", () => {
  let cluster: PostgresCluster;
  let clone: string;
  beforeAll(async () => {
    clone = freshClone();
    cluster = await startPostgresCluster();
    const store = await openPostgresStore({ url: cluster.url, migrate: true });
    await store.close();
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    await seedDemoTasks({ db, seed: 7, projects: 4, tasks: 40, repository: "acme/agents" });
    await db.end();
  });
  afterAll(async () => {
    await cluster?.stop();
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it("run as written", () => {
    const examples = readmeExamples();
    for (const command of ["plan", "generate", "regenerate", "scan", "backtest", "--version"])
      expect(
        examples.some((line) => line.includes(` ${command}`)),
        command,
      ).toBe(true);
    const env = {
      ...envWithout(/^(OPENAI_|DATABASE_URL|SUPABASE_|TEAM_FACTORY_)/),
      DATABASE_URL: cluster.url,
    };
    const npx = `npx() { [ "$1" = team-factory ] || return 127; shift; ${JSON.stringify(process.execPath)} ${JSON.stringify(join(clone, "bin", "team-factory.js"))} "$@"; }`;
    for (const line of examples) {
      const run = spawnSync("bash", ["-c", `set -o pipefail; ${npx}; ${line}`], {
        cwd: clone,
        env,
        encoding: "utf8",
      });
      const code = Number(/#.*\bexits (\d)\b/.exec(line)?.[1] ?? 0);
      expect({ line, code: run.status }).toEqual({ line, code });
      if (code === 0) expect(run.stderr, line).toBe("");
    }
    expect(existsSync(join(clone, "teams", "support-desk-team", "team.json"))).toBe(true);
  });
});
