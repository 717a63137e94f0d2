import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { call } from "../support/sim.ts";
import { skillGap } from "../support/skill-gap.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

// Through the GitHub simulator: labels matched like GitHub matches
// them, and the daily cap counting the new PRs that exist.
const REPO = "acme/agents";
let n = 0;
async function gap(stack: Stack, actor = "mia", repo = REPO): Promise<number> {
  const skill = `skill ${"abcdefghij"[n++ % 10]}${"klmnopqrst"[n % 10]}`;
  const { number } = await stack.sim.act.openIssue({
    repo,
    ...skillGap(skill),
    actor,
  });
  return number;
}
async function label(stack: Stack, number: number, actor = "mia", repo = REPO) {
  const delivery = await stack.sim.act.labelIssue({
    repo,
    number,
    label: "capability-gap",
    actor,
  });
  await stack.factory.jobs.whenIdle();
  return delivery;
}
const labelsOf = (stack: Stack, prNumber: number, name = "agents") =>
  stack.sim
    .repo("acme", name)
    .issues.get(prNumber)
    ?.labels.map((l) => l.name)
    .sort();

describe("labels by name without case, and slots that follow the PRs that exist", () => {
  let stack: Stack;
  beforeAll(async () => {
    const capped = SAMPLE_CONFIG.replace(
      "daily_limit: 5",
      "daily_limit: 1\ndaily_limit_scope: repository",
    );
    const repo = sampleRepo({ config: capped });
    // `Automated` where the config says `automated`, behind 120 other labels.
    const noise = Array.from({ length: 120 }, (_, i) => ({
      name: `area-${String(i).padStart(3, "0")}`,
    }));
    repo.labels = [...noise, ...(repo.labels ?? []), { name: "Automated" }];
    const racing = sampleRepo({
      name: "racing",
      config: SAMPLE_CONFIG.replace(
        "labels: [automated, new-team, needs-review]",
        "labels: [race-label]",
      ),
    });
    stack = await startStack({
      repos: [repo, racing, sampleRepo({ name: "slots", config: capped })],
    });
  });
  afterAll(() => stack?.stop());

  it("labels the one PR of a daily_limit: 1 day with the existing label and refuses the other gaps", async () => {
    const gaps = [await gap(stack), await gap(stack), await gap(stack)];
    for (const number of gaps) await label(stack, number);
    const pulls = pullsOf(stack.sim);
    expect(pulls).toHaveLength(1);
    expect(labelsOf(stack, pulls[0]?.number as number)).toEqual([
      "Automated",
      "needs-review",
      "new-team",
    ]);
    const names = stack.sim.repo("acme", "agents").labels.map((l) => l.name.toLowerCase());
    expect(names.filter((l) => l === "automated")).toHaveLength(1);
    for (const number of gaps.slice(1))
      expect(botComments(stack.sim, number).at(-1)).toMatch(/daily limit of 1 new team/);
  });

  it('takes a label another replica created meanwhile ("already exists") as done', async () => {
    const { sim } = stack;
    // acme/racing wants the label `race-label`, which does not exist yet.
    const token = sim.userToken("mia");
    const number = await gap(stack, "mia", "acme/racing");
    // Right after the app read the repository (no such label), someone creates `Race-Label`.
    sim.faults.hold({
      graphqlField: "repository",
      nth: 2, // the second read, with the config's labels (the first one used the defaults)
      until: async () => {
        await call(sim, "POST", "/repos/acme/racing/labels", {
          token,
          body: { name: "Race-Label", color: "ededed" },
        });
      },
    });
    await label(stack, number, "mia", "acme/racing");
    sim.faults.clear();
    const [pr] = pullsOf(sim, "acme/racing");
    expect(pr).toBeDefined();
    expect(labelsOf(stack, pr?.number as number, "racing")).toEqual(["Race-Label"]);
    // The app's createLabel met "already exists" and read the label by name instead.
    expect(sim.log.some((e) => e.graphql?.name === "TeamFactoryLabels")).toBe(true);
    expect(botComments(sim, number, "acme/racing").at(-1)).toMatch(/🚀 Opened/);
    const gapRow = await stack.store.getGap({ gapKey: `acme/racing:issue:${number}` });
    expect(gapRow?.state).toBe("pr-open");
  });

  it("a failed update of A leaves A's PR open and B refused; A's merge registers the team", async () => {
    const { sim, store } = stack;
    const r = "acme/slots";
    const a = await gap(stack, "mia", r);
    const b = await gap(stack, "mia", r);
    await label(stack, a, "mia", r);
    await label(stack, b, "mia", r);
    expect(pullsOf(sim, r)).toHaveLength(1);
    // A is triggered again while GitHub answers 502 to every commit attempt.
    // (Octokit retries a 5xx itself, and the publish step retries twice more: every try fails.)
    sim.faults.add({ graphqlField: "createCommitOnBranch", respond: { status: 502 }, times: 50 });
    await stack.sim.act.comment({
      repo: r,
      number: a,
      body: "/create-team framework=LangGraph",
      actor: "max",
    });
    await stack.factory.jobs.whenIdle();
    sim.faults.clear();
    expect((await store.getGap({ gapKey: `${r}:issue:${a}` }))?.state).toBe("pr-open");
    expect(botComments(sim, a, r).at(-1)).toMatch(/stays open as it was/);
    await label(stack, b, "max", r);
    expect(pullsOf(sim, r)).toHaveLength(1);
    expect(botComments(sim, b, r).at(-1)).toMatch(/daily limit of 1 new team/);
    const [pr] = pullsOf(sim, r);
    const merged = await sim.act.mergePullRequest({
      repo: r,
      number: pr?.number as number,
      actor: "max",
    });
    expect(merged.status).toBeLessThan(300);
    const row = await store.getGap({ gapKey: `${r}:issue:${a}` });
    expect(row?.state).toBe("merged");
    expect(
      (await store.registerTeam({ name: row?.spec?.name as string, members: [] })).created,
    ).toBe(false);
  });
});
