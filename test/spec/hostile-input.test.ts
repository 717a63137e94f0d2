import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { parseCommand } from "../../src/intake/parse-command.ts";
import { gapFromIssue } from "../../src/intake/parse-issue-form.ts";
import { buildHeuristicSpec } from "../../src/spec/build-heuristic-spec.ts";
import { checkSignificance } from "../../src/spec/check-significance.ts";
import { TeamSpec } from "../../src/spec/team-spec.ts";
import { HOSTILE_TEXTS } from "./gap-fixtures.ts";

/** Deterministic pseudo-random strings mixing markup, quotes, unicode and control characters. */
function* generated(count: number): Generator<string> {
  const pieces = [
    "### ",
    "_No response_",
    "- [x] ",
    "<!--",
    "-->",
    "skills: ",
    "/create-team ",
    "=",
    "--dry-run",
    '"',
    "'",
    "`",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "\u0000",
    "\u202e",
    "😀",
    "ß",
    "İ",
    "数据",
    "kubernetes",
    "charts",
    "spanish",
    "support",
    "framework=",
    "provider=",
    " ",
    ",",
    ";",
    "team",
    "-team",
  ];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    let text = "";
    const length = next() % 80;
    for (let j = 0; j < length; j++) text += pieces[next() % pieces.length];
    yield text;
  }
}

const inputs = [...HOSTILE_TEXTS, ...generated(300)];

describe("every parser and builder on hostile input", () => {
  it("reads any issue into a gap and plans a valid team or a reason, without throwing", () => {
    for (const text of inputs) {
      const gap = gapFromIssue({
        repo: "acme/elf",
        issue: { number: 1, title: text.slice(0, 500), body: text },
        kind: "label",
      });
      const significance = checkSignificance(gap);
      if (!significance.ok) expect(significance.reason.length).toBeGreaterThan(40);
      const spec = buildHeuristicSpec({ gap, config: DEFAULT_REPO_CONFIG });
      expect(TeamSpec.safeParse(spec).success).toBe(true);
    }
  });

  it("parses any comment into a command, null, or a message with the usage", () => {
    for (const text of inputs) {
      for (const body of [text, `/create-team ${text}`, `/team-factory ${text}`]) {
        const parsed = parseCommand(body);
        if (!parsed.ok) expect(parsed.message).toMatch(/usage: \/create-team|\/team-factory pause/);
      }
    }
  });
});
