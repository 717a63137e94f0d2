import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { call } from "../support/sim.ts";
import { botComments, git, pullsOf } from "../support/team-prs.ts";

const A = "acme/agents";
const TOOLS = "acme/tools";
const WIDE = "acme/wide";
const GAP =
  "Triage customer support tickets written in Spanish and draft the first answer for each.";
const CONFIG = SAMPLE_CONFIG.replace("daily_limit: 5", "daily_limit: 50");
/** What an attacker's repository asks for in its own config: the whole installation's breaker. */
const WIDENED = `${CONFIG}breaker:\n  scope: installation\n`;

describe("the circuit breaker, attacked by a writer", () => {
  let stack: Stack;
  let installationId: number;
  beforeAll(async () => {
    stack = await startStack({
      repos: [
        sampleRepo({ config: CONFIG }),
        sampleRepo({ name: "wide", config: WIDENED }),
        // The installation's other repository: the attacker (wes) has no access to it.
        { ...sampleRepo({ name: "tools" }), collaborators: { mia: "maintain" } },
      ],
    });
    installationId = stack.sim.state.installations[0]?.id as number;
  });
  afterAll(() => stack?.stop());
  const idle = () => stack.factory.jobs.whenIdle();
  const paused = async (repo: string) =>
    (await stack.store.pauseStatus({ installationId, repo })).paused;

  it("a repository's config cannot widen its breaker to the installation: the key is refused, naming the operator's setting", async () => {
    const { sim } = stack;
    // The app's own failures in that repository: GitHub refuses every commit.
    sim.faults.add({
      graphqlField: "createCommitOnBranch",
      times: 100,
      respond: { status: 422, message: "Something went wrong" },
    });
    const issues: number[] = [];
    for (const skill of ["opera singing", "tax filing", "podcast editing"]) {
      const { number } = await sim.act.openIssue({
        repo: WIDE,
        title: skill,
        body: `Several projects wait for someone who can do ${skill} every week.\n\nSkills: ${skill}`,
        actor: "wes",
      });
      await sim.act.comment({ repo: WIDE, number, body: "/create-team", actor: "wes" });
      await idle();
      issues.push(number);
    }
    sim.faults.clear();
    expect(await paused("")).toBe(false);
    expect(await paused(TOOLS)).toBe(false);
    expect(await paused(A)).toBe(false);
    for (const number of issues)
      expect(botComments(sim, number, WIDE).at(-1)).toMatch(
        /breaker\.scope: must be "repository".*TEAM_FACTORY_BREAKER_SCOPE=installation/s,
      );
  });

  it("refused publishes a writer provokes (a file pushed onto the app's branch) pause nothing, here or elsewhere", async () => {
    const { sim, store } = stack;
    const { number } = await sim.act.openIssue({
      repo: A,
      title: "Spanish",
      body: GAP,
      actor: "mia",
    });
    await sim.act.comment({ repo: A, number, body: "/create-team", actor: "wes" });
    await idle();
    const branch = pullsOf(sim)[0]?.pull?.head as string;
    expect(branch).toMatch(/^team-factory\//);
    // A writer pushes a file outside the team folder onto the app's branch…
    const put = await call(sim, "PUT", `/repos/${A}/contents/.github/workflows/x.yml`, {
      token: sim.userToken("wes"),
      body: {
        message: "x",
        content: Buffer.from("on: push\n").toString("base64"),
        branch,
      },
    });
    expect(put.status).toBe(201);
    const head = git(sim, ["rev-parse", branch]);
    // …and asks three times: each publish is refused by the path check.
    for (let i = 0; i < 3; i++) {
      await sim.act.comment({ repo: A, number, body: "/create-team", actor: "wes" });
      await idle();
    }
    expect(git(sim, ["rev-parse", branch])).toBe(head);
    expect(botComments(sim, number).join("\n")).toMatch(/Nothing was published/);
    // No run of the app failed: neither this repository nor the installation is paused.
    expect(await paused(A)).toBe(false);
    expect(await paused(TOOLS)).toBe(false);
    expect(await paused("")).toBe(false);
    expect(
      await store.metrics.breakerStats({ installationId, repo: "", lastRuns: 5, days: 30 }),
    ).toMatchObject({ failed: 0 });
    // The other repository still opens team PRs.
    const other = await sim.act.openIssue({
      repo: TOOLS,
      title: "Spanish",
      body: GAP,
      actor: "mia",
    });
    await sim.act.labelIssue({
      repo: TOOLS,
      number: other.number,
      label: "capability-gap",
      actor: "mia",
    });
    await idle();
    expect(pullsOf(sim, TOOLS)).toHaveLength(1);
  });
});
