import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MEASURES, type Measure } from "./measures.ts";
import { type BenchRow, renderTable, toJson } from "./table.ts";

/**
 * `npm run bench [-- --json] [-- --only <metric-prefix>]`: every measure in turn, each within its
 * own time budget; a measure that cannot run is reported as "not available" with the reason.
 */
const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, only: { type: "string", multiple: true } },
});
const prefixes = values.only ?? [];
const wanted = (metric: string) => !prefixes.length || prefixes.some((p) => metric.startsWith(p));

async function runMeasure(measure: Measure): Promise<BenchRow[]> {
  const unavailable = (why: string) =>
    measure.metrics.map((metric) => ({ metric, value: null, unit: "", note: why }));
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`over its ${measure.budgetMs / 1000} s budget`)),
      measure.budgetMs,
    );
  });
  try {
    const missing = await measure.missing?.();
    if (missing) return unavailable(missing);
    return await Promise.race([measure.run(), budget]);
  } catch (error) {
    return unavailable(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const rows: BenchRow[] = [];
for (const measure of MEASURES) {
  if (!measure.metrics.some(wanted)) continue;
  const t0 = performance.now();
  process.stderr.write(`bench: ${measure.name}…`);
  const measured = (await runMeasure(measure)).filter((row) => wanted(row.metric));
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  rows.push(...measured);
}
const totalS = (performance.now() - started) / 1000;
const machine = `${availableParallelism()} cores, 1-minute load average ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end`;
process.stdout.write(`${renderTable(rows)}\n\nWhole bench: ${totalS.toFixed(0)} s (${machine})\n`);
if (values.json) {
  const dir = join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "latest.json");
  // With --only, the rows measured replace theirs in the last file; the others are kept.
  const kept = prefixes.length && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  writeFileSync(file, `${JSON.stringify({ ...kept, ...toJson(rows) }, null, 2)}\n`);
  process.stderr.write(`bench: wrote ${file}\n`);
}
// Child processes and servers of a measure that ran over its budget must not keep the bench alive.
process.exit(0);
