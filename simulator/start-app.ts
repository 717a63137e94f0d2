import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApplicationFunction, Probot, type ProbotOctokit } from "probot";
import { type AppDeps, createApp } from "../src/app.ts";
import { TeamFactoryOctokit, UnpacedTeamFactoryOctokit } from "../src/github/octokit-options.ts";
import { createRequestHandler } from "../src/server/request-handler.ts";
import type { GitHubSimulator } from "./github/start-github-simulator.ts";

type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

/**
 * The app's Octokit: `off` (the default: millisecond back-off on server errors, for the
 * simulator) or `production` (as deployed). Team Factory keeps GitHub's limits in its own
 * installation clients (`createTeamFactory`'s `githubLimits`), whichever it is.
 */
export type Pacing = "off" | "production";

const OCTOKIT: Record<Pacing, typeof ProbotOctokit> = {
  off: UnpacedTeamFactoryOctokit,
  production: TeamFactoryOctokit,
};

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
  pacing?: Pacing;
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
  pacing?: Pacing;
}): Promise<RunningApp> {
  const appFn = params.appFn ?? (params.deps && createApp(params.deps));
  if (!appFn) throw new Error("serveApp needs deps (Team Factory's app) or appFn");
  const probot = new Probot({
    appId: params.identity.appId,
    privateKey: params.identity.privateKey,
    secret: params.identity.secret,
    baseUrl: params.identity.baseUrl,
    Octokit: OCTOKIT[params.pacing ?? "off"],
    logLevel: (process.env.LOG_LEVEL as LogLevel | undefined) ?? "warn",
  });
  // The same request handler as `npm start`: size limit and signature before any parsing.
  const handle = await createRequestHandler({
    probot,
    appFn,
    webhookPath: "/api/github/webhooks",
    secret: params.identity.secret,
  });
  const server = createServer((req, res) => void handle(req, res));
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
