import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export const PYTHON_DIR = join(import.meta.dirname, "python");

/** Libraries the generated teams' code and tests import (Debian: python3-<name>). */
const TEAM_LIBRARIES = ["yaml", "httpx", "kubernetes", "psycopg"];
let python: string | undefined;

/**
 * The first python3 on PATH that can import the generated teams' libraries (a version manager's
 * python3 may come first on PATH without Debian's packages), else plain python3.
 */
export function teamPython(): string {
  if (python) return python;
  const candidates = (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "python3"))
    .filter((path) => existsSync(path));
  // Finding the modules is enough to choose (importing kubernetes alone takes most of a second).
  const check = `import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ${JSON.stringify(TEAM_LIBRARIES)}))`;
  python = candidates.find((path) => spawnSync(path, ["-c", check]).status === 0) ?? "python3";
  return python;
}

export type ToolRun = { status: number | null; output: string };

/** Runs a command to completion; a missing tool fails loudly with how to install it. */
export function runTool(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; env?: Record<string, string> } = {},
): ToolRun {
  const run = spawnSync(command === "python3" ? teamPython() : command, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...options.env },
  });
  if (run.error) {
    throw new Error(
      `${command} could not run (${run.error.message}); install it with .ci/run or apt-get install -y black isort flake8 mypy yamllint shellcheck python3-yaml python3-httpx python3-kubernetes python3-psycopg`,
    );
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Runs one of the helper scripts in test/factory/python and parses its JSON output. */
export function runPythonJson<T>(
  script: string,
  args: string[],
  options: { input?: unknown; env?: Record<string, string> } = {},
): T {
  const run = runTool("python3", [join(PYTHON_DIR, script), ...args], {
    input: options.input === undefined ? undefined : JSON.stringify(options.input),
    env: options.env,
  });
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.output}`);
  return JSON.parse(run.output) as T;
}
