import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApplicationFunction, createNodeMiddleware, Probot } from "probot";
import { type AppDeps, createApp } from "../src/app.ts";
import { TeamFactoryOctokit, UnpacedTeamFactoryOctokit } from "../src/github/octokit-options.ts";
import type { GitHubSimulator } from "./github/start-github-simulator.ts";

type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface RunningApp {
  url: string;
  webhookUrl: string;
  probot: Probot;
  stop(): Promise<void>;
}

/** What Probot needs to act as the app against a GitHub (the simulator, here). */
export interface AppIdentity {
  appId: number;
  privateKey: string;
  secret: string;
  baseUrl: string;
}

/**
 * Runs the real Probot app as an HTTP server on 127.0.0.1 against a simulator (appId, key and
 * secret from it, `baseUrl` = the simulator) and registers its webhook URL with the simulator.
 * Pass `deps` to run Team Factory's own app (`createApp(deps)`), or `appFn` for another one.
 */
export async function startApp(params: {
  sim: GitHubSimulator;
  deps?: AppDeps;
  appFn?: ApplicationFunction;
  /** GitHub's write spacing and retry back-off as in production (default: off, see octokit-options). */
  paced?: boolean;
}): Promise<RunningApp> {
  const { sim } = params;
  const app = await serveApp({
    ...params,
    identity: {
      appId: sim.app.id,
      privateKey: sim.app.privateKeyPem,
      secret: sim.app.webhookSecret,
      baseUrl: sim.url,
    },
  });
  sim.setWebhookUrl(app.webhookUrl);
  return app;
}

/** The same without the simulator object (it runs in another process): the caller routes webhooks. */
export async function serveApp(params: {
  identity: AppIdentity;
  deps?: AppDeps;
  appFn?: ApplicationFunction;
  paced?: boolean;
}): Promise<RunningApp> {
  const appFn = params.appFn ?? (params.deps && createApp(params.deps));
  if (!appFn) throw new Error("serveApp needs deps (Team Factory's app) or appFn");
  const probot = new Probot({
    appId: params.identity.appId,
    privateKey: params.identity.privateKey,
    secret: params.identity.secret,
    baseUrl: params.identity.baseUrl,
    Octokit: params.paced ? TeamFactoryOctokit : UnpacedTeamFactoryOctokit,
    logLevel: (process.env.LOG_LEVEL as LogLevel | undefined) ?? "warn",
  });
  const middleware = await createNodeMiddleware(appFn, {
    probot,
    webhooksPath: "/api/github/webhooks",
  });
  const server = createServer((req, res) => {
    Promise.resolve(
      middleware(req, res, () => {
        res.writeHead(404).end();
      }),
    ).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const webhookUrl = `${url}/api/github/webhooks`;
  return {
    url,
    webhookUrl,
    probot,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
