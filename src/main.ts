import { enableCompileCache } from "node:module";

// Node keeps the compiled code of the app's modules between starts (in the system's temp
// directory): a restart loads them in about two thirds of the time. It must be on before they
// load, hence the dynamic imports below.
enableCompileCache();
const { runFromEnv } = await import("./run-from-env.ts");
const { octokitForPacing } = await import("./github/octokit-options.ts");

// `npm start`: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PROXY_URL, GHE_HOST,
// GHE_PROTOCOL, PORT, HOST and WEBHOOK_PATH come from the environment (and .env); the store and
// the model from DATABASE_URL / SUPABASE_* / TEAM_FACTORY_DATA_DIR and OPENAI_*;
// TEAM_FACTORY_GITHUB_PACING=off drops GitHub's write spacing (simulator, GHES without limits).
// A setting it cannot use stops it with one line naming the variable (the stack with LOG_LEVEL=debug).
try {
  await runFromEnv({ Octokit: octokitForPacing(process.env.TEAM_FACTORY_GITHUB_PACING) });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`team-factory: cannot start: ${message.split("\n")[0]}\n`);
  if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace")
    process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  process.exit(1);
}
