/**
 * The `team-factory` command line, runnable in any process: each command returns its exit code
 * and writes through `io`. Commands load on use, so `plan` does not load the store's drivers
 * that only `scan` needs.
 */
import { type CliIo, PROCESS_IO } from "./cli-io.ts";

type RunCommand = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS = {
  plan: () => import("./plan-command.ts").then((m) => [m.PLAN_SYNOPSIS, m.runPlanCommand] as const),
  generate: () =>
    import("./generate-command.ts").then(
      (m) => [m.GENERATE_SYNOPSIS, m.runGenerateCommand] as const,
    ),
  scan: () => import("./scan-command.ts").then((m) => [m.SCAN_SYNOPSIS, m.runScanCommand] as const),
  backtest: () =>
    import("./backtest-command.ts").then(
      (m) => [m.BACKTEST_SYNOPSIS, m.runBacktestCommand] as const,
    ),
  regenerate: () =>
    import("./regenerate-command.ts").then(
      (m) => [m.REGENERATE_SYNOPSIS, m.runRegenerateCommand] as const,
    ),
} satisfies Record<string, () => Promise<readonly [string, RunCommand]>>;
type Command = keyof typeof COMMANDS;
const isCommand = (name: string): name is Command => Object.hasOwn(COMMANDS, name);

async function usage(): Promise<string> {
  const indent = (synopsis: string) => synopsis.replace(/\n\s*/g, "\n    ");
  const [plan, generate, scan, backtest, regenerate] = await Promise.all(
    [
      COMMANDS.plan(),
      COMMANDS.generate(),
      COMMANDS.scan(),
      COMMANDS.backtest(),
      COMMANDS.regenerate(),
    ].map(async (c) => (await c)[0]),
  );
  return `usage: team-factory <command> [options]

  team-factory ${indent(plan ?? "")}
  team-factory ${indent(generate ?? "")}
  team-factory ${indent(scan ?? "")}
  team-factory ${indent(backtest ?? "")}
  team-factory ${indent(regenerate ?? "")}

commands:
  plan        plan a team for a missing capability: its spec, cost and the needs it covers
  generate    write a team's files from a spec, or from plan --json on standard input
  scan        print the capability gaps a task scan would report; writes nothing
  backtest    replay gap detection day by day over the store's history; writes nothing
  regenerate  rebuild a team folder from its team.json (nothing changes on the same version)

  team-factory <command> --help    the options of a command
  team-factory --version           the version
  team-factory --help              this help`;
}

/** Every problem with the variables `command` reads, one line each (the schema loads on use). */
async function envProblemsOf(command: Command, env: CliIo["env"]): Promise<string[]> {
  const { envProblems } = await import("../config/env-schema.ts");
  return envProblems(env, command);
}

/** Runs the command line `argv` (without node and the script) and returns its exit code. */
export async function runCli(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [command = "", ...rest] = argv;
  if (isCommand(command)) {
    const problems = rest.includes("--help") ? [] : await envProblemsOf(command, io.env);
    for (const problem of problems) io.stderr(`team-factory ${command}: ${problem}\n`);
    if (problems.length) return 2;
    return (await COMMANDS[command]())[1](rest, io);
  }
  const topic = rest[0] ?? "";
  if (command === "help" && isCommand(topic)) return (await COMMANDS[topic]())[1](["--help"], io);
  if (["help", "--help", "-h"].includes(command)) {
    io.stdout(`${await usage()}\n`);
    return 0;
  }
  if (["--version", "-v", "version"].includes(command)) {
    const { GENERATOR_VERSION } = await import("../factory/generate-team.ts");
    io.stdout(`team-factory ${GENERATOR_VERSION}\n`);
    return 0;
  }
  const problem = command ? `unknown command: ${command}` : "give a command";
  io.stderr(`team-factory: ${problem}\n${await usage()}\n`);
  return 2;
}
