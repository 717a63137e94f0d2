import { describe, expect, it } from "vitest";
import { readGapKeyMarker } from "../../src/intake/gap-key.ts";
import { gapFromIssue } from "../../src/intake/parse-issue-form.ts";
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
  renderGapIssue({ repo: "Acme/agents", gap, minTasks: 3, tasksTable: "pm_tasks" });

describe("renderGapIssue", () => {
  it("carries the gap-key marker and the evidence: counts, urgency, tasks and projects", () => {
    const { gapKey, title, body } = view();
    expect(gapKey).toBe("acme/agents:skill:data-visualization");
    expect(readGapKeyMarker(body)).toBe(gapKey);
    expect(title).toContain("(42 ready tasks, high urgency)");
    expect(body).toContain("**42** ready, unassigned tasks in `pm_tasks`");
    expect(body).toContain("| `t-2` | Line break |");
    expect(body).toContain("…and 40 more.");
    expect(body).toContain("- Apollo");
    expect(body).toContain("- …and 1 more");
  });

  it("parses back on the label path: skill and urgency (the key comes from the store)", () => {
    const { gapKey, title, body } = view();
    const parsed = gapFromIssue({
      repo: "Acme/agents",
      issue: { number: 9, title, body },
      kind: "label",
    });
    expect(gapKey).toBe("acme/agents:skill:data-visualization");
    expect(parsed.gapKey).toBe("acme/agents:issue:9");
    expect(parsed.requiredSkills).toEqual(["data visualization"]);
    expect(parsed.urgency).toBe("high");
  });

  it("keeps task and project text from pinging people, opening HTML or breaking the table", () => {
    const { body } = view();
    expect(body).not.toMatch(/@octocat|@team\/everyone|<script>/);
    const row = body.split("\n").find((l) => l.startsWith("| `t-1`"));
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(4);
  });
});
