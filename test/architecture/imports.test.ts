import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  brokenRules,
  folderCycles,
  importsFromOutside,
  impureImports,
  type Never,
  readImports,
} from "./import-graph.ts";

// The layout of src/ as a rule a change cannot break unnoticed: the folders import one another
// in one direction only (type imports count: they tie the folders as much as values do), the pure
// folders reach no file, socket, process or edge, and the edges know nothing of what uses them.
const ROOT = join(import.meta.dirname, "../..");

/** Folders that compute only: what they need comes in as values or injected functions. */
const PURE = {
  folders: ["src/policy/", "src/spec/", "src/factory/", "src/render/", "src/config/"],
  /** Packages that touch no file, socket, process or clock (package.json: the version, as data). */
  packages: ["zod", "yaml", "node:path", "node:crypto", "package.json"],
};

const OBSERVE = ["src/observe/", "src/dashboard/", "src/metrics/", "src/notify/"];
/** Every folder of src/ (the composition root's files stand beside them). */
const FOLDERS = readdirSync(join(ROOT, "src"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `src/${entry.name}/`);

const NEVER: Never[] = [
  { from: FOLDERS, to: ["src/"], why: "the composition root wires the folders, never the reverse" },
  { from: ["src/handlers/"], to: ["src/store/", "src/github/"], why: "handlers only route" },
  { from: ["src/intake/"], to: ["src/store/", "src/github/"], why: "intake is pure" },
  { from: ["src/github/", "src/store/"], to: ["src/pipeline/"], why: "edges know no pipeline" },
  { from: OBSERVE, to: ["src/pipeline/"], why: "observation reads records, not the pipeline" },
  { from: ["src/policy/"], to: ["src/config/"], why: "rules take values, not the config" },
  { from: ["src/factory/"], to: ["src/config/"], why: "generation takes a spec, not the config" },
];

describe("the import graph of src/", () => {
  const imports = readImports(ROOT);

  it("reads the imports it rules on", () => {
    // A scanner that found nothing would pass every rule below.
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({ from: "src/app.ts", to: "src/handlers/on-issue.ts" });
    expect(imports).toContainEqual({
      from: "src/factory/spec-hash.ts",
      to: "node:crypto",
      package: true,
    });
  });

  it("has no folder cycle", () => {
    expect(folderCycles(imports)).toEqual([]);
  });

  it("keeps the pure folders pure", () => {
    expect(impureImports(imports, PURE)).toEqual([]);
  });

  it("takes nothing from outside src/ but package.json (seed data, the simulator, tests)", () => {
    expect(importsFromOutside(imports, ["package.json"])).toEqual([]);
  });

  it("keeps each folder on its side of the layout", () => {
    expect(brokenRules(imports, NEVER)).toEqual([]);
  });
});

describe("the rules, on a tree that breaks them", () => {
  const root = mkdtempSync(join(tmpdir(), "import-graph-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    "src/app.ts",
    [
      'import { pause } from "./policy/pause.ts";',
      'import { seedDemoTasks } from "../simulator/seed-tasks.ts";',
      'import packageJson from "../package.json" with { type: "json" };',
    ].join("\n"),
  );
  write(
    "src/policy/pause.ts",
    [
      'import { readFileSync } from "node:fs";',
      'import type {\n  RepoConfig,\n} from "../config/repo-config.ts";',
      "export const pause = (c: RepoConfig) => readFileSync(c.path);",
    ].join("\n"),
  );
  write(
    "src/config/repo-config.ts",
    [
      'import { pause } from "../policy/pause.ts";',
      "export type RepoConfig = { path: string };",
      'export const python = `from x import y\\nimport "../app.ts"`;',
    ].join("\n"),
  );
  write("src/handlers/on-issue.ts", 'export type { App } from "../app.ts";\n');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const imports = readImports(root);

  it("reads type-only, multi-line and re-exported imports, and none in a template string", () => {
    expect(imports).toEqual(
      expect.arrayContaining([
        { from: "src/policy/pause.ts", to: "src/config/repo-config.ts" },
        { from: "src/handlers/on-issue.ts", to: "src/app.ts" },
      ]),
    );
    expect(imports.filter((i) => i.from === "src/config/repo-config.ts")).toEqual([
      { from: "src/config/repo-config.ts", to: "src/policy/pause.ts" },
    ]);
  });

  it("names the cycle and the files that close it", () => {
    expect(folderCycles(imports)).toEqual([
      [
        "src/config/ -> src/policy/: src/config/repo-config.ts -> src/policy/pause.ts",
        "src/policy/ -> src/config/: src/policy/pause.ts -> src/config/repo-config.ts",
      ],
    ]);
  });

  it("names an import from outside src/", () => {
    expect(importsFromOutside(imports, ["package.json"])).toEqual([
      "src/app.ts -> simulator/seed-tasks.ts",
    ]);
  });

  it("names an I/O module in a pure folder, and a rule broken", () => {
    expect(impureImports(imports, PURE)).toEqual(["src/policy/pause.ts -> node:fs"]);
    expect(brokenRules(imports, NEVER)).toEqual([
      "src/handlers/on-issue.ts -> src/app.ts (the composition root wires the folders, never the reverse)",
      "src/policy/pause.ts -> src/config/repo-config.ts (rules take values, not the config)",
    ]);
  });
});
