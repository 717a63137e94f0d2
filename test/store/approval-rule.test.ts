import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkApprover } from "../../src/policy/cost-gate.ts";
import { openEmbeddedStore } from "../../src/store/open-embedded-store.ts";
import type { Store } from "../../src/store/store.ts";
import { fakeStore } from "../support/fake-store.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";
import { testClock } from "./store-backends.ts";

// "Who may approve" is one rule, `checkApprover` (policy/cost-gate.ts): it answers the person.
// `tf_record_approval` is its guard, checking the same again under the gap's row lock when the
// approval is written; the pipeline hands the guard the full hash the rule resolved. Here both
// judge each case of a table, and so does the fake store the pipeline's unit tests run on.
const SPEC = fixtureSpec("crewai-openai-3");
const HASH = "a".repeat(64);
const OTHER = "b".repeat(64);
const PLANNED = "2026-11-23T12:00:00.500Z";

interface Case {
  name: string;
  /** The gap's state after planning (null: no gap at all). */
  state: "awaiting-approval" | "planned" | "pr-open" | null;
  approver: string;
  specHash?: string;
  writtenAt?: string;
  allowed: boolean;
}
const CASES: Case[] = [
  {
    name: "another maintainer approves the spec waiting",
    state: "awaiting-approval",
    approver: "max",
    allowed: true,
  },
  {
    name: "the requester, in other case",
    state: "awaiting-approval",
    approver: "ALICE",
    allowed: false,
  },
  {
    name: "whoever re-planned the spec",
    state: "awaiting-approval",
    approver: "carol",
    allowed: false,
  },
  {
    name: "a spec other than the one waiting",
    state: "awaiting-approval",
    approver: "max",
    specHash: OTHER,
    allowed: false,
  },
  { name: "a gap that waits for no approval", state: "planned", approver: "max", allowed: false },
  { name: "a gap whose PR is open", state: "pr-open", approver: "max", allowed: false },
  { name: "no gap", state: null, approver: "max", allowed: false },
  {
    name: "a comment written before the spec was planned",
    state: "awaiting-approval",
    approver: "max",
    writtenAt: "2026-11-23T11:59:59.000Z",
    allowed: false,
  },
  {
    name: "a comment in the second the spec was planned",
    state: "awaiting-approval",
    approver: "max",
    writtenAt: "2026-11-23T12:00:00.000Z",
    allowed: true,
  },
  {
    name: "a comment written after",
    state: "awaiting-approval",
    approver: "max",
    writtenAt: "2026-11-23T12:05:00.000Z",
    allowed: true,
  },
];

/** The calls that put a gap where a case needs it, on any store. */
type Planner = Pick<Store, "openGap" | "updateGap">;
async function prepare(store: Planner, gapKey: string, state: Case["state"]): Promise<void> {
  if (state === null) return;
  await store.openGap({
    ...{ gapKey, repo: "o/r", installationId: 1, issueNumber: 2 },
    ...{ trigger: "label", actor: "alice" },
  });
  await store.updateGap({
    gapKey,
    actor: "alice",
    state: "planned",
    spec: SPEC,
    specHash: "c".repeat(64),
  });
  // Carol re-plans it: she shaped the spec that waits.
  await store.updateGap({ gapKey, actor: "carol", state: "planned", spec: SPEC, specHash: HASH });
  if (state === "planned") return;
  await store.updateGap({ gapKey, actor: "app", state: "awaiting-approval" });
  if (state === "pr-open")
    await store.updateGap({ gapKey, actor: "app", state: "pr-open", prNumber: 3, prUrl: "u" });
}

const allowedBy = (recording: Promise<boolean>) =>
  recording.then(
    () => true,
    () => false,
  );

describe("who may approve: the rule, its SQL guard and the fake store agree", () => {
  const clock = testClock(PLANNED);
  let store: Store;
  beforeAll(async () => {
    store = (await openEmbeddedStore({ dataDir: "memory://", now: clock.now })).store;
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(CASES.map((c, i) => ({ ...c, gapKey: `gap:${i}` })))("$name", async (c) => {
    const fake = fakeStore();
    fake.now = () => PLANNED;
    await prepare(store, c.gapKey, c.state);
    await prepare(fake, c.gapKey, c.state);
    const approval = {
      gapKey: c.gapKey,
      specHash: c.specHash ?? HASH,
      approver: c.approver,
      ...(c.writtenAt && { writtenAt: c.writtenAt }),
    };
    const rule = checkApprover({
      approver: c.approver,
      named: approval.specHash,
      writtenAt: c.writtenAt ?? null,
      gap: await store.getGap({ gapKey: c.gapKey }),
    });
    expect({
      rule: rule.pass,
      sql: await allowedBy(store.recordApproval(approval)),
      fake: await allowedBy(fake.recordApproval(approval)),
    }).toEqual({ rule: c.allowed, sql: c.allowed, fake: c.allowed });
  });
});
