import { describe, expect, it } from "vitest";
import { runGap } from "../../src/pipeline/run-gap.ts";
import { runJob } from "../../src/pipeline/run-job.ts";
import { commented, countingDrafter, harness, labelled } from "./pipeline-fixtures.ts";

const WRITES = ["createComment", "updateComment", "react", "publish"];
const writesOf = (calls: string[]) => calls.filter((c) => WRITES.includes(c));

describe("runGap: a gap that passes every step", () => {
  it("opens one PR, in the steps' order, audited at each", async () => {
    const h = harness();
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "pr", created: true, verified: true, prNumber: 2 });
    expect(h.github.calls).toEqual([
      "readContext",
      "permissionOf",
      "react",
      "publish",
      "createComment",
      "react",
    ]);
    expect(h.github.reactions).toEqual(["eyes", "rocket"]);
    expect(h.store.auditRows.map((r) => r.action)).toEqual([
      "gap.received",
      "spec.planned",
      "mode.decided",
      "gate.passed",
      "pr.opened",
    ]);
    // The cap is checked before planning and reserved only after the cost gate.
    const order = h.store.calls.filter((c) => /DailySlot|pauseStatus|findApproval/.test(c));
    expect(order).toEqual(["pauseStatus", "checkDailySlot", "findApproval", "reserveDailySlot"]);
    const [publish] = h.github.published;
    expect(publish?.branchName).toMatch(/^team-factory\/[a-z0-9-]+-team$/);
    expect(
      publish?.files.every((f) => f.path.startsWith(`teams/${publish.branchName.slice(13)}/`)),
    ).toBe(true);
    expect(publish?.pr.body).toContain("Closes #1");
    expect(h.github.comments.at(-1)?.body).toContain(
      "🚀 Opened https://github.com/acme/agents/pull/2",
    );
  });

  it("a second trigger updates the same PR and deletes the files that are gone", async () => {
    const h = harness();
    await runGap(labelled("mia"), h.deps);
    const outcome = await runGap(commented("/create-team framework=LangGraph"), h.deps);
    expect(outcome).toMatchObject({ kind: "pr", created: false, prNumber: 2 });
    const [first, second] = h.github.published;
    expect(second?.branchName).toBe(first?.branchName);
    expect(second?.deletions.some((p) => p.endsWith("/crew.py"))).toBe(true);
    expect(h.github.comments).toHaveLength(1);
    expect(h.github.comments[0]?.body).toContain("🚀 Updated");
  });
});

describe("runGap step 1: who may make a gap", () => {
  it("refuses a reader's label before any write, model call or slot", async () => {
    const drafter = countingDrafter({ ok: false, reason: "unused" });
    const h = harness({ drafter });
    const outcome = await runGap(labelled("rob"), h.deps);
    expect(outcome).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(/@rob has read permission/),
    });
    expect(h.github.reactions).toEqual([]);
    expect(drafter.calls).toBe(0);
    expect(h.store.calls.filter((c) => /Slot|openGap|updateGap/.test(c))).toEqual([]);
    expect(h.store.auditRows.map((r) => r.action)).toEqual(["trigger.refused"]);
  });

  it("follows min_permission: a triage labeller passes where the config allows triage", async () => {
    const h = harness({ config: "min_permission: triage\n" });
    h.github.permissions.tia = "triage";
    expect((await runGap(labelled("tia"), h.deps)).kind).toBe("pr");
    const strict = harness();
    strict.github.permissions.tia = "triage";
    expect((await runGap(labelled("tia"), strict.deps)).kind).toBe("refused");
  });

  it("ignores a label that is not the repository's trigger label, writing nothing", async () => {
    const h = harness({ config: "trigger_label: Needs-Team\n" });
    expect(await runGap(labelled("mia", "capability-gap"), h.deps)).toMatchObject({
      kind: "ignored",
    });
    expect(writesOf(h.github.calls)).toEqual([]);
    expect((await runGap(labelled("mia", "needs-team"), h.deps)).kind).toBe("pr");
  });

  it("answers a bad argument with what is accepted", async () => {
    const h = harness();
    const outcome = await runGap(commented("/create-team framework=AutoGen"), h.deps);
    expect(outcome).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(/CrewAI.*LangGraph[\s\S]*usage: \/create-team/),
    });
    expect(h.github.published).toEqual([]);
  });

  it("answers an invalid config in the progress comment and creates nothing", async () => {
    const h = harness({ config: "daily_limit: five\n" });
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome.kind).toBe("invalid-config");
    expect(h.github.comments[0]?.body).toMatch(/config is not valid.*daily_limit/s);
    expect(h.store.gaps.size).toBe(0);
  });

  it("refuses a gap whose team was merged already", async () => {
    const h = harness();
    await runGap(labelled("mia"), h.deps);
    const gap = [...h.store.gaps.values()][0];
    if (gap) h.store.gaps.set(gap.gapKey, { ...gap, state: "merged" });
    expect(await runGap(labelled("max"), h.deps)).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(/merged in #2/),
    });
  });
});

describe("runGap steps 2–3: pause and the daily cap come before planning", () => {
  it("keeps a request while paused, without a model call", async () => {
    const drafter = countingDrafter({ ok: false, reason: "unused" });
    const h = harness({ drafter });
    await h.store.setPaused({ installationId: 7, repo: "acme/agents", paused: true, actor: "mia" });
    expect(await runGap(labelled("mia"), h.deps)).toEqual({ kind: "paused" });
    expect(drafter.calls).toBe(0);
    expect([...h.store.gaps.values()][0]).toMatchObject({ state: "planned", reason: "paused" });
    expect(h.github.comments[0]?.body).toMatch(/⏸️ Team Factory is paused for this repository/);
  });

  it("refuses a gap once the day's slots are taken, without a model call", async () => {
    const drafter = countingDrafter({ ok: false, reason: "unused" });
    const h = harness({ config: "daily_limit: 0\n", drafter });
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({
      kind: "daily-limit",
      remaining: 0,
      limit: 0,
    });
    expect(drafter.calls).toBe(0);
    expect(h.github.comments[0]?.body).toMatch(/daily limit of 0 new teams/);
    expect(h.github.reactions).toEqual(["eyes", "confused"]);
  });

  it("a race lost at the reservation ends in the daily-limit answer, not a PR", async () => {
    const h = harness({ config: "daily_limit: 1\n" });
    // Another gap takes the last slot between the check (step 3) and the reservation (step 8).
    const reserve = h.store.reserveDailySlot;
    h.store.reserveDailySlot = async (p) => {
      await reserve({ ...p, gapKey: "acme/agents:issue:99" });
      return reserve(p);
    };
    expect((await runGap(labelled("mia"), h.deps)).kind).toBe("daily-limit");
    expect(h.github.published).toEqual([]);
  });
});

describe("runGap steps 4–6: significance, existing teams, the spec", () => {
  it("rejects a gap too thin to plan, saying what to add", async () => {
    const h = harness();
    h.github.issue = { number: 1, title: "charts", body: "charts", author: "mia" };
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({ kind: "rejected" });
    expect(h.github.comments[0]?.body).toMatch(/😕/);
  });

  it("suggests enhancing an existing team that covers the gap", async () => {
    const h = harness();
    h.github.teams = [
      {
        slug: "kubernetes-cost-team",
        files: {
          "config/a2a_config.yaml": "capabilities: [kubernetes, cost monitoring, finops, cost]",
        },
      },
    ];
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "enhance", team: "kubernetes-cost-team" });
    expect(h.github.comments[0]?.body).toMatch(/💡/);
  });

  it("drafts with the model, saying so first, and publishes its team", async () => {
    const h = harness({
      drafter: countingDrafter({ ok: false, reason: "the model API answered 401" }),
    });
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome.kind).toBe("pr");
    // One comment, written while planning and edited with the outcome.
    expect(h.github.calls.filter((c) => /Comment/.test(c))).toEqual([
      "createComment",
      "updateComment",
    ]);
    expect(h.github.published[0]?.pr.body).toMatch(
      /heuristics \(OpenAI failed: the model API answered 401\)/,
    );
  });

  it("keeps the gap's first name and never takes an existing folder's", async () => {
    const h = harness();
    h.github.teams = [{ slug: "kubernetes-cost-monitoring-team", files: {} }];
    await runGap(labelled("mia"), h.deps);
    expect(h.github.published[0]?.branchName).toBe(
      "team-factory/kubernetes-cost-monitoring-2-team",
    );
  });
});

describe("runGap step 7: the cost gate", () => {
  it("holds a costly team for approval without reserving a slot; the dry run shows it", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({ kind: "awaiting-approval" });
    expect(h.store.calls).not.toContain("reserveDailySlot");
    expect(h.github.comments[0]?.body).toMatch(/above this repository's limit of \$1\/month/);
    const dry = await runGap(commented("/create-team --dry-run"), h.deps);
    expect(dry.kind).toBe("dry-run");
    expect(h.github.published).toEqual([]);
  });

  it("publishes after another maintainer approves the exact spec", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    await runGap(labelled("mia"), h.deps);
    const short = /`\/approve-team ([0-9a-f]{12})`/.exec(h.github.comments[0]?.body ?? "")?.[1];
    expect(await runJob(commented(`/approve-team ${short}`, "mia"), h.deps)).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(/cannot approve it/),
    });
    expect(await runJob(commented(`/approve-team ${short}`, "max"), h.deps)).toMatchObject({
      kind: "pr",
    });
    expect(h.store.approvals).toHaveLength(1);
  });

  it("a dry run writes nothing and takes no slot", async () => {
    const h = harness();
    expect(await runGap(commented("/create-team k8s cost --dry-run"), h.deps)).toMatchObject({
      kind: "dry-run",
    });
    expect(h.github.published).toEqual([]);
    expect(h.store.calls).not.toContain("reserveDailySlot");
    expect(h.github.comments[0]?.body).toMatch(/Dry run[\s\S]*teams\/k8s-cost-team\/team\.json/);
  });
});

describe("runGap step 10: publishing fails", () => {
  it("gives the slot back, marks the gap failed and says so once", async () => {
    const h = harness();
    h.github.failNext.publish = new Error("Bad gateway");
    const outcome = await runGap(labelled("mia"), h.deps);
    expect(outcome).toMatchObject({ kind: "failed", reason: expect.stringMatching(/Bad gateway/) });
    expect(h.store.calls).toContain("releaseDailySlot");
    expect([...h.store.gaps.values()][0]?.state).toBe("failed");
    expect(h.github.comments).toHaveLength(1);
    expect(h.github.reactions).toEqual(["eyes", "confused"]);
  });
});
