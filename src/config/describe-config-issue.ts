import type { z } from "zod";

// Zod internals used here (stable in zod 4): `_zod.def.type`, `innerType`, `in`, `shape`,
// `element`, `valueType`, `options`, and ZodNumber's `minValue`/`maxValue`/`isInt`.
type AnySchema = {
  _zod: {
    def: {
      type: string;
      innerType?: AnySchema;
      element?: AnySchema;
      valueType?: AnySchema;
      in?: AnySchema;
    };
  };
  shape?: Record<string, AnySchema>;
  options?: unknown[];
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
};

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (
    s._zod.def.innerType &&
    ["default", "optional", "nullable", "catch", "prefault"].includes(s._zod.def.type)
  ) {
    s = s._zod.def.innerType;
  }
  // A transformed value is described by what it reads.
  if (s._zod.def.type === "pipe" && s._zod.def.in) return unwrap(s._zod.def.in);
  // A value or a mapping (`mode: full` or `mode: {explicit: full}`): the mapping has the keys.
  if (s._zod.def.type === "union") {
    const mapping = (s.options as AnySchema[] | undefined)?.find(
      (o) => unwrap(o)._zod.def.type === "object",
    );
    if (mapping) return unwrap(mapping);
  }
  return s;
}

function fieldAt(root: AnySchema, path: PropertyKey[]): AnySchema | null {
  let s: AnySchema | null = unwrap(root);
  for (const key of path) {
    if (!s) return null;
    const type: string = s._zod.def.type;
    const next: AnySchema | undefined =
      type === "object"
        ? s.shape?.[String(key)]
        : type === "array"
          ? s._zod.def.element
          : type === "record"
            ? s._zod.def.valueType
            : undefined;
    s = next ? unwrap(next) : null;
  }
  return s;
}

const finite = (n: number | null | undefined): n is number =>
  typeof n === "number" && Number.isFinite(n);

/** What a field accepts, in words: "a whole number from 0 to 100", "true or false", … */
export function describeField(schema: AnySchema): string {
  const s = unwrap(schema);
  switch (s._zod.def.type) {
    case "number": {
      const kind = s.isInt ? "a whole number" : "a number";
      if (finite(s.minValue) && finite(s.maxValue))
        return `${kind} from ${s.minValue} to ${s.maxValue}`;
      if (finite(s.minValue)) return `${kind} of at least ${s.minValue}`;
      if (finite(s.maxValue)) return `${kind} of at most ${s.maxValue}`;
      return kind;
    }
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${(s.options ?? []).map((o) => JSON.stringify(o)).join(", ")}`;
    case "string":
      return "text";
    case "array":
      return s._zod.def.element
        ? `a list of ${plural(describeField(s._zod.def.element))}`
        : "a list";
    case "record":
      return "a mapping of names to settings";
    case "object":
      return `a mapping with the keys ${Object.keys(s.shape ?? {}).join(", ")}`;
    default:
      return "a valid value";
  }
}

function plural(description: string): string {
  return description.replace(/^an? /, "").replace(/^text$/, "texts");
}

export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
    "",
  );
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === "object") return "a mapping";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** One zod issue as a sentence naming the field, what it accepts and what it got. */
export function describeConfigIssue(params: {
  schema: z.ZodType;
  issue: z.core.$ZodIssue;
  input: unknown;
}): string {
  const { issue } = params;
  const root = params.schema as unknown as AnySchema;
  const where = formatPath(issue.path);
  const value = valueAt(params.input, issue.path);
  if (issue.code === "unrecognized_keys") {
    const accepted = Object.keys(fieldAt(root, issue.path)?.shape ?? {});
    return issue.keys
      .map((key) => {
        const near = accepted.find((k) => distance(k, key.toLowerCase()) <= 2);
        const hint = near ? ` (did you mean "${near}"?)` : "";
        return `${where ? `${where}.` : ""}${key}: unknown key${hint}; the accepted keys${where ? ` under ${where}` : ""} are ${accepted.join(", ")}`;
      })
      .join("\n- ");
  }
  if (issue.code === "too_big" && issue.origin === "array") {
    return `${where}: must be a list of at most ${issue.maximum} items (got ${shown(value)})`;
  }
  if (issue.code === "invalid_format" && !issue.message.startsWith("Invalid")) {
    return `${where}: must be ${issue.message} (got ${shown(value)})`;
  }
  if (issue.code === "custom") return `${where || "the file"}: ${issue.message}`;
  // A field that says itself what is wrong, whole (a union's message names no option otherwise).
  if (issue.code === "invalid_union" && !issue.message.startsWith("Invalid"))
    return `${where}: ${issue.message}`;
  // A field's own rule, worded where the field is declared.
  if (issue.code === "invalid_value" && !issue.message.startsWith("Invalid"))
    return `${where}: ${issue.message} (got ${shown(value)})`;
  if (issue.code === "invalid_key") {
    return `${where}: ${shown(value)} is not an accepted name here`;
  }
  const field = fieldAt(root, issue.path);
  const expected = field ? describeField(field) : issue.message;
  if (value === undefined && issue.code === "invalid_type")
    return `${where}: is missing; it must be ${expected}`;
  return `${where || "the file"}: must be ${expected} (got ${shown(value)})`;
}
