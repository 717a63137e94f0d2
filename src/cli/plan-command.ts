/** `team-factory plan "<description>"`: the team spec and cost estimate for a gap, offline by default. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_REPO_CONFIG } from "../config/repo-config.ts";
import { drafterFromEnv } from "../llm/drafter-from-env.ts";
import { inferSkills } from "../spec/capabilities.ts";
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
  readProvider,
  readSkills,
  readTeamName,
} from "../spec/request-values.ts";
import { slugify } from "../spec/slug.ts";

export const PLAN_USAGE = `usage: team-factory plan "<description>" [--skills a,b] [--framework CrewAI|LangGraph]
       [--provider OpenAI|Anthropic] [--department a.b] [--model name] [--name team-name]
       [--teams-dir dir] [--json]
Uses OpenAI only when OPENAI_API_KEY is set (OPENAI_MODEL, OPENAI_BASE_URL, OPENAI_TIMEOUT_MS).`;

class UsageError extends Error {}

function must<T>(result: Read<T>): T {
  if (!result.ok) throw new UsageError(result.message);
  return result.value;
}

function gapFromArgs(args: string[]): { gap: Gap; json: boolean; teamsDir?: string } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      skills: { type: "string" },
      framework: { type: "string" },
      provider: { type: "string" },
      department: { type: "string" },
      model: { type: "string" },
      name: { type: "string" },
      "teams-dir": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const description = positionals.join(" ").trim().slice(0, MAX_DESCRIPTION);
  if (!description) throw new UsageError("give the missing capability as a quoted description");
  const request: GapRequest = {};
  if (values.framework) request.framework = must(readFramework(values.framework));
  if (values.provider) request.provider = must(readProvider(values.provider));
  if (values.department) request.department = must(readDepartment(values.department));
  if (values.model) request.model = must(readModel(values.model));
  if (values.name) request.name = must(readTeamName(values.name));
  const { skills, rejected } = readSkills(values.skills ?? "");
  if (rejected.length) throw new UsageError(describeRejectedSkills(rejected));
  const gap = Gap.parse({
    kind: "cli",
    title: description.split("\n")[0]?.slice(0, 300) ?? "",
    description,
    requiredSkills: skills.length ? skills : inferSkills(description),
    request,
    gapKey: `cli:${slugify(description).slice(0, 80) || "gap"}`,
  });
  return { gap, json: values.json, teamsDir: values["teams-dir"] };
}

/** Each folder of `dir` holding a `config/` folder, read as an existing team. */
async function readTeams(dir: string): Promise<ExistingTeam[]> {
  const teams: ExistingTeam[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files: Record<string, string> = {};
    for (const name of ["config/team_config.yaml", "config/a2a_config.yaml"]) {
      const text = await readFile(join(dir, entry.name, name), "utf8").catch(() => null);
      if (text !== null) files[name] = text;
    }
    if (Object.keys(files).length) teams.push(parseExistingTeam({ slug: entry.name, files }));
  }
  return teams;
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const pad = (rows: string[][]) => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
};

/** The outcome as a readable table. */
export function formatPlan(outcome: PlanOutcome): string {
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
    ...pad([
      ["Team", `${spec.name} (${spec.displayName})`],
      ["Department", `${spec.department}, reports to ${spec.reportsTo}`],
      ["Stack", `${spec.framework}, ${spec.provider} ${spec.model}, ${spec.process} process`],
      ["Skills", spec.skills.join(", ")],
      ["Built by", built],
    ]),
    "",
    "Members",
    ...pad([["kind", "role", "module", "skills", "LLM/month"], ...members]),
    "",
    "Cost",
    ...pad([
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
  ].join("\n");
}

export async function runPlanCommand(args: string[]): Promise<number> {
  let outcome: PlanOutcome;
  let json = false;
  try {
    const parsed = gapFromArgs(args);
    json = parsed.json;
    const teams = parsed.teamsDir ? await readTeams(parsed.teamsDir) : [];
    outcome = await planTeam({
      gap: parsed.gap,
      config: DEFAULT_REPO_CONFIG,
      teams,
      drafter: await drafterFromEnv(process.env),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`team-factory plan: ${message}\n${PLAN_USAGE}\n`);
    return 2;
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatPlan(outcome)}\n`);
  }
  return outcome.status === "planned" ? 0 : 1;
}
