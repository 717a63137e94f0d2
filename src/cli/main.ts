/** Entry point of the `team-factory` bin: the command line of this process, its exit code. */
import { runCli } from "./run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2));
