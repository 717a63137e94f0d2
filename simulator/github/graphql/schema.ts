import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildSchema,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  parse,
  validate,
} from "graphql";

let schema: GraphQLSchema | null = null;

/** GitHub's public GraphQL schema, built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!schema) {
    const pkg = dirname(fileURLToPath(import.meta.resolve("@octokit/graphql-schema")));
    // The published SDL defines two fields twice; GitHub's own validation does not trip on it.
    schema = buildSchema(readFileSync(join(pkg, "schema.graphql"), "utf8"), {
      assumeValidSDL: true,
    });
  }
  return schema;
}

const documents = new Map<
  string,
  { document: DocumentNode | null; errors: readonly GraphQLError[] }
>();

/** Parses and validates a document once; the same text is answered from a cache afterwards. */
export function prepareDocument(text: string): {
  document: DocumentNode | null;
  errors: readonly GraphQLError[];
} {
  let entry = documents.get(text);
  if (!entry) {
    try {
      const document = parse(text);
      const errors = validate(githubSchema(), document);
      entry = { document: errors.length ? null : document, errors };
    } catch (error) {
      entry = { document: null, errors: [error as GraphQLError] };
    }
    if (documents.size > 500) documents.clear();
    documents.set(text, entry);
  }
  return entry;
}
