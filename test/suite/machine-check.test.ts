import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingForSuite, missingLine, SUITE_PACKAGES } from "../support/machine-check.ts";

// `npm test` on a machine without Debian's tools says so in one line at the
// start, with the command that installs them, instead of failing test by test.
const ROOT = join(import.meta.dirname, "../..");
const SETUP = join(ROOT, "test/support/suite-environment.ts");
const PROGRAMS = ["black", "isort", "flake8", "mypy", "yamllint", "shellcheck", "git", "chromium"];
let bin: string;

/** A PATH with this machine's programs, less `without`. */
function pathWithout(without: string[]): string {
  const dir = mkdtempSync(join(bin, "path-"));
  const where = (p: string) =>
    execFileSync("sh", ["-c", `command -v ${p}`], { encoding: "utf8" }).trim();
  for (const p of PROGRAMS.filter((p) => !without.includes(p))) symlinkSync(where(p), join(dir, p));
  // The interpreter itself (pyenv's python3 is a shell script that needs its own PATH).
  const python = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], {
    encoding: "utf8",
  }).trim();
  symlinkSync(python, join(dir, "python3"));
  symlinkSync(process.execPath, join(dir, "node"));
  return dir;
}

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), "tf-machine-check-"));
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe("what the machine lacks for the suite", () => {
  it("names the programs missing from PATH, and the one command that installs them", () => {
    const missing = missingForSuite({ PATH: pathWithout(["black", "shellcheck"]) });
    expect(missing).toEqual([
      { what: "black", package: "black" },
      { what: "shellcheck", package: "shellcheck" },
    ]);
    expect(missingLine(missing)).toBe(
      "The test suite needs what this machine lacks: black, shellcheck. Install it with: apt-get update && apt-get install -y black shellcheck (as root; .ci/run does this).",
    );
  });

  it("names the PostgreSQL server and Python modules by their Debian packages", () => {
    const empty = mkdtempSync(join(bin, "lib-"));
    const missing = missingForSuite({ PATH: pathWithout([]) }, { postgresLib: empty });
    expect(missing).toEqual([{ what: "PostgreSQL server (initdb)", package: "postgresql" }]);
    expect(
      missingLine([
        ...missing,
        { what: "python module yaml", package: "python3-yaml" },
        { what: "python module jwt", package: "python3-jwt" },
      ]),
    ).toBe(
      "The test suite needs what this machine lacks: PostgreSQL server (initdb), python modules yaml jwt. Install it with: apt-get update && apt-get install -y postgresql python3-yaml python3-jwt (as root; .ci/run does this).",
    );
  });

  it("asks only for packages that .ci/run installs", () => {
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    const listed = (/packages=\(([^)]*)\)/.exec(ci)?.[1] ?? "").split(/\s+/).filter(Boolean);
    expect(SUITE_PACKAGES.filter((p) => !listed.includes(p))).toEqual([]);
  });

  it("stops the whole suite with that one line before any test, and only warns for named files", () => {
    const PATH = pathWithout(["mypy"]);
    const run = (project: string) =>
      spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const { default: setup } = await import(${JSON.stringify(SETUP)}); setup(${project})(); console.log("went on");`,
        ],
        { env: { PATH }, encoding: "utf8" },
      );
    const line =
      "The test suite needs what this machine lacks: mypy. Install it with: apt-get update && apt-get install -y mypy (as root; .ci/run does this).";
    const whole = run("undefined");
    expect(whole.status).not.toBe(0);
    expect(whole.stdout).not.toContain("went on");
    const said = whole.stderr.split("\n").filter((l) => l.includes("needs what"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(line);
    const named = run(`{ vitest: { filenamePattern: ["test/store"] } }`);
    expect(named.status).toBe(0);
    expect(named.stderr.trim()).toBe(line);
    expect(named.stdout.trim()).toBe("went on");
  });
});
