import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignalsRoute, SIGNALS_PATH } from "../../src/signals/signals-route.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const SECRET = "signals-secret-for-the-route-test-0123456789";
const quiet = { info() {}, warn() {}, error() {} };
const messageOf = async (res: Response) => ((await res.json()) as { message: string }).message;
const record = (id: string) => ({
  id,
  repository: "acme/agents",
  kind: "task-failed",
  skill: "sql",
  source: "etl",
  occurred_at: "2026-12-01T09:30:00Z",
});

/** The route alone on 127.0.0.1, recording into a real store; `clock` drives its limiters. */
async function serve(
  t: TestDatabase,
  options: { secret?: string; batchesPerMinute?: number; clock?: () => number },
) {
  const route = createSignalsRoute({
    secret: options.secret,
    record: (signals) => t.store.signals.record(signals),
    log: quiet,
    now: () => new Date("2026-12-07T00:00:00Z"),
    clock: options.clock,
    batchesPerMinute: options.batchesPerMinute,
  });
  const server: Server = createServer(async (req, res) => {
    if (!(await route(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SIGNALS_PATH}`;
  return { url, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("POST /team-factory/signals, from the sender's side", () => {
  let t: TestDatabase;
  let ms = 0;
  let on: Awaited<ReturnType<typeof serve>>;
  const post = (body: string, headers: Record<string, string> = {}, url = on.url) =>
    fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${SECRET}`,
        "content-type": "application/json",
        ...headers,
      },
      body,
    });
  const stored = async () =>
    Number((await t.db.query("select count(*) as n from gap_signals")).rows[0]?.n);

  beforeAll(async () => {
    t = await openTestDatabase();
    on = await serve(t, { secret: SECRET, clock: () => ms });
  });
  afterAll(async () => {
    await on?.stop();
    await t?.close();
  });

  it("stays off (503) with a secret shorter than 32 characters, and says how to turn it on", async () => {
    const off = await serve(t, { secret: "short" });
    try {
      const res = await post(JSON.stringify([record("a")]), {}, off.url);
      expect(res.status).toBe(503);
      expect(await messageOf(res)).toMatch(
        /TEAM_FACTORY_SIGNALS_SECRET has 5 characters; it needs at least 32/,
      );
    } finally {
      await off.stop();
    }
    expect(await stored()).toBe(0);
  });

  it("answers what is wrong with the request itself", async () => {
    expect((await fetch(on.url)).status).toBe(405);
    const notJson = await post("[{", {});
    expect(notJson.status).toBe(400);
    expect(await messageOf(notJson)).toMatch(/^Nothing was recorded: the body is not JSON/);
    const form = await post("id=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const empty = await post("[]");
    expect(await messageOf(empty)).toBe("Nothing was recorded: the batch has no signal.");
    const many = await post(JSON.stringify(Array.from({ length: 501 }, (_, i) => record(`m${i}`))));
    expect(many.status).toBe(400);
    expect(await messageOf(many)).toMatch(/at most 500 signals \(got 501\)/);
    expect(await stored()).toBe(0);
  });

  it("limits batches per address and minute, then lets the sender in again", async () => {
    const limited = await serve(t, { secret: SECRET, batchesPerMinute: 2, clock: () => ms });
    try {
      const send = (id: string) => post(JSON.stringify([record(id)]), {}, limited.url);
      expect((await send("r1")).status).toBe(200);
      expect((await send("r2")).status).toBe(200);
      const refused = await send("r3");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("60");
      expect(await messageOf(refused)).toMatch(/At most 2 batches a minute from one address/);
      ms += 61_000;
      expect((await send("r3")).status).toBe(200);
    } finally {
      await limited.stop();
    }
    expect(await stored()).toBe(3);
  });

  it("locks out an address after ten wrong tokens, the right one included", async () => {
    for (let i = 0; i < 10; i++)
      expect((await post("[]", { authorization: `Bearer wrong-${i}` })).status).toBe(401);
    const locked = await post(JSON.stringify([record("z")]));
    expect(locked.status).toBe(429);
    expect(await messageOf(locked)).toMatch(/Too many wrong tokens/);
    expect(await stored()).toBe(3);
  });
});
