import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * A test's helper script in its own OS process (this Node), talking in lines: it prints one JSON
 * line when ready, then one per command written to its stdin.
 */
export interface LineProcess {
  child: ChildProcess;
  /** The first line it printed. */
  started: Record<string, unknown>;
  send(command: string): Promise<Record<string, unknown>>;
  /** Resolves with the signal or exit code once the process has ended. */
  ended: Promise<string>;
}

export async function runLineProcess(params: {
  script: string;
  env: Record<string, string>;
  /** Wraps the command (e.g. in `unshare`); Node and the script are appended. */
  prefix?: string[];
}): Promise<LineProcess> {
  const [cmd, ...args] = [...(params.prefix ?? []), process.execPath, params.script];
  const child = spawn(cmd as string, args, {
    env: { ...process.env, ...params.env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ended = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? String(code))),
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[
    Symbol.asyncIterator
  ]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${params.script} ended without answering`);
    return JSON.parse(value) as Record<string, unknown>;
  };
  const started = await next();
  return {
    child,
    started,
    ended,
    async send(command) {
      child.stdin?.write(`${command}\n`);
      return next();
    },
  };
}

/** Whether a process with this pid exists (signal 0 asks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
