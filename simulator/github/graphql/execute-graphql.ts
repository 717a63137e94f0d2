import {
  defaultFieldResolver,
  execute,
  type GraphQLError,
  type GraphQLFieldResolver,
  Kind,
  type OperationDefinitionNode,
} from "graphql";
import { canSee, findRepo, SimError } from "../state.ts";
import { mutations } from "./mutations.ts";
import {
  commentObject,
  type GqlContext,
  issueObject,
  labelObject,
  pullObject,
  repositoryObject,
  userObject,
} from "./objects.ts";
import { githubSchema, prepareDocument } from "./schema.ts";

export interface GraphqlSummary {
  operation: "query" | "mutation";
  name?: string;
  fields: string[];
}

const ERROR_TYPES: Record<number, string> = {
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  422: "UNPROCESSABLE",
  501: "NOT_SIMULATED",
};

function queries(ctx: GqlContext) {
  const { state, actor } = ctx;
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = findRepo(state, owner, name);
      if (!repo || !canSee(actor, repo))
        throw new SimError(
          404,
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      return repositoryObject(ctx, repo);
    },
    user: ({ login }: { login: string }) => {
      const user = state.users.get(login.toLowerCase());
      if (user?.type !== "User")
        throw new SimError(404, `Could not resolve to a User with the login of '${login}'.`);
      return userObject(user);
    },
    organization: ({ login }: { login: string }) => {
      const org = state.users.get(login.toLowerCase());
      if (org?.type !== "Organization")
        throw new SimError(
          404,
          `Could not resolve to an Organization with the login of '${login}'.`,
        );
      return {
        ...userObject(org),
        team: ({ slug }: { slug: string }) => {
          const team = [...state.nodes.values()].find(
            (n) =>
              n.kind === "team" &&
              (n.value as { slug: string; org: string }).slug === slug &&
              (n.value as { org: string }).org === org.login,
          );
          const value = team?.value as { nodeId: string; slug: string; id: number } | undefined;
          return value
            ? {
                __typename: "Team",
                id: value.nodeId,
                databaseId: value.id,
                slug: value.slug,
                name: value.slug,
              }
            : null;
        },
      };
    },
    viewer: () => userObject(actor.user),
    node: ({ id }: { id: string }) => {
      const found = state.nodes.get(id);
      if (!found || (found.repo && !canSee(actor, found.repo)))
        throw new SimError(404, `Could not resolve to a node with the global id of '${id}'`);
      const { repo, kind, value } = found;
      if (!repo) return userObject(value as never);
      if (kind === "issue") return issueObject(ctx, repo, value as never);
      if (kind === "pull") return pullObject(ctx, repo, value as never);
      if (kind === "comment") return commentObject(ctx, repo, value as never);
      if (kind === "label") return labelObject(value as never);
      if (kind === "repository") return repositoryObject(ctx, repo);
      return null;
    },
  };
}

/** A field the simulator does not implement fails loudly instead of answering null. */
const loudFields: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source && typeof source === "object" && !(info.fieldName in source)) {
    throw new SimError(501, `not simulated: ${info.parentType.name}.${info.fieldName}`);
  }
  return defaultFieldResolver(source, args, context, info);
};

/** Operation kind, name and root fields of the document's operation (for the log and faults). */
export function summarize(text: string, operationName?: string): GraphqlSummary | null {
  const { document } = prepareDocument(text);
  const op = document?.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!op) return null;
  return {
    operation: op.operation === "mutation" ? "mutation" : "query",
    name: op.name?.value,
    fields: op.selectionSet.selections.flatMap((s) =>
      s.kind === Kind.FIELD ? [s.name.value] : [],
    ),
  };
}

function formatError(error: GraphQLError) {
  const original = error.originalError;
  const type =
    original instanceof SimError ? (ERROR_TYPES[original.status] ?? "UNPROCESSABLE") : undefined;
  return {
    ...(type ? { type } : {}),
    ...(error.path ? { path: error.path } : {}),
    locations: error.locations ?? [],
    message: error.message,
  };
}

/**
 * Runs a document against GitHub's schema over the simulator's state. Invalid documents answer
 * `{ errors }`; a failing field answers `errors` beside the partial `data` (mutations run in order,
 * so earlier fields' effects stay, as on GitHub). `failFields` makes named root fields fail.
 */
export async function executeGraphql(params: {
  ctx: GqlContext;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  failFields?: Map<string, string>;
}): Promise<{ data?: unknown; errors?: unknown[] }> {
  const { document, errors } = prepareDocument(params.query);
  if (!document) return { errors: errors.map(formatError) };
  const root: Record<string, unknown> = { ...queries(params.ctx), ...mutations(params.ctx) };
  for (const [field, message] of params.failFields ?? []) {
    root[field] = () => {
      throw new SimError(422, message);
    };
  }
  const result = await execute({
    fieldResolver: loudFields,
    schema: githubSchema(),
    document,
    rootValue: root,
    contextValue: params.ctx,
    variableValues: params.variables,
    operationName: params.operationName,
  });
  return {
    ...(result.errors?.length ? { errors: result.errors.map(formatError) } : {}),
    data: result.data ?? null,
  };
}
