import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { freePort } from "../src/store/embedded-spawn.ts";
import { signBody } from "./load-client.ts";
import { treePssMb } from "./process-tree.ts";
import { irrelevantDelivery } from "./webhook-ack.ts";

/** The app started as its own process, the way `npm start` runs it (`node src/main.ts`). */
export interface AppProcess {
  pid: number;
  /** Base URL on 127.0.0.1. */
  url: string;
  /** Resident set size of the app process now (VmRSS from /proc), in MB. */
  rssMb(): number;
  /** PSS of the app and every PostgreSQL process of its embedded store now, in MB. */
  treeMb(): number;
  /** From the spawn to the first signed webhook answered with 2xx. */
  startMs: number;
  /** With `samplePeak`: the highest `treeMb()` seen every 50 ms until then; else NaN. */
  startPeakTreeMb: number;
  /** What the app wrote to stderr so far (for error messages). */
  stderr(): string;
  /** The last 64 KB the app wrote, its log included (stdout and stderr). */
  output(): string;
  /** Resolves once the process has exited, with its status as a shell reports it (a signal: 128 + its number). */
  exited: Promise<number>;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, "..");
const MAIN = join(ROOT, "src", "main.ts");

/**
 * A scratch directory under the repository's `.team-factory/` (ignored by git): where `npm start`
 * keeps its data by default, so the embedded store's disk is the one it would really use.
 * Readable by others, so that PostgreSQL, run as `postgres` under root, can get through it.
 */
export function scratchDir(prefix: string): string {
  const parent = join(ROOT, ".team-factory");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return kb / 1024;
}

/**
 * Spawns `node src/main.ts` (this Node, so Node 24) in a scratch directory (no `.env` is read; the
 * embedded store's data goes there) with `env` on top of a minimal environment, and waits until a
 * signed webhook (`secret`) is answered with 2xx, polling every 20 ms, or `timeoutMs` passes.
 */
export async function startAppProcess(params: {
  env: Record<string, string>;
  secret: string;
  /** A scratch directory to reuse (kept on stop); else a fresh one, removed on stop. */
  dir?: string;
  timeoutMs?: number;
  /** Sample the tree's memory while starting (reading /proc costs CPU: not in timed starts). */
  samplePeak?: boolean;
  /** Start it with `npm start` (from the repository, so `pid` is npm's) instead of `node src/main.ts`. */
  viaNpm?: boolean;
}): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = params.dir ?? scratchDir("bench-app-");
  const spawnedAt = performance.now();
  const [command, args] = params.viaNpm
    ? ["npm", ["start", "--silent"]]
    : [process.execPath, [MAIN]];
  const child = spawn(command as string, args as string[], {
    cwd: params.viaNpm ? ROOT : dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      HOST: "127.0.0.1",
      PORT: String(port),
      TEAM_FACTORY_DATA_DIR: join(dir, "data"),
      // npm asks the registry for a newer npm unless told not to.
      ...(params.viaNpm ? { npm_config_update_notifier: "false" } : {}),
      ...params.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let output = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
    output = (output + String(chunk)).slice(-65_536);
  });
  child.stdout?.on("data", (chunk) => {
    output = (output + String(chunk)).slice(-65_536);
  });
  const treeMb = () => treePssMb({ pid: child.pid ?? 0, dataDir: join(dir, "data") });
  let peak = 0;
  const sampler = setInterval(() => {
    if (params.samplePeak) peak = Math.max(peak, treeMb());
  }, 50);
  const app: AppProcess = {
    pid: child.pid ?? 0,
    url,
    rssMb: () => rssMbOf(child.pid ?? 0),
    treeMb,
    startMs: Number.NaN,
    startPeakTreeMb: Number.NaN,
    stderr: () => stderr,
    output: () => output,
    exited: new Promise((resolve) =>
      child.once("exit", (code, signal) =>
        resolve(code ?? 128 + constants.signals[signal as NodeJS.Signals]),
      ),
    ),
    stop: async () => {
      clearInterval(sampler);
      await stopChild(child);
      if (!params.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  const { event, body } = irrelevantDelivery();
  const deadline = Date.now() + (params.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      clearInterval(sampler);
      throw new Error(`the app exited with ${child.exitCode} before answering: ${stderr.trim()}`);
    }
    const answered = await fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signBody(params.secret, body),
      },
      body,
    }).then(
      (res) => res.ok,
      () => false,
    );
    if (answered) {
      app.startMs = performance.now() - spawnedAt;
      clearInterval(sampler);
      if (params.samplePeak) app.startPeakTreeMb = Math.max(peak, treeMb());
      return app;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await app.stop();
  throw new Error(`the app did not answer on ${url} within ${params.timeoutMs ?? 30_000} ms`);
}

/** SIGTERM, and SIGKILL only when it has not ended after the app's drain (ten seconds). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  // The app drains for up to ten seconds on SIGTERM; only then is it killed.
  const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
  await exited;
  clearTimeout(timer);
}

/** What `npm start` needs to act as the simulator's app (its GitHub is the simulator). */
export function simulatorAppEnv(sim: {
  url: string;
  app: { id: number; privateKeyPem: string; webhookSecret: string };
}): Record<string, string> {
  return {
    APP_ID: String(sim.app.id),
    PRIVATE_KEY: sim.app.privateKeyPem,
    WEBHOOK_SECRET: sim.app.webhookSecret,
    GHE_HOST: new URL(sim.url).host,
    GHE_PROTOCOL: "http",
  };
}
