import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Test files share their worker's modules (vitest.config.ts: isolate false), which holds only while
// no file changes what the next one would see: module mocks, stubbed globals or environment, the
// working directory left changed. Each of these is refused here, naming the file.
const ROOT = join(import.meta.dirname, "..", "..");
const FORBIDDEN: [RegExp, string][] = [
  [/\bvi\.(mock|doMock|hoisted)\(/, "a module mock lives on in the worker"],
  [/\bvi\.stub(Env|Global)\(/, "a stubbed global or variable lives on in the worker"],
  [/\bvi\.useFakeTimers\(/, "fake timers would stay on for the next file"],
  [/process\.env(\.[A-Za-z_]+|\[[^\]]+\])\s*=[^=]/, "the environment is shared by every file"],
  [/\bdelete process\.env\b/, "the environment is shared by every file"],
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("test files that share a worker", () => {
  it("change nothing the next file would see (mocks, globals, environment, working directory)", () => {
    const problems: string[] = [];
    for (const file of testFiles(join(ROOT, "test"))) {
      // This file names the patterns; the global setup runs in vitest's own process, before any worker.
      if (file === import.meta.filename || file.endsWith("support/suite-environment.ts")) continue;
      const text = readFileSync(file, "utf8");
      for (const [pattern, why] of FORBIDDEN) {
        if (pattern.test(text))
          problems.push(`${relative(ROOT, file)}: ${pattern.source} (${why})`);
      }
      // A changed working directory must be changed back in the same file.
      if (/process\.chdir\(/.test(text) && !/finally[\s\S]*process\.chdir\(/.test(text)) {
        problems.push(`${relative(ROOT, file)}: process.chdir without a finally that restores it`);
      }
    }
    expect(problems).toEqual([]);
  });
});
