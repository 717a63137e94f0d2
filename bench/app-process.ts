import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The app started as its own process, the way `npm start` runs it (`node src/main.ts`). */
export interface AppProcess {
  pid: number;
  /** Base URL on 127.0.0.1. */
  url: string;
  /** Resident set size of the app process now (VmRSS from /proc), in MB. */
  rssMb(): number;
  /** What the app wrote to stderr so far (for error messages). */
  stderr(): string;
  stop(): Promise<void>;
}

const MAIN = join(import.meta.dirname, "..", "src", "main.ts");

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return kb / 1024;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node src/main.ts` (this Node, so Node 24) in a scratch directory (no `.env` is read; the
 * embedded store's data goes there) with `env` on top of a minimal environment, and waits until
 * `readyPath` answers over HTTP (any status) or `timeoutMs` passes.
 */
export async function startAppProcess(params: {
  env: Record<string, string>;
  /** A scratch directory to reuse (kept on stop); else a fresh one, removed on stop. */
  dir?: string;
  readyPath?: string;
  timeoutMs?: number;
}): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = params.dir ?? mkdtempSync(join(tmpdir(), "tf-bench-app-"));
  const child = spawn(process.execPath, [MAIN], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      HOST: "127.0.0.1",
      PORT: String(port),
      TEAM_FACTORY_DATA_DIR: join(dir, "data"),
      ...params.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const app: AppProcess = {
    pid: child.pid ?? 0,
    url,
    rssMb: () => rssMbOf(child.pid ?? 0),
    stderr: () => stderr,
    stop: async () => {
      await stopChild(child);
      if (!params.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (params.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the app exited with ${child.exitCode} before answering: ${stderr.trim()}`);
    }
    const answered = await fetch(`${url}${params.readyPath ?? "/"}`).then(
      () => true,
      () => false,
    );
    if (answered) return app;
    await new Promise((r) => setTimeout(r, 100));
  }
  await app.stop();
  throw new Error(`the app did not answer on ${url} within ${params.timeoutMs ?? 30_000} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
