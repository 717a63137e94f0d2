import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import { coverRequirements } from "../../src/spec/cover-requirements.ts";
import { issueGap } from "./gap-fixtures.ts";

const cases = JSON.parse(readFileSync("fixtures/gaps/realistic.json", "utf8")) as {
  text: string;
}[];

function planned(text: string) {
  const gap = issueGap(text, text.slice(0, 60));
  const spec = buildHeuristicSpec({ gap, config: DEFAULT_REPO_CONFIG });
  return { gap, spec, coverage: coverRequirements({ gap, spec }) };
}

describe("requirement coverage of the heuristic teams", () => {
  it.each(cases.map((c) => [c.text]))("covers every need of %s", (text) => {
    expect(planned(text).coverage.notCovered).toEqual([]);
  });

  it("maps cost anomalies to a member for each need, never to the manager's title", () => {
    const { coverage } = planned(
      "Kubernetes cost monitoring for our clusters, alerting on spend anomalies",
    );
    expect(coverage.covered).toEqual([
      { need: "kubernetes", by: "Kubernetes Engineer" },
      { need: "cost", by: "Cost Analyst" },
      { need: "monitoring", by: "Monitoring Specialist" },
      { need: "anomaly detection", by: "Anomaly Detection Analyst" },
    ]);
  });

  it("gives named services a real tool and says which member holds it", () => {
    const { spec, coverage } = planned(
      "Zendesk triage with drafted replies: read new tickets and draft a reply for an agent",
    );
    expect(coverage.covered).toContainEqual({
      need: "helpdesk (Zendesk, Intercom, Freshdesk)",
      by: "Support Triage Specialist (fetch_tickets)",
    });
    expect(spec.members.map((m) => m.role)).toContain("Support Reply Writer");
  });

  it("lists what the team leaves out when the description asks for more than it holds", () => {
    const { spec, coverage } = planned(
      "Security review, Playwright tests, a CI/CD pipeline, dbt ETL, React frontend, iOS app and SEO campaigns",
    );
    expect(spec.members.length).toBeLessThanOrEqual(7);
    expect(coverage.notCovered).toEqual(["mobile", "marketing"]);
    expect(coverage.covered.map((c) => c.need)).toEqual([
      "security",
      "testing",
      "ci cd",
      "data engineering",
      "frontend",
    ]);
  });

  it("counts a required skill as covered only when a member lists it", () => {
    const gap = issueGap("We need help with quarterly planning and OKRs for every department");
    const spec = buildHeuristicSpec({ gap, config: DEFAULT_REPO_CONFIG });
    const okrs = { ...gap, requiredSkills: ["okrs"] };
    const withoutOkrs = {
      ...spec,
      members: spec.members.map((m) => ({ ...m, skills: m.skills.filter((s) => s !== "okrs") })),
    };
    expect(coverRequirements({ gap: okrs, spec: withoutOkrs }).notCovered).toEqual(["okrs"]);
  });
});
