import { sign } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import {
  type GitHubSimulator,
  type SimulatorOptions,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";

export const OWNER = "acme";
export const REPO = "agents";

/** A simulator with one installed repository (`acme/agents`, maintainer `mia`, reader `rob`). */
export async function startSimWithRepo(opts: SimulatorOptions = {}): Promise<GitHubSimulator> {
  const sim = await startGitHubSimulator(opts);
  sim.createRepo({
    owner: OWNER,
    name: REPO,
    files: { "README.md": "# agents\n", "teams/research/README.md": "research team\n" },
    installation: true,
    collaborators: { mia: "maintain", rob: "read" },
    labels: [{ name: "capability-gap", color: "d73a4a" }],
  });
  return sim;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field in assertions
type Json = any;

/** Calls the simulator's REST API like a client would. */
export async function call(
  sim: GitHubSimulator,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      ...(options.token
        ? { authorization: `${options.token.includes(".") ? "Bearer" : "token"} ${options.token}` }
        : {}),
      ...(options.body !== undefined || options.raw ? { "content-type": "application/json" } : {}),
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Posts a GraphQL document as an installation or user. */
export async function gql(
  sim: GitHubSimulator,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  return call(sim, "POST", "/graphql", { token, body: { query, variables } });
}

/** An app JWT signed with the simulator's app key (what @octokit/auth-app sends). */
export function appJwt(sim: GitHubSimulator, claims: { iat?: number; exp?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const data = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: sim.app.id, ...claims })}`;
  const signature = sign("RSA-SHA256", Buffer.from(data), sim.app.privateKeyPem).toString(
    "base64url",
  );
  return `${data}.${signature}`;
}

/** A Probot for the simulator's app without retries or throttling (the scan's installation clients). */
export function simProbot(sim: GitHubSimulator): Probot {
  return new Probot({
    appId: sim.app.id,
    privateKey: sim.app.privateKeyPem,
    baseUrl: sim.url,
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
  });
}
