import { runGenerateCommand } from "./generate-command.ts";
import { runPlanCommand } from "./plan-command.ts";

const USAGE = `usage: team-factory <command> [options]

commands:
  plan "<description>" [--skills a,b] [--framework CrewAI|LangGraph] [--provider OpenAI|Anthropic]
       [--department a.b] [--json]      build a team spec and its cost estimate
  generate --spec <file|-> --out <dir> [--force] [--teams-dir teams]
                                         write a team's files to <dir>/<teams-dir>/<name>/`;

/** Entry point of the `team-factory` bin: each command returns its exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "plan":
      return runPlanCommand(rest);
    case "generate":
      return runGenerateCommand(rest);
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`${command ? `unknown command: ${command}\n` : ""}${USAGE}\n`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
