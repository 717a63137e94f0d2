import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as openapiBackend from "openapi-backend";

type BackendClass = typeof openapiBackend.OpenAPIBackend;
type Backend = InstanceType<BackendClass>;
// A CommonJS package: Node exposes it on `default`, Vite on the namespace.
const OpenAPIBackend: BackendClass =
  openapiBackend.OpenAPIBackend ??
  (openapiBackend as unknown as { default: { OpenAPIBackend: BackendClass } }).default
    .OpenAPIBackend;
// biome-ignore lint/suspicious/noExplicitAny: JSON schema objects from the dereferenced definition
type Schema = any;

let shared: Promise<Backend> | null = null;

/** GitHub's REST description, parsed and initialised once per process and shared by every simulator. */
export function loadGitHubApi(): Promise<Backend> {
  shared ??= (async () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    const definition = nullableForAjv(JSON.parse(readFileSync(file, "utf8")));
    const api = new OpenAPIBackend({
      definition,
      quick: true,
      // GitHub's formats (uri, date-time…) are documentation; ajv would only warn about them.
      ajvOpts: { validateFormats: false, logger: false, strict: false },
    });
    await api.init();
    return api;
  })();
  return shared;
}

/**
 * OpenAPI 3.0's `nullable` as Ajv reads it, through the whole document (depth first, a plain walk:
 * a JSON.parse reviver took four times as long): beside `type` it needs `null` in any `enum`;
 * without `type` Ajv refuses it, so such a schema becomes `anyOf: [schema, { type: "null" }]`.
 */
function nullableForAjv(value: Schema): Schema {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = nullableForAjv(value[i]);
    return value;
  }
  for (const key in value) value[key] = nullableForAjv(value[key]);
  if (value.nullable !== true) return value;
  if (Array.isArray(value.enum) && !value.enum.includes(null)) value.enum.push(null);
  if (value.type !== undefined) return value;
  const { nullable: _, ...rest } = value;
  return { anyOf: [rest, { type: "null" }] };
}

/** Path parameters that GitHub lets contain slashes; clients other than Octokit may send them raw. */
const GREEDY_TAILS = [
  /^(\/repos\/[^/]+\/[^/]+\/contents\/)(.+)$/,
  /^(\/repos\/[^/]+\/[^/]+\/git\/refs?\/)(.+)$/,
  /^(\/repos\/[^/]+\/[^/]+\/git\/matching-refs\/)(.+)$/,
  /^(\/repos\/[^/]+\/[^/]+\/branches\/)(.+?)(\/protection.*)?$/,
];

/** The request path with greedy parameters' slashes encoded so the description's templates match. */
export function encodeGreedyPath(path: string): string {
  for (const pattern of GREEDY_TAILS) {
    const m = pattern.exec(path);
    if (m) return `${m[1]}${m[2].replaceAll("/", "%2F")}${m[3] ?? ""}`;
  }
  return path;
}

type Operation = NonNullable<ReturnType<Backend["getOperation"]>>;
interface Route {
  pattern: RegExp;
  params: number;
  operation: Operation;
}
const routeIndex = new WeakMap<Backend, Map<string, Route[]>>();

/**
 * The operation for a method and (greedy-encoded) path. openapi-backend's own matcher scans every
 * template (~36 ms a request); this index by method and segment count answers in microseconds,
 * literal segments winning over parameters like GitHub's router.
 */
export function findOperation(api: Backend, method: string, path: string): Operation | null {
  let index = routeIndex.get(api);
  if (!index) {
    index = new Map();
    for (const operation of api.getOperations()) {
      const segments = operation.path.split("/");
      const key = `${operation.method.toLowerCase()} ${segments.length}`;
      const source = segments
        .map((seg) => seg.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+"))
        .join("/");
      const route = {
        pattern: new RegExp(`^${source}$`),
        params: (operation.path.match(/\{/g) ?? []).length,
        operation,
      };
      index.set(
        key,
        [...(index.get(key) ?? []), route].sort((a, b) => a.params - b.params),
      );
    }
    routeIndex.set(api, index);
  }
  const routes = index.get(`${method.toLowerCase()} ${path.split("/").length}`) ?? [];
  return routes.find((r) => r.pattern.test(path))?.operation ?? null;
}

const responseSchemas = new Map<string, Schema | null>();

/** The JSON schema of an operation's response for a status, or null when the spec has none. */
export function responseSchema(api: Backend, operationId: string, status: number): Schema | null {
  const key = `${operationId} ${status}`;
  if (!responseSchemas.has(key)) {
    const op = api.getOperation(operationId) as Schema;
    const schema = op?.responses?.[String(status)]?.content?.["application/json"]?.schema ?? null;
    responseSchemas.set(key, schema);
  }
  return responseSchemas.get(key);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

function fits(schema: Schema, value: unknown): boolean {
  const t = typeOf(value);
  if (schema.type === undefined) return schema.properties ? t === "object" : true;
  return schema.type === t || (schema.type === "number" && t === "integer");
}

/**
 * Fills every required property the simulator left out with a value of the schema's type (its
 * example, the first enum value, null when nullable), so responses carry GitHub's full shape while
 * handlers only set the fields they simulate.
 */
export function conform(schema: Schema, value: unknown, depth = 0): unknown {
  if (!schema || depth > 12) return value ?? null;
  if (schema.allOf)
    return schema.allOf.reduce((v: unknown, s: Schema) => conform(s, v, depth), value);
  const options = schema.oneOf ?? schema.anyOf;
  if (options) {
    const pick =
      value === undefined
        ? (options.find((o: Schema) => o.type !== "null") ?? options[0])
        : (options.find((o: Schema) => fits(o, value)) ?? options[0]);
    return conform(pick, value, depth + 1);
  }
  if (value === undefined) {
    if (schema.nullable) return null;
    if (schema.enum) return schema.enum[0];
    if (schema.type === "object" || (!schema.type && schema.properties)) {
      return conform(schema, {}, depth + 1);
    }
    if (schema.type === "array") return [];
    if (schema.example !== undefined && fits(schema, schema.example)) return schema.example;
    if (schema.type === "integer" || schema.type === "number") return 0;
    if (schema.type === "boolean") return false;
    return "";
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    return schema.items ? value.map((v) => conform(schema.items, v, depth + 1)) : value;
  }
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const props = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (!(name in out)) out[name] = conform(props[name], undefined, depth + 1);
  }
  for (const [name, v] of Object.entries(out)) {
    if (props[name] && v !== undefined) out[name] = conform(props[name], v, depth + 1);
  }
  return out;
}

/** GitHub's 422 body for a request the description rejects. */
export function validationFailure(
  errors: { instancePath?: string; message?: string; params?: Record<string, unknown> }[],
  documentationUrl: string,
): { message: string; errors: unknown[]; documentation_url: string; status: string } {
  const lines: string[] = [];
  const details = errors.map((e) => {
    const where = (e.instancePath ?? "").replace(/^\/(requestBody|query|path|headers)/, "$1");
    const missing = e.params?.missingProperty;
    if (typeof missing === "string") {
      lines.push(`"${missing}" wasn't supplied.`);
      return { field: missing, code: "missing_field", message: e.message };
    }
    lines.push(`For '${where || "request"}', ${e.message}.`);
    return { field: where, code: "invalid", message: e.message };
  });
  return {
    message: `Invalid request.\n\n${lines.join("\n")}`,
    errors: details,
    documentation_url: documentationUrl,
    status: "422",
  };
}
