import type { RepoGitHub } from "../github/repo-github.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import type { GapJournal } from "./gap-journal.ts";
import type { PipelineStore } from "./pipeline-deps.ts";

/** States a dismissal can end (a merged team is final; a publish in flight finishes first). */
const DISMISSABLE = new Set([
  "received",
  "planned",
  "awaiting-approval",
  "pr-open",
  "closed",
  "failed",
]);

/**
 * `/team-factory dismiss` on a gap's issue (maintain or admin): the gap was not a real capability
 * gap. It is rejected, audited as `gap.dismissed` (a false positive in the metrics), and the issue
 * is told; an open team PR is left for people to close. `/create-team` plans the gap again.
 */
export async function dismissGap(params: {
  job: Job;
  store: PipelineStore;
  github: RepoGitHub;
  journal: GapJournal;
}): Promise<GapOutcome> {
  const { job, store, github, journal } = params;
  const gap = await knownGap(job, store);
  if (!gap) return journal.refuse("there is no Team Factory gap on this issue to dismiss.");
  if (gap.state === "merged")
    return journal.refuse(
      `the team for this gap was merged in #${gap.prNumber}; a merged team cannot be dismissed.`,
    );
  if (gap.state === "rejected")
    return journal.refuse(
      gap.reason?.startsWith("dismissed")
        ? "this gap is dismissed already."
        : gap.reason?.startsWith("pull request #")
          ? `this gap's ${gap.reason}, so it counts as a false positive already.`
          : "Team Factory did not plan a team for this gap, so there is nothing to dismiss.",
    );
  if (!DISMISSABLE.has(gap.state))
    return journal.refuse(
      `this gap is being published right now (${gap.state}); dismiss it again in a minute.`,
    );
  const reason = `dismissed by @${job.actor}`;
  await store.updateGap({ gapKey: gap.gapKey, actor: job.actor, state: "rejected", reason });
  await store.audit({
    action: "gap.dismissed",
    actor: job.actor,
    gapKey: gap.gapKey,
    repo: gap.repo,
    details: { was: gap.state, pr: gap.prNumber },
  });
  if (job.issueNumber !== null) {
    const pr =
      gap.state === "pr-open" && gap.prNumber
        ? ` Its PR #${gap.prNumber} stays open for you to close.`
        : "";
    await github.createComment(
      job.issueNumber,
      `🚫 Dismissed by @${job.actor}: not a capability gap Team Factory should fill. It counts as a false positive in Team Factory's metrics.${pr} Comment \`/create-team\` to plan it again.`,
    );
  }
  return { kind: "rejected", reason };
}
