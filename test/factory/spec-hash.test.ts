import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, specHash } from "../../src/factory/spec-hash.ts";
import { runTool } from "./run-tool.ts";
import { sampleSpec } from "./sample-specs.ts";

const spec = sampleSpec({ framework: "LangGraph", provider: "OpenAI", members: 4, hostile: true });

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe("specHash", () => {
  it("does not depend on key order", () => {
    expect(specHash(reverseKeys(spec) as typeof spec)).toBe(specHash(spec));
  });

  it("changes when any value changes", () => {
    const other = {
      ...spec,
      members: spec.members.map((m, i) => (i === 1 ? { ...m, goal: `${m.goal}.` } : m)),
    };
    expect(specHash(other)).not.toBe(specHash(spec));
  });

  it("equals Python's sha256 of json.dumps(sort_keys=True) for the same spec", () => {
    const script =
      "import hashlib,json,sys;d=json.load(sys.stdin);print(hashlib.sha256(json.dumps(d,sort_keys=True,separators=(',',':'),ensure_ascii=False).encode()).hexdigest())";
    const run = runTool("python3", ["-c", script], { input: JSON.stringify(spec) });
    expect(run.output.trim()).toBe(specHash(spec));
    expect(createHash("sha256").update(canonicalJson(spec)).digest("hex")).toBe(specHash(spec));
  });

  it("sorts integer-like keys as text, unlike plain JS objects", () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: [{ z: null, a: "x" }] })).toBe(
      '{"10":2,"9":[{"a":"x","z":null}],"b":1}',
    );
  });
});
