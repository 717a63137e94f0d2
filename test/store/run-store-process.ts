import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const WORKER = join(import.meta.dirname, "store-process.ts");

/** `store-process.ts` in its own OS process; `send` writes a command and reads the JSON answer. */
export interface StoreProcess {
  child: ChildProcess;
  /** The first answer: `{ line }` (the start-up line) or `{ error, left }` (the data directory then). */
  started: { line?: string; error?: string; left?: string[] };
  send(command: "query" | "close"): Promise<Record<string, unknown>>;
  /** Resolves with the signal or exit code once the process has ended. */
  ended: Promise<string>;
}

export async function runStoreProcess(params: {
  env: Record<string, string>;
  /** Wraps the command (e.g. in `unshare`); the worker's path is appended. */
  prefix?: string[];
}): Promise<StoreProcess> {
  const [cmd, ...args] = [...(params.prefix ?? []), process.execPath, WORKER];
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
    if (done) throw new Error("the store process ended without answering");
    return JSON.parse(value) as Record<string, unknown>;
  };
  const started = (await next()) as StoreProcess["started"];
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
