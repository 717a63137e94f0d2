import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ExistingTeam,
  findSimilarTeam,
  parseExistingTeam,
} from "../../src/spec/find-similar-team.ts";
import { gap } from "./gap-fixtures.ts";

function readTeam(dir: string, slug: string): ExistingTeam {
  const files: Record<string, string> = {};
  for (const name of ["config/team_config.yaml", "config/a2a_config.yaml", "team.json"]) {
    try {
      files[name] = readFileSync(join(dir, slug, name), "utf8");
    } catch {}
  }
  return parseExistingTeam({ slug, files });
}
const teams = readdirSync("fixtures/teams").map((slug) => readTeam("fixtures/teams", slug));
const team = (slug: string) => teams.find((t) => t.slug === slug) as ExistingTeam;

describe("parseExistingTeam", () => {
  it("reads ELF generator configs (team.members) and drops their generic capabilities", () => {
    const n8n = team("n8n-interface-team");
    expect(n8n.roles).toEqual(
      expect.arrayContaining(["Manager with A2A", "Monitoring Specialist", "Execution Tracker"]),
    );
    expect(n8n.skills).toEqual(expect.arrayContaining(["n8n api", "monitoring", "alerting"]));
    expect(n8n.capabilities).toEqual(["Let the AI teams start and watch n8n automation workflows"]);
    expect(n8n.department).toBe("infrastructure");
  });

  it("reads hand-written agents[] and this project's members[] configs", () => {
    expect(team("rag-processor-team").roles).toEqual(
      expect.arrayContaining(["Document Classifier", "Embedding Generator"]),
    );
    const viz = team("data-visualization-team");
    expect(viz).toMatchObject({
      displayName: "Data Visualization Team",
      department: "data.visualization",
    });
    expect(viz.skills).toEqual(expect.arrayContaining(["data visualization", "d3.js", "sql"]));
  });

  it("reads what the factory generates", () => {
    const dir = "fixtures/golden/langgraph-anthropic-5/teams";
    const generated = readTeam(dir, readdirSync(dir)[0] ?? "");
    expect(generated.roles.length).toBeGreaterThanOrEqual(5);
    expect(generated.skills.length).toBeGreaterThan(0);
  });

  it("tolerates broken YAML, odd shapes and missing files", () => {
    const broken = parseExistingTeam({
      slug: "broken-team",
      files: {
        "config/team_config.yaml": "team: [unclosed\n  members: {{{\n",
        "config/a2a_config.yaml": "- just\n- a list\n",
      },
    });
    expect(broken).toMatchObject({ roles: [], skills: [], capabilities: [] });
    expect(team("empty-team")).toMatchObject({ slug: "empty-team", roles: [] });
    const odd = parseExistingTeam({
      slug: "odd",
      files: {
        "config/team_config.yaml": "team:\n  members: 5\nagents: {a: 1}\nskills: [[1], {x: 2}, 3]",
      },
    });
    expect(odd.roles).toEqual([]);
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 60 }, (_, i) => `b${i}: [*a, *a, *a, *a]`).join("\n")}\nagents: [{ role: Bomb Maker }]`;
    expect(
      parseExistingTeam({ slug: "bomb", files: { "config/team_config.yaml": bomb } }).roles,
    ).toEqual([]);
  });
});

describe("findSimilarTeam", () => {
  it("suggests the team that already covers the gap's skills, with the reason", () => {
    const found = findSimilarTeam({
      gap: gap({ requiredSkills: ["charts", "dashboards", "sql"] }),
      teams,
      threshold: 0.6,
    });
    expect(found?.team.slug).toBe("data-visualization-team");
    expect(found?.score).toBeGreaterThanOrEqual(0.6);
    expect(found?.reason).toMatch(/data-visualization-team already covers \d of \d needed skills/);
  });

  it("matches by meaning through roles: a Monitoring Specialist covers monitoring", () => {
    const found = findSimilarTeam({
      gap: gap({ requiredSkills: ["alerting", "monitoring"] }),
      teams,
      threshold: 0.5,
    });
    expect(found?.team.slug).toBe("n8n-interface-team");
  });

  it("returns null when the overlap is below the threshold or absent", () => {
    const partial = gap({
      requiredSkills: ["data visualization", "spanish", "kubernetes", "finance"],
    });
    expect(findSimilarTeam({ gap: partial, teams, threshold: 0.6 })).toBeNull();
    expect(findSimilarTeam({ gap: partial, teams, threshold: 0.2 })?.team.slug).toBe(
      "data-visualization-team",
    );
    expect(
      findSimilarTeam({ gap: gap({ requiredSkills: ["quantum annealing"] }), teams, threshold: 0 }),
    ).toBeNull();
    expect(findSimilarTeam({ gap: gap(), teams: [], threshold: 0 })).toBeNull();
  });

  it("scores between 0 and 1, higher when more of the gap is covered", () => {
    const full = findSimilarTeam({ gap: gap({ requiredSkills: ["charts"] }), teams, threshold: 0 });
    const half = findSimilarTeam({
      gap: gap({ requiredSkills: ["charts", "spanish"] }),
      teams,
      threshold: 0,
    });
    expect(full?.score).toBeLessThanOrEqual(1);
    expect(half?.score).toBeGreaterThan(0);
    expect(full?.score ?? 0).toBeGreaterThan(half?.score ?? 1);
  });
});
