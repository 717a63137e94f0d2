import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultResponse } from "../../simulator/github/faults.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

const STEPS = [
  { graphqlField: "repository" },
  { graphqlField: "createCommitOnBranch" },
  { graphqlField: "addLabelsToLabelable" },
  { operationId: "reactions/create-for-issue" },
  { operationId: "issues/create-comment" },
];
const FAULTS: [string, FaultResponse][] = [
  ["502", { status: 502 }],
  ["secondary rate limit", { secondaryRateLimit: { retryAfterSeconds: 1 } }],
];

describe("GitHub failing at each step", () => {
  let stack: Stack;
  beforeAll(async () => {
    const config = SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 100");
    stack = await startStack({ repos: [sampleRepo({ config })] });
  });
  afterAll(() => stack?.stop());

  const cases = STEPS.flatMap((step) => FAULTS.map(([name, respond]) => ({ step, name, respond })));
  it.each(cases)(
    "$name at $step.graphqlField$step.operationId → one PR or one clear failure",
    async ({ step, respond }) => {
      const { sim, factory } = stack;
      const skill = `skill ${Math.random().toString(36).slice(2, 8)}`.replace(/[0-9]/g, "x");
      const { number } = await sim.act.openIssue({
        repo: "acme/agents",
        title: `Gap for ${skill}`,
        body: `Several projects are blocked because nobody can do ${skill} work for them.\n\nSkills: ${skill}`,
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
    },
  );
});
