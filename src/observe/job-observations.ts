import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import type { JobEnd } from "../jobs/job-runner.ts";
import type { Notification } from "../notify/notification.ts";

/**
 * Whether a job works on a gap: not a command, nor a follow-up (labelling an open PR, answering a
 * merged, closed or reopened one on its issue).
 */
export const isGapRun = (job: Job) =>
  job.trigger !== "control" && job.trigger !== "labels" && job.trigger !== "pull-request";

/**
 * A run as the breaker and Prometheus count it; null for ends that did no gap work (commands,
 * refusals, the follow-up that labels an open PR) and for an attempt that threw: the job is tried
 * again, and counts as one failed run only if it gives up (`gaveUp`). A publish the request made
 * the app refuse (the path check) is a refusal too: only the app's own failures are failed runs,
 * so nobody can pause the app by provoking refusals.
 */
export function runOf(
  job: Job,
  end: JobEnd<GapOutcome>,
): { outcome: string; failed: boolean } | null {
  if (!isGapRun(job) || end.kind === "error") return null;
  const o = end.outcome;
  if (["ignored", "refused", "control", "nothing-to-change"].includes(o.kind)) return null;
  if (o.kind === "failed" && o.cause === "request") return null;
  if (o.kind === "pr") return { outcome: o.created ? "pr-opened" : "pr-updated", failed: false };
  return { outcome: o.kind, failed: o.kind === "failed" };
}

const issueText = (job: Job) =>
  job.issueNumber === null ? "a scan gap" : `issue #${job.issueNumber}`;
const issueUrl = (job: Job, baseUrl: string) =>
  job.issueNumber === null
    ? undefined
    : `${baseUrl}/${job.owner}/${job.repo}/issues/${job.issueNumber}`;

/** What people outside GitHub hear of a job's end, or null (events chosen by config filter it). */
export function notificationOf(params: {
  job: Job;
  end: JobEnd<GapOutcome>;
  at: Date;
  /** Where issues are seen (https://github.com, or the Enterprise host). */
  webUrl: string;
}): Notification | null {
  const { job, end } = params;
  const base = {
    repo: `${job.owner}/${job.repo}`,
    installationId: job.installationId,
    issueNumber: job.issueNumber,
    url: issueUrl(job, params.webUrl),
    at: params.at.toISOString(),
  };
  if (end.kind === "error") return null; // told once, when the job gives up
  const o = end.outcome;
  switch (o.kind) {
    case "pr":
      return o.created
        ? {
            ...base,
            kind: "pr-opened",
            text: `opened team PR #${o.prNumber} for ${issueText(job)}, waiting for a review`,
            url: o.prUrl,
            issueNumber: o.prNumber,
          }
        : null;
    case "awaiting-approval":
      return {
        ...base,
        kind: "approval-needed",
        text: `the team for ${issueText(job)} is estimated at $${o.monthlyUsd.toFixed(2)}/month and waits for a maintainer's /approve-team`,
      };
    case "daily-limit":
      return {
        ...base,
        kind: "daily-limit",
        text: `the daily limit of ${o.limit} new team PRs is reached; ${issueText(job)} waits`,
      };
    case "control":
      return o.paused
        ? { ...base, kind: "paused", text: `paused for this repository by @${job.actor}` }
        : null;
    case "failed":
      return {
        ...base,
        kind: "failure",
        text: `the run for ${issueText(job)} failed: ${o.reason}`,
      };
    default:
      return null;
  }
}

/** A job that failed its last attempt. */
export function giveUpNotification(params: {
  job: Job;
  error: string;
  at: Date;
  webUrl: string;
}): Notification {
  const { job } = params;
  const what =
    job.trigger === "labels"
      ? `adding the labels and reviewers to the team PR of ${issueText(job)}`
      : job.trigger === "pull-request"
        ? `telling ${issueText(job)} about its team PR`
        : issueText(job);
  return {
    kind: "failure",
    repo: `${job.owner}/${job.repo}`,
    installationId: job.installationId,
    issueNumber: job.issueNumber,
    url: issueUrl(job, params.webUrl),
    text: `gave up on ${what} after several attempts: ${params.error.slice(0, 300)}`,
    at: params.at.toISOString(),
  };
}
