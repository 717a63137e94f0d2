import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import type { DailySlot } from "../../src/store/store.ts";
import { createDatabase } from "./store-backends.ts";

const run = promisify(execFile);
const WORKER = join(import.meta.dirname, "reserve-worker.ts");

let cluster: PostgresCluster;
let url: string;
beforeAll(async () => {
  cluster = await startPostgresCluster({ maxConnections: 60 });
  url = await createDatabase(cluster, "tf_concurrency");
});
afterAll(async () => {
  await cluster?.stop();
});

describe("the daily cap under concurrency (3 processes, one real PostgreSQL)", () => {
  it("reserves exactly daily_limit of 20 simultaneous requests and processes a redelivered webhook once", async () => {
    const limit = 5;
    const gaps = Array.from({ length: 20 }, (_, i) => `gap:${i}`);
    const groups = [gaps.slice(0, 7), gaps.slice(7, 14), gaps.slice(14)];
    const startAt = Date.now() + 3000;
    const outputs = await Promise.all(
      groups.map((group) =>
        run(process.execPath, [WORKER], {
          env: {
            ...process.env,
            DATABASE_URL: url,
            GAPS: group.join(","),
            DELIVERY: "delivery-redelivered",
            START_AT: String(startAt),
            LIMIT: String(limit),
          },
        }),
      ),
    );
    const results = outputs.map(
      (o) => JSON.parse(o.stdout) as { slots: DailySlot[]; deliveries: boolean[] },
    );
    const slots = results.flatMap((r) => r.slots);
    const reserved = slots.filter((s) => s.reserved);
    const refused = slots.filter((s) => !s.reserved);
    expect(slots).toHaveLength(20);
    expect(reserved).toHaveLength(limit);
    expect(new Set(reserved.map((s) => s.used))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(refused).toHaveLength(15);
    for (const s of refused) expect(s).toMatchObject({ remaining: 0, used: limit, limit });
    // Six attempts at one delivery id (two per process, concurrently): one is processed.
    expect(results.flatMap((r) => r.deliveries).filter(Boolean)).toHaveLength(1);

    const db = new pg.Client(url);
    await db.connect();
    const { rows } = await db.query(
      "select (select used from tf_daily_counters where scope = 'installation:42') as used, (select count(*)::int from tf_daily_slots where scope = 'installation:42') as slots",
    );
    await db.end();
    expect(rows[0]).toEqual({ used: limit, slots: limit });
  });
});
