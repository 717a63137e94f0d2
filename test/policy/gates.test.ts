import { describe, expect, it } from "vitest";
import { RepoConfig } from "../../src/config/repo-config.ts";
import { teamRoot } from "../../src/factory/generate-team.ts";
import { checkApprover, costGate } from "../../src/policy/cost-gate.ts";
import { dailyCapGate, slotScope } from "../../src/policy/daily-cap.ts";
import { pauseGate } from "../../src/policy/pause.ts";
import { atLeast, checkPermission, toPermission } from "../../src/policy/permissions.ts";
import { podSize } from "../../src/policy/pod-size.ts";
import { chooseTeamName } from "../../src/policy/team-name.ts";

const HASH = "0123456789abcdef".repeat(4);
const KNOWN = { model: "gpt-4o-mini", priceKnown: true };

describe("cost gate", () => {
  it("passes a team at or below the threshold without approval", () => {
    const at = {
      ...KNOWN,
      monthlyUsd: 1000,
      thresholdUsd: 1000,
      specHash: HASH,
      approvedHash: null,
    };
    expect(costGate({ ...at, authors: ["a"] })).toEqual({ pass: true });
  });

  it("holds a costlier team, names the spec's short hash and who may not approve it", () => {
    const verdict = costGate({
      ...KNOWN,
      monthlyUsd: 1200.5,
      thresholdUsd: 1000,
      specHash: HASH,
      approvedHash: null,
      authors: ["alice", "Alice", "bob", null],
    });
    expect(verdict.pass).toBe(false);
    expect(!verdict.pass && verdict.message).toMatch(
      /\$1200\.50\/month.*\$1000\/month.*other than @\u200bAlice, @\u200bbob.*`\/approve-team 0123456789ab`/,
    );
  });

  it("accepts an approval only for the same spec hash", () => {
    const base = {
      ...KNOWN,
      monthlyUsd: 5000,
      thresholdUsd: 1000,
      specHash: HASH,
      authors: ["alice"],
    };
    expect(costGate({ ...base, approvedHash: "old" }).pass).toBe(false);
    expect(costGate({ ...base, approvedHash: HASH }).pass).toBe(true);
  });

  it("fails closed on a model of unknown price: an approval is needed whatever the figure", () => {
    const cheap = { monthlyUsd: 12, thresholdUsd: 1000, specHash: HASH, authors: ["alice"] };
    const unknown = { ...cheap, model: "mystery-9000", priceKnown: false };
    const verdict = costGate({ ...unknown, approvedHash: null });
    expect(verdict.pass).toBe(false);
    expect(!verdict.pass && verdict.message).toMatch(
      /price of the model `mystery-9000` is unknown.*prices.*`\/approve-team 0123456789ab`/,
    );
    expect(costGate({ ...unknown, approvedHash: HASH }).pass).toBe(true);
  });
});

describe("who may approve", () => {
  const gap = {
    state: "awaiting-approval",
    specHash: HASH,
    requester: "alice",
    specAuthors: ["alice", "carol"],
    plannedAt: "2026-11-29T10:00:00Z",
  };
  const approve = (over: Partial<Parameters<typeof checkApprover>[0]> = {}) =>
    checkApprover({
      approver: "bob",
      named: HASH.slice(0, 12),
      writtenAt: "2026-11-29T10:05:00Z",
      gap,
      ...over,
    });

  it("needs maintain or admin", () => {
    const ask = (permission: Parameters<typeof checkPermission>[0]["permission"]) =>
      checkPermission({ actor: "bob", permission, action: "approve", minToCreate: "write" });
    expect(ask("write")).toMatchObject({
      pass: false,
      message: "@bob has write permission; approving a team needs maintain or admin.",
    });
    expect(ask("maintain").pass).toBe(true);
    expect(ask("admin").pass).toBe(true);
  });

  it("passes another maintainer naming the waiting spec (12 digits or in full)", () => {
    expect(approve().pass).toBe(true);
    expect(approve({ named: HASH }).pass).toBe(true);
  });

  it("refuses the requester and whoever shaped the spec, whatever the case", () => {
    for (const approver of ["ALICE", "Carol"]) {
      expect(approve({ approver })).toMatchObject({
        pass: false,
        message: expect.stringMatching(/cannot approve it/),
      });
    }
  });

  it("answers a bare /approve-team with the hash to name, and refuses another or a short hash", () => {
    expect(approve({ named: null })).toMatchObject({
      pass: false,
      message: expect.stringMatching(/comment `\/approve-team 0123456789ab`/),
    });
    expect(approve({ named: "ffffffffffff" })).toMatchObject({
      pass: false,
      message: expect.stringMatching(
        /is not the spec waiting for approval: it changed to `0123456789ab`/,
      ),
    });
    expect(approve({ named: "0123456" }).pass).toBe(false);
  });

  it("refuses an approval written before the spec was planned (a race or a replay)", () => {
    expect(approve({ writtenAt: "2026-11-29T09:59:59Z" })).toMatchObject({
      pass: false,
      message: expect.stringMatching(/written before the spec it would approve was planned/),
    });
  });

  it("refuses when nothing waits for an approval", () => {
    expect(approve({ gap: { ...gap, state: "pr-open" } })).toMatchObject({
      pass: false,
      message: "The team for this issue is pr-open, not waiting for an approval.",
    });
    expect(approve({ gap: null })).toMatchObject({
      pass: false,
      message: "There is no planned team to approve on this issue.",
    });
  });
});

describe("who may ask for a team", () => {
  it("follows the repository's minimum, write by default; unknown levels are none", () => {
    const ask = (permission: string, minToCreate: "triage" | "write" = "write") =>
      checkPermission({
        actor: "eve",
        permission: toPermission(permission),
        action: "create-gap",
        minToCreate,
      });
    expect(ask("read")).toMatchObject({
      pass: false,
      message:
        "@eve has read permission; asking for a new team (`/create-team` or the trigger label) needs write or higher.",
    });
    expect(ask("triage").pass).toBe(false);
    expect(ask("triage", "triage").pass).toBe(true);
    expect(ask("write").pass).toBe(true);
    expect(ask("ADMIN").pass).toBe(false);
    expect(atLeast("admin", "maintain")).toBe(true);
  });
});

describe("daily cap", () => {
  const slot = { reserved: false, already: false, used: 2, remaining: 0, limit: 2 };
  it("refuses at the limit with the remaining count, passes a gap that already holds a slot", () => {
    expect(dailyCapGate(slot)).toMatchObject({
      pass: false,
      message: expect.stringMatching(/daily limit of 2 new teams .* 0 remaining today/),
    });
    expect(dailyCapGate({ ...slot, already: true }).pass).toBe(true);
    expect(dailyCapGate({ ...slot, used: 1, remaining: 1 }).pass).toBe(true);
  });
  it("counts per installation or per repository, case-insensitively", () => {
    expect(slotScope({ scope: "installation", installationId: 7, repo: "A/B" })).toBe(
      "installation:7",
    );
    expect(slotScope({ scope: "repository", installationId: 7, repo: "A/B" })).toBe("repo:a/b");
  });
});

describe("pods and names", () => {
  it("sizes a pod by member count: one rule for the manifest and the cost", () => {
    expect(podSize(3).requests).toEqual({ cpu: "100m", memory: "256Mi" });
    expect(podSize(4)).toMatchObject({ requests: { cpu: "200m", memory: "512Mi" }, cores: 0.2 });
  });
  it("keeps a gap's name and never takes a taken one", () => {
    const taken = new Set(["k8s-team", "k8s-2-team"]);
    expect(chooseTeamName({ proposed: "k8s-team", kept: null, taken })).toBe("k8s-3-team");
    expect(chooseTeamName({ proposed: "k8s-team", kept: "k8s-team", taken })).toBe("k8s-team");
  });
});

describe("pause and resume", () => {
  it("lets only maintainers and admins pause or resume", () => {
    expect(
      checkPermission({
        actor: "eve",
        permission: "triage",
        action: "pause",
        minToCreate: "write",
      }),
    ).toMatchObject({
      message: expect.stringMatching(/`\/team-factory pause` needs maintain or admin/),
    });
    expect(
      checkPermission({
        actor: "m",
        permission: "maintain",
        action: "resume",
        minToCreate: "write",
      }).pass,
    ).toBe(true);
  });

  it("holds publishing while paused and says who paused and how to resume", () => {
    expect(pauseGate({ paused: false }).pass).toBe(true);
    const verdict = pauseGate({
      paused: true,
      scope: "repository",
      actor: "m",
      changedAt: "2026-11-23T12:00:00Z",
    });
    expect(!verdict.pass && verdict.message).toMatch(
      /paused for this repository \(by @m .*\/team-factory resume/,
    );
  });
});

describe("where a team may be written", () => {
  it("config and factory refuse the same teams folders (.., .git, absolute)", () => {
    for (const dir of [".git/hooks", "teams/../..", "/etc", "a/.git"]) {
      expect(RepoConfig.safeParse({ teams_dir: dir }).success).toBe(false);
      expect(() => teamRoot(dir, "x-team")).toThrow(/not a relative folder/);
    }
    expect(RepoConfig.safeParse({ teams_dir: "src/teams/teams" }).success).toBe(true);
    expect(teamRoot("src/teams/teams", "x-team")).toBe("src/teams/teams/x-team");
  });
});
