import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import {
  type Coverage,
  coverageLine,
  coverageRatio,
  coverRequirements,
} from "../../src/spec/cover-requirements.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";
import { catalogueTool } from "../../src/spec/tool-catalogue.ts";
import { issueGap } from "./gap-fixtures.ts";

const cases = JSON.parse(readFileSync("fixtures/gaps/realistic.json", "utf8")) as {
  text: string;
}[];

function planned(text: string, title = text.slice(0, 60)) {
  const gap = issueGap(text, title);
  const spec = buildHeuristicSpec({ gap, config: DEFAULT_REPO_CONFIG });
  return { gap, spec, coverage: coverRequirements({ gap, spec }) };
}

const status = (coverage: Coverage) =>
  Object.fromEntries(coverage.needs.map((n) => [n.need, n.status]));

/** Every need reported met is met by a catalogue tool of the member named, or by its model. */
function expectHonest(spec: TeamSpec, coverage: Coverage) {
  for (const need of coverage.needs) {
    if (need.status === "working") {
      expect(need.tools.length, need.need).toBeGreaterThan(0);
      for (const tool of need.tools) {
        expect(catalogueTool(tool), `${need.need}: ${tool} is a stub`).toBeDefined();
        expect(spec.members.some((m) => m.tools.includes(tool))).toBe(true);
      }
    } else expect(need.tools).toEqual([]);
  }
  const stubs = spec.members.flatMap((m) => m.tools.filter((t) => !catalogueTool(t)));
  expect(coverage.toImplement.map((s) => s.tool).sort()).toEqual(stubs.sort());
}

describe("honest coverage: a need counts only when a working tool meets it", () => {
  it.each(cases.map((c) => [c.text]))("never reports a stub as coverage: %s", (text) => {
    const { spec, coverage } = planned(text);
    expect(coverage.needs.length).toBeGreaterThan(0);
    expectHonest(spec, coverage);
  });

  it("d3 dashboards from Postgres: charts and the database are real tools, nothing to implement", () => {
    const { spec, coverage } = planned(
      "We need data visualization dashboards with d3 and charts of our project metrics from Postgres.",
      "Dashboards with d3 charts",
    );
    expect(status(coverage)).toEqual({ "data visualization": "working", PostgreSQL: "working" });
    expect(coverage.needs[0]?.tools).toEqual(
      expect.arrayContaining(["render_chart", "run_sql_query"]),
    );
    expect(coverageLine(coverage)).toBe("2 of 2 needs covered by working tools");
    expect(coverage.toImplement.map((s) => s.tool)).toEqual(["build_dashboard"]);
    expectHonest(spec, coverage);
  });

  it("AWS cost spikes with tickets: Cost Explorer, anomaly scores and a ticket it can open", () => {
    const { spec, coverage } = planned(
      "Nobody notices when the AWS bill jumps until the invoice arrives. Watch spend anomalies daily and open tickets for the owning team.",
      "We keep missing cost spikes in our AWS bill",
    );
    expect(status(coverage)).toEqual({
      cost: "working",
      "anomaly detection": "working",
      ticketing: "working",
      AWS: "working",
    });
    const tools = spec.members.flatMap((m) => m.tools);
    expect(tools).toEqual(
      expect.arrayContaining(["get_aws_costs", "score_anomalies", "create_github_issue"]),
    );
    expect(spec.members.map((m) => m.role)).not.toContain("Support Triage Specialist");
    expectHonest(spec, coverage);
  });

  it("Kubernetes incidents: read the deployments, Prometheus alerts, Slack summaries; no CI/CD", () => {
    const { spec, coverage } = planned(
      "Triage Kubernetes incidents from Prometheus alerts, inspect the affected deployments and post summaries to Slack.",
      "Kubernetes incident triage",
    );
    expect(spec.members.map((m) => m.role)).not.toContain("Delivery Engineer");
    expect(spec.name).not.toMatch(/ci-cd/);
    expect(status(coverage)).toMatchObject({
      kubernetes: "working",
      "incident response": "working",
      monitoring: "working",
      Prometheus: "working",
      Slack: "working",
    });
    expect(spec.members.flatMap((m) => m.tools)).toEqual(
      expect.arrayContaining([
        "list_kubernetes_workloads",
        "query_prometheus",
        "send_slack_message",
      ]),
    );
    expectHonest(spec, coverage);
  });

  it("security review of pull requests: reads the diff, checks OSV, comments on the PR", () => {
    const { spec, coverage } = planned(
      "Review each pull request's diff for security problems: vulnerable dependencies, secrets, unsafe SQL. Comment the findings on the PR.",
      "Security review of every pull request",
    );
    expect(status(coverage)).toMatchObject({ security: "working", "code review": "working" });
    expect(spec.members.flatMap((m) => m.tools)).toEqual(
      expect.arrayContaining([
        "get_pull_request_diff",
        "check_package_vulnerabilities",
        "comment_on_pull_request",
      ]),
    );
    expect(spec.members.map((m) => m.role)).not.toContain("Database Specialist");
    expectHonest(spec, coverage);
  });

  it("reports a member holding only stubs as a stub, and lists those stubs to implement", () => {
    const { spec, coverage } = planned(
      "Screen candidates and schedule interviews for engineering roles.",
    );
    const recruiting = coverage.needs.find((n) => n.need === "recruiting");
    expect(recruiting).toMatchObject({ status: "stub", member: "Talent Partner", tools: [] });
    expect(coverageRatio(coverage)).toEqual({ covered: 0, total: 1 });
    expect(coverage.toImplement).toContainEqual({
      tool: "screen_candidate",
      member: "Talent Partner",
      module: "talent_partner",
      needs: ["recruiting"],
    });
    expectHonest(spec, coverage);
  });

  it("counts writing and translating as the model's work, and says so", () => {
    const { coverage } = planned("Translate the documentation into Japanese and German.");
    expect(status(coverage)).toMatchObject({ japanese: "model", german: "model" });
    expect(coverageLine(coverage)).toMatch(/\(2 by the model itself: writing or translating\)$/);
  });

  it("a stub is never coverage, even when the spec is edited to give the member only stubs", () => {
    const { gap, spec } = planned("Watch spend anomalies in the AWS bill daily.");
    const stubbed = {
      ...spec,
      members: spec.members.map((m) => ({ ...m, tools: m.tools.map((t) => `${t}_stub`) })),
    };
    const coverage = coverRequirements({ gap, spec: stubbed });
    expect(coverageRatio(coverage).covered).toBe(0);
    expect(coverage.needs.every((n) => n.status === "stub" || n.status === "missing")).toBe(true);
    expectHonest(stubbed, coverage);
  });

  it("lists what the team leaves out when the description asks for more than it holds", () => {
    const { spec, coverage } = planned(
      "Security review, Playwright tests, a CI/CD pipeline, dbt ETL, React frontend, iOS app and SEO campaigns",
    );
    expect(spec.members.length).toBeLessThanOrEqual(7);
    expect(coverage.needs.filter((n) => n.status === "missing").map((n) => n.need)).toEqual([
      "mobile",
      "marketing",
    ]);
  });

  it("counts a required skill only when a member lists it, and never as a working tool", () => {
    const gap = issueGap("We need help with quarterly planning and OKRs for every department");
    const spec = buildHeuristicSpec({ gap, config: DEFAULT_REPO_CONFIG });
    const okrs = { ...gap, requiredSkills: ["okrs"] };
    const withoutOkrs = {
      ...spec,
      members: spec.members.map((m) => ({ ...m, skills: m.skills.filter((s) => s !== "okrs") })),
    };
    expect(status(coverRequirements({ gap: okrs, spec: withoutOkrs }))).toMatchObject({
      okrs: "missing",
    });
    const withOkrs = buildHeuristicSpec({ gap: okrs, config: DEFAULT_REPO_CONFIG });
    expect(status(coverRequirements({ gap: okrs, spec: withOkrs }))).toMatchObject({
      okrs: "stub",
    });
  });
});
