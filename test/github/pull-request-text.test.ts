import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATOR_VERSION } from "../../src/factory/generate-team.ts";
import { pullRequestBody, pullRequestTitle } from "../../src/github/render-pull-request.ts";
import type { Coverage } from "../../src/spec/cover-requirements.ts";
import { estimateCost } from "../../src/spec/estimate-cost.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";

function body(team: TeamSpec, coverage: Coverage = { covered: [], notCovered: [] }) {
  return pullRequestBody({
    spec: team,
    cost: estimateCost({ spec: team }),
    reason: "charts",
    issueNumber: 7,
    evidence: [],
    trackingId: "acme/elf:issue:7",
    provenance: {
      generatorVersion: GENERATOR_VERSION,
      specHash: "0".repeat(64),
      builtBy: "heuristics",
      trigger: "label",
      actor: "mia",
    },
    teamsDir: "teams",
    fileCount: 30,
    coverage,
  });
}

describe("the pull request's text", () => {
  it("names the team once in the title: no 'team team'", () => {
    const title = pullRequestTitle(fixtureSpec("crewai-openai-3"), "data visualization, charts");
    expect(title).toBe("[Automated] Add data-visualization team for data visualization, charts");
  });

  it("gives the package's version as the generator's, the one version string", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(GENERATOR_VERSION).toBe(version);
    expect(body(fixtureSpec("crewai-openai-3"))).toContain(
      `- Generator: team-factory ${version}\n`,
    );
  });

  it("states cost assumptions only for the kinds of member the team has", () => {
    const small = body(fixtureSpec("crewai-openai-3"));
    expect(small).toMatch(/^- manager: 60 calls\/day/m);
    expect(small).toMatch(/^- member: 40 calls\/day/m);
    expect(small).not.toMatch(/skeptic: \d+ calls\/day/);
    expect(body(fixtureSpec("langgraph-anthropic-5"))).toMatch(/^- skeptic: 20 calls\/day/m);
  });

  it("maps the gap's needs to members and lists what the team does not cover", () => {
    const text = body(fixtureSpec("crewai-openai-6-cost-anomalies"), {
      covered: [{ need: "cost", by: "Cost Analyst" }],
      notCovered: ["mobile", "marketing"],
    });
    expect(text).toContain("| cost | Cost Analyst |");
    expect(text).toMatch(/\*\*Not covered\*\*: .*\n\n- mobile\n- marketing\n/);
    expect(body(fixtureSpec("crewai-openai-3"))).toContain("No known need was recognised");
  });
});
