import { describe, expect, it } from "vitest";
import type { CapabilityGap } from "../../src/scan/find-capability-gaps.ts";
import { renderGapIssue } from "../../src/scan/render-gap-issue.ts";

const gap: CapabilityGap = {
  skill: "data visualization",
  taskCount: 42,
  tasks: [
    { id: "t-1", title: "Chart | for @octocat <script>alert(1)</script>" },
    { id: "t-2", title: "Line\nbreak" },
  ],
  projectCount: 3,
  projects: ["Apollo", "@team/everyone"],
  urgency: "high",
};
const view = () =>
  renderGapIssue({
    gap,
    gapKey: "o/r:skill:data-visualization",
    marker: "<!-- team-factory:gap-key=o/r:skill:data-visualization -->",
    minTasks: 3,
    tasksTable: "pm_tasks",
  });

describe("renderGapIssue", () => {
  it("carries the marker and the evidence: skill, counts, urgency, tasks and projects", () => {
    const { title, body } = view();
    expect(body.startsWith("<!-- team-factory:gap-key=o/r:skill:data-visualization -->\n")).toBe(
      true,
    );
    expect(title).toBe("Capability gap: data visualization (42 ready tasks, high urgency)");
    expect(body).toContain("**42** ready tasks");
    expect(body).toContain("| `t-2` | Line break |");
    expect(body).toContain("…and 40 more.");
    expect(body).toContain("- Apollo");
    expect(body).toContain("- …and 1 more");
  });

  it("keeps task and project text from pinging people, opening HTML or breaking the table", () => {
    const { body } = view();
    expect(body).not.toMatch(/@octocat|@team\/everyone|<script>/);
    const row = body.split("\n").find((l) => l.startsWith("| `t-1`"));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(4);
  });
});
