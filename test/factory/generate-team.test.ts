import { describe, expect, it } from "vitest";
import { GENERATOR_VERSION, generateTeam } from "../../src/factory/generate-team.ts";
import { specHash } from "../../src/factory/spec-hash.ts";
import { sampleSpec } from "./sample-specs.ts";

const crew = sampleSpec({ framework: "CrewAI", provider: "OpenAI", members: 3, hostile: false });
const graph = sampleSpec({
  framework: "LangGraph",
  provider: "Anthropic",
  members: 5,
  hostile: true,
});

describe("generateTeam", () => {
  it("roots every file at <teamsDir>/<name>/ and lists each path once", () => {
    const files = generateTeam(crew, { teamsDir: "src/teams/teams" });
    for (const file of files)
      expect(file.path.startsWith(`src/teams/teams/${crew.name}/`)).toBe(true);
    expect(new Set(files.map((f) => f.path)).size).toBe(files.length);
  });

  it("writes the CrewAI layout or the LangGraph layout", () => {
    const paths = (spec: typeof crew) =>
      generateTeam(spec, { teamsDir: "teams" }).map((f) =>
        f.path.replace(`teams/${spec.name}/`, ""),
      );
    const common = [
      "agents/__init__.py",
      "tasks/__init__.py",
      "tools/__init__.py",
      "settings.py",
      "team_server.py",
      "config/team_config.yaml",
      "config/a2a_config.yaml",
      "config/llm_config.yaml",
      "requirements.txt",
      "Dockerfile",
      "health_check.sh",
      "k8s/deployment.yaml",
      "README.md",
      "tests/test_team.py",
      "team.json",
    ];
    expect(paths(crew)).toEqual(expect.arrayContaining([...common, "crew.py", "agents/lead.py"]));
    expect(paths(crew)).not.toContain("workflows/team_workflow.py");
    expect(paths(graph)).toEqual(
      expect.arrayContaining([
        ...common,
        "workflows/__init__.py",
        "workflows/state_definitions.py",
        "workflows/team_workflow.py",
        "agents/skeptic.py",
        "tools/a10_tools.py",
      ]),
    );
    expect(paths(graph)).not.toContain("crew.py");
  });

  it("is deterministic: the same spec gives byte-identical files in the same order", () => {
    const again = structuredClone(graph);
    expect(generateTeam(again, { teamsDir: "teams" })).toEqual(
      generateTeam(graph, { teamsDir: "teams" }),
    );
  });

  it("records the generator version, the spec and its sha256 in team.json", () => {
    const file = generateTeam(graph, { teamsDir: "teams" }).find((f) =>
      f.path.endsWith("/team.json"),
    );
    const provenance = JSON.parse(file?.content ?? "{}");
    expect(provenance).toEqual({
      generator: "team-factory",
      generatorVersion: GENERATOR_VERSION,
      specSha256: specHash(graph),
      spec: graph,
    });
  });

  it("refuses a teams dir or a name that would leave the root", () => {
    for (const teamsDir of [
      "../outside",
      "/etc",
      "teams/../..",
      "teams/./x",
      "",
      "a\\b",
      "teams/",
      ".git/hooks",
      "x/.git",
    ]) {
      expect(() => generateTeam(crew, { teamsDir }), teamsDir).toThrow(/not a relative folder/);
    }
    for (const name of ["../../etc-team", "a/b-team", "x-team-team", "Upper-team"]) {
      expect(() => generateTeam({ ...crew, name }, { teamsDir: "teams" }), name).toThrow(
        /invalid team spec: name/,
      );
    }
  });

  it("refuses an invalid spec with the issues in words", () => {
    const noManager = { ...crew, members: crew.members.map((m) => ({ ...m, isManager: false })) };
    expect(() => generateTeam(noManager, { teamsDir: "teams" })).toThrow(/exactly one manager/);
    const badModule = {
      ...crew,
      members: crew.members.map((m, i) => (i ? m : { ...m, module: "os; import" })),
    };
    expect(() => generateTeam(badModule, { teamsDir: "teams" })).toThrow(/members\.0\.module/);
  });

  it("sizes Kubernetes requests by team size and never doubles the team id", () => {
    const manifest = (spec: typeof crew) =>
      generateTeam(spec, { teamsDir: "teams" }).find((f) => f.path.endsWith("k8s/deployment.yaml"))
        ?.content ?? "";
    expect(manifest(crew)).toMatch(/cpu: 100m\n\s+memory: 256Mi/);
    expect(manifest(graph)).toMatch(/cpu: 200m\n\s+memory: 512Mi/);
    const all = generateTeam(crew, { teamsDir: "teams" })
      .map((f) => f.content)
      .join("\n");
    expect(all).not.toContain(`${crew.name}-team`);
    expect(all).toContain("namespace: elf-teams");
    expect(all).toContain("team-type: ai-agent-team");
  });
});

describe("model ids", () => {
  const content = (spec: typeof crew, path: string) =>
    generateTeam(spec, { teamsDir: "teams" }).find((f) => f.path.endsWith(path))?.content ?? "";

  it("stay bare in the config; CrewAI adds the provider prefix exactly once", () => {
    for (const model of ["gpt-4o-mini", "openai/gpt-4o-mini"]) {
      for (const framework of ["CrewAI", "LangGraph"] as const) {
        const config = content({ ...crew, model, framework }, "config/llm_config.yaml");
        expect(config).toContain("provider: openai\nmodel: gpt-4o-mini\n");
        expect(config).toContain("fallback_model: gpt-4.1-mini\n");
      }
    }
    const claude = { ...graph, model: "anthropic/claude-3-5-haiku-latest" };
    expect(content(claude, "config/llm_config.yaml")).toContain(
      "model: claude-3-5-haiku-latest\nfallback_model: claude-sonnet-4-0\n",
    );
    // CrewAI (LiteLLM) gets the provider prefix from the config, exactly once.
    expect(content(crew, "crew.py")).toContain(
      'model_id = model if "/" in model else f"{llm.provider}/{model}"',
    );
  });
});

describe("member order", () => {
  it("puts the manager first even when the spec lists it later", () => {
    const members = [...crew.members.slice(1), crew.members[0]] as typeof crew.members;
    const files = generateTeam({ ...crew, members }, { teamsDir: "teams" });
    const agents = files.find((f) => f.path.endsWith("agents/__init__.py"))?.content ?? "";
    const order = members.map((m) => m.module);
    const managerFirst = [order.at(-1), ...order.slice(0, -1)].join(", ");
    expect(agents).toContain(`MEMBER_MODULES = (${managerFirst})`);
  });
});
