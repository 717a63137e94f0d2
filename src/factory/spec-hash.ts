import { createHash } from "node:crypto";
import type { TeamSpec } from "../spec/team-spec.ts";

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so equal
 * values always give equal text. Built by hand: JS objects put integer-like keys first.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== "function")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** sha256 (hex) of the spec's canonical JSON: binds team.json and approvals to one spec. */
export function specHash(spec: TeamSpec): string {
  return createHash("sha256").update(canonicalJson(spec)).digest("hex");
}
