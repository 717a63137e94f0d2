/**
 * The `team-factory` command line run in the test's own process, its output collected: the same
 * runCli as the bin, without the ~0.7 s of CPU a Node process costs to start. test/cli/bin.test.ts
 * runs the real bin, and `bin` below runs it here where the process itself is what is tested.
 */
import { spawn, spawnSync } from "node:child_process";
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

const BIN = new URL("../../bin/team-factory.js", import.meta.url).pathname;

/**
 * The real bin in its own Node 24 process, as a person runs it: from `cwd`, with `stdin` as
 * standard input (none by default) and `env` (this process's). Costs a Node start (~0.3 s).
 */
export function bin(
  argv: string[],
  options: { cwd?: string; stdin?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

/**
 * `team-factory <args>` (shell words) piped into a reader that has already exited (`| true`, as
 * `| head` once it has read enough): the bin's exit code and standard error.
 */
export function intoClosedPipe(args: string, env: NodeJS.ProcessEnv = process.env) {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`;
  const run = spawnSync("bash", ["-c", `${command} | true; echo "\${PIPESTATUS[0]}"`], {
    encoding: "utf8",
    env,
  });
  return { code: Number(run.stdout.trim()), stderr: run.stderr };
}
