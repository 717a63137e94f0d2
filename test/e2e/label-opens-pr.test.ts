import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_GAP_BODY, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { botComments, countedRequests, git, issueOf, pullsOf } from "../support/team-prs.ts";

describe("an issue labelled capability-gap", () => {
  let stack: Stack;
  let issue: number;
  let labelDelivery: string;
  beforeAll(async () => {
    stack = await startStack({ repos: [sampleRepo()] });
  });
  afterAll(() => stack?.stop());

  it("becomes one PR: a verified commit with every file of the team, in 4 counted requests (permission check included)", async () => {
    const { sim, factory } = stack;
    const opened = await sim.act.openIssue({
      repo: "acme/agents",
      title: "Dashboards for project metrics",
      body: SAMPLE_GAP_BODY,
      actor: "mia",
    });
    issue = opened.number;
    sim.resetLog();
    const delivery = await sim.act.labelIssue({
      repo: "acme/agents",
      number: issue,
      label: "capability-gap",
      actor: "mia",
    });
    labelDelivery = delivery.deliveryId;
    expect(delivery.status).toBe(200);
    await factory.jobs.whenIdle();

    const pulls = pullsOf(sim);
    expect(pulls).toHaveLength(1);
    const pr = pulls[0];
    const branch = pr?.pull?.head as string;
    expect(branch).toMatch(/^team-factory\/[a-z0-9-]+-team$/);
    expect(pr?.title).toMatch(/^\[Automated\] Add [a-z0-9-]+ team for data visualization/);
    expect(pr?.title).not.toMatch(/-team team/);
    expect(pr?.body).toContain(`Closes #${issue}`);
    expect(pr?.labels.map((l) => l.name).sort()).toEqual(["automated", "needs-review", "new-team"]);

    const slug = branch.slice("team-factory/".length);
    const files = git(sim, ["ls-tree", "-r", "--name-only", branch]).split("\n");
    const added = files.filter((f) => f.startsWith(`teams/${slug}/`));
    expect(added).toEqual(
      expect.arrayContaining([
        `teams/${slug}/team.json`,
        `teams/${slug}/langgraph.json`,
        `teams/${slug}/src/${slug.replace(/-/g, "_")}/workflow.py`,
        `teams/${slug}/k8s/deployment.yaml`,
      ]),
    );
    // Nothing outside the team's folder changed, in exactly one commit on top of main.
    expect(
      git(sim, ["diff", "--name-only", "main", branch])
        .split("\n")
        .every((f) => f.startsWith(`teams/${slug}/`)),
    ).toBe(true);
    const commits = git(sim, ["rev-list", `main..${branch}`]).split("\n");
    expect(commits).toHaveLength(1);
    expect(sim.repo("acme", "agents").verified.get(commits[0] as string)?.verified).toBe(true);
    expect(git(sim, ["ls-tree", "-r", branch, `teams/${slug}/health_check.sh`])).toMatch(
      /^100644 /,
    );

    // The labeller's permission is checked beside the one context query (either may land first).
    const counted = countedRequests(sim.log).map((e) => e.graphql?.name ?? e.operationId);
    expect(counted.slice(0, 2).sort()).toEqual([
      "TeamFactoryContext",
      "repos/get-collaborator-permission-level",
    ]);
    expect(counted.slice(2)).toEqual(["TeamFactoryPublish", "TeamFactoryLabel"]);
    expect(sim.log.length).toBeLessThanOrEqual(9);
    expect(issueOf(sim, issue).reactions.map((r) => r.content)).toEqual(["eyes", "rocket"]);
    const [progress] = botComments(sim, issue);
    expect(progress).toContain("🚀");
    expect(progress).toContain(`/pull/${pr?.number}`);
  });

  it("a redelivery of the same webhook changes nothing", async () => {
    const { sim, factory } = stack;
    sim.resetLog();
    const again = await sim.redeliver(labelDelivery);
    expect(again.status).toBe(200);
    await factory.jobs.whenIdle();
    expect(sim.log).toEqual([]);
    expect(pullsOf(sim)).toHaveLength(1);
  });

  it("a second trigger for the same gap updates the same branch and PR with a new commit", async () => {
    const { sim, factory } = stack;
    const pr = pullsOf(sim)[0];
    const branch = pr?.pull?.head as string;
    await sim.act.comment({
      repo: "acme/agents",
      number: issue,
      body: "/create-team framework=CrewAI\nAlso CSV exports.",
      actor: "wes",
    });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim)).toHaveLength(1);
    expect(git(sim, ["rev-list", `main..${branch}`]).split("\n")).toHaveLength(2);
    const slug = branch.slice("team-factory/".length);
    const files = git(sim, ["ls-tree", "-r", "--name-only", branch]).split("\n");
    const pkg = slug.replace(/-/g, "_");
    expect(files).toContain(`teams/${slug}/src/${pkg}/crew.py`);
    // The LangGraph files of the first commit are deleted, not left behind.
    expect(files).not.toContain(`teams/${slug}/src/${pkg}/workflow.py`);
    expect(files).not.toContain(`teams/${slug}/langgraph.json`);
    expect(
      pullsOf(sim)[0]
        ?.labels.map((l) => l.name)
        .sort(),
    ).toEqual(["automated", "needs-review", "new-team"]);
    expect(botComments(sim, issue)).toHaveLength(1);
    expect(botComments(sim, issue)[0]).toContain("Updated");
  });
});
