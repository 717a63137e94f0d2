import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { generateTeam } from "../../src/factory/generate-team.ts";
import type { TeamSpec } from "../../src/spec/team-spec.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const SPECS = join(FIXTURES, "specs");
const GOLDEN = join(FIXTURES, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const specFiles = readdirSync(SPECS)
  .filter((f) => f.endsWith(".json"))
  .sort();

// Golden files pin the exact output; after an intended template change, refresh them with
// UPDATE_GOLDEN=1 npx vitest run test/factory/golden-files.test.ts (and bump the package version
// when a release should say that its teams differ)
describe.each(specFiles)("golden files of %s", (specFile) => {
  const spec = JSON.parse(readFileSync(join(SPECS, specFile), "utf8")) as TeamSpec;
  const files = generateTeam(spec, { teamsDir: "teams" });
  const dir = join(GOLDEN, specFile.replace(/\.json$/, ""));

  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
  }

  it("lists the same files", () => {
    expect(
      existsSync(dir),
      `no golden files in ${dir}: run UPDATE_GOLDEN=1 npx vitest run test/factory`,
    ).toBe(true);
    const stored = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
    expect(stored.sort()).toEqual(files.map((f) => f.path).sort());
  });

  it.each(files.map((f) => [f.path, f.content]))("%s is byte-identical", (path, content) => {
    const stored = readFileSync(join(dir, path), "utf8");
    expect(content).toBe(stored);
  });
});
