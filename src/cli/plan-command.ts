/** `team-factory plan "<description>"`: the team spec and cost estimate for a gap, offline by default. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_REPO_CONFIG } from "../config/repo-config.ts";
import { drafterFromEnv } from "../llm/drafter-from-env.ts";
import { inferSkills } from "../spec/capabilities.ts";
import { type Coverage, coverageLine, coverRequirements } from "../spec/cover-requirements.ts";
import type { ExistingTeam } from "../spec/find-similar-team.ts";
import { parseExistingTeam } from "../spec/find-similar-team.ts";
import { Gap, type GapRequest, MAX_DESCRIPTION } from "../spec/gap.ts";
import { type PlanOutcome, planTeam } from "../spec/plan-team.ts";
import {
  describeRejectedSkills,
  type Read,
  readDepartment,
  readFramework,
  readModel,
  readPlainTeamName,
  readProvider,
  readSkills,
} from "../spec/request-values.ts";
import { slugify } from "../spec/slug.ts";
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { count } from "./count.ts";
import { readArgs, stringValue, UsageError, usageProblem } from "./read-args.ts";
import { textTable } from "./text-table.ts";
import { PLAN } from "./usage.ts";

function must<T>(result: Read<T>): T {
  if (!result.ok) throw new UsageError(result.message);
  return result.value;
}

type PlanArgs = { gap: Gap; json: boolean; teamsDir?: string };

/** The description: the words given, `-` (or `--file -`) for standard input, or `--file PATH`. */
async function readDescription(words: string[], file: string | undefined, io: CliIo) {
  if (file !== undefined && words.length > 0)
    throw new UsageError(
      "give the description once: as words, as - for standard input, or with --file PATH",
    );
  const source = file ?? (words.length === 1 && words[0] === "-" ? "-" : undefined);
  if (source === undefined) return words.join(" ");
  const text =
    source === "-"
      ? await io.readStdin()
      : await readFile(source, "utf8").catch((error: Error) => {
          // Node's message ends with the call and the path: the path is already in ours.
          const why = error.message.replace(/, \w+ '.*'$/, "");
          throw new UsageError(`cannot read --file ${source}: ${why}`);
        });
  if (source === "-" && text.trim() === "")
    throw new UsageError(
      "standard input holds no description: the command before the pipe printed nothing",
    );
  return text;
}

async function planArgs(args: string[], io: CliIo): Promise<PlanArgs> {
  const { values, positionals } = readArgs({ args, options: PLAN.options, positionals: true });
  const value = (name: string) => stringValue(values, name);
  const given = (await readDescription(positionals, value("file"), io)).trim();
  if (!given) throw new UsageError("give the missing capability as a quoted description");
  if (given.length > MAX_DESCRIPTION)
    io.stderr(
      `team-factory plan: the description has ${count(given.length, "character")}; it is planned from its first ${MAX_DESCRIPTION.toLocaleString("en-US")}, as an issue's is\n`,
    );
  const description = given.slice(0, MAX_DESCRIPTION);
  const request: GapRequest = {};
  const framework = value("framework");
  const provider = value("provider");
  const department = value("department");
  const model = value("model");
  const name = value("name");
  if (framework) request.framework = must(readFramework(framework));
  if (provider) request.provider = must(readProvider(provider));
  if (department) request.department = must(readDepartment(department));
  if (model) request.model = must(readModel(model));
  if (name !== undefined) request.name = must(readPlainTeamName(name));
  const { skills, rejected } = readSkills(value("skills") ?? "");
  if (rejected.length) throw new UsageError(describeRejectedSkills(rejected));
  const gap = Gap.parse({
    kind: "cli",
    title: description.split("\n")[0]?.slice(0, 300) ?? "",
    description,
    requiredSkills: skills.length ? skills : inferSkills(description),
    request,
    gapKey: `cli:${slugify(description).slice(0, 80) || "gap"}`,
  });
  return { gap, json: values.json === true, teamsDir: value("teams-dir") };
}

/** Each folder of `dir` holding a team.json (a team this project wrote) or `config/` files. */
async function readTeams(dir: string): Promise<ExistingTeam[]> {
  const teams: ExistingTeam[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: Error) => {
    throw new UsageError(
      `cannot read --teams-dir ${dir}: ${error.message.replace(/, \w+ '.*'$/, "")}`,
    );
  });
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files: Record<string, string> = {};
    for (const name of ["team.json", "config/team_config.yaml", "config/a2a_config.yaml"]) {
      const text = await readFile(join(dir, entry.name, name), "utf8").catch(() => null);
      if (text !== null) files[name] = text;
    }
    if (Object.keys(files).length) teams.push(parseExistingTeam({ slug: entry.name, files }));
  }
  return teams;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The outcome as a readable table, with the needs of the description the team covers. */
export function formatPlan(outcome: PlanOutcome, coverage?: Coverage): string {
  if (outcome.status === "ignored") return `Not planned: ${outcome.reason}`;
  if (outcome.status === "enhance") {
    return `Not planned: ${outcome.similar.reason} (overlap ${outcome.similar.score})`;
  }
  const { spec, cost } = outcome;
  const built =
    outcome.via === "model"
      ? "OpenAI"
      : `heuristic${outcome.fallbackReason ? ` (OpenAI fallback: ${outcome.fallbackReason})` : ""}`;
  const members = spec.members.map((m, i) => [
    m.isManager ? "manager" : m.isSkeptic ? "skeptic" : "member",
    m.role,
    m.module,
    m.skills.join(", "),
    usd(cost.perMember[i]?.monthlyUsd ?? 0),
  ]);
  return [
    ...textTable([
      ["Team", `${spec.name} (${spec.displayName})`],
      ["Department", `${spec.department}, reports to ${spec.reportsTo}`],
      ["Stack", `${spec.framework}, ${spec.provider} ${spec.model}, ${spec.process} process`],
      ["Skills", spec.skills.join(", ")],
      ["Built by", built],
    ]),
    "",
    "Members",
    ...textTable([["kind", "role", "module", "skills", "LLM/month"], ...members]),
    "",
    "Cost",
    ...textTable([
      ["LLM", `${usd(cost.llmMonthlyUsd)}/month (${cost.priceSource})`],
      [
        "Infrastructure",
        `${usd(cost.infraMonthlyUsd)}/month (${cost.pod.replicas} pod, ${cost.pod.cpu} CPU, ${cost.pod.memory})`,
      ],
      [
        "Total",
        `${usd(cost.monthlyUsd)}/month${outcome.needsApproval ? " (above the threshold: needs /approve-team)" : ""}`,
      ],
    ]),
    ...(coverage ? ["", "Needs of the description", ...formatCoverage(coverage)] : []),
  ].join("\n");
}

const NEED_STATE = {
  working: "working",
  model: "the model",
  stub: "STUB",
  missing: "NOT COVERED",
} as const;

function formatCoverage(coverage: Coverage): string[] {
  if (coverage.needs.length === 0) {
    return ["  none recognised: compare the team with the description"];
  }
  const needs = coverage.needs.map((n) => [
    n.need,
    NEED_STATE[n.status],
    n.status === "missing"
      ? "extend the team or plan another"
      : `${n.member}${n.tools.length ? `, with ${n.tools.join(", ")}` : n.status === "stub" ? ": no working tool, see To implement" : ""}`,
  ]);
  const stubs = coverage.toImplement.map((s) => [
    `${s.tool}(query: str) -> str`,
    s.member,
    `tools/${s.module}_tools.py`,
  ]);
  return [
    `  ${coverageLine(coverage)}`,
    ...textTable(needs),
    ...(stubs.length
      ? ["", "To implement (stubs: they raise NotImplementedError)", ...textTable(stubs)]
      : []),
  ];
}

export async function runPlanCommand(args: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let outcome: PlanOutcome;
  let parsed: PlanArgs;
  try {
    parsed = await planArgs(args, io);
    const teams = parsed.teamsDir ? await readTeams(parsed.teamsDir) : [];
    outcome = await planTeam({
      gap: parsed.gap,
      config: DEFAULT_REPO_CONFIG,
      teams,
      drafter: await drafterFromEnv(io.env),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(usageProblem("plan", message));
    return 2;
  }
  const coverage =
    outcome.status === "planned"
      ? coverRequirements({ gap: parsed.gap, spec: outcome.spec })
      : undefined;
  if (parsed.json) {
    io.stdout(`${JSON.stringify({ ...outcome, coverage }, null, 2)}\n`);
  } else {
    io.stdout(`${formatPlan(outcome, coverage)}\n`);
  }
  return outcome.status === "planned" ? 0 : 1;
}
