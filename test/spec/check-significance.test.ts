import { describe, expect, it } from "vitest";
import { checkSignificance } from "../../src/spec/check-significance.ts";
import { gap } from "./gap-fixtures.ts";

const reason = (result: ReturnType<typeof checkSignificance>) => (result.ok ? "" : result.reason);

describe("checkSignificance", () => {
  it("accepts a described gap with skills", () => {
    expect(checkSignificance(gap())).toEqual({ ok: true });
  });

  it("rejects an empty or too short description and says what to write", () => {
    expect(reason(checkSignificance(gap({ description: "" })))).toMatch(
      /description is empty.*what the new team should do/,
    );
    expect(reason(checkSignificance(gap({ description: "need charts" })))).toMatch(
      /too short \(11 characters\)/,
    );
    expect(
      reason(checkSignificance(gap({ description: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }))),
    ).toMatch(/3 different words/);
    expect(
      reason(
        checkSignificance(gap({ description: "<!-- a long hidden comment that says nothing -->" })),
      ),
    ).toMatch(/empty/);
  });

  it("rejects a gap without skills and says where to add them", () => {
    expect(reason(checkSignificance(gap({ requiredSkills: [] })))).toMatch(/skills=a,b/);
  });

  it("accepts descriptions in any script", () => {
    expect(
      checkSignificance(gap({ description: "Нам нужна команда для анализа данных и отчётов" })).ok,
    ).toBe(true);
  });
});
