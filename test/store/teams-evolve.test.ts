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

const spec = fixtureSpec("crewai-openai-3");
const open = (h: BackendHarness, gapKey: string, issueNumber: number) =>
  h.store.openGap({
    gapKey,
    repo: "Octo/Evolve",
    installationId: 7,
    issueNumber,
    trigger: "label",
    actor: "alice",
  });
const toPrOpen = async (h: BackendHarness, gapKey: string, prNumber: number) => {
  await h.store.updateGap({ gapKey, actor: "a", state: "planned", spec, slug: `${gapKey}-team` });
  await h.store.updateGap({ gapKey, actor: "a", state: "publishing" });
  await h.store.updateGap({ gapKey, actor: "a", state: "pr-open", prNumber });
};

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe.each(BACKENDS)("gaps of teams that evolve on %s", (name) => {
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: testClock().now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a PR closed unmerged leaves the gap rejected; reopened, it is pr-open again", async () => {
    await open(h, "evolve-a", 1);
    await toPrOpen(h, "evolve-a", 11);
    const closed = "pull request #11 was closed without merging";
    expect(
      await h.store.updateGap({
        gapKey: "evolve-a",
        actor: "max",
        state: "rejected",
        reason: closed,
      }),
    ).toMatchObject({ state: "rejected", reason: closed, prNumber: 11 });
    expect(
      await h.store.updateGap({ gapKey: "evolve-a", actor: "max", state: "pr-open" }),
    ).toMatchObject({ state: "pr-open", prNumber: 11, reason: null });
  });

  it("finds a gap by its pull request, in the repository without case", async () => {
    await open(h, "evolve-b", 2);
    await toPrOpen(h, "evolve-b", 12);
    expect(
      (await h.store.findGapByPullRequest({ repo: "octo/evolve", prNumber: 12 }))?.gapKey,
    ).toBe("evolve-b");
    expect(await h.store.findGapByPullRequest({ repo: "octo/other", prNumber: 12 })).toBeNull();
    expect(await h.store.findGapByPullRequest({ repo: "octo/evolve", prNumber: 99 })).toBeNull();
  });

  it("lists the skills of teams whose PR is open, normalized, and none of closed ones", async () => {
    const skills = await h.store.listInFlightSkills({ repo: "OCTO/evolve" });
    const bySkill = new Map(skills.map((s) => [s.skill, s.prNumber]));
    // evolve-a (#11) and evolve-b (#12) carry the same spec: the lowest PR is named.
    for (const skill of spec.skills) expect(bySkill.get(skill)).toBe(11);
    for (const skill of spec.members.flatMap((m) => m.skills))
      expect(bySkill.has(skill)).toBe(true);
    await h.store.updateGap({ gapKey: "evolve-a", actor: "max", state: "merged" });
    await h.store.updateGap({ gapKey: "evolve-b", actor: "max", state: "rejected" });
    expect(await h.store.listInFlightSkills({ repo: "octo/evolve" })).toEqual([]);
  });
});
