import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { Job } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import { findProgressComment } from "../render/progress-comment.ts";
import { neutralize } from "../spec/plain-text.ts";
import { dailySlot, slotFor } from "./daily-slot.ts";
import { gapJournal } from "./gap-journal.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { readRepo } from "./read-repo.ts";

/**
 * A job failed its last attempt and the store recorded it as given up: it never runs again. The
 * gap's progress comment (found by its marker, so never a second comment) says so, unless GitHub
 * shows the gap's PR open after all: then that is the outcome. Without a PR the gap is failed and
 * its slot given back, a scan gap without an issue (`scan.mode: pipeline`) too: it only has no
 * comment to write. A follow-up `labels` job gives up silently: its PR stands.
 */
export async function reportGaveUp(job: Job, deps: PipelineDeps, error: string): Promise<void> {
  if (job.trigger === "labels") return;
  const github = await deps.github(job);
  const record = await knownGap(job, deps.store);
  if (record?.state === "merged") return;
  const gapKey = record?.gapKey ?? gapKeyOfJob(job);
  const read = await readRepo({
    github,
    issueNumber: job.issueNumber,
    branchName: record?.branch ?? null,
    hints: deps.hints,
    reader: null,
  });
  const comments = read.context.issue?.comments ?? [];
  const journal = gapJournal({
    job,
    gapKey,
    github,
    store: deps.store,
    defer: deps.defer,
    progressCommentId: findProgressComment(comments, gapKey)?.databaseId ?? null,
  });
  const pr = read.context.pullRequest;
  if (pr && record) {
    await journal.move({ state: "pr-open", prNumber: pr.number, prUrl: pr.url });
    journal.progress.step("pr", "done", `#${pr.number}`);
    await journal.progress.flush({
      outcome: { icon: "🚀", text: `${pr.url} is open, waiting for a human review.` },
    });
    return;
  }
  if (record) {
    const { store } = deps;
    if (read.ok)
      await slotFor(read.context, dailySlot({ store, job, config: read.config, gapKey })).release();
    await journal.move({ state: "failed", reason: error.slice(0, 500) });
  }
  await journal.audit("job.gave-up", { trigger: job.trigger, error: error.slice(0, 1000) });
  const text = `Team Factory gave up on this request after several attempts: ${neutralize(error.slice(0, 300))}. Nothing was published, and this request will not be retried. Re-add the label or comment \`/create-team\` to try again.`;
  await journal.finish({ kind: "failed", reason: error, cause: "app" }, "pr", text);
}
