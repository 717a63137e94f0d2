import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import { checkSignificance } from "../../src/spec/check-significance.ts";
import { issueGap } from "./gap-fixtures.ts";

const cases = JSON.parse(readFileSync("fixtures/gaps/realistic.json", "utf8")) as {
  text: string;
  department: string;
  role: string;
}[];

describe("the heuristic builder on realistic gaps", () => {
  it.each(cases.map((c) => [c.text, c]))("%s", (_text, c) => {
    const gap = issueGap(c.text, c.text.slice(0, 60));
    expect(checkSignificance(gap)).toEqual({ ok: true });
    const spec = buildHeuristicSpec({ gap, config: DEFAULT_REPO_CONFIG });
    expect(spec.department.split(".")[0]).toBe(c.department);
    expect(spec.members.map((m) => m.role)).toContain(c.role);
    expect(spec.members.every((m) => m.goal.length > 30 && m.backstory.length > 30)).toBe(true);
  });
});
