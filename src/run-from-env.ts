import { existsSync } from "node:fs";
import { getPrivateKey } from "@probot/get-private-key";
import { createProbot, type ProbotOctokit } from "probot";
import packageJson from "../package.json" with { type: "json" };
import { createApp } from "./app.ts";
import { teamFactoryFromEnv } from "./compose-from-env.ts";
import { type Env, EnvError, envProblems, envValue, readEnv } from "./env/env-schema.ts";
import { createAppLog } from "./server/app-log.ts";
import { createHealthRoutes } from "./server/health-routes.ts";
import { createRequestHandler } from "./server/request-handler.ts";
import { runSetupMode } from "./server/setup-mode.ts";
import { startSmee } from "./server/smee.ts";
import { startServer } from "./server/start-server.ts";
import { startSummaryEntry } from "./server/start-summary.ts";
import { onStopSignals } from "./server/stop-signals.ts";

/**
 * `npm start`. Without the app's credentials (and outside production) the setup page registers
 * the app (manifest flow) and writes `.env`. With them: the store, the model and the schedule
 * from the environment, one HTTP server (webhooks, health, the app's routes), one start-up line;
 * SIGTERM drains (readiness 503, running jobs finish or go back to the queue, the store stops)
 * and the signal then ends the process (status 143; SIGINT 130); a second signal ends it at once.
 */
export async function runFromEnv(params: {
  /** The GitHub client for the pacing setting (`octokitForPacing`). */
  octokitFor: (pacing: Env["TEAM_FACTORY_GITHUB_PACING"]) => typeof ProbotOctokit;
  env?: NodeJS.ProcessEnv;
}) {
  const env = params.env ?? process.env;
  if (existsSync(".env")) process.loadEnvFile(".env");
  const settings = checkedServerEnv(env);
  const root = createAppLog(env);
  const { PORT: port, HOST: host, WEBHOOK_SECRET: secret, NODE_ENV } = settings;
  const timeoutMs = settings.TEAM_FACTORY_WEBHOOK_TIMEOUT_MS;
  if (!settings.APP_ID || !settings.privateKey || !secret)
    return runSetupMode({ env, host, port, timeoutMs });
  const log = root.child({ name: "team-factory" });
  const Octokit = params.octokitFor(settings.TEAM_FACTORY_GITHUB_PACING);
  const probot = createProbot({ env, overrides: { Octokit, log: root } });
  const { factory, facts } = await teamFactoryFromEnv({ env, log, ownsShutdown: true });
  let stopping = false;
  const webhookPath = settings.WEBHOOK_PATH;
  const handler = await createRequestHandler({
    probot,
    appFn: createApp(factory),
    webhookPath,
    secret,
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
  const proxy = settings.WEBHOOK_PROXY_URL;
  const smee = proxy
    ? await startSmee({
        source: proxy,
        target: `${server.url}${webhookPath}`,
        log,
        mustConnect: NODE_ENV === "production",
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
      webhookProxy: proxy ? new URL(proxy).host : null,
    },
    settings.LOG_FORMAT,
  );
  log.info(summary.fields, summary.message);
  factory.jobs.start();
  void factory.jobs.drain();

  onStopSignals({
    warn: (fields, msg) => log.warn(fields, msg),
    async stop(signal) {
      stopping = true;
      log.info({ signal }, "stopping: not taking new webhooks, letting running jobs finish");
      const released = await factory
        .close({ waitMs: settings.TEAM_FACTORY_DRAIN_MS })
        .catch((error: unknown) => {
          log.error({ error: String(error) }, "stopping: the store did not close cleanly");
          return -1;
        });
      await smee?.stop();
      await server.close();
      log.info({ jobsGivenBack: released }, "stopped");
    },
  });
}

/**
 * The server's settings, checked all at once: an EnvError with one line per problem (each
 * unusable variable, a store that lacks a setting, a private key Probot cannot read, missing
 * credentials in production) before anything starts.
 */
function checkedServerEnv(env: NodeJS.ProcessEnv) {
  const problems = envProblems(env, "server");
  let privateKey: string | null = null;
  let keyProblem = problems.some((p) => p.startsWith("PRIVATE_KEY "));
  try {
    privateKey = getPrivateKey({ env });
  } catch (error) {
    // A PRIVATE_KEY it cannot read is among the schema's problems already; here the file.
    const path = env.PRIVATE_KEY_PATH?.trim();
    const why = (error as Error).message.replace(/^\[@probot\/get-private-key\] /, "");
    if (!keyProblem)
      problems.push(
        path
          ? `PRIVATE_KEY_PATH must be a readable .pem file (got ${JSON.stringify(path)})`
          : `PRIVATE_KEY or PRIVATE_KEY_PATH must say which key to use: ${why}`,
      );
    keyProblem = true;
  }
  const missing = !env.APP_ID?.trim() || !env.WEBHOOK_SECRET || !(privateKey || keyProblem);
  if (missing && envValue("NODE_ENV", env.NODE_ENV) === "production")
    problems.push(
      "APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET must be set in production; register the app once with `npm start` on a workstation (it writes them to .env).",
    );
  if (problems.length) throw new EnvError(problems);
  return { ...readEnv(env, ...SERVER_SETTINGS), privateKey };
}

const SERVER_SETTINGS = [
  "APP_ID",
  "WEBHOOK_SECRET",
  "WEBHOOK_PATH",
  "WEBHOOK_PROXY_URL",
  "HOST",
  "PORT",
  "NODE_ENV",
  "LOG_FORMAT",
  "TEAM_FACTORY_DRAIN_MS",
  "TEAM_FACTORY_WEBHOOK_TIMEOUT_MS",
  "TEAM_FACTORY_GITHUB_PACING",
] as const;
