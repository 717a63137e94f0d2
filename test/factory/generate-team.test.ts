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

  it("writes the CrewAI layout or the LangGraph layout, in a package of the team's own", () => {
    const paths = (spec: typeof crew) =>
      generateTeam(spec, { teamsDir: "teams" }).map((f) =>
        f.path.replace(`teams/${spec.name}/`, ""),
      );
    const pkg = (spec: typeof crew) => `src/${spec.name.replace(/-/g, "_")}`;
    const common = (spec: typeof crew) => [
      `${pkg(spec)}/__init__.py`,
      `${pkg(spec)}/tools/__init__.py`,
      `${pkg(spec)}/settings.py`,
      `${pkg(spec)}/tool_errors.py`,
      `${pkg(spec)}/team_server.py`,
      `${pkg(spec)}/config/team_config.yaml`,
      `${pkg(spec)}/config/a2a_config.yaml`,
      `${pkg(spec)}/config/llm_config.yaml`,
      "pyproject.toml",
      "requirements.txt",
      "Dockerfile",
      "health_check.sh",
      "k8s/deployment.yaml",
      "README.md",
      `tests/test_${spec.name.replace(/-/g, "_")}_team.py`,
      "team.json",
    ];
    // `crewai create crew`'s project: crew.py, main.py and CrewAI's two YAML files.
    expect(paths(crew)).toEqual(
      expect.arrayContaining([
        ...common(crew),
        `${pkg(crew)}/crew.py`,
        `${pkg(crew)}/main.py`,
        `${pkg(crew)}/config/agents.yaml`,
        `${pkg(crew)}/config/tasks.yaml`,
      ]),
    );
    expect(paths(crew).filter((p) => /agents\/|langgraph\.json|workflow/.test(p))).toEqual([]);
    // langgraph.json naming graph.py's module-level graph; members as modules.
    expect(paths(graph)).toEqual(
      expect.arrayContaining([
        ...common(graph),
        "langgraph.json",
        `${pkg(graph)}/graph.py`,
        `${pkg(graph)}/workflow.py`,
        `${pkg(graph)}/state.py`,
        `${pkg(graph)}/tasks.py`,
        `${pkg(graph)}/agents/skeptic.py`,
        `${pkg(graph)}/tools/a10_tools.py`,
      ]),
    );
    expect(
      paths(graph).filter(
        (p) =>
          /crew\.py|main\.py|\.yaml$/.test(p) && !p.includes("config/") && !p.startsWith("k8s/"),
      ),
    ).toEqual([]);
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
      testedWith: { langgraph: "1.1.2", "langchain-core": "1.2.19" },
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
    const claude = { ...graph, model: "anthropic/claude-haiku-4-5" };
    expect(content(claude, "config/llm_config.yaml")).toContain(
      "model: claude-haiku-4-5\nfallback_model: claude-sonnet-4-6\n",
    );
    // CrewAI gets the provider prefix from the config, exactly once.
    expect(content(crew, "crew.py")).toContain(
      'model_id = name if "/" in name else f"{llm.provider}/{name}"',
    );
  });
});

describe("member order", () => {
  it("puts the manager first even when the spec lists it later", () => {
    const members = [...crew.members.slice(1), crew.members[0]] as typeof crew.members;
    const files = generateTeam({ ...crew, members }, { teamsDir: "teams" });
    const agents = files.find((f) => f.path.endsWith("/agents.yaml"))?.content ?? "";
    const order = members.map((m) => m.module);
    const managerFirst = [order.at(-1), ...order.slice(0, -1)];
    const keys = [...agents.matchAll(/^(\w+):$/gm)].map((m) => m[1]);
    // A module named like an attribute of a CrewBase class (`agents`) gets another key.
    expect(keys).toEqual(managerFirst.map((m) => (m === "agents" ? "agents_member" : m)));
  });
});
