import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import {
  catalogueTool,
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
      "Cost Analyst": ["fetch_billing_data", "attribute_costs"],
      "Monitoring Specialist": ["query_prometheus", "send_slack_message"],
      "Anomaly Detection Analyst": ["score_anomalies"],
    });
  });

  it("hands a service the gap names to the first specialist when no member has its tool", () => {
    const tools = toolsOf("Write the weekly release notes and post them to Slack and GitHub");
    const [first] = Object.values(tools).slice(1);
    expect(first).toEqual(expect.arrayContaining(["send_slack_message", "search_github"]));
  });
});
