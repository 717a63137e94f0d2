import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const PYTHON_DIR = join(import.meta.dirname, "python");

export type ToolRun = { status: number | null; output: string };

/** Runs a command to completion; a missing tool fails loudly with how to install it. */
export function runTool(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string } = {},
): ToolRun {
  const run = spawnSync(command, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (run.error) {
    throw new Error(
      `${command} could not run (${run.error.message}); install it with .ci/run or apt-get install -y black isort flake8 pyflakes3 yamllint shellcheck`,
    );
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Runs one of the helper scripts in test/factory/python and parses its JSON output. */
export function runPythonJson<T>(script: string, args: string[], input?: unknown): T {
  const run = runTool("python3", [join(PYTHON_DIR, script), ...args], {
    input: input === undefined ? undefined : JSON.stringify(input),
  });
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.output}`);
  return JSON.parse(run.output) as T;
}
