import { existsSync } from "node:fs";
import { getPrivateKey } from "@probot/get-private-key";
import { createProbot, type ProbotOctokit } from "probot";
import packageJson from "../package.json" with { type: "json" };
import { createApp } from "./app.ts";
import { teamFactoryFromEnv } from "./compose-from-env.ts";
import { createAppLog, logSettingsFromEnv } from "./server/app-log.ts";
import { createHealthRoutes } from "./server/health-routes.ts";
import { createRequestHandler } from "./server/request-handler.ts";
import { runSetupMode } from "./server/setup-mode.ts";
import { startSmee } from "./server/smee.ts";
import { startServer } from "./server/start-server.ts";
import { startSummaryEntry } from "./server/start-summary.ts";
import { onStopSignals } from "./server/stop-signals.ts";
import { WEBHOOK_TIMEOUT_MS } from "./server/webhook-route.ts";

/** Running jobs get this long to finish on SIGTERM by default; the rest go back to the queue. */
const DRAIN_MS = 7000;

/** Setting `name` as whole milliseconds within `range`, `fallback` when unset; else a clear error. */
function milliseconds(
  name: string,
  value: string | undefined,
  fallback: number,
  [min, max]: [number, number],
): number {
  const ms = Number(value || fallback);
  if (!Number.isInteger(ms) || ms < min || ms > max)
    throw new Error(
      `${name} must be milliseconds from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  return ms;
}

/**
 * `npm start`. Without the app's credentials (and outside production) the setup page registers
 * the app (manifest flow) and writes `.env`. With them: the store, the model and the schedule
 * from the environment, one HTTP server (webhooks, health, the app's routes), one start-up line;
 * SIGTERM drains (readiness 503, running jobs finish or go back to the queue, the store stops)
 * and the signal then ends the process (status 143; SIGINT 130); a second signal ends it at once.
 */
export async function runFromEnv(params: {
  Octokit: typeof ProbotOctokit;
  env?: NodeJS.ProcessEnv;
}) {
  const env = params.env ?? process.env;
  if (existsSync(".env")) process.loadEnvFile(".env");
  const root = createAppLog(env);
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number (got ${JSON.stringify(env.PORT)})`);
  const host = env.HOST || "localhost";
  const drainMs = milliseconds(
    "TEAM_FACTORY_DRAIN_MS",
    env.TEAM_FACTORY_DRAIN_MS,
    DRAIN_MS,
    [0, 600_000],
  );
  const timeoutMs = milliseconds(
    "TEAM_FACTORY_WEBHOOK_TIMEOUT_MS",
    env.TEAM_FACTORY_WEBHOOK_TIMEOUT_MS,
    WEBHOOK_TIMEOUT_MS,
    [100, 60_000],
  );
  const privateKey = getPrivateKey({ env });
  if (!env.APP_ID || !privateKey || !env.WEBHOOK_SECRET) {
    if (env.NODE_ENV === "production")
      throw new Error(
        "APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET must be set in production; register the app once with `npm start` on a workstation (it writes them to .env).",
      );
    return runSetupMode({ env, host, port, timeoutMs });
  }
  const log = root.child({ name: "team-factory" });
  const probot = createProbot({ env, overrides: { Octokit: params.Octokit, log: root } });
  const { factory, facts } = await teamFactoryFromEnv({ env, log, ownsShutdown: true });
  let stopping = false;
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const handler = await createRequestHandler({
    probot,
    appFn: createApp(factory),
    webhookPath,
    secret: env.WEBHOOK_SECRET,
    accepting: () => !stopping,
    bodyTimeoutMs: timeoutMs,
    routes: createHealthRoutes({
      version: packageJson.version,
      ready: () => factory.ready(),
      draining: () => stopping,
      log,
    }),
  });
  const server = await startServer({ handler, host, port, timeoutMs });
  // In production a channel it cannot open stops the start (the store closed first); in
  // development it keeps trying while the app serves.
  const smee = env.WEBHOOK_PROXY_URL
    ? await startSmee({
        source: env.WEBHOOK_PROXY_URL,
        target: `${server.url}${webhookPath}`,
        log,
        mustConnect: env.NODE_ENV === "production",
      }).catch(async (error: unknown) => {
        await factory.close({ waitMs: 0 }).catch(() => {});
        await server.close();
        throw error;
      })
    : null;
  const summary = startSummaryEntry(
    {
      version: packageJson.version,
      listening: `${server.url}${webhookPath}`,
      facts,
      routes: [
        webhookPath,
        "/healthz",
        "/readyz",
        "/team-factory/scan",
        "/team-factory/signals",
        "/team-factory/",
        "/metrics",
        "/ping",
      ],
      webhookProxy: env.WEBHOOK_PROXY_URL ? new URL(env.WEBHOOK_PROXY_URL).host : null,
    },
    logSettingsFromEnv(env).format,
  );
  log.info(summary.fields, summary.message);
  factory.jobs.start();
  void factory.jobs.drain();

  onStopSignals({
    warn: (fields, msg) => log.warn(fields, msg),
    async stop(signal) {
      stopping = true;
      log.info({ signal }, "stopping: not taking new webhooks, letting running jobs finish");
      const released = await factory.close({ waitMs: drainMs }).catch((error: unknown) => {
        log.error({ error: String(error) }, "stopping: the store did not close cleanly");
        return -1;
      });
      await smee?.stop();
      await server.close();
      log.info({ jobsGivenBack: released }, "stopped");
    },
  });
}
