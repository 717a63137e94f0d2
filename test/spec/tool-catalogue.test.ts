import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import {
  catalogueTool,
  resolveTools,
  TOOL_CATALOGUE,
  withCatalogueTools,
} from "../../src/spec/tool-catalogue.ts";
import { issueGap } from "./gap-fixtures.ts";

const toolsOf = (text: string) => {
  const spec = buildHeuristicSpec({ gap: issueGap(text), config: DEFAULT_REPO_CONFIG });
  return Object.fromEntries(spec.members.map((m) => [m.role, m.tools]));
};

describe("the tool catalogue", () => {
  it("names each tool once, with upper-case variables that say what they hold", () => {
    expect(new Set(TOOL_CATALOGUE.map((t) => t.name)).size).toBe(TOOL_CATALOGUE.length);
    for (const tool of TOOL_CATALOGUE) {
      expect(catalogueTool(tool.name)).toBe(tool);
      for (const setting of tool.settings) {
        expect(setting.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(setting.meaning.length).toBeGreaterThan(10);
      }
    }
    expect(catalogueTool("attribute_costs")).toBeUndefined();
  });

  it("adds the tools a member's skills call for after its own, at most 8", () => {
    expect(withCatalogueTools({ skills: ["alerting", "sql"], tools: ["mine"] })).toEqual([
      "mine",
      "run_sql_query",
      "send_slack_message",
    ]);
    const many = Array.from({ length: 8 }, (_, i) => `own_${i}`);
    expect(withCatalogueTools({ skills: ["sql"], tools: many })).toEqual(many);
    expect(withCatalogueTools({ skills: ["poetry"], tools: [] })).toEqual([]);
  });

  it("gives the heuristic team real tools from its skills", () => {
    expect(
      toolsOf("Kubernetes cost monitoring for our clusters, alerting on spend anomalies"),
    ).toMatchObject({
      "Kubernetes Engineer": ["list_kubernetes_workloads", "query_prometheus"],
      "Cost Analyst": ["fetch_billing_data"],
      "Monitoring Specialist": ["query_prometheus", "send_slack_message"],
      "Anomaly Detection Analyst": ["score_anomalies"],
    });
  });

  it("picks the tools of the systems the gap names: Jira, Linear or GitHub Issues; AWS or OpenCost", () => {
    const tracker = (text: string) =>
      toolsOf(`Open tickets for each failed nightly job. ${text}`)["Ticket Coordinator"];
    expect(tracker("We track work in Jira.")).toEqual(["search_jira_issues", "create_jira_issue"]);
    expect(tracker("Our backlog is in Linear.")).toEqual([
      "search_linear_issues",
      "create_linear_issue",
    ]);
    expect(tracker("")).toEqual(["search_github", "create_github_issue"]);
    expect(toolsOf("Watch our AWS spend")["Cost Analyst"]).toEqual(["get_aws_costs"]);
    expect(toolsOf("Watch our Kubernetes spend")["Cost Analyst"]).toEqual(["fetch_billing_data"]);
  });

  it("resolves a choice to every system named, and keeps each tool once", () => {
    const named = new Set(["jira", "linear"]);
    expect(resolveTools(["@tracker", "search_jira_issues", "render_chart"], named)).toEqual([
      "search_jira_issues",
      "create_jira_issue",
      "search_linear_issues",
      "create_linear_issue",
      "render_chart",
    ]);
    expect(resolveTools(["@logs"], new Set())).toEqual([]);
  });

  it("hands a service the gap names to the first specialist when no member has its tool", () => {
    const tools = toolsOf("Write the weekly release notes and post them to Slack and GitHub");
    const [first] = Object.values(tools).slice(1);
    expect(first).toEqual(expect.arrayContaining(["send_slack_message", "search_github"]));
  });
});
