import type OpenAI from "openai";
import type { Probot } from "probot";
import { serializeWrites } from "./github/serialize-writes.ts";
import type { GapJob } from "./intake/gap-job.ts";
import { createJobRunner, type JobLog, type JobRunner } from "./jobs/job-runner.ts";
import { createKeyedQueue } from "./jobs/keyed-queue.ts";
import { type JobDeps, type Octokit, processJob } from "./pipeline/process-job.ts";
import { defaultHints, type RepoHints } from "./pipeline/read-repo.ts";
import { storeFailureComment } from "./store/governance.ts";
import type { Store } from "./store/store.ts";

export interface TeamFactoryOptions {
  store: Store;
  /** An OpenAI-compatible client and model; null → the heuristic spec builder. */
  openai: { client: OpenAI; model: string; timeoutMs: number } | null;
  /** This replica's name in job leases. */
  replica: string;
  log: JobLog;
  sleep?: (ms: number) => Promise<void>;
}

/** The app's running parts: durable jobs, per-repo hints, and the GitHub clients for a job. */
export interface TeamFactory {
  readonly store: Store;
  readonly jobs: JobRunner;
  /** Binds the Probot instance whose installation clients run the jobs. */
  attach(app: Probot): void;
  /** The repo's trigger label as last read from its config (the default before any read). */
  isTrigger(repo: string, label: string): boolean;
  /** True for any label of a repo whose config has not been read yet (it may set another label). */
  mayBeTrigger(repo: string, label: string): boolean;
  /** Records the job durably and answers; the work runs after. Fails closed with a comment. */
  submit(params: {
    job: GapJob;
    octokit?: Octokit;
  }): Promise<"queued" | "duplicate" | "store-failed">;
}

export function createTeamFactory(options: TeamFactoryOptions): TeamFactory {
  const { store, log } = options;
  const hints = new Map<string, RepoHints>();
  const writes = createKeyedQueue();
  let app: Probot | null = null;

  const installationClient = async (installationId: number): Promise<Octokit> => {
    if (!app) throw new Error("the Team Factory app is not loaded yet");
    const octokit = (await app.auth(installationId)) as Octokit;
    serializeWrites({ octokit, queue: writes, key: `installation:${installationId}` });
    return octokit;
  };
  const deps: JobDeps = {
    store,
    openai: options.openai,
    hints,
    sleep: options.sleep,
    resubmit: (job) => jobs.submit({ job }),
  };

  const jobs = createJobRunner({
    store,
    owner: options.replica,
    log,
    process: async (job) =>
      processJob({ job, octokit: await installationClient(job.installationId), deps }),
    onGiveUp: async (job, error) => {
      if (job.issueNumber === null) return;
      const octokit = await installationClient(job.installationId);
      await octokit.rest.issues.createComment({
        owner: job.owner,
        repo: job.repo,
        issue_number: job.issueNumber,
        body: `😕 Team Factory gave up on this request after several attempts: ${error.slice(0, 500)}. Nothing was merged. Re-add the label or comment \`/create-team\` to try again.`,
      });
    },
  });

  return {
    store,
    jobs,
    attach(probot) {
      app = probot;
    },
    isTrigger(repo, label) {
      const expected = (hints.get(repo) ?? defaultHints()).triggerLabel;
      return label.toLowerCase() === expected.toLowerCase();
    },
    mayBeTrigger(repo, label) {
      return hints.has(repo) ? this.isTrigger(repo, label) : true;
    },
    async submit({ job, octokit }) {
      try {
        return await jobs.submit({ job });
      } catch (error) {
        log.error(
          { error: String(error), deliveryId: job.deliveryId },
          "store unavailable: nothing is created",
        );
        if (octokit && job.issueNumber !== null) {
          await octokit.rest.issues
            .createComment({
              owner: job.owner,
              repo: job.repo,
              issue_number: job.issueNumber,
              body: `😕 ${storeFailureComment(error)}`,
            })
            .catch(() => undefined);
        }
        return "store-failed";
      }
    },
  };
}
