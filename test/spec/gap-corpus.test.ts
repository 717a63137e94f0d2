import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, HOLDOUT, scoreCorpus } from "../../bench/gap-corpus.ts";
import { recordAnswers } from "../../bench/record-model-answers.ts";
import { type OpenAISimulator, startOpenAISimulator } from "../../simulator/openai.ts";
import { createOpenAIDrafter } from "../../src/llm/openai-drafter.ts";
import { capabilityFor } from "../../src/spec/build-heuristic-spec.ts";
import { CAPABILITIES } from "../../src/spec/capabilities.ts";
import { scorePlan } from "../../src/spec/score-plan.ts";
import { TOOL_CATALOGUE } from "../../src/spec/tool-catalogue.ts";

const TOPICS = new Set(CAPABILITIES.map((c) => c.topic));
const SYSTEMS = new Set(TOOL_CATALOGUE.map((t) => t.system).filter((s) => s !== "local"));
const LANGUAGES = /^(?:spanish|french|german|japanese|portuguese|italian|dutch|chinese)$/;

describe("the labelled gap corpus", () => {
  it("labels each gap with known capabilities and systems, ids unique across both files", () => {
    const all = [...CORPUS, ...HOLDOUT];
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const entry of all) {
      expect(entry.capabilities.length, entry.id).toBeGreaterThan(0);
      for (const c of entry.capabilities)
        expect(TOPICS.has(c) || LANGUAGES.test(c), `${entry.id}: ${c}`).toBe(true);
      for (const s of entry.systems) expect(SYSTEMS.has(s), `${entry.id}: ${s}`).toBe(true);
    }
  });

  it("is planned by the heuristics at its goals: recall, precision and working coverage ≥ 0.85", () => {
    const score = scoreCorpus(CORPUS);
    expect(score.recall).toBeGreaterThanOrEqual(0.85);
    expect(score.precision).toBeGreaterThanOrEqual(0.85);
    expect(score.coverage).toBeGreaterThanOrEqual(0.85);
  });

  it("counts a need covered only when a catalogue tool of the team does it", () => {
    const { gaps } = scoreCorpus(CORPUS);
    let needs = 0;
    let met = 0;
    for (const [i, { spec }] of gaps.entries()) {
      const stubbed = {
        ...spec,
        members: spec.members.map((m) => ({ ...m, tools: m.tools.map((t) => `${t}_stub`) })),
      };
      const score = scorePlan(stubbed, CORPUS[i] as (typeof CORPUS)[number]);
      needs += score.needs.length;
      met += score.workingNeeds.length;
      // With every tool a stub only writing and translating, the model's own work, stay met.
      const labels = CORPUS[i]?.capabilities ?? [];
      for (const need of score.workingNeeds) {
        expect(labels.includes(need) && capabilityFor(need).byModel, need).toBe(true);
      }
    }
    expect(met / needs).toBeLessThan(0.1);
  });
});

describe("the OpenAI planner on the corpus, through the model simulator", () => {
  let sim: OpenAISimulator;
  beforeAll(async () => {
    sim = await startOpenAISimulator({ delayMs: 0 });
  });
  afterAll(() => sim.close());

  it("records an answer per gap and scores the plans made from them", async () => {
    const client = new OpenAI({ apiKey: "test-key", baseURL: sim.baseURL, maxRetries: 0 });
    const drafter = createOpenAIDrafter({ client, model: "gpt-4o-mini", timeoutMs: 5000 });
    const entries = CORPUS.slice(0, 5);
    const answers = await recordAnswers(drafter, entries);
    expect(Object.keys(answers)).toEqual(entries.map((e) => e.id));
    expect(Object.values(answers).every((a) => a.ok)).toBe(true);
    const score = scoreCorpus(entries, answers);
    for (const { spec } of score.gaps) expect(spec.members.length).toBeGreaterThanOrEqual(2);
    // The simulator's members are named after the gap's skills, never after the gap's text, and
    // their only tools are stubs: the model path is scored, and no stub counts as coverage.
    expect(score.coverage).toBeLessThan(0.5);
    const system = sim.requests.at(-1)?.messages.find((m) => m.role === "system")?.content ?? "";
    for (const tool of TOOL_CATALOGUE) expect(system).toContain(`- ${tool.name}: `);
  });
});
