import { hostname } from "node:os";
import type { ApplicationFunction } from "probot";
import { createApp } from "./app.ts";
import type { JobLog } from "./jobs/job-runner.ts";
import { openAIOptions } from "./llm/openai-options.ts";
import { openStoreFromEnv } from "./store/open-store-from-env.ts";
import { createTeamFactory, type TeamFactory } from "./team-factory.ts";

/**
 * The Team Factory the environment describes: the store (embedded, `DATABASE_URL` or Supabase;
 * its schema is checked and a missing migration stops the app with its name) and, when
 * `OPENAI_API_KEY` is set, an OpenAI-compatible model for specs.
 */
export async function teamFactoryFromEnv(params: {
  env: NodeJS.ProcessEnv;
  log: JobLog;
}): Promise<TeamFactory> {
  const store = await openStoreFromEnv(params.env);
  const options = openAIOptions(params.env);
  const openai = options
    ? {
        client: new (await import("openai")).default(options.clientOptions),
        model: options.model,
        timeoutMs: options.timeoutMs,
      }
    : null;
  return createTeamFactory({
    store,
    openai,
    replica: `${hostname()}:${process.pid}`,
    log: params.log,
  });
}

/** The app function for `probot run` and `npm start`: builds the factory, then resumes unfinished jobs. */
export const appFromEnv: ApplicationFunction = async (app, options) => {
  const factory = await teamFactoryFromEnv({ env: process.env, log: app.log });
  await createApp({ factory, env: process.env })(app, options);
  const unfinished = await factory.store.listUnfinishedJobs();
  if (unfinished.length) app.log.info({ jobs: unfinished.length }, "resuming unfinished jobs");
  void factory.jobs.drain();
};
