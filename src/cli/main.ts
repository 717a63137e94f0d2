/** Entry point of the `team-factory` bin: the command line of this process, its exit code. */
import { endQuietlyOnClosedPipes } from "./cli-io.ts";
import { runCli } from "./run-cli.ts";

endQuietlyOnClosedPipes();
process.exitCode = await runCli(process.argv.slice(2));
