import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "./store-backends.ts";

const SPEC = fixtureSpec("crewai-openai-3");

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(BACKENDS)("approvals, pause, leases and the team registry on %s", (name) => {
  const clock = testClock();
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
    await h.store.openGap({
      gapKey: "gap:a",
      repo: "o/r",
      installationId: 1,
      issueNumber: 2,
      trigger: "label",
      actor: "alice",
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const plan = (actor: string, specHash: string) =>
    h.store.updateGap({ gapKey: "gap:a", actor, state: "planned", spec: SPEC, specHash });
  const wait = () =>
    h.store.updateGap({ gapKey: "gap:a", actor: "app", state: "awaiting-approval" });

  it("binds an approval to the spec waiting for it: a changed spec needs a new one", async () => {
    await plan("alice", "h1");
    await wait();
    const approve = (specHash: string) =>
      h.store.recordApproval({ gapKey: "gap:a", specHash, approver: "bob" });
    expect(await approve("h1")).toBe(true);
    expect(await approve("h1")).toBe(false);
    expect(await h.store.hasApproval({ gapKey: "gap:a", specHash: "h1" })).toBe(true);
    await expect(approve("h2")).rejects.toMatchObject({
      code: "42501",
      message: "the spec h2 is not the one waiting for approval",
    });
    expect(await h.store.findApproval({ gapKey: "gap:a", specHash: "h1" })).toMatchObject({
      approver: "bob",
      specHash: "h1",
    });
  });

  it("refuses the requester and whoever re-planned the spec, whatever the case", async () => {
    clock.advance(60);
    await plan("Carol", "h3");
    await wait();
    expect((await h.store.getGap({ gapKey: "gap:a" }))?.specAuthors).toEqual(["alice", "Carol"]);
    for (const approver of ["ALICE", "carol"]) {
      await expect(
        h.store.recordApproval({ gapKey: "gap:a", specHash: "h3", approver }),
      ).rejects.toMatchObject({
        code: "42501",
        message: `${approver} asked for this team or shaped its spec and cannot approve it`,
      });
    }
    expect(await h.store.hasApproval({ gapKey: "gap:a", specHash: "h3" })).toBe(false);
  });

  it("refuses an approval written before its spec was planned (a race or a replay)", async () => {
    const gap = await h.store.getGap({ gapKey: "gap:a" });
    const before = new Date(Date.parse(gap?.plannedAt ?? "") - 1000).toISOString();
    await expect(
      h.store.recordApproval({
        gapKey: "gap:a",
        specHash: "h3",
        approver: "dave",
        writtenAt: before,
      }),
    ).rejects.toMatchObject({
      code: "42501",
      message: expect.stringMatching(/written before the spec/),
    });
    expect(
      await h.store.recordApproval({
        gapKey: "gap:a",
        specHash: "h3",
        approver: "dave",
        writtenAt: clock.now().toISOString(),
      }),
    ).toBe(true);
  });

  it("finds a gap by its issue, keeps one team name per repository, lists the others' names", async () => {
    await h.store.openGap({
      gapKey: "o/r:skill:sql",
      repo: "o/r",
      installationId: 1,
      issueNumber: 7,
      trigger: "scan",
      actor: "team-factory-scan",
    });
    expect((await h.store.findGapByIssue({ repo: "O/R", issueNumber: 7 }))?.gapKey).toBe(
      "o/r:skill:sql",
    );
    expect(await h.store.findGapByIssue({ repo: "o/r", issueNumber: 8 })).toBeNull();
    await h.store.updateGap({
      gapKey: "o/r:skill:sql",
      actor: "x",
      state: "planned",
      slug: "sql-team",
    });
    expect(await h.store.listTeamNames({ repo: "o/r", exceptGapKey: "gap:a" })).toEqual([
      "sql-team",
    ]);
    expect(await h.store.listTeamNames({ repo: "o/r", exceptGapKey: "o/r:skill:sql" })).toEqual([]);
    await expect(
      h.store.updateGap({ gapKey: "gap:a", actor: "x", state: "planned", slug: "sql-team" }),
    ).rejects.toBeTruthy();
  });

  it("rations notices: one per person and scope in the window, and a cap for the repository", async () => {
    const take = (who: string) =>
      h.store.takeNotice({
        scopes: [
          { key: `refusal:o/r:${who}`, limit: 1 },
          { key: "refusal:o/r", limit: 2 },
        ],
        windowSeconds: 3600,
      });
    expect(await Promise.all([take("eve"), take("eve"), take("eve")])).toEqual(
      expect.arrayContaining([true, false, false]),
    );
    expect(await take("mallory")).toBe(true);
    expect(await take("trent")).toBe(false);
    clock.advance(3601);
    expect(await take("eve")).toBe(true);
  });

  it("pauses a repository or a whole installation, saying who and when", async () => {
    expect(await h.store.isPaused({ installationId: 1, repo: "o/r" })).toBe(false);
    await h.store.setPaused({ installationId: 1, repo: "o/r", paused: true, actor: "maint" });
    expect(await h.store.pauseStatus({ installationId: 1, repo: "o/r" })).toMatchObject({
      paused: true,
      scope: "repository",
      actor: "maint",
    });
    expect(await h.store.isPaused({ installationId: 1, repo: "o/other" })).toBe(false);
    await h.store.setPaused({ installationId: 1, repo: "", paused: true, actor: "owner" });
    expect(await h.store.pauseStatus({ installationId: 1, repo: "o/other" })).toMatchObject({
      scope: "installation",
      actor: "owner",
    });
    await h.store.setPaused({ installationId: 1, repo: "", paused: false, actor: "owner" });
    await h.store.setPaused({ installationId: 1, repo: "o/r", paused: false, actor: "maint" });
    expect(await h.store.isPaused({ installationId: 1, repo: "o/r" })).toBe(false);
  });

  it("gives a lease to one holder until it expires", async () => {
    const lease = { name: "scan:2026-11-23T12:00", ttlSeconds: 60 };
    const both = await Promise.all([
      h.store.acquireLease({ ...lease, holder: "replica-1" }),
      h.store.acquireLease({ ...lease, holder: "replica-2" }),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const winner = both[0] ? "replica-1" : "replica-2";
    const loser = both[0] ? "replica-2" : "replica-1";
    expect(await h.store.acquireLease({ ...lease, holder: winner })).toBe(true);
    expect(await h.store.acquireLease({ ...lease, holder: loser })).toBe(false);
    clock.advance(61);
    expect(await h.store.acquireLease({ ...lease, holder: loser })).toBe(true);
  });

  it("registers a team in teams/team_members and replaces its members on re-registration", async () => {
    const team = {
      name: "data-pipeline-team",
      displayName: "Data Pipeline Team",
      department: "engineering.data",
      framework: "CrewAI",
      llmProvider: "OpenAI",
      members: [
        { role: "Lead", isManager: true, responsibilities: ["plan"], skills: ["etl"] },
        {
          role: "Engineer",
          isManager: false,
          responsibilities: ["build"],
          skills: ["sql", "airflow"],
        },
      ],
    };
    const first = await h.store.registerTeam(team);
    const second = await h.store.registerTeam({ ...team, members: team.members.slice(0, 1) });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const { rows } = await h.superuser.query(
      "select m.role, m.skills from team_members m join teams t on t.id = m.team_id where t.name = $1",
      [team.name],
    );
    expect(rows).toEqual([{ role: "Lead", skills: ["etl"] }]);
  });
});
