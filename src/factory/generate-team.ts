import { posix } from "node:path";
import packageJson from "../../package.json" with { type: "json" };
import { TEAMS_DIR_PATTERN, TEAMS_DIR_RULE } from "../policy/team-paths.ts";
import { describeIssues, TeamSpec } from "../spec/team-spec.ts";
import { renderAgents } from "./render-agents.ts";
import { renderConfigs } from "./render-configs.ts";
import { renderCrew } from "./render-crew.ts";
import { renderDeploy } from "./render-deploy.ts";
import { renderReadme } from "./render-readme.ts";
import { renderServer } from "./render-server.ts";
import { SETTINGS_MODULE, TOOL_ERRORS_MODULE } from "./render-settings.ts";
import { renderSmokeTest } from "./render-smoke-test.ts";
import { renderToolTests } from "./render-tool-tests.ts";
import { renderWorkflow } from "./render-workflow.ts";
import { specHash } from "./spec-hash.ts";
import { TESTED_WITH, teamModel } from "./team-model.ts";

/** The package's version, the one version string: team.json, the PR and `--version` show it. */
export const GENERATOR_VERSION: string = packageJson.version;

export type GeneratedFile = { path: string; content: string };

/** The team's root folder, `<teamsDir>/<name>`, refusing a teams dir that could leave the repo. */
export function teamRoot(teamsDir: string, name: string): string {
  if (!TEAMS_DIR_PATTERN.test(teamsDir)) {
    throw new Error(`teams dir ${JSON.stringify(teamsDir)} is not ${TEAMS_DIR_RULE}`);
  }
  return `${teamsDir}/${name}`;
}

function inside(root: string, relative: string): string {
  const path = posix.normalize(`${root}/${relative}`);
  if (!path.startsWith(`${root}/`) || relative.includes("\\") || posix.isAbsolute(relative)) {
    throw new Error(`refusing to write ${JSON.stringify(relative)}: it is outside ${root}/`);
  }
  return path;
}

/**
 * Every file of the team described by `spec`, in a fixed order, with paths under
 * `<teamsDir>/<spec.name>/`. Pure and deterministic: the same spec and generator version give
 * byte-identical output. Throws when the spec is invalid or a path would leave the root.
 * `generatorVersion` (default GENERATOR_VERSION) is what team.json records.
 */
export function generateTeam(
  spec: TeamSpec,
  options: { teamsDir: string; generatorVersion?: string },
): GeneratedFile[] {
  const parsed = TeamSpec.safeParse(spec);
  if (!parsed.success) {
    throw new Error(`invalid team spec: ${describeIssues(parsed.error).join("; ")}`);
  }
  const valid = parsed.data;
  const root = teamRoot(options.teamsDir, valid.name);
  const model = teamModel(valid);
  const provenance = {
    generator: "team-factory",
    generatorVersion: options.generatorVersion ?? GENERATOR_VERSION,
    specSha256: specHash(valid),
    testedWith: TESTED_WITH[valid.framework],
    spec: valid,
  };
  const { src } = model;
  const files: GeneratedFile[] = [
    { path: `${src}/__init__.py`, content: packageDoc(model.spec.framework) },
    ...renderAgents(model),
    ...(valid.framework === "CrewAI" ? renderCrew(model) : renderWorkflow(model)),
    { path: `${src}/settings.py`, content: SETTINGS_MODULE },
    { path: `${src}/tool_errors.py`, content: TOOL_ERRORS_MODULE },
    { path: `${src}/team_server.py`, content: renderServer(model) },
    ...renderConfigs(model),
    ...renderDeploy(model),
    { path: "README.md", content: renderReadme(model, root) },
    ...renderSmokeTest(model),
    ...renderToolTests(model),
    { path: "team.json", content: `${inertJson(provenance)}\n` },
  ];
  return files.map((f) => ({ path: inside(root, f.path), content: f.content }));
}

function packageDoc(framework: TeamSpec["framework"]): string {
  const entry =
    framework === "CrewAI"
      ? "crew.py (the crew), main.py (crewai run)"
      : "workflow.py (the graph), graph.py (langgraph dev)";
  return `"""The team: ${entry}, tools, server."""\n`;
}

/**
 * Pretty JSON that shows no invisible direction or line-separator characters: they can only sit
 * in strings, where `\uXXXX` says the same thing visibly (a reviewer reads what the file holds).
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u202A-\u202E\u2066-\u2069\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
