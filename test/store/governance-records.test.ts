import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresCluster } from "../../simulator/postgres-cluster.ts";
import {
  BACKENDS,
  type BackendHarness,
  openBackend,
  startPostgresCluster,
  testClock,
} from "./store-backends.ts";

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

  it("binds an approval to the spec hash: a changed spec needs a new one", async () => {
    expect(await h.store.recordApproval({ gapKey: "gap:a", specHash: "h1", approver: "bob" })).toBe(
      true,
    );
    expect(await h.store.recordApproval({ gapKey: "gap:a", specHash: "h1", approver: "bob" })).toBe(
      false,
    );
    expect(await h.store.hasApproval({ gapKey: "gap:a", specHash: "h1" })).toBe(true);
    expect(await h.store.hasApproval({ gapKey: "gap:a", specHash: "h2" })).toBe(false);
    expect(await h.store.findApproval({ gapKey: "gap:a", specHash: "h1" })).toMatchObject({
      approver: "bob",
      specHash: "h1",
    });
  });

  it("refuses an approval from the requester", async () => {
    await expect(
      h.store.recordApproval({ gapKey: "gap:a", specHash: "h3", approver: "Alice" }),
    ).rejects.toMatchObject({
      code: "42501",
      message: "Alice asked for this team and cannot approve it",
    });
    expect(await h.store.hasApproval({ gapKey: "gap:a", specHash: "h3" })).toBe(false);
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
    if (h.superuser) {
      const { rows } = await h.superuser.query(
        "select m.role, m.skills from team_members m join teams t on t.id = m.team_id where t.name = $1",
        [team.name],
      );
      expect(rows).toEqual([{ role: "Lead", skills: ["etl"] }]);
    }
  });
});
