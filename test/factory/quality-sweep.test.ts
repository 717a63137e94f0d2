import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTool } from "./run-tool.ts";
import { sweepSpecs, writeTeams } from "./sample-specs.ts";

const YAMLLINT_CONFIG = join(import.meta.dirname, "yamllint.yml");

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix))
    .sort();
}

/**
 * The Python files of the sweep, one per distinct content: many files are the same in every team
 * (settings.py, the integrations), and the same bytes give the same verdict from these tools.
 */
function distinctPythonFiles(dir: string): string[] {
  const seen = new Set<string>();
  return filesUnder(dir, ".py").filter((file) => {
    const hash = createHash("sha256")
      .update(readFileSync(join(dir, file)))
      .digest("hex");
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "team-factory");

/**
 * The files as black sees them across runs: each content once, at a path named by its sha256 and
 * written only when new, so black's own cache (path, size, mtime) skips what an earlier run of the
 * suite checked and black parses only what the generator changed. (No tool config sits beside
 * the teams, so a file's verdict does not depend on its folder.) Returns the paths by original file.
 */
function blackFiles(dir: string, files: string[]): Map<string, string> {
  const folder = join(CACHE, "black-files");
  mkdirSync(folder, { recursive: true });
  return new Map(
    files.map((file) => {
      const bytes = readFileSync(join(dir, file));
      const path = join(folder, `${createHash("sha256").update(bytes).digest("hex")}.py`);
      if (!existsSync(path)) writeFileSync(path, bytes);
      return [path, file];
    }),
  );
}

// The target repository's CI checks (black, isort, flake8; mypy runs in teams-in-one-repository.test.ts),
// plus yamllint and shellcheck for the rest, each run once over a folder holding the whole sweep: both
// frameworks × both providers × 2..7 members × benign and hostile text, plus a 50-character team
// name. (flake8 runs pyflakes and reports syntax errors, so neither pyflakes3 nor py_compile adds
// a check.)
describe("every team of the sweep passes the target repository's own checks", () => {
  let dir: string;
  let python: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-sweep-"));
    writeTeams(dir, sweepSpecs());
    python = distinctPythonFiles(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const checks: [string, () => [string, string[]]][] = [
    ["black --check", () => ["black", ["--check", "--quiet", ...blackFiles(dir, python).keys()]]],
    [
      "isort --check-only --profile black",
      () => ["isort", ["--check-only", "--profile", "black", ...python]],
    ],
    [
      "flake8",
      () => ["flake8", ["--max-line-length", "88", "--extend-ignore", "E203,W503", ...python]],
    ],
    ["yamllint --strict", () => ["yamllint", ["--strict", "-c", YAMLLINT_CONFIG, "teams"]]],
    ["shellcheck", () => ["shellcheck", filesUnder(dir, ".sh")]],
  ];

  it("holds the whole sweep", () => {
    expect(readdirSync(join(dir, "teams"))).toHaveLength(sweepSpecs().length);
    expect(filesUnder(dir, ".sh").length).toBe(sweepSpecs().length);
    // Shared files are checked once; every team still brings files of its own (its tests).
    expect(python.length).toBeGreaterThan(sweepSpecs().length);
  });

  it.each(checks)("%s is clean", (_name, command) => {
    const [tool, args] = command();
    // black's cache of checked files stays with the sweep (the user's one only grows by temp paths).
    const run = runTool(tool, args, { cwd: dir, env: { BLACK_CACHE_DIR: join(CACHE, "black") } });
    // black names the content-addressed copies: say which generated files they are.
    const named = tool === "black" ? blackFiles(dir, python) : new Map<string, string>();
    const output = run.output.replace(/\/\S+\/[0-9a-f]{64}\.py/g, (p) => named.get(p) ?? p);
    expect(output.trim(), `${tool} reported problems`).toBe("");
    expect(run.status).toBe(0);
  });
});
