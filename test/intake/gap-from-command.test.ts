import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gapFromCommand } from "../../src/intake/gap-from-command.ts";
import { type CreateTeamCommand, parseCommand } from "../../src/intake/parse-command.ts";

const command = (body: string) => {
  const parsed = parseCommand(body);
  if (!parsed.ok || parsed.command?.kind !== "create-team") throw new Error("not a /create-team");
  return parsed.command as CreateTeamCommand;
};
const issue = {
  number: 9,
  title: "Dashboards",
  body: readFileSync("fixtures/gaps/issue-form-rendered.md", "utf8"),
};

describe("gapFromCommand", () => {
  it("lets the command's arguments win over the issue form and keeps the issue's key", () => {
    const gap = gapFromCommand({
      repo: "acme/elf",
      issue,
      actor: "maintainer",
      command: command(
        "/create-team framework=crewai provider=anthropic skills=charts\nAlso weekly email digests.",
      ),
    });
    expect(gap).toMatchObject({ kind: "command", actor: "maintainer", gapKey: "acme/elf:issue:9" });
    expect(gap.request).toEqual({
      department: "engineering.frontend",
      framework: "CrewAI",
      provider: "Anthropic",
    });
    expect(gap.requiredSkills).toEqual(["charts"]);
    expect(gap.description).toMatch(/^Also weekly email digests\.\n\nWe need dashboards/);
  });

  it("keeps the issue's skills when the command names none", () => {
    const gap = gapFromCommand({
      repo: "acme/elf",
      issue,
      actor: "m",
      command: command("/create-team"),
    });
    expect(gap.requiredSkills).toEqual(["data visualization", "d3.js", "sql"]);
  });

  it("infers skills from the comment when an empty issue has none", () => {
    const gap = gapFromCommand({
      repo: "acme/elf",
      issue: { number: 3, title: "help", body: null },
      actor: "m",
      command: command("/create-team\nWe need Kubernetes cost monitoring."),
    });
    expect(gap.requiredSkills).toEqual(expect.arrayContaining(["kubernetes", "monitoring"]));
  });
});
