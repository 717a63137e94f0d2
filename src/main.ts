import { enableCompileCache } from "node:module";

// Node keeps the compiled code of the app's modules between starts (in the system's temp
// directory): a restart loads them in about two thirds of the time. It must be on before they
// load, hence the dynamic imports below.
enableCompileCache();
const { runFromEnv } = await import("./run-from-env.ts");
const { octokitForPacing } = await import("./github/octokit-options.ts");

// `npm start`: the settings come from the environment (and .env), as `src/env/env-schema.ts`
// lists them. Settings it cannot use stop it before anything starts, one line per problem naming
// the variable; any other failure to start is one line too (the stack with LOG_LEVEL=debug).
try {
  await runFromEnv({ octokitFor: octokitForPacing });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const problems = (error as { problems?: string[] }).problems ?? [message.split("\n")[0]];
  for (const problem of problems) process.stderr.write(`team-factory: cannot start: ${problem}\n`);
  if (/^(debug|trace)$/i.test(process.env.LOG_LEVEL?.trim() ?? ""))
    process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  process.exit(1);
}
