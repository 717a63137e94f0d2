import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, visit } from "yaml";
import { generateTeam } from "../../src/factory/generate-team.ts";
import { crewRole, crewText } from "../../src/factory/render-crew.ts";
import { FRAMEWORKS, PROVIDERS, type TeamSpec } from "../../src/spec/team-spec.ts";
import { runPythonJson } from "./run-tool.ts";
import { HOSTILE, sampleSpec, writeTeams } from "./sample-specs.ts";

type Shapes = Record<
  string,
  { shape: string; strings: string[]; calls: string[]; imports: string[] }
>;

/** The free text a LangGraph team's Python holds: each member's prompt texts. */
function promptTexts(spec: TeamSpec): string[] {
  return spec.members.flatMap((m) => [m.role, m.goal, m.backstory]);
}

// A hostile spec and a benign one with the same structure must give Python of the same shape:
// user text may change string constants and nothing else (no call, import or name appears).
describe("user text reaches generated code only as data", () => {
  let dir: string;
  const pairs = FRAMEWORKS.flatMap((framework) =>
    PROVIDERS.flatMap((provider) =>
      [3, 7].map((members) => {
        const name = `${framework}-${provider}-${members}-team`.toLowerCase();
        return {
          benign: sampleSpec({ framework, provider, members, hostile: false, name }),
          hostile: sampleSpec({ framework, provider, members, hostile: true, name }),
        };
      }),
    ),
  );
  let benign: Shapes;
  let hostile: Shapes;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "team-injection-"));
    writeTeams(
      join(dir, "benign"),
      pairs.map((p) => p.benign),
    );
    writeTeams(
      join(dir, "hostile"),
      pairs.map((p) => p.hostile),
    );
    benign = runPythonJson("ast_shape.py", [join(dir, "benign")]);
    hostile = runPythonJson("ast_shape.py", [join(dir, "hostile")]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives Python files of identical shape, calls and imports", () => {
    expect(Object.keys(hostile).sort()).toEqual(Object.keys(benign).sort());
    for (const [path, file] of Object.entries(hostile)) {
      expect(file.shape, path).toBe(benign[path]?.shape);
      expect(file.calls, path).toEqual(benign[path]?.calls);
      expect(file.imports, path).toEqual(benign[path]?.imports);
      expect(file.calls.join(" "), path).not.toMatch(/\b(?:system|__import__|exec|eval)\b/);
    }
  });

  it("keeps every hostile text whole inside a string constant", () => {
    for (const { hostile: spec } of pairs) {
      const strings = new Set(
        Object.entries(hostile).flatMap(([path, f]) =>
          path.startsWith(`teams/${spec.name}/`) ? f.strings : [],
        ),
      );
      if (spec.framework === "LangGraph") {
        for (const text of promptTexts(spec))
          expect(strings.has(text), text.slice(0, 60)).toBe(true);
        continue;
      }
      // A CrewAI team's texts are data of config/agents.yaml, read back whole (placeholders
      // written as parentheses, the role on one line).
      const agents = generateTeam(spec, { teamsDir: "teams" }).find((f) =>
        f.path.endsWith("/agents.yaml"),
      );
      const read = parseAllDocuments(agents?.content ?? "")[0]?.toJS() as Record<
        string,
        { role: string; goal: string; backstory: string }
      >;
      expect(Object.values(read).map((a) => [a.role, a.goal, a.backstory])).toEqual(
        spec.members
          .slice()
          .sort((x, y) => Number(y.isManager) - Number(x.isManager))
          .map((m) => [crewRole(m.role), crewText(m.goal), crewText(m.backstory)]),
      );
      expect(JSON.stringify(read)).not.toMatch(/\{[A-Za-z_][A-Za-z0-9_-]*\}/);
    }
  });

  it("reads back the same text from every YAML file", () => {
    const spec = pairs[pairs.length - 1]?.hostile as TeamSpec;
    const files = generateTeam(spec, { teamsDir: "teams" });
    const yamlText = (path: string) => files.find((f) => f.path.endsWith(path))?.content ?? "";
    const [team] = parseAllDocuments(yamlText("config/team_config.yaml")).map((d) => d.toJS());
    expect(team.team.description).toBe(spec.description);
    expect(team.team.display_name).toBe(spec.displayName);
    expect(team.members.map((m: { role: string }) => m.role)).toEqual(
      spec.members.map((m) => m.role),
    );
    const deployment = parseAllDocuments(yamlText("k8s/deployment.yaml")).map((d) => d.toJS());
    expect(deployment.map((d) => d.kind)).toEqual([
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "Deployment",
      "Service",
    ]);
    for (const file of files.filter((f) => f.path.endsWith(".yaml"))) {
      for (const doc of parseAllDocuments(file.content)) {
        expect(doc.errors, file.path).toEqual([]);
        visit(doc, { Alias: () => expect.fail(`${file.path} uses a YAML alias`) });
      }
    }
  });

  it("shows no raw direction override or line separator in any generated file, team.json included", () => {
    for (const { hostile: spec } of pairs) {
      for (const file of generateTeam(spec, { teamsDir: "teams" })) {
        expect(file.content, file.path).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u2028\u2029]/);
      }
    }
  });

  it("writes no user text into the Dockerfile, the shell script or requirements.txt", () => {
    for (const { hostile: spec } of pairs) {
      for (const file of generateTeam(spec, { teamsDir: "teams" })) {
        if (!/(Dockerfile|\.sh|requirements\.txt)$/.test(file.path)) continue;
        for (const fragment of HOSTILE)
          expect(file.content.includes(fragment.slice(0, 12))).toBe(false);
        expect(file.content).toMatch(/^[\x20-\x7e\n]*$/);
      }
    }
  });
});
