import { rmSync } from "node:fs";
import { type AppProcess, scratchDir, simulatorAppEnv, startAppProcess } from "./app-process.ts";
import type { BenchGitHub } from "./bench-github.ts";
import { median } from "./latency-ratio.ts";
import type { BenchRow } from "./table.ts";
import { measureBareServerAck, measureWebhookAck } from "./webhook-ack.ts";

/** The app as `npm start` runs it, pointed at the simulator the way a GHE host is configured. */
export function startAppAgainst(
  gh: BenchGitHub,
  env: Record<string, string> = {},
  dir?: string,
  samplePeak = false,
): Promise<AppProcess> {
  return startAppProcess({
    dir,
    samplePeak,
    secret: gh.sim.app.webhookSecret,
    env: {
      ...simulatorAppEnv(gh.sim),
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

const pause = () => new Promise((r) => setTimeout(r, 1000));

/**
 * `runs` times: a first start on a new data directory (initdb included), stopped with SIGTERM as a
 * container is (the server stops with it), then a restart on that directory; each timed to the
 * first answered webhook, a second's pause before each so that the last one's disk writes are not
 * in it. The app's idle RSS after the last restart. The directories go at the end.
 */
export async function measureStarts(params: { gh: BenchGitHub; runs: number }): Promise<{
  firstMs: number[];
  restartMs: number[];
  firstMedian: number;
  restartMedian: number;
  idleMb: number;
  treeMb: number;
}> {
  const dirs: string[] = [];
  const firstMs: number[] = [];
  const restartMs: number[] = [];
  let idle = { idleMb: Number.NaN, treeMb: Number.NaN };
  try {
    for (let run = 0; run < params.runs; run++) {
      const dir = scratchDir("bench-start-");
      dirs.push(dir);
      await pause();
      firstMs.push(await withApp({ gh: params.gh, dir }, async (app) => app.startMs));
      await pause();
      restartMs.push(
        await withApp({ gh: params.gh, dir }, async (app) => {
          if (run === params.runs - 1) {
            await settle();
            idle = { idleMb: app.rssMb(), treeMb: app.treeMb() };
          }
          return app.startMs;
        }),
      );
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return {
    firstMs,
    restartMs,
    firstMedian: median(firstMs),
    restartMedian: median(restartMs),
    ...idle,
  };
}

/**
 * A first start of the default, embedded store (a new data directory) watched for
 * `start_peak_rss_tree_mb`; then another, idle: `idle_rss_mb` and `idle_rss_tree_mb`; and then,
 * on the same process, `webhook_ack_p50_ms` / `webhook_ack_p99_ms` under signed irrelevant
 * deliveries from a second process.
 */
export async function measureAppProcess(params: {
  gh: BenchGitHub;
  rate?: number;
  durationS?: number;
}): Promise<BenchRow[]> {
  const watched = await startAppAgainst(params.gh, {}, undefined, true);
  const peakMb = watched.startPeakTreeMb;
  await watched.stop();
  return withApp(params, async (app) => {
    await settle();
    const idleMb = app.rssMb();
    const idleTreeMb = app.treeMb();
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
        metric: "start_peak_rss_tree_mb",
        value: peakMb,
        unit: "MB",
        goal: { op: "<=", target: 300 },
        note: "highest PSS of the app process and all its descendants (initdb, the bootstrap backend, the postmaster and its workers), sampled every 50 ms over a first start on a new data directory under the repository's .team-factory/ (where npm start keeps it)",
      },
      {
        metric: "idle_rss_mb",
        value: idleMb,
        unit: "MB",
        goal: { op: "<=", target: 150 },
        note: `VmRSS of the app process alone, ${SETTLE_MS / 1000} s after it first answered; ${Math.round(app.rssMb())} MB after the load below`,
      },
      {
        metric: "idle_rss_tree_mb",
        value: idleTreeMb,
        unit: "MB",
        goal: { op: "<=", target: 220 },
        note: "PSS (shared pages split among the processes that map them) of the app process and every PostgreSQL process of its store, at the same moment",
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
