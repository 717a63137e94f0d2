import { describe, expect, it } from "vitest";
import { answerPullRequest, answerPullRequestJob } from "../../src/pipeline/answer-pull-request.ts";
import { recordPullRequestClosed } from "../../src/pipeline/record-pull-request-closed.ts";
import { recordPullRequestReopened } from "../../src/pipeline/record-pull-request-reopened.ts";
import { runGap } from "../../src/pipeline/run-gap.ts";
import { harness, labelled } from "./pipeline-fixtures.ts";

/** A gap with its team PR open (#2), and that PR as GitHub reports it. */
async function openTeamPr() {
  const h = harness();
  await runGap(labelled("mia"), h.deps);
  const [publish] = h.github.published;
  const pr = {
    repo: "acme/agents",
    prNumber: 2,
    headRef: publish?.branchName ?? "",
    body: publish?.pr.body ?? "",
    actor: "max",
  };
  return { h, pr, gapKey: "acme/agents:issue:1" };
}

describe("the lifecycle of a team PR", () => {
  it("closed unmerged: rejected once; the answer job is queued once per change", async () => {
    const { h, pr, gapKey } = await openTeamPr();
    const first = await recordPullRequestClosed({ ...pr, merged: false, store: h.store });
    expect(first).toMatchObject({ outcome: "rejected", gap: { state: "rejected", prNumber: 2 } });
    const again = await recordPullRequestClosed({ ...pr, merged: false, store: h.store });
    expect(again).toEqual({ outcome: "unchanged" });
    expect(answerPullRequestJob({ record: again, actor: "max" })).toBeNull();
    const job = answerPullRequestJob({ record: first, actor: "max" });
    expect(job).toMatchObject({ trigger: "pull-request", issueNumber: 1, gapKey });
    expect(await answerPullRequest(job as NonNullable<typeof job>, h.deps)).toMatchObject({
      kind: "pull-request",
      outcome: "rejected",
    });
    expect(h.github.comments.at(-1)?.body).toMatch(/^#2 was closed without merging; comment/);
    expect(h.github.closedIssues).toEqual([]);
    expect(h.store.calls).not.toContain("releaseDailySlot");
  });

  it("merged: the team is registered, the issue closed; a forged tracking id is not ours", async () => {
    const { h, pr } = await openTeamPr();
    const forged = await recordPullRequestClosed({
      ...pr,
      prNumber: 9,
      headRef: "someone/else",
      merged: true,
      store: h.store,
    });
    expect(forged).toEqual({ outcome: "not-ours" });
    const merged = await recordPullRequestClosed({ ...pr, merged: true, store: h.store });
    expect(h.store.teams.map((t) => t.name)).toHaveLength(1);
    const job = answerPullRequestJob({ record: merged, actor: "max" });
    await answerPullRequest(job as NonNullable<typeof job>, h.deps);
    expect(h.github.closedIssues).toEqual([1]);
    expect(h.store.auditRows.map((r) => r.action).slice(-2)).toEqual(["pr.merged", "issue.closed"]);
    // A merged gap stays merged: reopening or closing again changes nothing.
    expect(await recordPullRequestReopened({ ...pr, store: h.store })).toEqual({
      outcome: "unchanged",
    });
  });

  it("reopened: pr-open again, unless the gap moved on to another PR", async () => {
    const { h, pr, gapKey } = await openTeamPr();
    await recordPullRequestClosed({ ...pr, merged: false, store: h.store });
    expect(await recordPullRequestReopened({ ...pr, store: h.store })).toMatchObject({
      outcome: "reopened",
      gap: { state: "pr-open" },
    });
    await h.store.updateGap({ gapKey, actor: "a", state: "rejected", prNumber: 7 });
    expect(await recordPullRequestReopened({ ...pr, store: h.store })).toEqual({
      outcome: "unchanged",
    });
  });
});
