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

/** The target repository's CI checks as [tool, settings, files' suffix, config files]. */
const CHECKS: [string, string[], string, string[]][] = [
  ["black", ["--check", "--quiet"], ".py", []],
  ["isort", ["--check-only", "--profile", "black"], ".py", []],
  ["flake8", ["--max-line-length", "88", "--extend-ignore", "E203,W503"], ".py", []],
  ["yamllint", ["--strict", "-c", YAMLLINT_CONFIG], ".yaml", [YAMLLINT_CONFIG]],
  ["shellcheck", [], ".sh", []],
];

/** Runs a check over the files (relative to `dir`) its tool has not passed before; its report. */
function check(dir: string, [tool, settings, , configs]: (typeof CHECKS)[number], files: string[]) {
  const verdicts = lintVerdicts(tool, settings, configs);
  const todo = verdicts.unchecked(files.map((file) => join(dir, file)));
  if (todo.length === 0) return { status: 0, output: "" };
  const run = runTool(tool, [...settings, ...todo], { cwd: dir });
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
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-sweep-"));
    writeTeams(dir, sweepSpecs());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("holds the whole sweep", () => {
    expect(readdirSync(join(dir, "teams"))).toHaveLength(sweepSpecs().length);
    expect(filesUnder(dir, ".sh").length).toBe(sweepSpecs().length);
    expect(filesUnder(dir, ".yml")).toEqual([]);
    // Shared files are checked once; every team still brings files of its own (its tests).
    expect(distinctFiles(dir, ".py").length).toBeGreaterThan(sweepSpecs().length);
  });

  it.each(CHECKS.map((c) => [c[0], c] as const))("%s is clean", (tool, command) => {
    const run = check(dir, command, distinctFiles(dir, command[2]));
    expect(run.output.trim(), `${tool} reported problems`).toBe("");
    expect(run.status).toBe(0);
  });

  it.each(CHECKS.map((c) => [c[0], c] as const))(
    "%s still reports a problem in contents it has not passed",
    (_tool, command) => {
      const [tool, , suffix] = command;
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
        const [, settings, , configs] = command;
        const file = join(scratch, `flawed${suffix}`);
        expect(lintVerdicts(tool, settings, configs).unchecked([file])).toEqual([file]);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});
