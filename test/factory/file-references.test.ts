import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type GeneratedFile, generateTeam } from "../../src/factory/generate-team.ts";
import { packageName } from "../../src/spec/slug.ts";
import { FRAMEWORKS, type TeamSpec } from "../../src/spec/team-spec.ts";
import { runPythonJson, runTool } from "./run-tool.ts";
import { sampleSpec, writeTeams } from "./sample-specs.ts";

type Shapes = Record<string, { strings: string[]; imports: string[] }>;

const withTools = FRAMEWORKS.flatMap((framework) =>
  [2, 7].map((members) => sampleSpec({ framework, provider: "OpenAI", members, hostile: false })),
);
const toolless: TeamSpec[] = FRAMEWORKS.map((framework) => {
  const spec = sampleSpec({ framework, provider: "Anthropic", members: 3, hostile: false });
  return { ...spec, members: spec.members.map((m) => ({ ...m, tools: [] })) };
});
const specs: TeamSpec[] = [...withTools, ...toolless];

/**
 * Modules a Python import statement (as `ast.unparse` writes it) loads, relative ones resolved;
 * the team's own package lives in `src/`.
 */
function importedModules(statement: string, file: string, pkg = ""): string[] {
  const from = statement.match(/^from (\.*)([\w.]*) import (.+)$/);
  const names = (list: string) => list.split(", ").map((n) => n.split(" as ")[0] as string);
  if (!from) return names(statement.replace(/^import /, ""));
  const [, dots = "", module = "", list = ""] = from;
  let base = pkg && (module === pkg || module.startsWith(`${pkg}.`)) ? `src.${module}` : module;
  if (dots) {
    const pkg = file.split("/").slice(0, -dots.length);
    base = [...pkg, ...(module ? [module] : [])].join(".");
  }
  return [base, ...names(list).map((n) => `${base}.${n}`)];
}

/** The files a module name can be, and the package `__init__.py` files importing it runs. */
function filesOf(module: string): string[] {
  const parts = module.split(".");
  const path = parts.join("/");
  const packages = parts.map((_, i) => `${parts.slice(0, i + 1).join("/")}/__init__.py`);
  return [`${path}.py`, ...packages];
}

describe("every generated file is used", () => {
  let dir: string;
  let shapes: Shapes;
  let stdlib: Set<string>;
  const filesBySpec = new Map<string, GeneratedFile[]>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-references-"));
    writeTeams(dir, specs);
    for (const spec of specs) {
      const prefix = `teams/${spec.name}/`;
      const files = generateTeam(spec, { teamsDir: "teams" });
      filesBySpec.set(
        spec.name,
        files.map((f) => ({ path: f.path.slice(prefix.length), content: f.content })),
      );
    }
    shapes = runPythonJson("ast_shape.py", [join(dir, "teams")]);
    const names = runTool("python3", ["-c", "import sys; print(*sys.stdlib_module_names)"]);
    stdlib = new Set(names.output.trim().split(" "));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const shapeOf = (spec: TeamSpec, path: string) => shapes[`${spec.name}/${path}`];

  it.each(specs.map((s) => [s.name, s]))(
    "%s: each file is imported by code or named by code, manifest, Dockerfile or README",
    (_name, spec) => {
      const files = filesBySpec.get(spec.name) ?? [];
      const paths = new Set(files.map((f) => f.path));
      const referenced = new Set<string>(["README.md"]);
      const pkg = packageName(spec.name);
      // Entry points are named, not imported: the server (Dockerfile), main.py (pyproject.toml's
      // scripts), graph.py (langgraph.json); tests are found by their runner.
      const entry = new RegExp(`^(tests/|src/${pkg}/(team_server|main|graph)\\.py$)`);
      for (const file of files) {
        const shape = file.path.endsWith(".py") ? shapeOf(spec, file.path) : undefined;
        const modules = (shape?.imports ?? []).flatMap((s) => importedModules(s, file.path, pkg));
        for (const path of modules.flatMap(filesOf)) if (path !== file.path) referenced.add(path);
        // Names in prose, manifests and string constants (a config file read by its name).
        const texts = shape ? shape.strings : [file.content];
        for (const other of paths) {
          if (other === file.path || (other.endsWith(".py") && !entry.test(other))) continue;
          const name = other.split("/").at(-1) as string;
          const dotted = other
            .replace(/^src\//, "")
            .replace(/\.py$/, "")
            .replace(/\//g, ".");
          if (texts.some((t) => t.includes(other) || t.includes(name) || t.includes(dotted)))
            referenced.add(other);
        }
      }
      expect([...paths].filter((p) => !referenced.has(p))).toEqual([]);
    },
  );

  it.each(specs.map((s) => [s.name, s]))(
    "%s: requirements.txt lists what the code imports, and the provider SDK it needs",
    (_name, spec) => {
      const files = filesBySpec.get(spec.name) ?? [];
      const pkg = packageName(spec.name);
      const local = new Set([pkg, ...files.map((f) => f.path.split("/")[0]?.replace(/\.py$/, ""))]);
      const imported = new Set(
        files
          .filter((f) => f.path.endsWith(".py") && !f.path.startsWith("tests/"))
          .flatMap((f) =>
            (shapeOf(spec, f.path)?.imports ?? []).flatMap((s) => importedModules(s, f.path, pkg)),
          )
          .map((m) => m.split(".")[0] as string)
          .filter((m) => m && !local.has(m) && !stdlib.has(m)),
      );
      const pip: Record<string, string> = {
        yaml: "pyyaml",
        langchain_core: "langchain-core",
        langchain_openai: "langchain-openai",
        langchain_anthropic: "langchain-anthropic",
      };
      const requirements = (files.find((f) => f.path === "requirements.txt")?.content ?? "")
        .trim()
        .split("\n")
        .map((line) => line.replace(/(\[.*\])?>=.*$/, ""));
      const needed = [...imported].map((m) => pip[m] ?? m);
      expect(requirements.sort()).toEqual([...new Set(needed)].sort());
      // CrewAI brings the OpenAI SDK itself; Anthropic's comes with its extra.
      const extra = spec.framework === "CrewAI" && spec.provider === "Anthropic";
      expect(
        files.find((f) => f.path === "requirements.txt")?.content.includes("crewai[anthropic]"),
      ).toBe(extra);
    },
  );

  it.each(specs.map((s) => [s.name, s]))(
    "%s: names each tool setting alike in the code, the config, the manifest and the README",
    (_name, spec) => {
      const files = filesBySpec.get(spec.name) ?? [];
      const text = (path: string) => files.find((f) => f.path === path)?.content ?? "";
      const code = new Set(
        files
          .filter((f) => f.path.startsWith(`src/${packageName(spec.name)}/tools/integrations/`))
          .flatMap((f) =>
            [
              ...f.content.matchAll(
                /(?:require_env\((?:"\w+"|\w+), |optional_env\(|environ\.get\()"([A-Z0-9_]+)"/g,
              ),
            ].map((m) => m[1] as string),
          )
          .filter((name) => name !== "KUBERNETES_SERVICE_HOST"),
      );
      const [config] = parseAllDocuments(
        text(`src/${packageName(spec.name)}/config/team_config.yaml`),
      ).map((d) => d.toJS());
      const configured = new Set<string>(
        config.tools.flatMap((t: { env: { name: string }[] }) => t.env.map((e) => e.name)),
      );
      const deployment = parseAllDocuments(text("k8s/deployment.yaml"))
        .map((d) => d.toJS())
        .find((d) => d.kind === "Deployment");
      const podEnv = new Set<string>(
        deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name),
      );
      const readme = new Set(
        [...text("README.md").matchAll(/^\| `([A-Z0-9_]+)` \| (?:yes|no) \|/gm)].map(
          (m) => m[1] as string,
        ),
      );
      expect(code).toEqual(configured);
      expect(readme).toEqual(configured);
      const inCluster = [...configured].filter((name) => name !== "KUBECONFIG");
      const llmKey = spec.provider === "OpenAI" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
      expect(podEnv).toEqual(new Set(["PORT", "HOME", llmKey, "TEAM_API_TOKEN", ...inCluster]));
      if (toolless.includes(spec)) expect(configured.size).toBe(0);
    },
  );
});
