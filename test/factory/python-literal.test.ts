import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  naturalCompare,
  pyAssignString,
  pyFromImport,
  pyName,
  pyString,
  width,
} from "../../src/factory/python.ts";
import { runPythonJson, runTool } from "./run-tool.ts";
import { HOSTILE } from "./sample-specs.ts";

const NASTY = [
  ...HOSTILE,
  "",
  '"',
  "'",
  `'"`,
  `""'`,
  '"""',
  "'''",
  "\\",
  "\\\\'",
  "\0 NUL \x01 \x1b[31m \x7f \x85",
  "lone surrogates \ud800 and \udfff",
  "\u2028\u2029\u00ad\u200e\u202e",
  "wide 漢字 and emoji 👍🏽 and combining e\u0301",
];

describe("pyString", () => {
  it("gives a literal that Python reads back as exactly the same text", () => {
    const cases = NASTY.map((value) => ({ value, literal: pyString(value) }));
    expect(runPythonJson("literal_check.py", [], { input: cases })).toEqual([]);
  });

  it("puts nothing but printable ASCII and narrow letters and punctuation in the source", () => {
    for (const value of NASTY) {
      expect(pyString(value)).not.toMatch(/[\p{C}\p{Z}\p{M}](?<! )/u);
      expect(pyString(value)).not.toMatch(/[\u1100-\u200f\u2060-\uffff]|[\u{10000}-\u{10ffff}]/u);
    }
  });

  it("prefers double quotes like black, single quotes when they need fewer escapes", () => {
    expect(pyString("plain")).toBe('"plain"');
    expect(pyString("it's")).toBe('"it\'s"');
    expect(pyString('say "hi"')).toBe(`'say "hi"'`);
    expect(pyString(`it's "x"`)).toBe(`'it\\'s "x"'`);
  });
});

describe("pyAssignString", () => {
  it("lays out every length of text the way black and flake8 accept", () => {
    const words = HOSTILE.join(" ").split(" ");
    const lines: string[] = [];
    const cases: { value: string; literal: string }[] = [];
    for (let n = 0; n < 120; n++) {
      const value = `${words.slice(0, n % 40).join(" ")} ${"x".repeat(n)}`.trim();
      const name = `NAME_${"N".repeat(n % 30)}`;
      const code = pyAssignString(name, value);
      lines.push(code);
      cases.push({ value, literal: code.slice(code.indexOf("=") + 1).trim() });
    }
    const dir = mkdtempSync(join(tmpdir(), "py-assign-"));
    try {
      writeFileSync(join(dir, "layout.py"), lines.join(""));
      const black = runTool("black", ["--check", "--diff", "--quiet", "layout.py"], { cwd: dir });
      expect(black.output).toBe("");
      const flake8 = runTool("flake8", ["--max-line-length", "88", "layout.py"], { cwd: dir });
      expect(flake8.output).toBe("");
      expect(runPythonJson("literal_check.py", [], { input: cases })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const line of lines.join("").split("\n")) expect(width(line)).toBeLessThanOrEqual(88);
  });
});

describe("identifiers and imports", () => {
  it("refuses anything but a strict identifier", () => {
    expect(pyName("chart_designer")).toBe("chart_designer");
    for (const bad of ["import", "os.system", "a b", "A", "_x", "x;y", "é", "class", ""]) {
      expect(() => pyName(bad)).toThrow(/not a safe Python identifier/);
    }
  });

  it("sorts names like isort (digits as numbers) and wraps long imports", () => {
    expect(["a10", "ab", "a_b", "a2", "a1b"].sort(naturalCompare)).toEqual([
      "a1b",
      "a2",
      "a10",
      "a_b",
      "ab",
    ]);
    expect(pyFromImport(".", ["b", "a"])).toBe("from . import a, b\n");
    const long = pyFromImport(".", ["x".repeat(40), "y".repeat(40)]);
    expect(long).toBe(`from . import (\n    ${"x".repeat(40)},\n    ${"y".repeat(40)},\n)\n`);
  });
});
