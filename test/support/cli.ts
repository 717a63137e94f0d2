/**
 * The `team-factory` command line run in the test's own process, its output collected: the same
 * runCli as the bin, without the ~0.7 s of CPU a Node process costs to start. test/cli/bin.test.ts
 * runs the real bin.
 */
import { runCli } from "../../src/cli/run-cli.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` with `stdin` as standard input (empty by default) and `env` (this process's). */
export async function cli(
  argv: string[],
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? "",
    env: options.env ?? { ...process.env },
  });
  return { code, stdout, stderr };
}

/** This process's environment without the variables whose names match `names`. */
export function envWithout(names: RegExp): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.test(name)));
}
