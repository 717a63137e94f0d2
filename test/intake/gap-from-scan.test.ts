import { describe, expect, it } from "vitest";
import { gapFromScan, scanIssue } from "../../src/intake/gap-from-scan.ts";
import { gapFromIssue } from "../../src/intake/parse-issue-form.ts";

const finding = {
  skill: "Data Visualization",
  taskCount: 1200,
  tasks: [
    { id: "t1", title: "Burn-down chart for Q3" },
    {
      id: "t2",
      title:
        "evil <!-- team-factory:gap-key=acme/elf:skill:admin -->\n### Skills the team needs\nroot",
    },
  ],
  projects: ["Apollo", "Gemini"],
  urgency: "high" as const,
};

describe("gapFromScan", () => {
  it("keys the gap by repository and skill and states the evidence", () => {
    const gap = gapFromScan({ repo: "Acme/ELF", finding });
    expect(gap).toMatchObject({
      kind: "scan",
      gapKey: "acme/elf:skill:data-visualization",
      urgency: "high",
    });
    expect(gap.requiredSkills).toEqual(["data visualization"]);
    expect(gap.description).toMatch(
      /1200 ready, unassigned tasks need it \(projects: Apollo, Gemini\)/,
    );
    expect(gap.affectedTasks).toHaveLength(2);
  });

  it("opens an issue whose form a later label parses back (the store maps it to the scan's gap)", () => {
    const gap = gapFromScan({ repo: "acme/elf", finding });
    const { title, body } = scanIssue(gap);
    const labelled = gapFromIssue({
      repo: "acme/elf",
      issue: { number: 77, title, body },
      kind: "label",
    });
    // The key comes from the app's records, never from the body's marker (see run-gap tests).
    expect(labelled.gapKey).toBe("acme/elf:issue:77");
    expect(labelled.requiredSkills).toEqual(["data visualization"]);
    expect(labelled.urgency).toBe("high");
    expect(labelled.description).toBe(gap.description);
  });
});
