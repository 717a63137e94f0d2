// An app process's store, as `npm start` opens it (openStoreFromEnv: the embedded store on
// TEAM_FACTORY_DATA_DIR, stopped on SIGTERM). Prints its start-up line as JSON (or the error and
// what the data directory holds then), then answers "query" (one store call) and "close" on
// stdin, one JSON line each.
import { readdir } from "node:fs/promises";
import { createInterface } from "node:readline";
import { openStoreWithReport } from "../../src/store/open-store-from-env.ts";

const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
let opened: Awaited<ReturnType<typeof openStoreWithReport>>;
try {
  opened = await openStoreWithReport(process.env);
} catch (error) {
  const dir = process.env.TEAM_FACTORY_DATA_DIR ?? "";
  const left = (await readdir(dir).catch(() => [])).sort();
  say({ error: (error as Error).message, left });
  process.exit(0);
}
say({ line: opened.report.line });
let n = 0;
for await (const command of createInterface({ input: process.stdin })) {
  if (command === "query") {
    n += 1;
    say({
      recorded: await opened.store.recordDelivery({
        deliveryId: `${process.pid}-${n}`,
        event: "e",
      }),
    });
  } else if (command === "close") {
    await opened.store.close();
    say({ closed: true });
    process.exit(0);
  }
}
// stdin closed: the test has gone.
await opened.store.close();
process.exit(0);
