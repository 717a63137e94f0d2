import { existsSync } from "node:fs";
import { getPrivateKey } from "@probot/get-private-key";
import { type ApplicationFunction, createProbot, type ProbotOctokit, run } from "probot";
import { SmeeClient } from "smee-client";
import { createRequestHandler } from "./request-handler.ts";
import { startServer } from "./start-server.ts";

/**
 * `npm start`. Without the app's credentials (and outside production) it is Probot's setup mode:
 * the manifest flow registers the app and writes `.env`. With them, the app serves on its own
 * HTTP server (`HOST`, `PORT`, `WEBHOOK_PATH`), with `WEBHOOK_PROXY_URL` forwarding from smee.io.
 */
export async function runFromEnv(params: {
  appFn: ApplicationFunction;
  Octokit: typeof ProbotOctokit;
  env?: NodeJS.ProcessEnv;
}): Promise<void> {
  const env = params.env ?? process.env;
  if (existsSync(".env")) process.loadEnvFile(".env");
  const privateKey = getPrivateKey({ env });
  if (!env.APP_ID || !privateKey || !env.WEBHOOK_SECRET) {
    if (env.NODE_ENV === "production") {
      throw new Error(
        "APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET must be set in production; run `npm start` once on a workstation to register the app (the manifest flow writes them to .env).",
      );
    }
    await run(params.appFn, { Octokit: params.Octokit });
    return;
  }
  const probot = createProbot({
    env,
    overrides: { Octokit: params.Octokit, ...(env.LOG_LEVEL ? {} : { logLevel: "info" }) },
  });
  const webhookPath = env.WEBHOOK_PATH || "/api/github/webhooks";
  const handler = await createRequestHandler({
    probot,
    appFn: params.appFn,
    webhookPath,
    secret: env.WEBHOOK_SECRET,
  });
  const server = await startServer({
    handler,
    host: env.HOST || "localhost",
    port: Number(env.PORT || 3000),
  });
  probot.log.info(`Listening on ${server.url}${webhookPath}`);
  if (env.WEBHOOK_PROXY_URL) {
    const smee = new SmeeClient({
      source: env.WEBHOOK_PROXY_URL,
      target: `${server.url}${webhookPath}`,
      logger: probot.log,
    });
    await smee.start();
  }
}
