/** Slash commands in issue comments; only the first line is the command. */

import { showValue } from "../spec/plain-text.ts";
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
import type { Framework, Provider } from "../spec/team-spec.ts";

export interface CreateTeamCommand {
  kind: "create-team";
  name?: string;
  framework?: Framework;
  provider?: Provider;
  department?: string;
  model?: string;
  skills?: string[];
  dryRun: boolean;
  /** `--new`: a separate team even where an existing team could be extended. */
  newTeam: boolean;
  /** The rest of the comment after the first line (untrusted text). */
  description: string;
}
export type Command =
  | CreateTeamCommand
  | { kind: "approve-team"; specHash: string | null }
  | { kind: "pause" }
  | { kind: "resume" }
  | { kind: "dismiss" }
  | { kind: "regenerate" };
export type ParsedCommand = { ok: true; command: Command | null } | { ok: false; message: string };

const CREATE_USAGE =
  "usage: /create-team [name] [framework=CrewAI|LangGraph] [provider=OpenAI|Anthropic] [department=a.b] [model=name] [skills=a,b] [--dry-run] [--new], with the description on the lines below";
const KEYS = ["name", "framework", "provider", "department", "model", "skills"] as const;

/** Splits on spaces, keeping `"quoted values"` and `key="quoted value"` together. */
function tokens(line: string): string[] {
  return [...line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((m) =>
    m[0].replace(/(["'])(.*?)\1/g, "$2"),
  );
}

/** What `/team-factory` takes, and what it was given instead (if anything). */
export function controlUsage(given?: string): string {
  return `/team-factory takes pause or resume (or dismiss, on a gap's issue)${given ? `, not ${showValue(given, 40)}` : ""}: write /team-factory pause, /team-factory resume or /team-factory dismiss`;
}

function fail(message: string): ParsedCommand {
  return { ok: false, message: `${message}\n${CREATE_USAGE}` };
}

/**
 * `/create-team …`, `/approve-team`, `/team-factory pause|resume|dismiss`, `/regenerate`, or null for any
 * other comment.
 */
export function parseCommand(commentBody: string): ParsedCommand {
  const body = commentBody.replace(/\r\n?/g, "\n").trimStart();
  const newline = body.indexOf("\n");
  const first = (newline < 0 ? body : body.slice(0, newline)).trim().slice(0, 1000);
  const rest = newline < 0 ? "" : body.slice(newline + 1).trim();
  const [head = "", ...args] = tokens(first);
  switch (head.toLowerCase()) {
    case "/approve-team": {
      const named = args[0]?.toLowerCase() ?? null;
      if (named !== null && !/^[0-9a-f]{7,64}$/.test(named)) {
        return {
          ok: false,
          message: `/approve-team takes the spec's sha256 as shown in the Team Factory comment (12 hex digits), not ${showValue(args[0] ?? "", 40)}: write /approve-team <sha256>`,
        };
      }
      return { ok: true, command: { kind: "approve-team", specHash: named } };
    }
    case "/team-factory": {
      const verb = args[0]?.toLowerCase();
      if (verb === "pause" || verb === "resume" || verb === "dismiss")
        return { ok: true, command: { kind: verb } };
      return { ok: false, message: controlUsage(args[0]) };
    }
    case "/create-team":
      return parseCreateTeam(args, rest);
    case "/regenerate":
      return args.length
        ? {
            ok: false,
            message: `/regenerate takes no arguments, not ${showValue(args[0] ?? "", 40)}: it rebuilds this issue's or PR's team from its team.json`,
          }
        : { ok: true, command: { kind: "regenerate" } };
    default:
      return { ok: true, command: null };
  }
}

function parseCreateTeam(args: string[], description: string): ParsedCommand {
  const command: CreateTeamCommand = {
    kind: "create-team",
    dryRun: false,
    newTeam: false,
    description,
  };
  const words: string[] = [];
  const set = <T>(key: keyof CreateTeamCommand, result: Read<T>): string | null => {
    if (!result.ok) return result.message;
    (command as unknown as Record<string, unknown>)[key] = result.value;
    return null;
  };
  for (const arg of args) {
    if (arg.startsWith("--") || arg.startsWith("—")) {
      if (/^(?:--|—)dry-?run$/i.test(arg)) command.dryRun = true;
      else if (/^(?:--|—)new$/i.test(arg)) command.newTeam = true;
      else return fail(`unknown option ${showValue(arg, 40)}: the options are --dry-run and --new`);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq < 0) {
      words.push(arg);
      continue;
    }
    const key = arg.slice(0, eq).toLowerCase();
    const value = arg.slice(eq + 1);
    let error: string | null;
    if (key === "name") error = set("name", readTeamName(value));
    else if (key === "framework") error = set("framework", readFramework(value));
    else if (key === "provider") error = set("provider", readProvider(value));
    else if (key === "department") error = set("department", readDepartment(value));
    else if (key === "model") error = set("model", readModel(value));
    else if (key === "skills") {
      const { skills, rejected } = readSkills(value);
      error = rejected.length ? describeRejectedSkills(rejected) : null;
      if (skills.length) command.skills = skills;
    } else {
      return fail(`unknown key ${showValue(key, 40)}: accepted keys are ${KEYS.join(", ")}`);
    }
    if (error) return fail(error);
  }
  if (words.length) {
    if (command.name)
      return fail(`give the name once: either "${words.join(" ")}" or name=${command.name}`);
    const error = set("name", readTeamName(words.join(" ")));
    if (error) return fail(error);
  }
  return { ok: true, command };
}
