import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { codeBlocks, docSection, headings, ROOT, readDoc } from "../support/doc-pages.ts";

// The README as a newcomer's page: what it is, the two commands, the install on a real
// repository, then the way into docs/ for the rest.
const README = readDoc("README.md");

/** The documentation pages the README must lead to, by what a reader looks for. */
const DOCS = {
  configuration: "docs/configuration.md",
  security: "docs/security.md",
  operations: "docs/operations.md",
  performance: "docs/performance.md",
  architecture: "docs/architecture.md",
  testing: "docs/testing.md",
};

describe("README.md, read by a newcomer", () => {
  it("is under 250 lines: what it is, two commands, the install, then docs/", () => {
    expect(README.split("\n").length).toBeLessThan(250);
    expect(
      headings(README)
        .filter((h) => h.level === 2)
        .map((h) => h.text),
    ).toEqual(["Two commands", "Install it on a real repository", "Benchmark", "Documentation"]);
  });

  it("gives the demo command and the exact test command CI runs", () => {
    const pkg = JSON.parse(readDoc("package.json")) as { scripts: Record<string, string> };
    const ci = readDoc(".ci/run")
      .split("\n")
      .filter((line) => /^npm (test|run )/.test(line));
    expect(ci).toEqual(["npm test"]);
    const commands = codeBlocks(docSection("Two commands").text, "sh")
      .join("\n")
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter(Boolean);
    expect(commands).toEqual(["npm ci && npm run demo", "npm test"]);
    expect(pkg.scripts.demo).toBeDefined();
    expect(pkg.scripts.test).toContain("vitest run");
  });

  it("says to create the trigger label and where the issue form is, which applies that label", () => {
    const install = docSection("Install it on a real repository").text;
    const label = DEFAULT_REPO_CONFIG.trigger_label;
    expect(install).toContain(`gh label create ${label}`);
    const form = /`(\.github\/ISSUE_TEMPLATE\/[a-z-]+\.yml)`/.exec(install)?.[1];
    expect(form, "the install steps name the issue form").toBeDefined();
    expect(existsSync(join(ROOT, form as string))).toBe(true);
    expect((parse(readDoc(form as string)) as { labels: string[] }).labels).toContain(label);
  });

  it("links each documentation page a newcomer looks for", () => {
    const links = docSection("Documentation").text;
    for (const [topic, page] of Object.entries(DOCS)) {
      expect(links, topic).toContain(`](${page})`);
      expect(existsSync(join(ROOT, page)), page).toBe(true);
    }
  });
});
