import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { botComments, countedRequests, pullsOf } from "../support/team-prs.ts";

const GAP =
  "We need a team that monitors Kubernetes cost per namespace and flags waste every week.";

describe("/create-team and /team-factory comments", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ repos: [sampleRepo()] });
  });
  afterAll(() => stack?.stop());

  const openIssue = async (title: string) =>
    (await stack.sim.act.openIssue({ repo: "acme/agents", title, body: GAP, actor: "mia" })).number;

  it("refuses a commenter without write permission, politely and without a PR", async () => {
    const { sim, factory } = stack;
    const issue = await openIssue("Another gap");
    await sim.act.comment({
      repo: "acme/agents",
      number: issue,
      body: "/create-team",
      actor: "rob",
    });
    await sim.act.comment({
      repo: "acme/agents",
      number: issue,
      body: "/create-team",
      actor: "stranger",
    });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim)).toHaveLength(0);
    const answers = botComments(sim, issue);
    expect(answers).toHaveLength(2);
    // Refusals are answered beside each other, in either order.
    expect(answers.find((a) => a.includes("@rob"))).toMatch(
      /@rob has read permission.*needs write/,
    );
    expect(answers.find((a) => a.includes("@stranger"))).toMatch(
      /@stranger has read permission.*needs write/,
    );
  });

  it("a comment command opens the PR in ≤ 4 counted requests (permission check included)", async () => {
    const { sim, factory } = stack;
    const issue = await openIssue("Spanish support triage");
    sim.resetLog();
    await sim.act.comment({
      repo: "acme/agents",
      number: issue,
      body: "/create-team skills=customer support,spanish\nTriage customer support tickets written in Spanish.",
      actor: "wes",
    });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim)).toHaveLength(1);
    const counted = countedRequests(sim.log).map((e) => e.graphql?.name ?? e.operationId);
    expect(counted.slice(0, 2).sort()).toEqual([
      "TeamFactoryContext",
      "repos/get-collaborator-permission-level",
    ]);
    expect(counted.slice(2)).toEqual(["TeamFactoryPublish", "TeamFactoryLabel"]);
    expect(sim.log.length - 1).toBeLessThanOrEqual(8);
  });
});
