/**
 * The `team-factory` command line, runnable in any process: each command returns its exit code
 * and writes through `io`. Help and the version come from `usage.ts` alone; a command's module
 * loads only to run it, so `plan` does not load the store's drivers that only `scan` needs.
 */
import packageJson from "../../package.json" with { type: "json" };
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { asksForHelp, usageProblem } from "./read-args.ts";
import { COMMAND_USAGES, type Command, isCommand, overallUsage } from "./usage.ts";

type RunCommand = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<Command, () => Promise<RunCommand>> = {
  plan: async () => (await import("./plan-command.ts")).runPlanCommand,
  generate: async () => (await import("./generate-command.ts")).runGenerateCommand,
  scan: async () => (await import("./scan-command.ts")).runScanCommand,
  backtest: async () => (await import("./backtest-command.ts")).runBacktestCommand,
  regenerate: async () => (await import("./regenerate-command.ts")).runRegenerateCommand,
};

/** Every problem with the variables `command` reads, one line each (the schema loads on use). */
async function envProblemsOf(command: Command, env: CliIo["env"]): Promise<string[]> {
  const { envProblems } = await import("../env/env-schema.ts");
  return envProblems(env, command);
}

/** Runs the command line `argv` (without node and the script) and returns its exit code. */
export async function runCli(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [command = "", ...rest] = argv;
  const topic = command === "help" ? (rest[0] ?? "") : command;
  if (
    isCommand(topic) &&
    (command === "help" || asksForHelp(rest, COMMAND_USAGES[topic].options))
  ) {
    io.stdout(`${COMMAND_USAGES[topic].usage}\n`);
    return 0;
  }
  if (isCommand(command)) {
    const problems = await envProblemsOf(command, io.env);
    for (const problem of problems) io.stderr(`team-factory ${command}: ${problem}\n`);
    if (problems.length) return 2;
    return (await COMMANDS[command]())(rest, io);
  }
  if (["help", "--help", "-h"].includes(command)) {
    io.stdout(`${overallUsage()}\n`);
    return 0;
  }
  if (["--version", "-v", "version"].includes(command)) {
    io.stdout(`team-factory ${packageJson.version}\n`);
    return 0;
  }
  io.stderr(usageProblem("", command ? `unknown command: ${command}` : "give a command"));
  return 2;
}
