import { authenticate, type TokenStore } from "./auth.ts";
import { type FaultBox, faultAnswer } from "./faults.ts";
import { executeGraphql, type GraphqlSummary, summarize } from "./graphql/execute-graphql.ts";
import type { SimError, SimState } from "./state.ts";

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  graphql?: GraphqlSummary;
}

const DOCS = "https://docs.github.com/graphql";

/** POST /graphql: authenticate, apply faults, run the document (errors are 200s, as on GitHub). */
export async function handleGraphql(params: {
  state: SimState;
  tokens: TokenStore;
  faults: FaultBox;
  base: string;
  rawBody: string;
  authorization: string | undefined;
}): Promise<GraphqlAnswer> {
  let request: { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
  try {
    request = JSON.parse(params.rawBody);
  } catch {
    return { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS } };
  }
  if (typeof request.query !== "string") {
    return {
      status: 200,
      body: { errors: [{ message: "A query attribute must be specified and must be a string." }] },
    };
  }
  const graphql = summarize(request.query, request.operationName) ?? undefined;
  let actor: ReturnType<typeof authenticate>;
  try {
    actor = authenticate(params.state, params.tokens, params.authorization);
  } catch (error) {
    const e = error as SimError;
    return {
      status: e.status ?? 401,
      body: { message: e.message, documentation_url: DOCS },
      graphql,
    };
  }
  if (!actor) {
    return {
      status: 401,
      body: { message: "This endpoint requires you to be authenticated.", documentation_url: DOCS },
      graphql,
    };
  }
  if (actor.kind === "app") {
    return {
      status: 403,
      body: {
        message: "Resource not accessible by integration: use an installation token",
        documentation_url: DOCS,
      },
      graphql,
    };
  }
  const failFields = new Map<string, string>();
  const fault = params.faults.next({ graphqlFields: graphql?.fields ?? [] });
  if (fault) {
    const respond = fault.respond;
    // A 422 on a named field fails that field only (errors + partial data); other faults fail the request.
    if ("status" in respond && respond.status === 422 && fault.graphqlField) {
      failFields.set(fault.graphqlField, respond.message);
    } else {
      return { ...faultAnswer(respond), graphql };
    }
  }
  const body = await executeGraphql({
    ctx: { state: params.state, actor, base: params.base },
    query: request.query,
    variables: request.variables ?? undefined,
    operationName: request.operationName,
    failFields,
  });
  return { status: 200, body, graphql };
}
