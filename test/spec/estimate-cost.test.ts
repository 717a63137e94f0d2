import { describe, expect, it } from "vitest";
import { isOverThreshold } from "../../src/policy/cost-gate.ts";
import {
  DEFAULT_PRICES,
  DEFAULT_USAGE,
  estimateCost,
  isPriceKnown,
  priceKey,
} from "../../src/spec/estimate-cost.ts";
import { TeamSpec } from "../../src/spec/team-spec.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";

const spec3 = fixtureSpec("crewai-openai-3");
const spec5 = fixtureSpec("langgraph-anthropic-5");
const withModel = (model: string, spec = spec3) => TeamSpec.parse({ ...spec, model });

describe("estimateCost", () => {
  it("prices each member's calls a month from the table", () => {
    const cost = estimateCost({ spec: spec3 });
    const price = DEFAULT_PRICES["gpt-4o-mini"];
    if (!price) throw new Error("gpt-4o-mini missing from the table");
    const { member, daysPerMonth } = DEFAULT_USAGE;
    const expected =
      member.callsPerDay *
      daysPerMonth *
      ((member.inputTokens / 1000) * price.input_per_1k +
        (member.outputTokens / 1000) * price.output_per_1k);
    expect(cost.perMember[1]?.monthlyUsd).toBeCloseTo(expected, 2);
    expect(cost.perMember.map((m) => m.kind)).toEqual(["manager", "member", "member"]);
    expect(cost.llmMonthlyUsd).toBeCloseTo(
      cost.perMember.reduce((s, m) => s + m.monthlyUsd, 0),
      2,
    );
    expect(cost.monthlyUsd).toBeCloseTo(cost.llmMonthlyUsd + cost.infraMonthlyUsd, 2);
    expect(cost.priceSource).toBe("default");
  });

  it("sizes the pod by team size: 100m/256Mi up to 3 members, else 200m/512Mi", () => {
    expect(estimateCost({ spec: spec3 }).pod).toMatchObject({ cpu: "100m", memory: "256Mi" });
    const big = estimateCost({ spec: spec5 });
    expect(big.pod).toMatchObject({ cpu: "200m", memory: "512Mi" });
    expect(big.infraMonthlyUsd).toBeGreaterThan(estimateCost({ spec: spec3 }).infraMonthlyUsd);
    expect(big.perMember.some((m) => m.kind === "skeptic")).toBe(true);
  });

  it("finds dated and -latest model names in the table", () => {
    expect(priceKey("claude-3-5-haiku-latest")).toBe("claude-3-5-haiku");
    expect(priceKey("claude-sonnet-4-20250514")).toBe("claude-sonnet-4");
    expect(priceKey("openai/gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(estimateCost({ spec: withModel("gpt-4o-2024-08-06") }).priceSource).toBe("default");
  });

  it("lets repo config prices override and add models", () => {
    const cheap = estimateCost({
      spec: spec3,
      prices: { "gpt-4o-mini": { input_per_1k: 0, output_per_1k: 0 } },
    });
    expect(cheap.llmMonthlyUsd).toBe(0);
    expect(cheap.priceSource).toBe("config");
    const added = estimateCost({
      spec: withModel("house-model"),
      prices: { "house-model": { input_per_1k: 1, output_per_1k: 1 } },
    });
    expect(added.priceSource).toBe("config");
    expect(added.llmMonthlyUsd).toBeGreaterThan(1000);
  });

  it("prices a dated release as its family and knows current families (no dodging by name)", () => {
    const llm = (model: string) => estimateCost({ spec: withModel(model) }).llmMonthlyUsd;
    // These were once priced as gpt-4o (a fifth to a tenth of their price).
    expect(priceKey("gpt-4-0613")).toBe("gpt-4");
    expect(llm("gpt-4-0613")).toBe(llm("gpt-4"));
    expect(llm("o1-pro")).toBeGreaterThan(llm("gpt-4"));
    expect(llm("claude-opus-4-1")).toBe(llm("claude-opus-4"));
    expect(llm("claude-opus-4-1-20250805")).toBe(llm("claude-opus-4"));
    for (const model of ["o1", "o3", "o3-mini", "gpt-4.1", "gpt-4.1-mini", "claude-opus-4-5"])
      expect(estimateCost({ spec: withModel(model) }).priceKnown, model).toBe(true);
  });

  it("fails closed on a model it has no price for: known false, never priced below a dear model", () => {
    const cost = estimateCost({ spec: withModel("mystery-9000") });
    expect(cost.priceKnown).toBe(false);
    expect(cost.priceSource).toMatch(
      /^unknown: mystery-9000 is not in the price table .*add it under prices/,
    );
    expect(cost.llmMonthlyUsd).toBeGreaterThanOrEqual(
      estimateCost({ spec: withModel("gpt-4") }).llmMonthlyUsd,
    );
    expect(isPriceKnown("mystery-9000")).toBe(false);
    expect(
      isPriceKnown("mystery-9000", { "mystery-9000": { input_per_1k: 1, output_per_1k: 1 } }),
    ).toBe(true);
    expect(isPriceKnown("gpt-4-1106-preview")).toBe(false);
  });

  it("takes usage overrides and states its assumptions", () => {
    const base = estimateCost({ spec: spec3 });
    const busy = estimateCost({
      spec: spec3,
      usage: { member: { callsPerDay: 400 }, replicas: 2 },
    });
    expect(busy.perMember[1]?.monthlyUsd).toBeCloseTo((base.perMember[1]?.monthlyUsd ?? 0) * 10, 1);
    expect(busy.perMember[0]?.monthlyUsd).toBe(base.perMember[0]?.monthlyUsd);
    expect(busy.infraMonthlyUsd).toBeCloseTo(base.infraMonthlyUsd * 2, 1);
    expect(busy.assumptions.join("\n")).toMatch(/member: 400 calls\/day/);
  });

  it("flags costs above the approval threshold", () => {
    const cost = estimateCost({
      spec: withModel("gpt-4"),
      usage: { member: { callsPerDay: 2000 } },
    });
    expect(isOverThreshold(cost.monthlyUsd, 1000)).toBe(true);
    expect(isOverThreshold(cost.monthlyUsd, cost.monthlyUsd)).toBe(false);
  });
});
