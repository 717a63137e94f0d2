import { describe, expect, it } from "vitest";
import { runGap } from "../../src/pipeline/run-gap.ts";
import { runJob } from "../../src/pipeline/run-job.ts";
import { commented, harness, labelled } from "./pipeline-fixtures.ts";

describe("runCommand: pause and resume", () => {
  it("only maintainers and admins may pause or resume", async () => {
    const h = harness();
    expect(await runJob(commented("/team-factory pause", "wes"), h.deps)).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(
        /@wes has write permission; `\/team-factory pause` needs maintain or admin/,
      ),
    });
    expect(h.store.pauses.size).toBe(0);
    expect(h.github.reactions).toEqual([]);
  });

  it("pause keeps requests; resume re-submits them under their requester", async () => {
    const h = harness();
    expect(await runJob(commented("/team-factory pause", "mia"), h.deps)).toEqual({
      kind: "control",
      paused: true,
    });
    expect(await runGap(labelled("max"), h.deps)).toEqual({ kind: "paused" });
    expect(await runJob(commented("/team-factory resume", "mia"), h.deps)).toEqual({
      kind: "control",
      paused: false,
    });
    expect(h.resubmitted).toMatchObject([
      { trigger: "resume", actor: "max", gapKey: "acme/agents:issue:1" },
    ]);
    expect(await runJob(h.resubmitted[0] ?? labelled(), h.deps)).toMatchObject({ kind: "pr" });
    expect(h.store.auditRows.map((r) => r.action)).toContain("control.resumed");
  });

  it("a /team-factory comment naming no verb pauses nothing and approves nothing", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    await runGap(labelled("mia"), h.deps);
    // GitHub's comment starts with /team-factory; the words after it are no verb it takes.
    const job = { ...commented("/team-factory pause", "max"), commentBody: '/team-factory"pause"' };
    expect(await runJob(job, h.deps)).toMatchObject({
      kind: "refused",
      reason: expect.stringMatching(/^\/team-factory takes pause or resume/),
    });
    expect(h.store.pauses.size).toBe(0);
    expect(h.store.approvals).toEqual([]);
  });

  it("answers an unknown verb with the usage", async () => {
    const h = harness();
    expect(await runJob(commented("/team-factory explode", "mia"), h.deps)).toMatchObject({
      kind: "refused",
    });
    expect(h.github.comments[0]?.body).toMatch(/pause|resume/);
  });
});

describe("runCommand: /approve-team", () => {
  it("needs maintain or admin, and a spec waiting for approval", async () => {
    const h = harness();
    expect(await runJob(commented("/approve-team", "wes"), h.deps)).toMatchObject({
      reason: "@wes has write permission; approving a team needs maintain or admin.",
    });
    expect(await runJob(commented("/approve-team", "max"), h.deps)).toMatchObject({
      reason: "There is no planned team to approve on this issue.",
    });
    await runGap(labelled("mia"), h.deps);
    expect(await runJob(commented("/approve-team", "max"), h.deps)).toMatchObject({
      reason: "The team for this issue is pr-open, not waiting for an approval.",
    });
    expect(h.store.approvals).toEqual([]);
  });

  it("an approval of an earlier spec does not pass a changed one", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    await runGap(labelled("mia"), h.deps);
    const first = [...h.store.gaps.values()][0]?.specHash;
    // Recorded while an older spec was waiting (the store refuses it for the spec waiting now).
    h.store.approvals.push({
      gapKey: "acme/agents:issue:1",
      specHash: "an-older-spec",
      approver: "max",
    });
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({ kind: "awaiting-approval" });
    expect(first).not.toBe("an-older-spec");
    expect(h.github.published).toEqual([]);
  });

  it("the store records only what the rule allows: the requester's approval throws, as in SQL", async () => {
    const h = harness({ config: "cost_threshold_usd: 1\n" });
    expect(await runGap(labelled("mia"), h.deps)).toMatchObject({ kind: "awaiting-approval" });
    const gap = h.store.gaps.get("acme/agents:issue:1");
    const approve = (approver: string) =>
      h.store.recordApproval({
        gapKey: "acme/agents:issue:1",
        specHash: gap?.specHash ?? "",
        approver,
      });
    await expect(approve("MIA")).rejects.toThrow(/asked for the team, or shaped its spec/);
    expect(h.store.approvals).toEqual([]);
    expect(await approve("max")).toBe(true);
    expect(await approve("max")).toBe(false);
    expect(h.store.approvals).toHaveLength(1);
  });
});
