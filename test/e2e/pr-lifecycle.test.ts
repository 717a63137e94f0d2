import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_GAP_BODY, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { botComments, issueOf, pullsOf } from "../support/team-prs.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const REPO = "acme/agents";

describe("a team PR merged, closed or reopened", () => {
  let database: TestDatabase;
  let stack: Stack;
  beforeAll(async () => {
    database = await openTestDatabase();
    stack = await startStack({ repos: [sampleRepo()], store: database.store });
  });
  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  /** A labelled gap and its team PR. */
  const teamPr = async (title: string, body: string) => {
    const { sim, factory } = stack;
    const { number } = await sim.act.openIssue({ repo: REPO, title, body, actor: "mia" });
    await sim.act.labelIssue({ repo: REPO, number, label: "capability-gap", actor: "mia" });
    await factory.jobs.whenIdle();
    const pr = pullsOf(sim).find((p) => p.body?.includes(`Closes #${number}.`));
    if (!pr) throw new Error(`no PR for #${number}`);
    return { issue: number, pr: pr.number, gapKey: `${REPO}:issue:${number}` };
  };
  const auditOf = async (gapKey: string) =>
    (
      await database.db.query<{ action: string; details: Record<string, unknown> }>(
        "select action, details from tf_audit_log where gap_key = $1 order by id",
        [gapKey],
      )
    ).rows;

  it("merged: the gap is merged, the team registered, the issue answered and closed by the app", async () => {
    const { sim, factory, store } = stack;
    const { issue, pr, gapKey } = await teamPr("Dashboards", SAMPLE_GAP_BODY);
    expect(issueOf(sim, issue).state).toBe("open");
    await sim.act.mergePullRequest({ repo: REPO, number: pr, actor: "max" });
    const gap = await store.getGap({ gapKey });
    expect(gap?.state).toBe("merged");
    await factory.jobs.whenIdle();
    expect(botComments(sim, issue).at(-1)).toMatch(
      new RegExp(
        `^🎉 #${pr} was merged: \`${gap?.spec?.name}\` is in the repository and in the team registry`,
      ),
    );
    expect(issueOf(sim, issue).state).toBe("closed");
    expect(
      (await store.registerTeam({ name: gap?.spec?.name as string, members: [] })).created,
    ).toBe(false);
    expect((await auditOf(gapKey)).map((r) => r.action).slice(-2)).toEqual([
      "pr.merged",
      "issue.closed",
    ]);

    await sim.act.comment({ repo: REPO, number: issue, body: "/create-team", actor: "wes" });
    await factory.jobs.whenIdle();
    expect(pullsOf(sim).filter((p) => p.body?.includes(`#${issue}.`))).toHaveLength(1);
    expect(stack.ends.at(-1)?.end).toMatchObject({ outcome: { kind: "refused" } });
  });

  it("closed unmerged: rejected, one comment, the slot kept; reopened: pr-open again", async () => {
    const { sim, factory, store } = stack;
    const { issue, pr, gapKey } = await teamPr(
      "Spanish triage",
      "Triage customer support tickets written in Spanish.\n\nSkills: customer support, spanish",
    );
    const scope = `installation:${sim.state.installations[0]?.id}`;
    const used = (await store.checkDailySlot({ scope, gapKey: "x", limit: 5 })).used;
    const before = botComments(sim, issue).length;
    const closed = await sim.act.closePullRequest({ repo: REPO, number: pr, actor: "max" });
    await factory.jobs.whenIdle();
    expect(await store.getGap({ gapKey })).toMatchObject({
      state: "rejected",
      reason: `pull request #${pr} was closed without merging`,
    });
    // A redelivery of the same webhook changes nothing and says nothing more.
    await sim.redeliver(closed.deliveryId);
    await factory.jobs.whenIdle();
    const said = botComments(sim, issue).slice(before);
    expect(said).toEqual([
      `#${pr} was closed without merging; comment \`/create-team\` to try again. (Its daily slot stays used.)`,
    ]);
    expect(issueOf(sim, issue).state).toBe("open");
    expect((await store.checkDailySlot({ scope, gapKey: "x", limit: 5 })).used).toBe(used);

    await sim.act.reopenPullRequest({ repo: REPO, number: pr, actor: "max" });
    await factory.jobs.whenIdle();
    expect(await store.getGap({ gapKey })).toMatchObject({ state: "pr-open", prNumber: pr });
    expect(botComments(sim, issue).at(-1)).toBe(
      `#${pr} was reopened: the team waits for its review again.`,
    );
    const audit = await auditOf(gapKey);
    expect(audit.map((r) => r.action).slice(-4)).toEqual([
      "pr.closed",
      "issue.commented",
      "pr.reopened",
      "issue.commented",
    ]);
    expect(audit.at(-2)?.details).toMatchObject({ pr, state: "pr-open", was: "rejected" });
  });
});
