import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { gapFromIssue } from "../../src/intake/parse-issue-form.ts";
import { FRAMEWORKS, PROVIDERS } from "../../src/spec/team-spec.ts";

interface Field {
  type: string;
  id?: string;
  attributes: { label?: string; options?: (string | { label: string })[] };
}
const template = parse(readFileSync(".github/ISSUE_TEMPLATE/capability-gap.yml", "utf8")) as {
  labels: string[];
  body: Field[];
};

/** The issue body GitHub writes from a submitted form: `### label`, blank line, the answer. */
function render(answers: Record<string, string | undefined>): string {
  return template.body
    .filter((f) => f.type !== "markdown")
    .map((f) => {
      const answer = f.id ? answers[f.id] : undefined;
      let value = answer ?? "_No response_";
      if (f.type === "checkboxes") {
        value = (f.attributes.options ?? [])
          .map((o) => `- [${answer ? "X" : " "}] ${typeof o === "string" ? o : o.label}`)
          .join("\n");
      }
      return `### ${f.attributes.label}\n\n${value}`;
    })
    .join("\n\n");
}

const optionsOf = (id: string) => template.body.find((f) => f.id === id)?.attributes.options ?? [];

describe("the capability-gap issue form", () => {
  it("adds the label the app listens for", () => {
    expect(template.labels).toContain(DEFAULT_REPO_CONFIG.trigger_label);
  });

  it("offers exactly the frameworks and providers the spec accepts, plus a default", () => {
    expect(optionsOf("framework").slice(1)).toEqual([...FRAMEWORKS]);
    expect(optionsOf("provider").slice(1)).toEqual([...PROVIDERS]);
  });

  it("renders to a body that parses back into the gap that was entered", () => {
    const body = render({
      description: "Kubernetes cost monitoring: nobody sees which namespace burns the budget.",
      skills: "kubernetes, cost analysis, monitoring",
      department: "infrastructure.finops",
      framework: "LangGraph",
      provider: "Anthropic",
      name: "cluster spend",
      urgency: "critical",
      checks: "yes",
    });
    const gap = gapFromIssue({
      repo: "acme/elf",
      issue: { number: 5, title: "t", body },
      kind: "label",
    });
    expect(gap.description).toBe(
      "Kubernetes cost monitoring: nobody sees which namespace burns the budget.",
    );
    expect(gap.requiredSkills).toEqual(["kubernetes", "cost analysis", "monitoring"]);
    expect(gap.request).toEqual({
      name: "cluster spend",
      department: "infrastructure.finops",
      framework: "LangGraph",
      provider: "Anthropic",
    });
    expect(gap.urgency).toBe("critical");
    expect(gap.notes).toEqual([]);
  });

  it("treats the default choices and unanswered fields as no request", () => {
    const body = render({
      description: "Customer support triage in Spanish for the LATAM inbox.",
      skills: "customer support, spanish",
      framework: String(optionsOf("framework")[0]),
      provider: String(optionsOf("provider")[0]),
    });
    const gap = gapFromIssue({
      repo: "acme/elf",
      issue: { number: 6, title: "t", body },
      kind: "label",
    });
    expect(gap.request).toEqual({});
    expect(gap.urgency).toBe("medium");
  });
});
