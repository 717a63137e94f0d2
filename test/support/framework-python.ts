import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { suiteCache } from "./suite-cache.ts";

/**
 * The Python that runs generated teams on the real CrewAI and LangGraph, and where the frameworks
 * come from:
 * - the frameworks' pinned source in `../shared/frameworks` (CI), or `TEAM_FACTORY_FRAMEWORKS`;
 *   `pythonpath.sh` there puts langgraph + langchain-core on the path, crewai's source follows,
 *   and `python-site/` (a sitecustomize) adds Debian's packages after the interpreter's own and
 *   stand-ins for the packages crewai imports but never uses on a fake LLM;
 * - else the frameworks installed for python3 (a developer's machine that has them);
 * - else an error naming both ways: the check fails, it never skips.
 */
export type FrameworkPython = {
  python: string;
  env: Record<string, string>;
  /** Where the frameworks came from, for messages. */
  source: string;
  /** langgraph-cli's JSON schema of langgraph.json, when the frameworks' source is here. */
  cliSchema?: string;
};

const REPO = resolve(import.meta.dirname, "../..");
const SITE = join(import.meta.dirname, "python-site");
const PYDANTIC_2 =
  "import sys, pydantic; sys.exit(tuple(map(int, pydantic.VERSION.split('.')[:2])) < (2, 7))";
const HAS_FRAMEWORKS =
  "import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ('langgraph', 'langgraph_cli', 'crewai', 'starlette', 'yaml')))";

let found: FrameworkPython | undefined;

/** Every python3 on PATH, in order. */
function pythons(): string[] {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "python3"))
    .filter((path) => existsSync(path));
}

const succeeds = (python: string, code: string, env?: NodeJS.ProcessEnv) =>
  spawnSync(python, ["-c", code], { env: env ?? process.env }).status === 0;

/** Quiet, local-only CrewAI: no telemetry, no tracing prompt, its data in a scratch folder. */
function quietCrewAi(): Record<string, string> {
  const data = join(tmpdir(), "team-factory-crewai-data");
  mkdirSync(data, { recursive: true });
  return {
    CREWAI_DISABLE_TELEMETRY: "true",
    CREWAI_TRACING_ENABLED: "false",
    OTEL_SDK_DISABLED: "true",
    XDG_DATA_HOME: data,
    // Bytecode goes to one cache outside the sources (the frameworks and the teams stay as they
    // are), so the frameworks compile once per machine, not in every Python the suite starts.
    // An environment that forbids bytecode (PYTHONDONTWRITEBYTECODE=1, as this machine's does)
    // would compile crewai and LangGraph again in each of them: 2 s of CPU per import.
    PYTHONDONTWRITEBYTECODE: "",
    PYTHONPYCACHEPREFIX: suiteCache("pycache"),
  };
}

/**
 * `TEAM_FACTORY_FRAMEWORKS`, else the first `shared/frameworks` beside the checkout or beside one
 * of its parents (CI has it at `../shared/frameworks`); the nearest one is named when none is.
 */
function frameworksDir(): string {
  if (process.env.TEAM_FACTORY_FRAMEWORKS) return resolve(process.env.TEAM_FACTORY_FRAMEWORKS);
  const nearest = join(REPO, "..", "shared", "frameworks");
  for (let dir = resolve(REPO, ".."); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "shared", "frameworks", "pythonpath.sh")))
      return join(dir, "shared", "frameworks");
  }
  return resolve(nearest);
}

export function frameworkPython(): FrameworkPython {
  if (found) return found;
  const dir = frameworksDir();
  const python = pythons().find((p) => succeeds(p, PYDANTIC_2));
  if (existsSync(join(dir, "pythonpath.sh"))) {
    if (!python) {
      throw new Error(
        `no python3 on PATH has pydantic >= 2.7, which langchain-core 1.x needs (${dir}/README.md)`,
      );
    }
    const path = execFileSync("bash", [join(dir, "pythonpath.sh")], { encoding: "utf8" }).trim();
    const crewai = join(dir, "crewai-1.15.17", "lib");
    const env = {
      ...quietCrewAi(),
      PYTHONPATH: [
        path,
        join(crewai, "crewai", "src"),
        join(crewai, "crewai-core", "src"),
        join(dir, "langgraph-1.1.2", "libs", "cli"),
        SITE,
      ].join(delimiter),
    };
    found = {
      python,
      env,
      source: dir,
      cliSchema: join(dir, "langgraph-1.1.2", "libs", "cli", "schemas", "schema.json"),
    };
    return found;
  }
  const installed = pythons().find((p) => succeeds(p, HAS_FRAMEWORKS));
  if (installed) {
    found = { python: installed, env: quietCrewAi(), source: `the packages of ${installed}` };
    return found;
  }
  throw new Error(
    `generated teams are tested on the real CrewAI and LangGraph, and neither ${dir} (their pinned source; set TEAM_FACTORY_FRAMEWORKS to another folder) nor a python3 with langgraph, crewai, starlette and pyyaml installed was found`,
  );
}
