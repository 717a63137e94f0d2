import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { skillGap } from "../support/skill-gap.ts";
import { pullsClosing } from "../support/team-prs.ts";

// What sits between a `/create-team` comment and its PR. The permission check comes
// first; 👀, progress edits and labels never hold up the PR's creation.
const REPO = "acme/agents";
let stack: Stack;
beforeAll(async () => {
  const config = SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 100");
  stack = await startStack({ repos: [sampleRepo({ config })] });
});
afterAll(() => stack?.stop());

async function waitFor(done: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("the critical path from a comment to its PR", () => {
  it("opens the PR while GitHub has not yet answered the 👀 reaction; the permission is read before anything else", async () => {
    const { sim, factory } = stack;
    const { number } = await sim.act.openIssue({
      repo: REPO,
      ...skillGap("skill eyes"),
      actor: "mia",
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    sim.faults.hold({ operationId: "reactions/create-for-issue", until: () => released });
    sim.resetLog();
    try {
      await sim.act.comment({ repo: REPO, number, body: "/create-team", actor: "mia" });
      await waitFor(() => pullsClosing(sim, number).length === 1, 10_000, "PR while 👀 is held");
    } finally {
      release();
    }
    await factory.jobs.whenIdle();
    const names = sim.log.map((e) => e.operationId ?? e.graphql?.name);
    const first = names.findIndex((n) => n !== "apps/create-installation-access-token");
    expect(names[first]).toBe("repos/get-collaborator-permission-level");
    const eyes = sim.log.find((e) => e.operationId === "reactions/create-for-issue");
    const permission = sim.log.find(
      (e) => e.operationId === "repos/get-collaborator-permission-level",
    );
    // 👀 went out once the permission had answered (the log records answers in order).
    expect(eyes && permission && eyes.at >= permission.at + permission.ms - 5).toBe(true);
    const issue = sim.repo("acme", "agents").issues.get(number);
    expect(issue?.reactions.map((r) => r.content)).toEqual(["eyes", "rocket"]);
  });

  it("gives no 👀 to someone without the permission", async () => {
    const { sim, factory } = stack;
    const { number } = await sim.act.openIssue({
      repo: REPO,
      ...skillGap("skill nope"),
      actor: "mia",
    });
    await sim.act.comment({ repo: REPO, number, body: "/create-team", actor: "rob" });
    await factory.jobs.whenIdle();
    const issue = sim.repo("acme", "agents").issues.get(number);
    expect(issue?.reactions.map((r) => r.content)).not.toContain("eyes");
    expect(pullsClosing(sim, number)).toEqual([]);
  });
});
