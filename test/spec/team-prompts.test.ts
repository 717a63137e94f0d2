import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { generateTeam } from "../../src/factory/generate-team.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import { issueGap } from "./gap-fixtures.ts";

const plan = (body: string, title: string, framework: "CrewAI" | "LangGraph" = "LangGraph") =>
  buildHeuristicSpec({
    gap: issueGap(body, title),
    config: { ...DEFAULT_REPO_CONFIG, framework },
  });

const AWS = plan(
  "Nobody notices when the AWS bill jumps until the invoice arrives. Watch spend anomalies daily and open tickets for the owning team in Jira.",
  "We keep missing cost spikes in our AWS bill",
);
const K8S = plan(
  "Triage Kubernetes incidents from Prometheus alerts, inspect the affected deployments and post summaries to Slack.",
  "Kubernetes incident triage",
);

describe("prompts written for the team, not for the capability", () => {
  it("quotes the gap's sentence that asks for each specialist's work and names its systems", () => {
    const cost = AWS.members.find((m) => m.role === "Cost Analyst");
    expect(cost?.goal).toContain('The gap says: "We keep missing cost spikes in our AWS bill."');

    expect(cost?.goal).toMatch(/Work in AWS\.$/);
    const tickets = AWS.members.find((m) => m.role === "Ticket Coordinator");
    expect(tickets?.tools).toEqual(["search_jira_issues", "create_jira_issue"]);
    expect(tickets?.goal).toContain('The gap says: "Watch spend anomalies daily and open tickets');
    expect(tickets?.goal).toMatch(/Work in Jira\.$/);
    expect(tickets?.backstory).toContain("you own the ticketing part of each request");
  });

  it("says what done looks like, naming the write tools that start in dry run", () => {
    expect(AWS.done).toMatch(/^The answer holds the Cost Analyst's result from AWS, /);
    expect(AWS.done).toContain("Actions of create_jira_issue are listed as proposed");
    expect(K8S.done).toContain("the Kubernetes Engineer's result from Kubernetes");
    expect(K8S.done).not.toBe(AWS.done);
  });

  it("ends the final step's expected output with the team's done, in both frameworks", () => {
    const file = (spec: typeof AWS, end: string) =>
      generateTeam(spec, { teamsDir: "teams" }).find((f) => f.path.endsWith(end))?.content ?? "";
    const tasks = file(AWS, "/tasks.py");
    // The literals' text, joined as Python joins adjacent strings.
    const literals = [...tasks.matchAll(/^ {8}"(.*)"$/gm)].map((m) => m[1]).join("");
    expect(literals).toContain("Done when: The answer holds the Cost Analyst's result from AWS");
    expect(tasks).not.toBe(file(K8S, "/tasks.py"));
    const crew = plan(
      "Watch spend anomalies daily in the AWS bill and open tickets for the owning team.",
      "AWS cost spikes",
      "CrewAI",
    );
    const yaml = file(crew, "/config/tasks.yaml");
    expect(yaml).toMatch(/expected_output: .*Done when: The answer holds the Cost Analyst/s);
  });
});
