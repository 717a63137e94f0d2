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

const entry = (i: number) => ({
  action: `step.${i}`,
  actor: "alice",
  gapKey: "gap:a",
  repo: "o/r",
  details: { i, text: `café ${"ü".repeat(i)}`, nested: { b: [1, 2], a: null } },
});

describe.each(BACKENDS)("audit trail on %s", (name) => {
  const clock = testClock();
  let h: BackendHarness;
  beforeAll(async () => {
    h = await openBackend({ name, cluster, now: clock.now });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("chains concurrent appends without forking and verifies the chain", async () => {
    const appended = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.store.audit(entry(i))),
    );
    expect(new Set(appended.map((a) => a.hash)).size).toBe(12);
    expect(await h.store.verifyAuditChain()).toEqual({ ok: true, rows: 12 });
  });
});

describe("audit tampering on the embedded PostgreSQL", () => {
  it("detects a deleted row by the broken link of the next one", async () => {
    const h = await openBackend({ name: "embedded", cluster, now: testClock().now });
    for (let i = 0; i < 5; i++) await h.store.audit(entry(i));
    await h.superuser.query(
      "set session_replication_role = replica; delete from tf_audit_log where id = 2; set session_replication_role = origin;",
    );
    expect(await h.store.verifyAuditChain()).toMatchObject({
      ok: false,
      rows: 1,
      brokenId: 3,
      reason: expect.stringMatching(/prev_hash/),
    });
    await h.close();
  });
});

describe("audit tampering on a real PostgreSQL", () => {
  it("refuses UPDATE and DELETE; detects a row changed as superuser", async () => {
    const h = await openBackend({ name: "postgres", cluster, now: testClock().now });
    for (let i = 0; i < 6; i++) await h.store.audit(entry(i));
    const db = h.superuser;
    await expect(
      db.query("update tf_audit_log set actor = 'mallory' where id = 3"),
    ).rejects.toThrow(/append-only/);
    await expect(db.query("delete from tf_audit_log where id = 3")).rejects.toThrow(/append-only/);
    await db.query("alter table tf_audit_log disable trigger tf_audit_log_append_only");
    await db.query(`update tf_audit_log set details = details || '{"i": 99}' where id = 5`);
    await db.query("alter table tf_audit_log enable trigger tf_audit_log_append_only");
    expect(await h.store.verifyAuditChain()).toMatchObject({ ok: false, rows: 4, brokenId: 5 });
    await h.close();
  });
});
