import { mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { GENERATOR_VERSION } from "../factory/generate-team.ts";
import { compareVersions, readTeamProvenance, rebuildTeam } from "../factory/team-provenance.ts";
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { readArgs, stringValue, UsageError } from "./read-args.ts";

export const REGENERATE_SYNOPSIS = "regenerate <team dir> [--teams-dir dir] [--check] [--force]";

export const REGENERATE_USAGE = `usage: team-factory ${REGENERATE_SYNOPSIS}

Rebuilds a team from the spec in its team.json. The same generator version writes the same bytes,
so there is nothing to change; a newer one rewrites the files that differ and says which.

  <team dir>           the team's folder, e.g. teams/security-review-team (run from the repository)
  --teams-dir DIR      where teams live in the repository (default: the folder's parent, as given)
  --check              write nothing; exit 1 when something would change
  --force              rewrite the files even when the generator version is the same (undoes edits)
  -h, --help           this help

Exits 0 when nothing changes or the team was rewritten, 1 when --check finds changes or team.json
is missing, edited or from a newer generator, 2 on bad arguments.`;

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

function teamsDirOf(teamDir: string): string {
  const path = relative(process.cwd(), resolve(teamDir)).split(sep).join("/");
  const parent = dirname(path);
  if (path.startsWith("..") || parent === ".")
    throw new UsageError(
      `cannot tell the teams folder of ${teamDir}: run from the repository, or pass --teams-dir`,
    );
  return parent;
}

const list = (title: string, paths: string[]) =>
  paths.length ? `${title}:\n${paths.map((p) => `  ${p}\n`).join("")}` : "";

/** `team-factory regenerate`: rebuilds a team folder from its team.json. */
export async function runRegenerateCommand(
  args: string[],
  io: CliIo = PROCESS_IO,
): Promise<number> {
  try {
    const { values, positionals, help } = readArgs({
      args,
      options: {
        "teams-dir": { type: "string" },
        check: { type: "boolean" },
        force: { type: "boolean" },
      },
      positionals: true,
    });
    if (help) {
      io.stdout(`${REGENERATE_USAGE}\n`);
      return 0;
    }
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
    const teamsDir = stringValue(values, "teams-dir") ?? teamsDirOf(teamDir);
    const rebuilt = rebuildTeam({ spec, teamsDir, existing, from: was });
    const changes = [...rebuilt.changed, ...rebuilt.added, ...rebuilt.removed];
    const same = was === GENERATOR_VERSION;
    if (changes.length === 0 || (same && values.force !== true)) {
      const edited = list(
        "these files differ from what it writes (edited by hand?), left as they are; --force rewrites them",
        changes,
      );
      io.stdout(
        `nothing to change: ${teamDir} is what team-factory ${GENERATOR_VERSION} writes from its team.json (spec sha256 ${read.provenance.specSha256.slice(0, 12)})\n${edited}`,
      );
      return 0;
    }
    const what = `${list("changed", rebuilt.changed)}${list("added", rebuilt.added)}${list(`removed (team-factory ${was}'s flat layout, replaced by the package under src/)`, rebuilt.removed)}${list("not written by the generator, left as they are", rebuilt.notGenerated)}`;
    if (values.check === true) {
      io.stdout(
        `team-factory ${GENERATOR_VERSION} would rewrite ${changes.length} files of ${teamDir} (team.json: ${was}):\n${what}`,
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
      `regenerated ${teamDir} with team-factory ${GENERATOR_VERSION} (team.json: ${was}): ${changes.length} files\n${what}`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError;
    io.stderr(`team-factory regenerate: ${message}\n${usage ? `${REGENERATE_USAGE}\n` : ""}`);
    return usage ? 2 : 1;
  }
}
