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

describe.each(BACKENDS)("daily cap and deliveries on %s", (name) => {
  const clock = testClock();
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("reserves up to the limit, then refuses with the remaining count", async () => {
    const results = [];
    for (const gap of ["a", "b", "c", "d"]) {
      results.push(
        await h.store.reserveDailySlot({ scope: "installation:1", gapKey: gap, limit: 3 }),
      );
    }
    expect(results.map((r) => r.reserved)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]).toMatchObject({ used: 3, limit: 3, already: false });
  });

  it("keeps one slot per gap: the same gap re-triggered the same day takes no second slot", async () => {
    const first = await h.store.reserveDailySlot({
      scope: "installation:2",
      gapKey: "g",
      limit: 2,
    });
    const again = await h.store.reserveDailySlot({
      scope: "installation:2",
      gapKey: "g",
      limit: 2,
    });
    expect(first).toMatchObject({ reserved: true, already: false, used: 1 });
    expect(again).toMatchObject({ reserved: true, already: true, used: 1, remaining: 1 });
  });

  it("gives a slot back after a failed publish", async () => {
    await h.store.reserveDailySlot({ scope: "installation:3", gapKey: "x", limit: 1 });
    expect(
      (await h.store.reserveDailySlot({ scope: "installation:3", gapKey: "y", limit: 1 })).reserved,
    ).toBe(false);
    expect(await h.store.releaseDailySlot({ scope: "installation:3", gapKey: "x" })).toBe(true);
    expect(await h.store.releaseDailySlot({ scope: "installation:3", gapKey: "x" })).toBe(false);
    expect(
      (await h.store.reserveDailySlot({ scope: "installation:3", gapKey: "y", limit: 1 })).reserved,
    ).toBe(true);
  });

  it("counts per UTC day and per scope; a limit of 0 refuses everything", async () => {
    await h.store.reserveDailySlot({ scope: "repo:o/r", gapKey: "p", limit: 1 });
    expect(
      (await h.store.reserveDailySlot({ scope: "repo:o/other", gapKey: "q", limit: 1 })).reserved,
    ).toBe(true);
    expect(
      (await h.store.reserveDailySlot({ scope: "repo:o/r", gapKey: "q", limit: 1 })).reserved,
    ).toBe(false);
    clock.advance(24 * 3600);
    expect(
      (await h.store.reserveDailySlot({ scope: "repo:o/r", gapKey: "q", limit: 1 })).reserved,
    ).toBe(true);
    expect(
      await h.store.reserveDailySlot({
        scope: "repo:o/r",
        gapKey: "z",
        limit: 1,
        day: "2026-11-30",
      }),
    ).toMatchObject({ reserved: true, used: 1 });
    expect(
      await h.store.reserveDailySlot({ scope: "repo:zero", gapKey: "q", limit: 0 }),
    ).toMatchObject({
      reserved: false,
      remaining: 0,
    });
  });

  it("refuses a limit outside 0–1000 with a message naming it", async () => {
    await expect(h.store.reserveDailySlot({ scope: "s", gapKey: "g", limit: -1 })).rejects.toThrow(
      /limit must be a whole number from 0 to 1000/,
    );
  });

  it("records a webhook delivery once: a redelivery is reported as seen", async () => {
    expect(await h.store.recordDelivery({ deliveryId: "delivery-1", event: "issues" })).toBe(true);
    expect(await h.store.recordDelivery({ deliveryId: "delivery-1", event: "issues" })).toBe(false);
    const both = await Promise.all([
      h.store.recordDelivery({ deliveryId: "delivery-2", event: "issue_comment" }),
      h.store.recordDelivery({ deliveryId: "delivery-2", event: "issue_comment" }),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });

  it("finds every migration recorded by the schema check", async () => {
    const status = await h.store.checkSchema();
    expect(status.ok && status.versions).toEqual(
      expect.arrayContaining(["20261123080000", "20261123080100", "20261123080200"]),
    );
    await h.superuser.query("delete from tf_schema_migrations where version = '20261123080100'");
    const missing = await h.store.checkSchema();
    expect(!missing.ok && missing.message).toMatch(
      /lacks 1 Team Factory migration: 20261123080100_gaps_jobs_approvals\.sql/,
    );
  });
});
