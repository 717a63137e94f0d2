import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintVerdicts } from "./lint-verdicts.ts";
import { runTool } from "./run-tool.ts";
import { sweepSpecs, writeTeams } from "./sample-specs.ts";

const YAMLLINT_CONFIG = join(import.meta.dirname, "yamllint.yml");

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix))
    .sort();
}

/**
 * The files of the sweep with `suffix`, one per distinct content: many files are the same in every
 * team (settings.py, the integrations), and the same bytes give the same verdict from these tools.
 */
function distinctFiles(dir: string, suffix: string): string[] {
  const seen = new Set<string>();
  return filesUnder(dir, suffix).filter((file) => {
    const hash = createHash("sha256")
      .update(readFileSync(join(dir, file)))
      .digest("hex");
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}

/** One of the target repository's CI checks: the tool, its settings, the files it reads. */
type Check = { tool: string; settings: string[]; suffix: string; configs: string[] };
const CHECKS: Check[] = [
  { tool: "black", settings: ["--check", "--quiet"], suffix: ".py", configs: [] },
  { tool: "isort", settings: ["--check-only", "--profile", "black"], suffix: ".py", configs: [] },
  {
    tool: "flake8",
    settings: ["--max-line-length", "88", "--extend-ignore", "E203,W503"],
    suffix: ".py",
    configs: [],
  },
  {
    tool: "yamllint",
    settings: ["--strict", "-c", YAMLLINT_CONFIG],
    suffix: ".yaml",
    configs: [YAMLLINT_CONFIG],
  },
  { tool: "shellcheck", settings: [], suffix: ".sh", configs: [] },
];
const verdictsOf = ({ tool, settings, configs }: Check) => lintVerdicts(tool, settings, configs);

/** Runs a check over the files (relative to `dir`) its tool has not passed before; its report. */
function check(dir: string, command: Check, files: string[]) {
  const verdicts = verdictsOf(command);
  const todo = verdicts.unchecked(files.map((file) => join(dir, file)));
  if (todo.length === 0) return { status: 0, output: "" };
  const run = runTool(command.tool, [...command.settings, ...todo], { cwd: dir });
  if (run.status === 0 && run.output.trim() === "") verdicts.passed(todo);
  return run;
}

// The target repository's CI checks (black, isort, flake8; mypy runs in teams-in-one-repository.test.ts),
// plus yamllint and shellcheck for the rest, each run once over a folder holding the whole sweep: both
// frameworks × both providers × 2..7 members × benign and hostile text, plus a 50-character team
// name. (flake8 runs pyflakes and reports syntax errors, so neither pyflakes3 nor py_compile adds
// a check.) A tool checks only the contents it has not passed before on this machine (lint-verdicts.ts).
describe("every team of the sweep passes the target repository's own checks", () => {
  let dir: string;
  // The files each suffix's checks read, found once.
  const distinct = new Map<string, string[]>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-sweep-"));
    writeTeams(dir, sweepSpecs());
    for (const { suffix } of CHECKS) distinct.set(suffix, distinctFiles(dir, suffix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("holds the whole sweep", () => {
    expect(readdirSync(join(dir, "teams"))).toHaveLength(sweepSpecs().length);
    expect(filesUnder(dir, ".sh").length).toBe(sweepSpecs().length);
    expect(filesUnder(dir, ".yml")).toEqual([]);
    // Shared files are checked once; every team still brings files of its own (its tests).
    expect(distinct.get(".py")?.length).toBeGreaterThan(sweepSpecs().length);
    // Every check has files to read: none passes on an empty list.
    for (const { tool, suffix } of CHECKS)
      expect(distinct.get(suffix)?.length, tool).toBeGreaterThan(0);
  });

  it.each(CHECKS.map((c) => [c.tool, c] as const))("%s is clean", (tool, command) => {
    const run = check(dir, command, distinct.get(command.suffix) as string[]);
    expect(run.output.trim(), `${tool} reported problems`).toBe("");
    expect(run.status).toBe(0);
  });

  it.each(CHECKS.map((c) => [c.tool, c] as const))(
    "%s still reports a problem in contents it has not passed",
    (tool, command) => {
      const { suffix } = command;
      const scratch = mkdtempSync(join(tmpdir(), "lint-verdicts-"));
      try {
        // Content no run has seen (a fresh nonce), with a problem each tool reports.
        const nonce = `${Date.now()}${Math.random()}`.replace(/\D/g, "");
        const flawed: Record<string, string> = {
          black: `x = {  'a':${nonce} }\n`,
          isort: `import sys\nimport os\n\nprint(os, sys, ${nonce})\n`,
          flake8: `import os\n\nprint(${nonce})\n`,
          yamllint: `---\nkey: ${nonce}   \n`,
          shellcheck: `#!/bin/sh\necho ${nonce} $1\n`,
        };
        writeFileSync(join(scratch, `flawed${suffix}`), flawed[tool] as string);
        const run = check(scratch, command, [`flawed${suffix}`]);
        expect(run.status, run.output).not.toBe(0);
        // Not recorded as passed: the next run checks it again.
        const file = join(scratch, `flawed${suffix}`);
        expect(verdictsOf(command).unchecked([file])).toEqual([file]);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});
