import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

const GAP =
  "We need a team that monitors Kubernetes cost per namespace and flags waste every week.";
const shortHash = (text: string | undefined) =>
  /`\/approve-team ([0-9a-f]{12})`/.exec(text ?? "")?.[1];

describe("approvals bound to what the approver saw, attacked through the simulator", () => {
  let stack: Stack;
  const repo = "acme/costly";
  beforeAll(async () => {
    const config = SAMPLE_CONFIG.replace("cost_threshold_usd: 1000", "cost_threshold_usd: 1");
    stack = await startStack({ repos: [sampleRepo({ name: "costly", config })] });
  });
  afterAll(() => stack?.stop());
  const idle = () => stack.factory.jobs.whenIdle();
  /** An issue by mia whose gap wes plans with `/create-team` (above the cost threshold). */
  const planned = async (title: string) => {
    const { number } = await stack.sim.act.openIssue({ repo, title, body: GAP, actor: "mia" });
    const body = "/create-team skills=finops,kubernetes";
    await stack.sim.act.comment({ repo, number, body, actor: "wes" });
    await idle();
    return number;
  };
  const progress = (number: number) =>
    botComments(stack.sim, number, repo).find((c) => c.startsWith("<!-- team-factory:progress"));

  it("a re-plan between showing and approving: the approval names the old spec and approves nothing", async () => {
    const { sim } = stack;
    const number = await planned("k8s cost");
    const shown = shortHash(progress(number));
    expect(shown).toMatch(/^[0-9a-f]{12}$/);
    // The requester makes it costlier just before the maintainer answers what she was shown.
    await sim.act.comment({
      repo,
      number,
      body: "/create-team skills=finops,kubernetes model=claude-opus-4-1",
      actor: "wes",
    });
    await idle();
    const now = shortHash(progress(number));
    expect(now).not.toBe(shown);
    await sim.act.comment({ repo, number, body: `/approve-team ${shown}`, actor: "max" });
    await idle();
    expect(botComments(sim, number, repo).at(-1)).toMatch(
      new RegExp(`is not the spec waiting for approval: it changed to \`${now}\``),
    );
    expect(pullsOf(sim, repo)).toHaveLength(0);
    expect(
      await stack.store.findApproval({ gapKey: `acme/costly:issue:${number}`, specHash: "" }),
    ).toBeNull();
  });

  it("a replayed approval (same signed body, new delivery id) is not run again", async () => {
    const { sim } = stack;
    const number = await planned("k8s cost 2");
    const refused = await sim.act.comment({ repo, number, body: "/approve-team", actor: "max" });
    await idle();
    const answers = botComments(sim, number, repo).length;
    const replay = await sim.redeliver(refused.deliveryId, { newId: true });
    expect(replay.status).toBe(200);
    expect(replay.deliveryId).not.toBe(refused.deliveryId);
    await idle();
    expect(botComments(sim, number, repo)).toHaveLength(answers);
    expect(pullsOf(sim, repo)).toHaveLength(0);
  });

  it("whoever shaped the spec cannot approve it, even a maintainer who re-planned someone else's gap", async () => {
    const { sim } = stack;
    const { number } = await sim.act.openIssue({
      repo,
      title: "k8s cost 3",
      body: GAP,
      actor: "wes",
    });
    await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "wes" });
    await idle();
    await sim.act.comment({
      repo,
      number,
      body: "/create-team skills=finops,kubernetes model=o1-pro",
      actor: "mia",
    });
    await idle();
    const hash = shortHash(progress(number));
    await sim.act.comment({ repo, number, body: `/approve-team ${hash}`, actor: "mia" });
    await idle();
    expect(botComments(sim, number, repo).at(-1)).toMatch(
      /asked for the team, or shaped its spec, cannot approve it/,
    );
    expect(pullsOf(sim, repo)).toHaveLength(0);
    await sim.act.comment({ repo, number, body: `/approve-team ${hash}`, actor: "max" });
    await idle();
    expect(pullsOf(sim, repo)).toHaveLength(1);
  });
});
