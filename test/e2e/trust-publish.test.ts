import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { call } from "../support/sim.ts";
import { botComments, git, pullsOf } from "../support/team-prs.ts";

const GAP =
  "Triage customer support tickets written in Spanish and draft the first answer for each.";

describe("what a Team Factory PR may contain, attacked through the simulator", () => {
  let stack: Stack;
  const repo = "acme/agents";
  beforeAll(async () => {
    stack = await startStack({ repos: [sampleRepo()] });
  });
  afterAll(() => stack?.stop());
  const idle = () => stack.factory.jobs.whenIdle();
  /** What a person with write access can do by hand: a branch, a file on it. */
  const push = async (params: { branch: string; path: string; text: string; create?: boolean }) => {
    const token = stack.sim.userToken("wes");
    if (params.create) {
      const main = git(stack.sim, ["rev-parse", "main"]);
      const ref = await call(stack.sim, "POST", `/repos/${repo}/git/refs`, {
        token,
        body: { ref: `refs/heads/${params.branch}`, sha: main },
      });
      expect(ref.status).toBe(201);
    }
    const put = await call(stack.sim, "PUT", `/repos/${repo}/contents/${params.path}`, {
      token,
      body: {
        message: "helper",
        content: Buffer.from(params.text).toString("base64"),
        branch: params.branch,
      },
    });
    expect(put.status).toBe(201);
  };

  it("a name whose branch exists already (pushed by hand) is not taken: the new team gets its own", async () => {
    const { sim } = stack;
    await push({
      branch: "team-factory/spanish-translation-team",
      path: "notes.md",
      text: "mine\n",
      create: true,
    });
    const hand = git(sim, ["rev-parse", "team-factory/spanish-translation-team"]);
    const { number } = await sim.act.openIssue({ repo, title: "Spanish", body: GAP, actor: "mia" });
    await sim.act.comment({
      repo,
      number,
      body: "/create-team spanish-translation-team",
      actor: "wes",
    });
    await idle();
    const [pr] = pullsOf(sim);
    expect(pr?.pull?.head).toBe("team-factory/spanish-translation-2-team");
    expect(git(sim, ["rev-parse", "team-factory/spanish-translation-team"])).toBe(hand);
  });

  it("another gap asking for the same name gets another one; the first gap's PR is untouched", async () => {
    const { sim } = stack;
    const [first] = pullsOf(sim);
    const head = git(sim, ["rev-parse", first?.pull?.head as string]);
    const { number } = await sim.act.openIssue({
      repo,
      title: "Spanish again",
      body: GAP,
      actor: "mia",
    });
    await sim.act.comment({
      repo,
      number,
      body: "/create-team spanish-translation-2-team",
      actor: "wes",
    });
    await idle();
    const pulls = pullsOf(sim);
    expect(pulls).toHaveLength(2);
    expect(pulls[1]?.pull?.head).toBe("team-factory/spanish-translation-2-2-team");
    expect(git(sim, ["rev-parse", first?.pull?.head as string])).toBe(head);
    expect(pulls[1]?.body).toContain(`Closes #${number}`);
  });

  it("a workflow pushed onto a gap's branch stops the next publish, naming it; nothing is committed", async () => {
    const { sim } = stack;
    const [pr] = pullsOf(sim);
    const branch = pr?.pull?.head as string;
    const issue = Number(/Closes #(\d+)/.exec(pr?.body ?? "")?.[1]);
    const workflow =
      "on: pull_request_target\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: env }] } }\n";
    await push({ branch, path: ".github/workflows/ci-helper.yml", text: workflow });
    const head = git(sim, ["rev-parse", branch]);
    await sim.act.comment({ repo, number: issue, body: "/create-team", actor: "wes" });
    await idle();
    expect(git(sim, ["rev-parse", branch])).toBe(head);
    const progress = botComments(sim, issue).find((c) =>
      c.startsWith("<!-- team-factory:progress"),
    );
    expect(progress).toMatch(
      /Nothing was published: a Team Factory PR may only change `teams\/spanish-translation-2-team\/`.*`\.github\/workflows\/ci-helper\.yml`/s,
    );
    expect(progress).toMatch(/😕/);
  });
});
