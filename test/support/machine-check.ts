import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * What the suite needs from the machine beside `npm ci`, each with the Debian package that brings
 * it (`.ci/run` installs the same list): the target repositories' checks, git, PostgreSQL,
 * Chromium for the operator page, and the Python libraries generated teams and the real
 * frameworks import.
 */
const PROGRAMS: Record<string, string> = {
  black: "black",
  isort: "isort",
  flake8: "flake8",
  mypy: "mypy",
  yamllint: "yamllint",
  shellcheck: "shellcheck",
  git: "git",
  chromium: "chromium",
  python3: "python3",
};
/** Python modules (import name → Debian package). */
const MODULES: Record<string, string> = {
  yaml: "python3-yaml",
  httpx: "python3-httpx",
  kubernetes: "python3-kubernetes",
  psycopg: "python3-psycopg",
  starlette: "python3-starlette",
  tenacity: "python3-tenacity",
  anyio: "python3-anyio",
  h11: "python3-h11",
  httpcore: "python3-httpcore",
  sniffio: "python3-sniffio",
  xxhash: "python3-xxhash",
  zstandard: "python3-zstandard",
  requests_toolbelt: "python3-requests-toolbelt",
  websockets: "python3-websockets",
  distro: "python3-distro",
  rfc3986: "python3-rfc3986",
  jsonpatch: "python3-jsonpatch",
  packaging: "python3-packaging",
  jsonschema: "python3-jsonschema",
  appdirs: "python3-appdirs",
  rich: "python3-rich",
  portalocker: "python3-portalocker",
  regex: "python3-regex",
  click: "python3-click",
  tomli: "python3-tomli",
  aiosqlite: "python3-aiosqlite",
  jwt: "python3-jwt",
  boto3: "python3-boto3",
  botocore: "python3-botocore",
};
const EMOJI_FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

/** Every Debian package the check can ask for (`.ci/run` must install each). */
export const SUITE_PACKAGES = [
  ...new Set([
    ...Object.values(PROGRAMS),
    ...Object.values(MODULES),
    "postgresql",
    "fonts-noto-color-emoji",
  ]),
];

export interface Missing {
  /** What the suite looked for: a program, a module, a file. */
  what: string;
  package: string;
}

function onPath(program: string, path: string): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || ".", program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** PG_BIN, or a `/usr/lib/postgresql/<version>/bin` with initdb (what the store tests start). */
function hasPostgresServer(env: NodeJS.ProcessEnv, libDir: string): boolean {
  if (env.PG_BIN) return existsSync(join(env.PG_BIN, "initdb"));
  const versions = existsSync(libDir) ? readdirSync(libDir) : [];
  return versions.some((v) => existsSync(join(libDir, v, "bin", "initdb")));
}

/** The modules python3 (the first on `path`) cannot find, without importing any; null if it did not run. */
function missingModules(path: string): string[] | null {
  const names = Object.keys(MODULES);
  const probe = spawnSync(
    "python3",
    [
      "-c",
      "import importlib.util, sys\nprint(' '.join(n for n in sys.argv[1:] if importlib.util.find_spec(n) is None))",
      ...names,
    ],
    // With the suite's sitecustomize, which adds Debian's packages as the suite's Python does.
    {
      env: {
        PATH: path,
        PYTHONPATH: join(import.meta.dirname, "python-site"),
        PYTHONDONTWRITEBYTECODE: "1",
      },
      encoding: "utf8",
    },
  );
  return probe.status === 0 ? probe.stdout.trim().split(/\s+/).filter(Boolean) : null;
}

/** What this machine lacks for the suite, as `env` (its PATH above all) finds it. */
export function missingForSuite(
  env: NodeJS.ProcessEnv = process.env,
  where: { postgresLib?: string; emojiFont?: string } = {},
): Missing[] {
  const path = env.PATH ?? "";
  const missing: Missing[] = [];
  for (const [program, pkg] of Object.entries(PROGRAMS))
    if (!onPath(program, path)) missing.push({ what: program, package: pkg });
  if (!hasPostgresServer(env, where.postgresLib ?? "/usr/lib/postgresql"))
    missing.push({ what: "PostgreSQL server (initdb)", package: "postgresql" });
  if (!existsSync(where.emojiFont ?? EMOJI_FONT))
    missing.push({ what: "emoji font", package: "fonts-noto-color-emoji" });
  if (onPath("python3", path)) {
    const modules = missingModules(path);
    if (modules === null) missing.push({ what: "a python3 that runs", package: "python3" });
    for (const name of modules ?? [])
      missing.push({ what: `python module ${name}`, package: MODULES[name] as string });
  }
  return missing;
}

/** The one line that says what is missing and the one command that installs it. */
export function missingLine(missing: Missing[]): string {
  const modules = missing.filter((m) => m.what.startsWith("python module "));
  const named = missing.filter((m) => !modules.includes(m)).map((m) => m.what);
  if (modules.length)
    named.push(`python modules ${modules.map((m) => m.what.slice(14)).join(" ")}`);
  const packages = [...new Set(missing.map((m) => m.package))];
  return `The test suite needs what this machine lacks: ${named.join(", ")}. Install it with: apt-get update && apt-get install -y ${packages.join(" ")} (as root; .ci/run does this).`;
}
