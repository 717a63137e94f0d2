import { describe, expect, it } from "vitest";
import { PublishError } from "../../src/github/publish-team.ts";
import { recordPullRequestClosed } from "../../src/pipeline/record-pull-request-closed.ts";
import { runGap } from "../../src/pipeline/run-gap.ts";
import { runJob } from "../../src/pipeline/run-job.ts";
import { commented, harness, labelled } from "./pipeline-fixtures.ts";

// The daily slot follows the PR GitHub has, not the answer the app got.
const onIssue = (issueNumber: number, actor = "mia") => ({
  ...labelled(actor),
  issueNumber,
  deliveryId: `label-${issueNumber}-${Math.random()}`,
});
const heldSlots = (h: ReturnType<typeof harness>) =>
  [...h.store.slots.values()].reduce((n, s) => n + s.size, 0);

describe("the daily slot belongs to a new PR that exists", () => {
  it("an update of an open PR takes no slot, and its failure leaves the PR open and the slot held", async () => {
    const h = harness({ config: "daily_limit: 1\n" });
    expect(await runGap(onIssue(1), h.deps)).toMatchObject({ kind: "pr", created: true });
    expect((await runGap(onIssue(2), h.deps)).kind).toBe("daily-limit");
    h.github.failNext.publish = new Error("createCommitOnBranch answered 502");
    const retried = await runGap(onIssue(1, "max"), h.deps);
    expect(retried).toMatchObject({ kind: "failed" });
    const a = h.store.gaps.get("acme/agents:issue:1");
    expect(a).toMatchObject({ state: "pr-open", prNumber: 2 });
    expect(h.store.calls).not.toContain("releaseDailySlot");
    expect(heldSlots(h)).toBe(1);
    const progress = h.github.comments.find((c) => c.body.includes("issue%3A1 -->"));
    expect(progress?.body).toMatch(/stays open as it was/);
    // The other gap is still refused: one new PR on a daily_limit: 1 day.
    expect((await runGap(onIssue(2), h.deps)).kind).toBe("daily-limit");
    // An update that works takes no slot either, even with the day's slots gone.
    expect(await runGap(onIssue(1, "max"), h.deps)).toMatchObject({ kind: "pr", created: false });
    expect(h.github.published.filter((p) => p.pullRequest === null)).toHaveLength(1);
  });

  it("a new PR that GitHub created although the mutation failed keeps its slot and is the outcome", async () => {
    const h = harness({ config: "daily_limit: 1\n" });
    const publish = h.github.publish;
    h.github.publish = async (params) => {
      const done = await publish(params);
      throw new PublishError("createLabel: Label already exists", {
        id: done.prId,
        number: done.prNumber,
        url: done.prUrl,
      });
    };
    const outcome = await runGap(onIssue(1), h.deps);
    expect(outcome).toMatchObject({ kind: "pr", prNumber: 2, created: true });
    expect(h.store.gaps.get("acme/agents:issue:1")?.state).toBe("pr-open");
    expect(h.store.calls).not.toContain("releaseDailySlot");
    expect(heldSlots(h)).toBe(1);
    // Its labels were not confirmed: a follow-up job labels the PR.
    expect(h.resubmitted).toMatchObject([
      { trigger: "labels", gapKey: "acme/agents:issue:1", issueNumber: 1 },
    ]);
  });

  it("a PR whose answer was lost is found on its branch and kept", async () => {
    const h = harness({ config: "daily_limit: 1\n" });
    const publish = h.github.publish;
    h.github.publish = async (params) => {
      await publish(params);
      throw new Error("socket hang up");
    };
    expect(await runGap(onIssue(1), h.deps)).toMatchObject({ kind: "pr", created: true });
    expect(h.github.calls).toContain("findPullRequest");
    expect(heldSlots(h)).toBe(1);
  });

  it("labels that fail after the PR exists never fail the run: a labels job retries them", async () => {
    const h = harness();
    const publish = h.github.publish;
    h.github.publish = async (params) => ({
      ...(await publish(params)),
      labelled: false,
      labelError: 'Label "automated" already exists',
    });
    expect(await runGap(onIssue(1), h.deps)).toMatchObject({ kind: "pr", created: true });
    expect(h.store.auditRows.map((r) => r.action)).toContain("pr.labels-pending");
    const [follow] = h.resubmitted;
    expect(follow).toMatchObject({ trigger: "labels" });
    expect(await runJob(follow as NonNullable<typeof follow>, h.deps)).toEqual({
      kind: "labelled",
      prNumber: 2,
    });
    expect(h.github.calls.at(-1)).toBe("labelPullRequest");
  });

  it("a job whose lease passed to another worker publishes nothing", async () => {
    const h = harness();
    const lost = new AbortController();
    lost.abort(new Error("the job's lease passed to another worker"));
    await expect(runGap(onIssue(1), { ...h.deps, signal: lost.signal })).rejects.toThrow(/lease/);
    expect(h.github.published).toEqual([]);
  });
});

describe("the state machine accepts what GitHub did", () => {
  it("registers the team when the PR is merged while its gap was being re-planned", async () => {
    const h = harness();
    await runGap(onIssue(1), h.deps);
    const gap = h.store.gaps.get("acme/agents:issue:1");
    // A re-trigger was in flight (planned, or failed before this change) when the merge came.
    h.store.gaps.set("acme/agents:issue:1", {
      ...(gap as NonNullable<typeof gap>),
      state: "failed",
    });
    const merged = await recordPullRequestClosed({
      repo: "acme/agents",
      prNumber: 2,
      headRef: gap?.branch ?? "",
      body: "Tracking id: `acme/agents:issue:1`",
      merged: true,
      actor: "max",
      store: h.store,
    });
    expect(merged.outcome).toBe("merged");
    expect(h.store.teams.map((t) => t.name)).toEqual([gap?.spec?.name]);
  });
});

describe("pricing fails closed", () => {
  it("holds a team on a model of unknown price for approval, saying the price is unknown", async () => {
    const h = harness();
    const outcome = await runGap(commented("/create-team model=mystery-9000", "mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "awaiting-approval" });
    expect(h.github.published).toEqual([]);
    expect(h.github.comments.at(-1)?.body).toMatch(/price of the model `mystery-9000` is unknown/);
  });
});
