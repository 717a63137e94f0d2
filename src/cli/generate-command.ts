import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateTeam } from "../factory/generate-team.ts";
import { specHash } from "../factory/spec-hash.ts";
import { describeIssues, TeamSpec } from "../spec/team-spec.ts";
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { count } from "./count.ts";
import { readArgs, stringValue, UsageError, usageProblem } from "./read-args.ts";
import { GENERATE } from "./usage.ts";

/** The input holds no spec: plan --json's refusal (its reason is passed on) or nothing at all. */
class NoSpec extends Error {}

/** The spec from a file or stdin: a bare spec, or the `{ spec, cost }` that `plan --json` prints. */
async function loadSpec(source: string, io: CliIo): Promise<unknown> {
  const text =
    source === "-"
      ? await io.readStdin()
      : await readFile(source, "utf8").catch((error: Error) => {
          throw new UsageError(`cannot read the spec file: ${error.message}`);
        });
  if (source === "-" && text.trim() === "") {
    throw new NoSpec(
      "standard input is empty: the command before the pipe printed nothing (did it fail?)",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const from = source === "-" ? "standard input" : source;
    throw new UsageError(`${from} is not JSON (${(error as Error).message})`);
  }
  const wrapped = value as {
    spec?: unknown;
    name?: unknown;
    status?: unknown;
    reason?: unknown;
    similar?: { reason?: unknown };
  } | null;
  if (wrapped && typeof wrapped === "object" && !("name" in wrapped)) {
    if (wrapped.status === "ignored" || wrapped.status === "enhance") {
      const reason = wrapped.status === "ignored" ? wrapped.reason : wrapped.similar?.reason;
      throw new NoSpec(`plan did not plan a team: ${String(reason ?? "no reason given")}`);
    }
    if ("spec" in wrapped) return wrapped.spec;
  }
  return value;
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
export async function runGenerateCommand(args: string[], io: CliIo = PROCESS_IO): Promise<number> {
  try {
    const { values } = readArgs({ args, options: GENERATE.options });
    const source = stringValue(values, "spec");
    const out = stringValue(values, "out");
    const teamsDir = stringValue(values, "teams-dir") ?? "teams";
    if (!source || !out) throw new UsageError("--spec and --out are required");
    const parsed = TeamSpec.safeParse(await loadSpec(source, io));
    if (!parsed.success) {
      const issues = describeIssues(parsed.error).map((i) => `  - ${i}\n`);
      io.stderr(
        `team-factory generate: the spec is not valid; fix these and retry:\n${issues.join("")}`,
      );
      return 2;
    }
    const spec = parsed.data;
    let files: ReturnType<typeof generateTeam>;
    try {
      files = generateTeam(spec, { teamsDir });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const teamDir = join(out, teamsDir, spec.name);
    if (values.force !== true && !(await isEmptyDir(teamDir))) {
      io.stderr(
        `team-factory generate: ${teamDir} is not empty; pass --force to overwrite its files\n`,
      );
      return 1;
    }
    for (const file of files) {
      const path = join(out, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    io.stdout(
      `wrote ${count(files.length, "file")} to ${teamDir}/ (spec sha256 ${specHash(spec)})\n`,
    );
    const written = new Set(files.map((f) => join(out, f.path)));
    const others = (await readdir(teamDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && !written.has(join(entry.parentPath, entry.name)))
      .map((entry) => join(entry.parentPath, entry.name));
    if (others.length) {
      const list = others
        .sort()
        .map((p) => `  ${p}\n`)
        .join("");
      io.stderr(`not part of this team, left as they were:\n${list}`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError;
    io.stderr(usage ? usageProblem("generate", message) : `team-factory generate: ${message}\n`);
    return usage ? 2 : 1;
  }
}
