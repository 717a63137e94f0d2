import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkedBoxes, gapFromIssue, parseIssueForm } from "../../src/intake/parse-issue-form.ts";
import { SKILL_PATTERN } from "../../src/spec/team-spec.ts";

const fixture = (name: string) => readFileSync(`fixtures/gaps/${name}`, "utf8");
const fromBody = (body: string | null, title = "Capability gap") =>
  gapFromIssue({
    repo: "acme/elf",
    issue: { number: 9, title, body, user: { login: "octo" } },
    kind: "label",
  });

describe("parseIssueForm", () => {
  it("splits the rendered form into headed sections and reads _No response_ as empty", () => {
    const sections = parseIssueForm(fixture("issue-form-rendered.md"));
    expect(sections.map((s) => s.heading)).toContain("Skills the team needs");
    expect(sections.find((s) => s.heading === "LLM provider")?.value).toBeNull();
    const checks = sections.find((s) => s.heading === "Before you submit")?.value ?? "";
    expect(checkedBoxes(checks)).toEqual([
      "I looked at the existing teams and none of them covers this.",
    ]);
  });
});

describe("gapFromIssue", () => {
  it("maps the form's fields onto the gap", () => {
    const gap = fromBody(fixture("issue-form-rendered.md"), "[Capability gap]: dashboards");
    expect(gap.requiredSkills).toEqual(["data visualization", "d3.js", "sql"]);
    expect(gap.request).toEqual({ department: "engineering.frontend", framework: "LangGraph" });
    expect(gap.urgency).toBe("high");
    expect(gap.description).toMatch(/^We need dashboards with d3 charts/);
    expect(gap.description).not.toMatch(/Before you submit|###/);
    expect(gap).toMatchObject({ kind: "label", repo: "acme/elf", issueNumber: 9, actor: "octo" });
    expect(gap.gapKey).toBe("acme/elf:issue:9");
    expect(gap.notes).toEqual([]);
  });

  it("reads a free-text issue, taking skills from a Skills: line", () => {
    const gap = fromBody(fixture("free-text.md"));
    expect(gap.requiredSkills).toEqual(["customer support", "ticket triage", "spanish"]);
    expect(gap.description).toMatch(/support inbox gets 300 tickets/);
    expect(gap.request).toEqual({});
  });

  it("infers skills from the text when none are listed", () => {
    const gap = fromBody(
      "We keep missing Kubernetes cost spikes; we need monitoring of cluster spend.",
    );
    expect(gap.requiredSkills).toEqual(
      expect.arrayContaining(["kubernetes", "cost analysis", "monitoring"]),
    );
  });

  it("keeps hostile text as data and names every value it ignored", () => {
    const gap = fromBody(
      fixture("hostile.md").replace("developer mode", "developer\u0000\u0007\u001b[31m mode"),
      'Title "; DROP TABLE x; -- ☃',
    );
    expect(gap.description).toMatch(/Ignore all previous instructions/);
    expect(gap.description).not.toMatch(/team-factory:gap-key/);
    expect(/\p{Cc}/u.test(gap.description.replace(/[\n\t]/g, ""))).toBe(false);
    expect(gap.gapKey).toBe("acme/elf:issue:9");
    expect(gap.requiredSkills).toEqual(expect.arrayContaining(["kubernetes", "monitoring"]));
    for (const skill of gap.requiredSkills) expect(skill).toMatch(SKILL_PATTERN);
    expect(gap.requiredSkills).not.toContain("../../etc/passwd");
    expect(gap.request).toEqual({ provider: "Anthropic" });
    expect(gap.notes.join("\n")).toMatch(/skills ignored/);
    expect(gap.notes.join("\n")).toMatch(/department .* is not dot notation/);
    expect(gap.notes.join("\n")).toMatch(/framework .* is not one of CrewAI, LangGraph/);
  });

  it("accepts an empty body and a huge one", () => {
    expect(fromBody(null).description).toBe("");
    const huge = fromBody(`### What capability is missing?\n\n${"chart ".repeat(200_000)}`);
    expect(huge.description.length).toBeLessThanOrEqual(20_000);
    expect(huge.requiredSkills).toContain("data visualization");
  });
});
