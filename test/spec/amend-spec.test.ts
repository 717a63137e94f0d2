import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { amendSpec, planAdditions } from "../../src/spec/amend-spec.ts";
import { findSimilarTeam, parseExistingTeam } from "../../src/spec/find-similar-team.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";
import { gap } from "./gap-fixtures.ts";

const viz = fixtureSpec("crewai-openai-3");
const security = fixtureSpec("langgraph-anthropic-5");

describe("amendSpec: an existing team extended for a gap", () => {
  it("appends a specialist per missing need, keeping members, modules and order", () => {
    const amended = amendSpec({
      spec: viz,
      gap: gap({
        description: "Dashboards of our charts, plus GDPR checks of the data they show.",
        requiredSkills: ["data visualization", "gdpr"],
      }),
    });
    expect(amended?.added.map((m) => m.role)).toEqual(["Compliance Specialist"]);
    expect(amended?.spec.members.slice(0, 3)).toEqual(viz.members);
    expect(amended?.spec).toMatchObject({ name: viz.name, process: "sequential" });
    expect(amended?.skills).toEqual(["gdpr", "compliance"]);
    expect(amended?.spec.skills).toEqual([...viz.skills, "gdpr", "compliance"]);
  });

  it("adds a skeptic when the team reaches 5, and stops at 7 naming what was left out", () => {
    const amended = amendSpec({
      spec: viz,
      gap: gap({
        description: "Visualize data, forecast it, translate reports to Spanish and French, SEO.",
        requiredSkills: ["data visualization", "gdpr", "spanish", "french", "seo", "hiring"],
      }),
    });
    expect(amended?.spec.members).toHaveLength(7);
    expect(amended?.spec.process).toBe("hierarchical");
    expect(amended?.added.at(-1)).toMatchObject({ role: "Skeptic", isSkeptic: true });
    expect(amended?.added).toHaveLength(4);
    expect(amended?.leftOut).toHaveLength(2);
  });

  it("keeps the one skeptic a team of 5 has, and answers null when nothing is missing", () => {
    const amended = amendSpec({
      spec: security,
      gap: gap({
        description: "Security reviews and GDPR compliance checks.",
        requiredSkills: ["security", "gdpr"],
      }),
    });
    expect(amended?.spec.members.filter((m) => m.isSkeptic)).toHaveLength(1);
    expect(amended?.added.map((m) => m.role)).toEqual(["Compliance Specialist"]);
    expect(
      amendSpec({ spec: viz, gap: gap({ requiredSkills: ["data visualization", "charts"] }) }),
    ).toBeNull();
  });
});

describe("planAdditions: the dry run for a team without team.json", () => {
  it("counts the agents a hand-written config lists", () => {
    const dir = join(import.meta.dirname, "../../fixtures/teams/data-visualization-team");
    const team = parseExistingTeam({
      slug: "data-visualization-team",
      files: {
        "config/team_config.yaml": readFileSync(join(dir, "config/team_config.yaml"), "utf8"),
      },
    });
    const wanted = gap({ requiredSkills: ["data visualization", "gdpr"] });
    expect(findSimilarTeam({ gap: wanted, teams: [team], threshold: 0.3 })).not.toBeNull();
    const plan = planAdditions({ team, size: team.size ?? 0, hasSkeptic: false, gap: wanted });
    expect(plan.added.map((m) => m.role)).toEqual(["Compliance Specialist"]);
    expect(plan.leftOut).toEqual([]);
  });
});
