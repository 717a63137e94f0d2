import { GENERATOR_VERSION } from "../factory/generate-team.ts";
import { GENERATE_SYNOPSIS, runGenerateCommand } from "./generate-command.ts";
import { PLAN_SYNOPSIS, runPlanCommand } from "./plan-command.ts";
import { runScanCommand, SCAN_SYNOPSIS } from "./scan-command.ts";

const indent = (synopsis: string) => synopsis.replace(/\n\s*/g, "\n    ");

const USAGE = `usage: team-factory <command> [options]

  team-factory ${indent(PLAN_SYNOPSIS)}
  team-factory ${indent(GENERATE_SYNOPSIS)}
  team-factory ${indent(SCAN_SYNOPSIS)}

commands:
  plan        plan a team for a missing capability: its spec, cost and the needs it covers
  generate    write a team's files from a spec, or from plan --json on standard input
  scan        print the capability gaps a task scan would report; writes nothing

  team-factory <command> --help    the options of a command
  team-factory --version           the version
  team-factory --help              this help`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  plan: runPlanCommand,
  generate: runGenerateCommand,
  scan: runScanCommand,
};

/** Entry point of the `team-factory` bin: each command returns its exit code. */
async function main(argv: string[]): Promise<number> {
  const [command = "", ...rest] = argv;
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run) return run(rest);
  const topic = rest[0] ?? "";
  if (command === "help" && Object.hasOwn(COMMANDS, topic))
    return COMMANDS[topic]?.(["--help"]) ?? 2;
  if (["help", "--help", "-h"].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (["--version", "-v", "version"].includes(command)) {
    process.stdout.write(`team-factory ${GENERATOR_VERSION}\n`);
    return 0;
  }
  const problem = command ? `unknown command: ${command}` : "give a command";
  process.stderr.write(`team-factory: ${problem}\n${USAGE}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
