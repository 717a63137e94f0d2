import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { startOpenAISimulator } from "../../simulator/openai.ts";
import { DEFAULT_REPO_CONFIG, RepoConfig } from "../../src/config/repo-config.ts";
import { createOpenAIDrafter } from "../../src/llm/openai-drafter.ts";
import { parseExistingTeam } from "../../src/spec/find-similar-team.ts";
import { planTeam } from "../../src/spec/plan-team.ts";
import { gap, issueGap } from "./gap-fixtures.ts";

const vizTeam = parseExistingTeam({
  slug: "data-visualization-team",
  files: { "config/a2a_config.yaml": "capabilities: [data visualization, dashboards, charts]" },
});

describe("planTeam", () => {
  it("ignores an insignificant gap with the reason", async () => {
    const outcome = await planTeam({
      gap: gap({ description: "charts" }),
      config: DEFAULT_REPO_CONFIG,
    });
    expect(outcome).toMatchObject({
      status: "ignored",
      reason: expect.stringMatching(/too short/),
    });
  });

  it("suggests enhancing an existing team above the similarity threshold", async () => {
    const outcome = await planTeam({ gap: gap(), config: DEFAULT_REPO_CONFIG, teams: [vizTeam] });
    expect(outcome.status).toBe("enhance");
    if (outcome.status === "enhance")
      expect(outcome.similar.team.slug).toBe("data-visualization-team");
  });

  it("plans a new team with its cost when no team is close enough", async () => {
    const config = RepoConfig.parse({ similarity_threshold: 1 });
    const outcome = await planTeam({
      gap: issueGap("Kubernetes cost monitoring for every cluster"),
      config,
      teams: [vizTeam],
    });
    if (outcome.status !== "planned") throw new Error(`not planned: ${JSON.stringify(outcome)}`);
    expect(outcome.via).toBe("heuristic");
    expect(outcome.spec.name).toBe("kubernetes-cost-monitoring-team");
    expect(outcome.cost.perMember).toHaveLength(outcome.spec.members.length);
    expect(outcome.needsApproval).toBe(false);
  });

  it("asks for approval when the cost is above the repo's threshold", async () => {
    const config = RepoConfig.parse({ cost_threshold_usd: 1 });
    const outcome = await planTeam({ gap: gap(), config });
    expect(outcome).toMatchObject({ status: "planned", needsApproval: true });
  });

  it("drafts through the model when a drafter is given", async () => {
    const sim = await startOpenAISimulator();
    try {
      const client = new OpenAI({ apiKey: "k", baseURL: sim.baseURL, maxRetries: 0 });
      const outcome = await planTeam({
        gap: gap(),
        config: DEFAULT_REPO_CONFIG,
        drafter: createOpenAIDrafter({ client, model: "gpt-4o-mini", timeoutMs: 5000 }),
      });
      expect(outcome).toMatchObject({ status: "planned", via: "model" });
      expect(sim.requests).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});
