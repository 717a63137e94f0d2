import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CONFIG, SAMPLE_GAP_BODY, sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import type { ScanReport } from "../../src/scan/run-scan.ts";
import { botComments, issueOf, pullsOf } from "../support/team-prs.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const REPO = "acme/agents";
const SECRET = "scan-secret-for-the-lifecycle-test";

describe("a team PR merged, closed or reopened, and the scan meanwhile", () => {
  let database: TestDatabase;
  let stack: Stack;
  beforeAll(async () => {
    database = await openTestDatabase();
    // acme is a user here: a review team cannot exist, and that is named, not fatal.
    const config = `${SAMPLE_CONFIG}team_reviewers: [ops]\nmode:\n  detected: full\nscan:\n  enabled: true\n  min_tasks: 3\n`;
    stack = await startStack({
      repos: [sampleRepo({ config })],
      store: database.store,
      env: { TEAM_FACTORY_SCAN_SECRET: SECRET },
    });
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
    expect(botComments(sim, issue).at(-1)).toMatch(/🚀 Opened .*Not asked to review .*`acme\/ops`/);
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

  it("a scan skips a skill whose team PR is open, and reports it once the PR is closed", async () => {
    const { sim, factory, store } = stack;
    // Three ready tasks need each of two skills; the Spanish team's PR (reopened above) is open.
    const project = await database.db.query<{ id: string }>(
      "insert into pm_projects (name, priority) values ('Support desk', 'high') returning id",
    );
    // Where projects are mapped to repositories, this one is acme/agents'.
    await database.db.query(`do $$ begin
      if exists (select 1 from information_schema.columns
                 where table_name = 'pm_projects' and column_name = 'repository')
      then update pm_projects set repository = 'acme/agents'; end if; end $$`);
    for (const skill of ["spanish", "accounting"])
      await database.db.query(
        "insert into pm_tasks (project_id, title, status, required_skills) select $1, $2 || ' task ' || g, 'ready', array[$2] from generate_series(1, 3) g",
        [project.rows[0]?.id, skill],
      );
    const scan = async () => {
      const res = await fetch(`${stack.app.url}/team-factory/scan`, {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET}` },
      });
      const report = (await res.json()) as ScanReport;
      await factory.jobs.whenIdle();
      return report.repos[0];
    };
    const first = await scan();
    expect(first?.opened.map((o) => o.skill)).toEqual(["accounting"]);
    const spanishPr = pullsOf(sim).find((p) => p.title.includes("spanish"));
    expect(first?.skipped).toContainEqual({
      skill: "spanish",
      reason: `the team of pull request #${spanishPr?.number} covers it (in flight)`,
    });
    await sim.act.closePullRequest({ repo: REPO, number: spanishPr?.number ?? 0, actor: "max" });
    await factory.jobs.whenIdle();
    expect(await store.listInFlightSkills({ repo: REPO })).not.toContainEqual(
      expect.objectContaining({ skill: "spanish" }),
    );
    const second = await scan();
    expect(second?.opened.map((o) => o.skill)).toEqual(["spanish"]);
  });
});
