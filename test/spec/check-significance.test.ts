import { describe, expect, it } from "vitest";
import { checkSignificance, measureDescription } from "../../src/spec/check-significance.ts";
import { gap } from "./gap-fixtures.ts";

const reason = (result: ReturnType<typeof checkSignificance>) => (result.ok ? "" : result.reason);

describe("checkSignificance", () => {
  it("accepts a described gap with skills", () => {
    expect(checkSignificance(gap())).toEqual({ ok: true });
  });

  it("rejects an empty description and says what to write", () => {
    expect(reason(checkSignificance(gap({ description: "" })))).toMatch(
      /description is empty.*what the new team should do/,
    );
    const hidden = "<!-- a long hidden comment that says nothing -->";
    expect(reason(checkSignificance(gap({ description: hidden })))).toMatch(/empty/);
  });

  it("names the rule that failed: length, different words, or both", () => {
    const short = reason(checkSignificance(gap({ description: "need charts now" })));
    expect(short).toMatch(/too short \(15 characters; at least 20 are needed/);
    expect(short).not.toMatch(/words/);

    const repeated = reason(checkSignificance(gap({ description: "A".repeat(71) })));
    expect(repeated).toMatch(/too few different words \(1; at least 3 are needed/);
    expect(repeated).not.toMatch(/too short|characters;/);

    const both = reason(checkSignificance(gap({ description: "charts" })));
    expect(both).toMatch(/too short \(6 characters.* and has too few different words \(1;/);
  });

  it("counts Chinese and Japanese characters sensibly: two characters, one word per pair", () => {
    expect(measureDescription("监控集群成本")).toEqual({ characters: 12, words: 3 });
    const chinese = "我们需要一个团队来监控集群成本并在支出异常时发出警报";
    expect(checkSignificance(gap({ description: chinese }))).toEqual({ ok: true });
    expect(
      checkSignificance(gap({ description: "クラスタのコスト監視と異常の通知をするチーム" })),
    ).toEqual({
      ok: true,
    });
    expect(reason(checkSignificance(gap({ description: "成本监控" })))).toMatch(
      /too short \(8 characters.*too few different words \(2;/,
    );
  });

  it("accepts descriptions in any script", () => {
    expect(
      checkSignificance(gap({ description: "Нам нужна команда для анализа данных и отчётов" })).ok,
    ).toBe(true);
  });

  it("says where to add skills in the words of the trigger", () => {
    const noSkills = (kind: "label" | "command" | "cli") =>
      reason(checkSignificance(gap({ requiredSkills: [], kind })));
    expect(noSkills("label")).toMatch(/"Skills the team needs" field of the issue form/);
    expect(noSkills("command")).toMatch(/skills=a,b to the \/create-team line/);
    expect(noSkills("cli")).toMatch(/--skills "data visualization,sql"/);
    expect(noSkills("cli")).not.toMatch(/issue|create-team/);
  });
});
