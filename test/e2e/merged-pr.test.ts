import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_GAP_BODY, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { pullsOf } from "../support/team-prs.ts";

describe("when a team PR is closed", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ repos: [sampleRepo()] });
  });
  afterAll(() => stack?.stop());

  it("a merge marks the gap merged, registers the team, and the gap cannot be re-opened", async () => {
    const { sim, factory, store } = stack;
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      title: "Dashboards",
      body: SAMPLE_GAP_BODY,
      actor: "mia",
    });
    await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await factory.jobs.whenIdle();
    const pr = pullsOf(sim)[0];
    expect(pr).toBeDefined();
    await sim.act.mergePullRequest({
      repo: "acme/agents",
      number: pr?.number as number,
      actor: "max",
    });
    const gap = await store.getGap({ gapKey: `acme/agents:issue:${number}` });
    expect(gap?.state).toBe("merged");
    const registered = await store.registerTeam({ name: gap?.spec?.name as string, members: [] });
    expect(registered.created).toBe(false);

    await sim.act.comment({ repo: "acme/agents", number, body: "/create-team", actor: "wes" });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim)).toHaveLength(1);
    expect(stack.ends.at(-1)?.end).toMatchObject({ outcome: { kind: "refused" } });
  });

  it("a PR closed without merging marks the gap closed", async () => {
    const { sim, factory, store } = stack;
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      title: "Spanish triage",
      body: "Triage customer support tickets written in Spanish.\n\nSkills: customer support, spanish",
      actor: "mia",
    });
    await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await factory.jobs.whenIdle();
    const pr = pullsOf(sim).find((p) => p.body?.includes(`Closes #${number}`));
    await sim.act.closePullRequest({
      repo: "acme/agents",
      number: pr?.number as number,
      actor: "max",
    });
    expect((await store.getGap({ gapKey: `acme/agents:issue:${number}` }))?.state).toBe("closed");
  });
});
