import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Act, createAct } from "./act.ts";
import { createReviewActs, type ReviewActs } from "./act-reviews.ts";
import { createTokenStore, issueInstallationToken, issueUserToken } from "./auth.ts";
import { createFaults, type Faults } from "./faults.ts";
import { summarize } from "./graphql/execute-graphql.ts";
import { githubSchema } from "./graphql/schema.ts";
import { handleGraphql } from "./handle-graphql.ts";
import { loadGitHubApi } from "./openapi.ts";
import { createRateLimits, type RateLimits } from "./rate-limits.ts";
import { routeRest } from "./rest/route-rest.ts";
import { type SeedRepo, seedRepo } from "./seed-repo.ts";
import {
  createState,
  ensureUser,
  findRepo,
  type SimApp,
  type SimRepo,
  type SimState,
} from "./state.ts";
import { createDeliveries, type DeliveryResult } from "./webhooks.ts";

export interface LogEntry {
  method: string;
  path: string;
  operationId?: string;
  graphql?: { operation: "query" | "mutation"; name?: string; fields: string[] };
  status: number;
  ms: number;
  at: number;
  /** The installation whose token made the request. */
  installationId?: number;
  /** A content-creating request (a REST write under `/repos/`, a GraphQL mutation). */
  write?: boolean;
  /** The end of the installation token that made it: tells two clients of one installation apart. */
  client?: string;
}

export interface GitHubSimulator {
  url: string;
  app: Pick<SimApp, "id" | "slug" | "privateKeyPem" | "webhookSecret"> & { botLogin: string };
  state: SimState;
  log: LogEntry[];
  resetLog(): void;
  faults: Faults;
  /** GitHub's primary and secondary rate limits per installation (off until set). */
  limits: RateLimits;
  act: Act & ReviewActs;
  createRepo(params: SeedRepo): SimRepo;
  repo(owner: string, name: string): SimRepo;
  repoDir(owner: string, name: string): string;
  setWebhookUrl(url: string): void;
  /** GitHub's redelivery (same id), or, with `newId`, a replay of the same signed body. */
  redeliver(deliveryId: string, options?: { newId?: boolean }): Promise<DeliveryResult>;
  /** A token that acts as the installation of `owner/name` (for tests acting as the app). */
  installationToken(owner: string, name: string): string;
  /** A token that acts as a human user. */
  userToken(login: string): string;
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  /** Clock in ms since the epoch; inject one to expire tokens in a test. */
  now?: () => number;
  appSlug?: string;
  appId?: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    ...headers,
  });
  res.end(text);
}

function isMutation(rawBody: string): boolean {
  try {
    const { query, operationName } = JSON.parse(rawBody) as {
      query?: unknown;
      operationName?: string;
    };
    return typeof query === "string" && summarize(query, operationName)?.operation === "mutation";
  } catch {
    return false;
  }
}

let key: KeyObject | null = null;
/** The app's RSA key: one per process (generating one takes ~0.1 s of CPU, every simulator did). */
function appKey(): KeyObject {
  key ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  return key;
}

/** Starts a GitHub stand-in on 127.0.0.1 (REST at the root and under /api/v3, GraphQL at /graphql and /api/graphql). */
export async function startGitHubSimulator(opts: SimulatorOptions = {}): Promise<GitHubSimulator> {
  const [api] = await Promise.all([loadGitHubApi(), Promise.resolve(githubSchema())]);
  const state = createState(opts.now);
  const tokens = createTokenStore();
  const faults = createFaults();
  const limits = createRateLimits();
  const root = mkdtempSync(join(tmpdir(), "github-sim-"));
  const privateKey = appKey();
  const privateKeyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const slug = opts.appSlug ?? "team-factory";
  const app: SimApp = {
    id: opts.appId ?? 4242,
    slug,
    name: "Team Factory",
    owner: ensureUser(state, "team-factory-org", "Organization"),
    bot: ensureUser(state, `${slug}[bot]`, "Bot"),
    privateKeyPem,
    publicKey: createPublicKey(privateKey),
    webhookSecret: `whsec-${Math.random().toString(36).slice(2)}`,
    webhookUrl: null,
  };
  state.apps.push(app);
  const log: LogEntry[] = [];
  let url = "";
  const deliveries = createDeliveries(app);

  const server = createServer(async (req, res) => {
    const start = performance.now();
    const parsed = new URL(req.url ?? "/", "http://localhost");
    let path = parsed.pathname;
    if (path === "/api/graphql") path = "/graphql";
    else if (path.startsWith("/api/v3/")) path = path.slice("/api/v3".length);
    const entry: LogEntry = {
      method: req.method ?? "GET",
      path: parsed.pathname,
      status: 0,
      ms: 0,
      at: Date.now(),
    };
    try {
      const rawBody = await readBody(req);
      const limited = meetLimits(entry, path, rawBody, req.headers.authorization);
      if (faults.latency()) await new Promise((r) => setTimeout(r, faults.latency()));
      if (limited.answer) {
        entry.status = limited.answer.status;
        send(res, limited.answer.status, limited.answer.body, limited.answer.headers);
        return;
      }
      const answer =
        path === "/graphql" && req.method === "POST"
          ? await handleGraphql({
              state,
              tokens,
              faults,
              base: url,
              rawBody,
              authorization: req.headers.authorization,
            })
          : routeRest({
              api,
              state,
              tokens,
              faults,
              base: url,
              method: entry.method,
              path,
              query: Object.fromEntries(parsed.searchParams),
              headers: req.headers,
              rawBody,
            });
      entry.operationId = "operationId" in answer ? answer.operationId : undefined;
      if ("graphql" in answer && answer.graphql) entry.graphql = answer.graphql;
      const held = faults.heldUntil({
        operationId: entry.operationId,
        graphqlFields: entry.graphql?.fields,
      });
      if (held) await held;
      entry.status = answer.status;
      send(res, answer.status, answer.body, { ...answer.headers, ...limited.headers });
    } catch (error) {
      entry.status = 500;
      send(res, 500, { message: `simulator error: ${(error as Error).message}` });
    } finally {
      entry.ms = performance.now() - start;
      log.push(entry);
    }
  });
  /** The installation behind a request, whether it creates content, and what its limits say. */
  function meetLimits(entry: LogEntry, path: string, rawBody: string, authorization?: string) {
    const token = /^(?:bearer|token)\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
    const installationId = token ? tokens.installation.get(token)?.installationId : undefined;
    const graphql = path === "/graphql";
    entry.write = graphql
      ? isMutation(rawBody)
      : !["GET", "HEAD"].includes(entry.method) && path.startsWith("/repos/");
    if (installationId === undefined) return { headers: {}, answer: null };
    entry.installationId = installationId;
    entry.client = token?.slice(-6);
    return limits.check({ installationId, write: entry.write, graphql, now: Date.now() });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const repoOrThrow = (owner: string, name: string) => {
    const repo = findRepo(state, owner, name);
    if (!repo)
      throw new Error(
        `no simulated repository ${owner}/${name}: seed it with sim.createRepo first`,
      );
    return repo;
  };
  return {
    url,
    app: {
      id: app.id,
      slug,
      privateKeyPem,
      webhookSecret: app.webhookSecret,
      botLogin: app.bot.login,
    },
    state,
    log,
    resetLog: () => {
      log.length = 0;
    },
    faults,
    limits,
    act: {
      ...createAct({ state, base: () => url, deliveries }),
      ...createReviewActs({ state, base: () => url, deliveries }),
    },
    createRepo: (params) => seedRepo({ state, root, params }),
    repo: repoOrThrow,
    repoDir: (owner, name) => repoOrThrow(owner, name).git.onDisk(),
    setWebhookUrl: (webhookUrl) => {
      app.webhookUrl = webhookUrl;
    },
    redeliver: (id, options) => deliveries.redeliver(id, options),
    installationToken: (owner, name) => {
      const repo = repoOrThrow(owner, name);
      const installation = state.installations.find((i) => i.repoIds.has(repo.id));
      if (!installation)
        throw new Error(`${owner}/${name} has no installation: seed it with installation: true`);
      return issueInstallationToken(state, tokens, installation).token;
    },
    userToken: (login) => {
      ensureUser(state, login);
      return issueUserToken(tokens, login);
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
