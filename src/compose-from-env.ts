import { hostname } from "node:os";
import type { ApplicationFunction } from "probot";
import { createApp } from "./app.ts";
import { createTeamFactory, type TeamFactory } from "./compose.ts";
import { readEnv } from "./env/env-schema.ts";
import type { JobLog } from "./jobs/job-log.ts";
import { drafterFromEnv } from "./llm/drafter-from-env.ts";
import { notifyTargetsFromEnv } from "./notify/notifier.ts";
import { telemetryFor } from "./observe/telemetry-for.ts";
import { githubLimitsFor } from "./policy/github-limits.ts";
import type { StartFacts } from "./server/start-summary.ts";
import { openStoreWithReport } from "./store/open-store-from-env.ts";

/**
 * The Team Factory the environment describes: store, model, scan route and schedule, with what
 * start-up reports of them. A setting it cannot use throws an error naming the variable.
 */
export async function teamFactoryFromEnv(params: {
  env: NodeJS.ProcessEnv;
  log: JobLog;
  /** Closing the store is the caller's (graceful shutdown); else the store stops on signals. */
  ownsShutdown?: boolean;
}): Promise<{ factory: TeamFactory; facts: StartFacts }> {
  const { env } = params;
  const settings = readEnv(
    env,
    "TEAM_FACTORY_SCAN_CRON",
    "TEAM_FACTORY_JOB_LEASE_SECONDS",
    "TEAM_FACTORY_RETRY_SECONDS",
    "TEAM_FACTORY_GITHUB_PACING",
    "TEAM_FACTORY_DASHBOARD_TOKEN",
  );
  const drafter = await drafterFromEnv(env);
  // A notification URL it cannot use stops the start before the store opens.
  const targets = notifyTargetsFromEnv(env);
  const opened = await openStoreWithReport(env, { stopOnSignals: !params.ownsShutdown });
  const cron = settings.TEAM_FACTORY_SCAN_CRON;
  const factory = createTeamFactory({
    store: opened.store,
    drafter,
    replica: `${hostname()}:${process.pid}`,
    log: params.log,
    env,
    leaseSeconds: settings.TEAM_FACTORY_JOB_LEASE_SECONDS,
    retrySeconds: settings.TEAM_FACTORY_RETRY_SECONDS,
    githubLimits: githubLimitsFor(settings.TEAM_FACTORY_GITHUB_PACING),
    telemetry: await telemetryFor({ env, store: opened.store }),
  });
  return {
    factory,
    facts: {
      // The report's line names itself ("store: …"); the summary puts its own label.
      store: opened.report.line.replace(/^store: /, ""),
      llm: drafter ? `model ${drafter.model}` : "heuristics (no OPENAI_API_KEY)",
      scan: cron ? `in-process schedule "${cron}" (UTC)` : "no in-process schedule",
      operator: settings.TEAM_FACTORY_DASHBOARD_TOKEN
        ? "/team-factory/ and /metrics behind the dashboard token"
        : "/team-factory/ and /metrics off (no TEAM_FACTORY_DASHBOARD_TOKEN)",
      notify: targets.map((t) => t.name).join(", ") || "none",
    },
  };
}

/** The app function for `probot run` and `npm start`: builds the factory, then resumes unfinished jobs. */
export const appFromEnv: ApplicationFunction = async (app, options) => {
  const { factory } = await teamFactoryFromEnv({ env: process.env, log: app.log });
  await createApp(factory)(app, options);
  const unfinished = await factory.store.listUnfinishedJobs();
  if (unfinished.length) app.log.info({ jobs: unfinished.length }, "resuming unfinished jobs");
  // Polling picks up retries that came due and the jobs of a replica that died.
  factory.jobs.start();
  void factory.jobs.drain();
};
