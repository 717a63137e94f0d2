import { measureScan } from "./scan.ts";

/**
 * `node bench/scan-child.ts <json params>`: one `measureScan` in its own process, printed as JSON.
 * PGlite runs on the calling thread, so only a separate process can be stopped at a time budget.
 */
if (import.meta.main) {
  const params = JSON.parse(process.argv[2] ?? "{}") as Parameters<typeof measureScan>[0];
  process.stdout.write(`${JSON.stringify(await measureScan(params))}\n`);
}
