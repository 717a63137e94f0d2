import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../simulator/postgres-cluster.ts";
import { type PostgrestStandIn, startPostgrestStandIn } from "../../simulator/postgrest.ts";
import { createDatabase } from "./store-backends.ts";

let cluster: PostgresCluster;
let rest: PostgrestStandIn;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  rest = await startPostgrestStandIn({
    databaseUrl: await createDatabase(cluster, "tf_rest"),
    serviceRoleKey: "key",
  });
});
afterAll(async () => {
  await rest?.stop();
  await cluster?.stop();
});

const rpc = (fn: string, body: unknown, key = "key") =>
  fetch(`${rest.url}/rest/v1/rpc/${fn}`, {
    method: "POST",
    headers: { apikey: key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the PostgREST stand-in (RPC only)", () => {
  it("calls the function with named arguments and returns its JSON value", async () => {
    const res = await rpc("tf_reserve_daily_slot", { p_scope: "s", p_gap_key: "g", p_limit: 2 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reserved: true, used: 1, remaining: 1 });
  });

  it("answers a function's refusal in PostgREST's error shape", async () => {
    const res = await rpc("tf_reserve_daily_slot", { p_scope: "s", p_gap_key: "g", p_limit: -3 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: "22023",
      message: "tf_reserve_daily_slot: limit must be a whole number from 0 to 1000 (got -3)",
      details: null,
      hint: null,
    });
  });

  it("says 404 PGRST202 for an unknown function or argument name, 401 for a wrong key", async () => {
    const unknown = await rpc("tf_nope", {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "PGRST202" });
    const wrongArg = await rpc("tf_record_delivery", { p_delivery: "x" });
    expect(wrongArg.status).toBe(404);
    expect((await rpc("tf_schema_status", {}, "anon")).status).toBe(401);
  });
});
