import { describe, expect, it } from "vitest";
import { validateRepoConfig } from "../../src/config/load-repo-config.ts";
import { teamModel } from "../../src/factory/team-model.ts";
import { DEFAULT_OPENAI_MODEL } from "../../src/llm/openai-options.ts";
import { DEFAULT_MODELS } from "../../src/spec/build-heuristic-spec.ts";
import { isPriceKnown } from "../../src/spec/estimate-cost.ts";
import { RETIRED_MODELS, retirementOf } from "../../src/spec/model-lifecycle.ts";
import { readModel } from "../../src/spec/request-values.ts";
import { PROVIDERS } from "../../src/spec/team-spec.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";

describe("models the providers retired", () => {
  it("are never a default, a fallback or the planner's model, and every one of those is priced", () => {
    const spec = fixtureSpec("crewai-openai-3");
    const used = PROVIDERS.flatMap((provider) => {
      const model = teamModel({ ...spec, provider, model: DEFAULT_MODELS[provider] });
      return [model.chatModel, model.fallbackModel];
    });
    for (const model of [...used, DEFAULT_OPENAI_MODEL]) {
      expect(retirementOf(model), model).toBeNull();
      expect(isPriceKnown(model), model).toBe(true);
    }
    for (const [retired, { replacement }] of Object.entries(RETIRED_MODELS)) {
      expect(retirementOf(replacement), `${retired} → ${replacement}`).toBeNull();
    }
  });

  it("are refused where a person names a model, every snapshot and prefix, with what to use", () => {
    for (const model of [
      "claude-3-5-haiku-latest",
      "anthropic/claude-3-5-haiku-20241022",
      "CLAUDE-3-OPUS-20240229",
      "gpt-3.5-turbo-0125",
      "gpt-4",
      "o1-mini",
    ]) {
      const read = readModel(model);
      expect(read.ok, model).toBe(false);
      if (!read.ok)
        expect(read.message).toMatch(/was retired by its provider on \d{4}-\d\d-\d\d.*use \S+/);
    }
    for (const model of [
      "gpt-4o",
      "gpt-4.1",
      "claude-haiku-4-5",
      "claude-sonnet-4-6",
      "gpt-4-turbo",
    ]) {
      expect(readModel(model).ok, model).toBe(true);
    }
  });

  it("make a repository's config invalid, naming the field", () => {
    const parsed = validateRepoConfig({
      value: { model: "claude-3-5-haiku-latest" },
      source: "acme/agents:.github/team-factory.yml",
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.message).toMatch(
        /- model: model claude-3-5-haiku-latest was retired .* 2026-02-19.*claude-haiku-4-5/,
      );
  });
});
