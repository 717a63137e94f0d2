// A separate OS process for the concurrency test: opens its own `pg` store on DATABASE_URL, waits
// for the shared start time, then fires its reservations and deliveries all at once.
import { openPostgresStore } from "../../src/store/open-postgres-store.ts";

const { DATABASE_URL, GAPS, DELIVERY, START_AT, LIMIT } = process.env;
if (!DATABASE_URL || !GAPS || !DELIVERY || !START_AT || !LIMIT) {
  throw new Error("reserve-worker needs DATABASE_URL, GAPS, DELIVERY, START_AT and LIMIT");
}
const gaps = GAPS.split(",");
const store = await openPostgresStore({ url: DATABASE_URL, maxConnections: gaps.length + 2 });
// Warm the pool so the requests start together rather than one connect at a time.
await Promise.all(gaps.map(() => store.checkSchema()));
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(START_AT) - Date.now())));
const [slots, deliveries] = await Promise.all([
  Promise.all(
    gaps.map((gapKey) =>
      store.reserveDailySlot({ scope: "installation:42", gapKey, limit: Number(LIMIT) }),
    ),
  ),
  Promise.all([1, 2].map(() => store.recordDelivery({ deliveryId: DELIVERY, event: "issues" }))),
]);
await store.close();
process.stdout.write(JSON.stringify({ slots, deliveries }));
