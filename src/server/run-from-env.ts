import { existsSync } from "node:fs";
import { getPrivateKey } from "@probot/get-private-key";
import { createProbot, type ProbotOctokit } from "probot";
import packageJson from "../../package.json" with { type: "json" };
import { createApp } from "../app.ts";
import { teamFactoryFromEnv } from "../compose-from-env.ts";
import { createHealthRoutes } from "./health-routes.ts";
import { createRequestHandler } from "./request-handler.ts";
import { runSetupMode } from "./setup-mode.ts";
import { startSmee } from "./smee.ts";
import { startServer } from "./start-server.ts";

/** Running jobs get this long to finish on SIGTERM by default; the rest go back to the queue. */
const DRAIN_MS = 7000;

/**
 * `npm start`. Without the app's credentials (and outside production) the setup page registers
 * the app (manifest flow) and writes `.env`. With them: the store, the model and the schedule
 * from the environment, one HTTP server (webhooks, health, the app's routes), one start-up line;
 * SIGTERM drains (readiness 503, running jobs finish or go back to the queue, the store stops)
 * and exits within ten seconds, a second signal at once.
 */
export async function runFromEnv(params: {
  Octokit: typeof ProbotOctokit;
  env?: NodeJS.ProcessEnv;
}) {
  const env = params.env ?? process.env;
  if (existsSync(".env")) process.loadEnvFile(".env");
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number (got ${JSON.stringify(env.PORT)})`);
  const host = env.HOST || "localhost";
  const drainMs = Number(env.TEAM_FACTORY_DRAIN_MS || DRAIN_MS);
  if (!Number.isInteger(drainMs) || drainMs < 0 || drainMs > 600_000)
    throw new Error(
      `TEAM_FACTORY_DRAIN_MS must be milliseconds from 0 to 600000 (got ${JSON.stringify(env.TEAM_FACTORY_DRAIN_MS)})`,
    );
  const privateKey = getPrivateKey({ env });
  if (!env.APP_ID || !privateKey || !env.WEBHOOK_SECRET) {
    if (env.NODE_ENV === "production")
      throw new Error(
        "APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET must be set in production; register the app once with `npm start` on a workstation (it writes them to .env).",
      );
    return runSetupMode({ env, host, port });
  }
  const probot = createProbot({
    env,
    overrides: { Octokit: params.Octokit, ...(env.LOG_LEVEL ? {} : { logLevel: "info" }) },
  });
  // Probot's logger exists once Probot has loaded: the factory logs through it then.
  const log = {
    info: (obj: object, msg?: string) => probot.log.info(obj, msg),
    warn: (obj: object, msg?: string) => probot.log.warn(obj, msg),
    error: (obj: object, msg?: string) => probot.log.error(obj, msg),
  };
  const { factory, facts } = await teamFactoryFromEnv({ env, log, ownsShutdown: true });
  let stopping = false;
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const handler = await createRequestHandler({
    probot,
    appFn: createApp(factory),
    webhookPath,
    secret: env.WEBHOOK_SECRET,
    accepting: () => !stopping,
    routes: createHealthRoutes({
      version: packageJson.version,
      ready: () => factory.ready(),
      draining: () => stopping,
    }),
  });
  const server = await startServer({ handler, host, port });
  const smee = env.WEBHOOK_PROXY_URL
    ? await startSmee({
        source: env.WEBHOOK_PROXY_URL,
        target: `${server.url}${webhookPath}`,
        log: probot.log,
      })
    : null;
  probot.log.info(
    {
      version: packageJson.version,
      url: server.url,
      store: facts.store,
      llm: facts.llm,
      scan: facts.scan,
      operator: facts.operator,
      notify: facts.notify,
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
      webhookProxy: env.WEBHOOK_PROXY_URL ?? null,
    },
    `Team Factory ${packageJson.version} listening on ${server.url}${webhookPath}`,
  );
  factory.jobs.start();
  void factory.jobs.drain();

  const stop = async (signal: string) => {
    if (stopping) {
      probot.log.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stopping = true;
    probot.log.info({ signal }, "stopping: not taking new webhooks, letting running jobs finish");
    const released = await factory.close({ waitMs: drainMs }).catch((error: unknown) => {
      probot.log.error({ error: String(error) }, "stopping: the store did not close cleanly");
      return -1;
    });
    await smee?.stop();
    await server.close();
    probot.log.info({ jobsGivenBack: released }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
