/** The slice of Octokit's `graphql` the publishing code uses (Probot's `context.octokit.graphql`). */
export type GraphqlClient = <T = unknown>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<T>;

/** A GraphQL error answer: the errors and whatever `data` GitHub returned beside them. */
export interface GraphqlFailure {
  errors: { message: string; type?: string; path?: (string | number)[] }[];
  data: Record<string, unknown> | null;
}

/** Reads Octokit's GraphqlResponseError (errors + partial data); null for other errors. */
export function asGraphqlFailure(error: unknown): GraphqlFailure | null {
  const e = error as { errors?: unknown; data?: unknown; name?: string };
  if (!e || !Array.isArray(e.errors)) return null;
  return {
    errors: e.errors as GraphqlFailure["errors"],
    data: (e.data as Record<string, unknown>) ?? null,
  };
}
