import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppProcess, startAppProcess } from "./app-process.ts";
import type { BenchGitHub } from "./bench-github.ts";
import type { BenchRow } from "./table.ts";
import { measureBareServerAck, measureWebhookAck } from "./webhook-ack.ts";

/** The app as `npm start` runs it, pointed at the simulator the way a GHE host is configured. */
export function startAppAgainst(
  gh: BenchGitHub,
  env: Record<string, string> = {},
  dir?: string,
): Promise<AppProcess> {
  return startAppProcess({
    dir,
    env: {
      APP_ID: String(gh.sim.app.id),
      PRIVATE_KEY: gh.sim.app.privateKeyPem,
      WEBHOOK_SECRET: gh.sim.app.webhookSecret,
      GHE_HOST: new URL(gh.sim.url).host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      ...env,
    },
  });
}

/** Runs `fn` on the started app; adds the app's last stderr lines to an error. */
async function withApp<T>(
  params: { gh: BenchGitHub; env?: Record<string, string>; dir?: string },
  fn: (app: AppProcess) => Promise<T>,
): Promise<T> {
  const app = await startAppAgainst(params.gh, params.env, params.dir);
  try {
    return await fn(app);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const stderr = app.stderr().trim().slice(-500);
    throw new Error(stderr ? `${message}; app stderr: ${stderr}` : message);
  } finally {
    await app.stop();
  }
}

const SETTLE_MS = 2000;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

/** VmRSS of the app process once it answers and `SETTLE_MS` have passed, before any load. */
export function measureIdleRss(params: {
  gh: BenchGitHub;
  env?: Record<string, string>;
  dir?: string;
}): Promise<number> {
  return withApp(params, async (app) => {
    await settle();
    return app.rssMb();
  });
}

/** Idle RSS of a second start on the data directory a first start created (the usual restart). */
export async function measureRestartRss(params: { gh: BenchGitHub }): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "tf-bench-restart-"));
  try {
    await measureIdleRss({ gh: params.gh, dir });
    return await measureIdleRss({ gh: params.gh, dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `idle_rss_mb` (the default, embedded store, first start) and then, on the same process,
 * `webhook_ack_p50_ms` / `webhook_ack_p99_ms` under signed irrelevant deliveries from a second process.
 */
export function measureAppProcess(params: {
  gh: BenchGitHub;
  rate?: number;
  durationS?: number;
}): Promise<BenchRow[]> {
  return withApp(params, async (app) => {
    await settle();
    const idleMb = app.rssMb();
    const ack = await measureWebhookAck({
      url: `${app.url}/api/github/webhooks`,
      secret: params.gh.sim.app.webhookSecret,
      rate: params.rate,
      durationS: params.durationS,
    });
    const floor = await measureBareServerAck({ rate: params.rate, durationS: params.durationS });
    const load = `${ack.rate}/s signed issue_comment deliveries ("Thanks, looks good!") for ${ack.durationS} s from a second process (autocannon), after a 2 s warm-up: ${ack.requests} answered, ${ack.non2xx} non-2xx, ${ack.errors} errors, ${ack.timeouts} timeouts, max ${ack.max} ms`;
    if (ack.non2xx || ack.errors || ack.timeouts) {
      throw new Error(`the app did not answer every delivery with 2xx: ${load}`);
    }
    return [
      {
        metric: "idle_rss_mb",
        value: idleMb,
        unit: "MB",
        goal: { op: "<=", target: 150 },
        note: `VmRSS of node src/main.ts with the default embedded PGlite store on its first start (a new data directory), ${SETTLE_MS / 1000} s after it answered; ${Math.round(app.rssMb())} MB after the load`,
      },
      { metric: "webhook_ack_p50_ms", value: ack.p50, unit: "ms", note: load },
      {
        metric: "webhook_ack_p99_ms",
        value: ack.p99,
        unit: "ms",
        goal: { op: "<", target: 50 },
        note: `the machine's floor in the same run — a bare node:http server checking the signature, same load: p50 ${floor.p50} ms, p99 ${floor.p99} ms`,
      },
    ];
  });
}
