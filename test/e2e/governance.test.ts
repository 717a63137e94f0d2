import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

const GAP =
  "We need a team that monitors Kubernetes cost per namespace and flags waste every week.";

describe("governance through the simulator", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      repos: [
        sampleRepo({
          name: "costly",
          config: `${SAMPLE_CONFIG.replace("cost_threshold_usd: 1000", "cost_threshold_usd: 1")}`,
        }),
        sampleRepo({
          owner: "capped",
          name: "agents",
          config: SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 2"),
        }),
      ],
    });
  });
  afterAll(() => stack?.stop());

  it("a team above the cost threshold gets no PR until a maintainer other than the requester approves", async () => {
    const { sim, factory } = stack;
    const repo = "acme/costly";
    const { number } = await sim.act.openIssue({
      repo,
      title: "k8s cost",
      body: GAP,
      actor: "mia",
    });
    await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim, repo)).toHaveLength(0);
    expect(botComments(sim, number, repo)[0]).toMatch(
      /above this repository's limit of \$1\/month/,
    );

    const short = /`\/approve-team ([0-9a-f]{12})`/.exec(
      botComments(sim, number, repo)[0] ?? "",
    )?.[1];
    expect(short).toMatch(/^[0-9a-f]{12}$/);
    await sim.act.comment({ repo, number, body: `/approve-team ${short}`, actor: "wes" });
    await sim.act.comment({ repo, number, body: `/approve-team ${short}`, actor: "mia" });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim, repo)).toHaveLength(0);
    const refusals = botComments(sim, number, repo).slice(1);
    expect(refusals[0]).toMatch(
      /@wes has write permission; approving a team needs maintain or admin/,
    );
    expect(refusals[1]).toMatch(/cannot approve it; another maintainer or admin has to/);

    await sim.act.comment({ repo, number, body: `/approve-team ${short}`, actor: "max" });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim, repo)).toHaveLength(1);
    const audit = await stack.store.verifyAuditChain();
    expect(audit.ok).toBe(true);
  });

  it("the daily limit refuses further teams with the remaining count", async () => {
    const { sim, factory } = stack;
    const repo = "capped/agents";
    const numbers: number[] = [];
    for (const skill of ["spanish", "d3", "accounting", "legal"]) {
      const body = `Several projects are blocked because nobody can handle ${skill} work.\n\nSkills: ${skill}`;
      const { number } = await sim.act.openIssue({
        repo,
        title: `${skill} team`,
        body,
        actor: "mia",
      });
      numbers.push(number);
      await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" });
    }
    await factory.jobs.whenIdle();
    expect(pullsOf(sim, repo)).toHaveLength(2);
    const outcomes = stack.ends
      .filter((o) => o.job.owner === "capped")
      .map((o) => (o.end.kind === "done" ? o.end.outcome.kind : "error"));
    expect(outcomes).toEqual(["pr", "pr", "daily-limit", "daily-limit"]);
    const refused = numbers.slice(2).map((n) => botComments(sim, n, repo).at(-1));
    for (const text of refused)
      expect(text).toMatch(/daily limit of 2 new teams .* 0 remaining today/);
  });
});
