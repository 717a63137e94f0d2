/**
 * What each command accepts and what `--help` says about it. Every run loads this module and
 * nothing it imports at run time, so `--help` answers without loading a command or a package.
 * Defaults quoted here are the commands' own (test/cli/help-and-version.test.ts checks them).
 */
import type { OptionSpec } from "./read-args.ts";

export interface CommandUsage {
  /** One line in the overall help. */
  summary: string;
  synopsis: string;
  /** The whole `<command> --help`. */
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: true;
}

const command = (usage: Omit<CommandUsage, "usage"> & { help: string }): CommandUsage => ({
  summary: usage.summary,
  synopsis: usage.synopsis,
  usage: `usage: team-factory ${usage.synopsis}\n\n${usage.help}`,
  options: usage.options,
  ...(usage.positionals ? { positionals: true } : {}),
});

const STORE_OPTION = `  --database-url URL   the Postgres (or Supabase) database (default: DATABASE_URL; else SUPABASE_URL
                       with SUPABASE_SERVICE_ROLE_KEY; else the embedded store in TEAM_FACTORY_DATA_DIR)`;

export const PLAN = command({
  summary: "plan a team for a missing capability: its spec, cost and the needs it covers",
  synopsis: `plan "<description>" | - | --file path [--skills a,b] [--framework CrewAI|LangGraph]
       [--provider OpenAI|Anthropic] [--department a.b] [--model name] [--name team-name]
       [--teams-dir dir] [--json]`,
  options: {
    file: { type: "string" },
    skills: { type: "string" },
    framework: { type: "string" },
    provider: { type: "string" },
    department: { type: "string" },
    model: { type: "string" },
    name: { type: "string" },
    "teams-dir": { type: "string" },
    json: { type: "boolean" },
  },
  positionals: true,
  help: `Plans a team for a missing capability: its spec, its cost and which needs of the description
it covers. Prints a table, or with --json the outcome that \`generate --spec -\` reads.

  <description>        what is missing, in quotes; - reads it from standard input
  --file PATH          read the description from a file (- for standard input); beyond 20,000
                       characters it is cut, as an issue's is, and plan says so
  --skills a,b         skills the team needs (default: inferred from the description, in English,
                       Chinese or Japanese)
  --framework NAME     CrewAI or LangGraph (default CrewAI)
  --provider NAME      OpenAI or Anthropic (default OpenAI; a claude model implies Anthropic)
  --department a.b     department in dot notation (default: inferred)
  --model NAME         the team's LLM (default: the provider's small model)
  --name TEAM          the team's name, like cost-watch: letters a-z, digits, spaces, hyphens and
                       underscores (default: from its topics); its folder is <name>-team
  --teams-dir DIR      existing teams to compare with: a close one is suggested instead
  --json               print JSON instead of a table
  -h, --help           this help

Exits 0 with a plan, 1 when the gap is not planned (the reason is printed), 2 on bad arguments.
Uses an OpenAI-compatible model only when OPENAI_API_KEY is set (OPENAI_MODEL, OPENAI_BASE_URL,
OPENAI_TIMEOUT_MS); else, or when the model fails, keyword rules plan the team.`,
});

export const GENERATE = command({
  summary: "write a team's files from a spec, or from plan --json on standard input",
  synopsis: "generate --spec <spec.json|-> --out <dir> [--force] [--teams-dir dir]",
  options: {
    spec: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
    "teams-dir": { type: "string" },
  },
  help: `Writes every file of a team to <dir>/<teams-dir>/<name>/ from a spec: a spec file, or \`-\` for
standard input, which also takes what \`plan --json\` prints.

  --spec FILE          the spec (JSON), or - for standard input
  --out DIR            the repository (or any folder) to write into
  --teams-dir DIR      where teams live inside it (default teams)
  --force              overwrite the files of a team folder that is not empty
  -h, --help           this help

Exits 0 when written, 1 when plan planned no team (its reason is printed) or the folder is not
empty, 2 on bad arguments or an invalid spec.`,
});

export const SCAN = command({
  summary: "print the capability gaps a task scan would report; writes nothing",
  synopsis: "scan [--database-url url] [--repo owner/name] [--min-tasks n] [--json]",
  options: {
    "database-url": { type: "string" },
    repo: { type: "string" },
    "min-tasks": { type: "string" },
    json: { type: "boolean" },
  },
  help: `Prints the capability gaps a task scan would report: skills that at least --min-tasks ready,
unassigned tasks need and that no active team in the registry covers. It only reads the store:
no issue is opened and nothing is recorded.

${STORE_OPTION}
  --repo owner/name    only the tasks of this repository's projects (pm_projects.repository), as
                       its scan reads them, and which gaps it would skip because the store
                       already records them (open issues on GitHub are not checked); a repository
                       no project is mapped to is said to be so, with the column to set
  --min-tasks N        ready, unassigned tasks that make a skill a gap (default 3)
  --json               print JSON instead of a table
  -h, --help           this help

Exits 0 after the scan (gaps or none), 1 when the store cannot be read, 2 on bad arguments.`,
});

export const BACKTEST = command({
  summary: "replay gap detection day by day over the store's history; writes nothing",
  synopsis:
    "backtest [--since 90d] [--repo owner/name] [--min-tasks n] [--min-count n] [--window-days n] [--database-url url] [--json]",
  options: {
    since: { type: "string" },
    repo: { type: "string" },
    "min-tasks": { type: "string" },
    "min-count": { type: "string" },
    "window-days": { type: "string" },
    "database-url": { type: "string" },
    json: { type: "boolean" },
  },
  help: `Replays gap detection day by day over the history in the store (tasks and their timestamps,
signals, failing tasks, the gaps the app recorded, registered teams): which gaps the scan would
have raised and when, how many a registered team later filled (and how long after), how many were
dismissed and how many were never filled; then how those counts change with other thresholds.
It only reads the store.

  --since N[d] | DATE  how far back: N days before today (default 90d), or a UTC date
                       like 2026-09-01
  --repo owner/name    one repository's history (default: every repository with history)
  --min-tasks N        ready, unassigned tasks that make a gap (default 3, as scan.min_tasks)
  --min-count N        signals and failing tasks in the window that make a gap (default 5,
                       as signals.min_count)
  --window-days N      the signals' window (default 14, as signals.window_days)
${STORE_OPTION}
  --json               print the whole report as JSON (every gap) instead of tables
  -h, --help           this help

Exits 0 after the backtest, 1 when the store cannot be read, 2 on bad arguments.`,
});

export const REGENERATE = command({
  summary: "rebuild a team folder from its team.json (nothing changes on the same version)",
  synopsis: "regenerate <team dir> [--teams-dir dir] [--check] [--force]",
  options: {
    "teams-dir": { type: "string" },
    check: { type: "boolean" },
    force: { type: "boolean" },
  },
  positionals: true,
  help: `Rebuilds a team from the spec in its team.json. The same generator version writes the same bytes,
so there is nothing to change; a newer one rewrites the files that differ and says which.

  <team dir>           the team's folder, e.g. teams/security-review-team
  --teams-dir DIR      where teams live, from the repository's root (default: the folder's parent,
                       from the root of the git repository holding it, wherever you run this;
                       outside a git repository, the name of the folder's parent)
  --check              write nothing; exit 1, naming the files, when the folder differs from what
                       this generator writes (files edited by hand included)
  --force              rewrite the files even when the generator version is the same (undoes edits)
  -h, --help           this help

Exits 0 when nothing changes, the team was rewritten or its edits were kept, 1 when --check finds
a difference or team.json is missing, edited or from a newer generator, 2 on bad arguments.`,
});

export const COMMAND_USAGES = {
  plan: PLAN,
  generate: GENERATE,
  scan: SCAN,
  backtest: BACKTEST,
  regenerate: REGENERATE,
} as const;

export type Command = keyof typeof COMMAND_USAGES;

export const isCommand = (name: string): name is Command => Object.hasOwn(COMMAND_USAGES, name);

/** `team-factory --help`: every command's synopsis, then what each does. */
export function overallUsage(): string {
  const entries = Object.entries(COMMAND_USAGES);
  const synopses = entries.map(
    ([, c]) => `  team-factory ${c.synopsis.replace(/\n\s*/g, "\n    ")}`,
  );
  const summaries = entries.map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return `usage: team-factory <command> [options]

${synopses.join("\n")}

commands:
${summaries.join("\n")}

  team-factory <command> --help    the options of a command
  team-factory --version           the version
  team-factory --help              this help`;
}
