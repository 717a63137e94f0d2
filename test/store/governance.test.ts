import { describe, expect, it } from "vitest";
import {
  checkApprover,
  checkPauseCommand,
  costGate,
  pauseGate,
  storeFailureComment,
} from "../../src/store/governance.ts";
import { StoreError } from "../../src/store/store-error.ts";

const approval = (specHash: string) => ({
  gapKey: "gap:a",
  specHash,
  approver: "bob",
  approvedAt: "2026-11-23T12:00:00Z",
});

describe("cost gate", () => {
  it("passes a team at or below the threshold without approval", () => {
    expect(
      costGate({
        monthlyUsd: 1000,
        thresholdUsd: 1000,
        specHash: "h",
        approval: null,
        requester: "a",
      }),
    ).toEqual({
      pass: true,
    });
  });

  it("holds a costlier team and asks for /approve-team from someone other than the requester", () => {
    const verdict = costGate({
      monthlyUsd: 1200.5,
      thresholdUsd: 1000,
      specHash: "h",
      approval: null,
      requester: "alice",
    });
    expect(verdict.pass).toBe(false);
    expect(!verdict.pass && verdict.message).toMatch(
      /\$1200\.50\/month.*\$1000\/month.*other than @alice.*\/approve-team/,
    );
  });

  it("accepts an approval only for the same spec hash", () => {
    const base = { monthlyUsd: 5000, thresholdUsd: 1000, specHash: "new", requester: "alice" };
    expect(costGate({ ...base, approval: approval("old") }).pass).toBe(false);
    expect(costGate({ ...base, approval: approval("new") }).pass).toBe(true);
  });
});

describe("who may approve", () => {
  const waiting = { requester: "alice", state: "awaiting-approval", specHash: "h" };

  it("needs maintain or admin", () => {
    expect(checkApprover({ ...waiting, approver: "bob", permission: "write" })).toMatchObject({
      pass: false,
      message: "@bob has write permission; approving a team needs maintain or admin.",
    });
    expect(checkApprover({ ...waiting, approver: "bob", permission: "maintain" }).pass).toBe(true);
    expect(checkApprover({ ...waiting, approver: "bob", permission: "admin" }).pass).toBe(true);
  });

  it("refuses the requester, whatever the case of the login", () => {
    expect(checkApprover({ ...waiting, approver: "ALICE", permission: "admin" })).toMatchObject({
      pass: false,
      message: expect.stringMatching(/cannot approve it/),
    });
  });

  it("refuses when nothing waits for an approval", () => {
    expect(
      checkApprover({ ...waiting, state: "pr-open", approver: "bob", permission: "admin" }),
    ).toMatchObject({
      pass: false,
      message: "The team for this issue is pr-open, not waiting for an approval.",
    });
  });
});

describe("pause and resume", () => {
  it("lets only maintainers and admins pause or resume", () => {
    expect(checkPauseCommand({ actor: "eve", permission: "triage", pause: true })).toMatchObject({
      message: expect.stringMatching(/`\/team-factory pause` needs maintain or admin/),
    });
    expect(checkPauseCommand({ actor: "m", permission: "maintain", pause: false }).pass).toBe(true);
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

describe("fail closed", () => {
  it("explains an unreachable store: nothing was created", () => {
    const text = storeFailureComment(new StoreError({ message: "x", unreachable: true }));
    expect(text).toMatch(/could not reach its database, so nothing was created/);
    expect(storeFailureComment(new Error("socket hang up"))).toBe(text);
  });

  it("passes a store refusal's message and hint on", () => {
    const text = storeFailureComment(
      new StoreError({
        message: "gap g cannot move from merged to planned",
        hint: "merged is final.",
      }),
    );
    expect(text).toMatch(
      /refused a step \(gap g cannot move from merged to planned — merged is final\.\)/,
    );
  });
});
