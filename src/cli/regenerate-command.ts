import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { GENERATOR_VERSION } from "../factory/generate-team.ts";
import { compareVersions, readTeamProvenance, rebuildTeam } from "../factory/team-provenance.ts";
import { TEAMS_DIR_PATTERN, TEAMS_DIR_RULE } from "../policy/team-paths.ts";
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { count } from "./count.ts";
import { readArgs, stringValue, UsageError, usageProblem } from "./read-args.ts";
import { REGENERATE } from "./usage.ts";

const SKIPPED_DIRS = new Set(["__pycache__", ".pytest_cache", ".mypy_cache", "node_modules"]);

/** The folder's text files, path relative to it → text. */
async function readFolder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(path);
      } else if (entry.isFile()) {
        files[relative(dir, path).split(sep).join("/")] = await readFile(path, "utf8");
      }
    }
  };
  await walk(dir);
  return files;
}

/** The nearest folder at or above `dir` holding `.git`, the repository's root; null outside one. */
function repositoryRoot(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, ".git"))) return at;
    if (dirname(at) === at) return null;
  }
}

/**
 * The teams folder the team's files name (its README's paths): the folder's parent from the root
 * of the git repository holding it, whatever the working folder; outside a repository, the
 * parent's name, as `generate --out <dir>` lays teams out.
 */
function teamsDirOf(teamDir: string, given: string | undefined): string {
  const parent = dirname(resolve(teamDir));
  const root = given === undefined ? repositoryRoot(parent) : null;
  const teamsDir =
    given ?? (root === null ? basename(parent) : relative(root, parent).split(sep).join("/"));
  if (!TEAMS_DIR_PATTERN.test(teamsDir))
    throw new UsageError(
      `the teams folder ${JSON.stringify(teamsDir)}${given === undefined ? ` (from ${teamDir})` : ""} is not ${TEAMS_DIR_RULE}${given === undefined ? ": pass --teams-dir" : ""}`,
    );
  return teamsDir;
}

const list = (paths: string[]) => paths.map((p) => `  ${p}\n`).join("");
const titled = (title: string, paths: string[]) =>
  paths.length ? `${title}:\n${list(paths)}` : "";

/** `team-factory regenerate`: rebuilds a team folder from its team.json. */
export async function runRegenerateCommand(
  args: string[],
  io: CliIo = PROCESS_IO,
): Promise<number> {
  try {
    const { values, positionals } = readArgs({
      args,
      options: REGENERATE.options,
      positionals: true,
    });
    if (positionals.length !== 1) throw new UsageError("give one team folder");
    const teamDir = positionals[0] as string;
    const existing = await readFolder(teamDir).catch((error: Error) => {
      throw new UsageError(`cannot read ${teamDir}: ${error.message}`);
    });
    const read = readTeamProvenance(existing["team.json"]);
    if (!read.ok) {
      io.stderr(
        `team-factory regenerate: ${teamDir} cannot be rebuilt: ${read.reason}. Only a team written by team-factory, with its team.json as written, can be rebuilt.\n`,
      );
      return 1;
    }
    const { spec, generatorVersion: was } = read.provenance;
    if (basename(resolve(teamDir)) !== spec.name)
      throw new UsageError(`${teamDir} holds the team ${spec.name}: its folder is named so`);
    if (compareVersions(was, GENERATOR_VERSION) > 0) {
      io.stderr(
        `team-factory regenerate: ${teamDir} was written by team-factory ${was}, newer than this one (${GENERATOR_VERSION}); upgrade team-factory first.\n`,
      );
      return 1;
    }
    const teamsDir = teamsDirOf(teamDir, stringValue(values, "teams-dir"));
    const rebuilt = rebuildTeam({ spec, teamsDir, existing, from: was });
    const changes = [...rebuilt.changed, ...rebuilt.added, ...rebuilt.removed];
    if (changes.length === 0) {
      io.stdout(
        `nothing to change: ${teamDir} is what team-factory ${GENERATOR_VERSION} writes from its team.json (spec sha256 ${read.provenance.specSha256.slice(0, 12)})\n`,
      );
      return 0;
    }
    if (was === GENERATOR_VERSION && values.force !== true) {
      const edited = `${count(changes.length, "file differs", "files differ")} from what team-factory ${GENERATOR_VERSION} writes from its team.json (edited by hand?)`;
      const check = values.check === true;
      io.stdout(
        `${check ? `${teamDir}: ${edited}; regenerate keeps them` : `kept ${teamDir} as it is: ${edited}`}; --force rewrites them:\n${list(changes)}`,
      );
      return check ? 1 : 0;
    }
    const what = `${titled("changed", rebuilt.changed)}${titled("added", rebuilt.added)}${titled(`removed (team-factory ${was}'s flat layout, replaced by the package under src/)`, rebuilt.removed)}${titled("not written by the generator, left as they are", rebuilt.notGenerated)}`;
    if (values.check === true) {
      io.stdout(
        `team-factory ${GENERATOR_VERSION} would rewrite ${count(changes.length, "file")} of ${teamDir} (team.json: ${was}):\n${what}`,
      );
      return 1;
    }
    const root = `${teamsDir}/${spec.name}/`;
    for (const file of rebuilt.files) {
      const rel = file.path.slice(root.length);
      if (!changes.includes(rel)) continue;
      const path = join(teamDir, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    for (const rel of rebuilt.removed) await rm(join(teamDir, rel), { force: true });
    // The flat layout's folders (agents/, workflows/, …) go too once nothing is left in them.
    const folders = new Set(
      rebuilt.removed.flatMap((rel) => (rel.includes("/") ? [dirname(rel)] : [])),
    );
    for (const folder of [...folders].sort((a, b) => b.length - a.length))
      await rmdir(join(teamDir, folder)).catch(() => undefined);
    io.stdout(
      `regenerated ${teamDir} with team-factory ${GENERATOR_VERSION} (team.json: ${was}): ${count(changes.length, "file")}\n${what}`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError;
    io.stderr(
      usage ? usageProblem("regenerate", message) : `team-factory regenerate: ${message}\n`,
    );
    return usage ? 2 : 1;
  }
}
