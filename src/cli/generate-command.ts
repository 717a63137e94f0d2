import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { generateTeam } from "../factory/generate-team.ts";
import { specHash } from "../factory/spec-hash.ts";
import { describeIssues, TeamSpec } from "../spec/team-spec.ts";

const USAGE =
  "usage: team-factory generate --spec <spec.json|-> --out <dir> [--force] [--teams-dir teams]";

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** The spec from a file or stdin: a bare spec, or the `{ spec, cost }` that `plan --json` prints. */
async function loadSpec(source: string): Promise<unknown> {
  const text =
    source === "-"
      ? await readStdin()
      : await readFile(source, "utf8").catch((error: Error) => {
          throw new UsageError(`cannot read the spec file: ${error.message}`);
        });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const from = source === "-" ? "standard input" : source;
    throw new UsageError(`${from} is not JSON (${(error as Error).message})`);
  }
  const wrapped = value as { spec?: unknown; name?: unknown } | null;
  return wrapped && typeof wrapped === "object" && "spec" in wrapped && !("name" in wrapped)
    ? wrapped.spec
    : value;
}

async function isEmptyDir(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

/** `team-factory generate`: writes a team's files under `<out>/<teams-dir>/<name>/`. */
export async function runGenerateCommand(args: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args,
      options: {
        spec: { type: "string" },
        out: { type: "string" },
        force: { type: "boolean", default: false },
        "teams-dir": { type: "string", default: "teams" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.spec || !values.out) throw new UsageError("--spec and --out are required");
    const parsed = TeamSpec.safeParse(await loadSpec(values.spec));
    if (!parsed.success) {
      const issues = describeIssues(parsed.error).map((i) => `  - ${i}\n`);
      process.stderr.write(`the spec is not valid; fix these and retry:\n${issues.join("")}`);
      return 2;
    }
    const spec = parsed.data;
    let files: ReturnType<typeof generateTeam>;
    try {
      files = generateTeam(spec, { teamsDir: values["teams-dir"] });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const teamDir = join(values.out, values["teams-dir"], spec.name);
    if (!values.force && !(await isEmptyDir(teamDir))) {
      process.stderr.write(`${teamDir} is not empty; pass --force to overwrite its files\n`);
      return 1;
    }
    for (const file of files) {
      const path = join(values.out, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    process.stdout.write(
      `wrote ${files.length} files to ${teamDir}/ (spec sha256 ${specHash(spec)})\n`,
    );
    const written = new Set(files.map((f) => join(values.out as string, f.path)));
    const others = (await readdir(teamDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && !written.has(join(entry.parentPath, entry.name)))
      .map((entry) => join(entry.parentPath, entry.name));
    if (others.length) {
      const list = others
        .sort()
        .map((p) => `  ${p}\n`)
        .join("");
      process.stderr.write(`not part of this team, left as they were:\n${list}`);
    }
    return 0;
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`${(error as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
    return usage ? 2 : 1;
  }
}
