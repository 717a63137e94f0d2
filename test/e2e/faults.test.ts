import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultResponse } from "../../simulator/github/faults.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import type { Pacing } from "../../simulator/start-app.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { skillGap } from "../support/skill-gap.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

/** Each GitHub request of a run, named after the pipeline step that makes it. */
const STEPS = [
  { name: "step 0 (read the repository)", match: { graphqlField: "repository" } },
  {
    name: "step 1 (permission check)",
    match: { operationId: "repos/get-collaborator-permission-level" },
  },
  { name: "step 1 (👀 reaction)", match: { operationId: "reactions/create-for-issue" } },
  { name: "step 10 (commit and PR)", match: { graphqlField: "createCommitOnBranch" } },
  { name: "step 10 (labels and reviewers)", match: { graphqlField: "addLabelsToLabelable" } },
  { name: "step 11 (progress comment)", match: { operationId: "issues/create-comment" } },
];
const FAULTS: { fault: string; respond: FaultResponse; pacing: Pacing }[] = [
  { fault: "a 502", respond: { status: 502 }, pacing: "off" },
  // The app's pacing honours `retry-after` whatever the windows.
  {
    fault: "a secondary rate limit",
    respond: { secondaryRateLimit: { retryAfterSeconds: 1 } },
    pacing: "off",
  },
];

describe.each(FAULTS)("GitHub answering $fault at each step", ({ respond, pacing }) => {
  let stack: Stack;
  beforeAll(async () => {
    const config = SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 100");
    stack = await startStack({ repos: [sampleRepo({ config })], pacing });
  });
  afterAll(() => stack?.stop());

  it.each(STEPS)("at $name → one PR or one clear failure", async ({ match: step }) => {
    const { sim, factory } = stack;
    const skill = `skill ${Math.random().toString(36).slice(2, 8)}`.replace(/[0-9]/g, "x");
    const { number } = await sim.act.openIssue({
      repo: "acme/agents",
      ...skillGap(skill),
      actor: "mia",
    });
    const prsBefore = pullsOf(sim).length;
    sim.faults.add({ ...step, respond });
    await sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await factory.jobs.whenIdle();
    sim.faults.clear();
    const opened = pullsOf(sim).length - prsBefore;
    const comments = botComments(sim, number);
    if (opened === 1) {
      expect(comments.at(-1)).toContain("🚀");
    } else {
      expect(opened).toBe(0);
      expect(comments.at(-1)).toMatch(/😕/);
    }
    expect(comments.length).toBeLessThanOrEqual(1);
  });
});
