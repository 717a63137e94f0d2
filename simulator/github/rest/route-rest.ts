import type { OpenAPIBackend } from "openapi-backend";
import { authenticate, type TokenStore } from "../auth.ts";
import { type FaultBox, faultAnswer } from "../faults.ts";
import {
  conform,
  encodeGreedyPath,
  findOperation,
  responseSchema,
  validationFailure,
} from "../openapi.ts";
import {
  type Actor,
  canSee,
  findRepo,
  requirePermission,
  SimError,
  type SimState,
} from "../state.ts";
import { appsHandlers } from "./apps.ts";
import type { RestContext, RestHandler } from "./context.ts";
import { gitHandlers } from "./git.ts";
import { issuesHandlers } from "./issues.ts";
import { pullsHandlers } from "./pulls.ts";
import { reposHandlers } from "./repos.ts";

type Backend = OpenAPIBackend;

export const REST_HANDLERS: Record<string, RestHandler> = {
  ...appsHandlers,
  ...reposHandlers,
  ...gitHandlers,
  ...issuesHandlers,
  ...pullsHandlers,
};

/** Operations that take the app's JWT rather than an installation or user token. */
const JWT_OPERATIONS = new Set([
  "apps/get-authenticated",
  "apps/list-installations",
  "apps/get-repo-installation",
  "apps/create-installation-access-token",
]);

/** The least permission a user token needs for a write (reads need `read`). */
const WRITE_LEVEL: Record<string, "triage" | "write"> = {
  "issues/add-labels": "triage",
  "issues/create-label": "write",
  "issues/update": "triage",
};

export interface RestAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  operationId?: string;
}

const DOCS = "https://docs.github.com/rest";
const fail = (status: number, message: string, operationId?: string): RestAnswer => ({
  status,
  body: { message, documentation_url: DOCS, status: String(status) },
  operationId,
});

/** Matches, validates, authenticates and runs one REST request against the state. */
export function routeRest(params: {
  api: Backend;
  state: SimState;
  tokens: TokenStore;
  faults: FaultBox;
  base: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}): RestAnswer {
  const { api, state, method } = params;
  const request = {
    method: method.toLowerCase(),
    path: encodeGreedyPath(params.path),
    query: params.query,
    headers: params.headers as Record<string, string>,
  };
  const operation = findOperation(api, request.method, request.path);
  if (!operation)
    return { status: 404, body: { message: "Not Found", documentation_url: DOCS, status: "404" } };
  const operationId = operation.operationId as string;
  let body: unknown;
  if (params.rawBody.trim()) {
    try {
      body = JSON.parse(params.rawBody);
    } catch {
      return fail(400, "Problems parsing JSON", operationId);
    }
  }
  const docs = (operation.externalDocs as { url?: string } | undefined)?.url ?? DOCS;
  const validation = api.validateRequest({ ...request, body } as never, operation);
  if (!validation.valid) {
    return { status: 422, body: validationFailure(validation.errors ?? [], docs), operationId };
  }
  const handler = REST_HANDLERS[operationId];
  if (!handler)
    return {
      status: 501,
      body: { message: `not simulated: ${operationId}`, documentation_url: docs },
      operationId,
    };
  const fault = params.faults.next({ operationId });
  if (fault) return { ...faultAnswer(fault.respond), operationId };
  try {
    const header = params.headers.authorization;
    const actor = authenticate(state, params.tokens, Array.isArray(header) ? header[0] : header);
    const pathParams = Object.fromEntries(
      Object.entries(api.router.parseRequest(request as never, operation).params ?? {}).map(
        ([k, v]) => [k, decodeURIComponent(String(v))],
      ),
    );
    const ctx = {
      state,
      tokens: params.tokens,
      base: params.base,
      actor,
      params: pathParams,
      query: params.query,
      body: body ?? {},
    } as RestContext;
    checkAccess(ctx, operationId, method, actor);
    const result = handler(ctx);
    const schema = result.status < 300 ? responseSchema(api, operationId, result.status) : null;
    return {
      status: result.status,
      headers: result.headers,
      body: schema ? conform(schema, result.body) : result.body,
      operationId,
    };
  } catch (error) {
    if (error instanceof SimError) return fail(error.status, error.message, operationId);
    throw error;
  }
}

function checkAccess(
  ctx: RestContext,
  operationId: string,
  method: string,
  actor: Actor | null,
): void {
  if (JWT_OPERATIONS.has(operationId)) {
    if (actor?.kind !== "app") throw new SimError(401, "A JSON web token could not be decoded");
    return;
  }
  if (actor?.kind === "app")
    throw new SimError(403, "Resource not accessible by integration: use an installation token");
  const { owner, repo: name } = ctx.params;
  if (!owner || !name) return;
  const repo = findRepo(ctx.state, owner, name);
  if (!repo || !canSee(actor, repo))
    throw new SimError(actor ? 404 : 401, actor ? "Not Found" : "Requires authentication");
  ctx.repo = repo;
  if (method !== "GET") {
    if (!actor) throw new SimError(401, "Requires authentication");
    const comments =
      operationId.startsWith("reactions/") ||
      operationId.endsWith("-comment") ||
      operationId === "issues/create";
    requirePermission(actor, repo, comments ? "read" : (WRITE_LEVEL[operationId] ?? "write"));
  }
}
