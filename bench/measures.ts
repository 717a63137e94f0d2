import { existsSync } from "node:fs";
import { join } from "node:path";
import { measureGenerate } from "./generate.ts";
import { measureScan } from "./scan.ts";
import type { BenchRow } from "./table.ts";

/** One measure: the metrics it reports, its time budget and what it needs that may be missing. */
export interface Measure {
  name: string;
  metrics: string[];
  budgetMs: number;
  /** Why the measure cannot run here (a piece not landed yet), or null. */
  missing?: () => Promise<string | null> | string | null;
  run: () => Promise<BenchRow[]>;
}

const ROOT = join(import.meta.dirname, "..");

/** The first of `paths` (relative to the repo) that does not exist, as a reason; else null. */
export function missingFiles(paths: string[], what: string): string | null {
  const absent = paths.filter((p) => !existsSync(join(ROOT, p)));
  return absent.length ? `${what} (${absent.join(", ")}) has not landed yet` : null;
}

const generate: Measure = {
  name: "generate",
  metrics: ["generate_ms_median"],
  budgetMs: 30_000,
  run: async () => {
    const { medianMs, runs, files } = measureGenerate();
    return [
      {
        metric: "generate_ms_median",
        value: medianMs,
        unit: "ms",
        goal: { op: "<=", target: 5 },
        note: `one 5-member LangGraph team, ${files} files in memory, median of ${runs} runs after warm-up`,
      },
    ];
  },
};

const scanPglite: Measure = {
  name: "scan (PGlite)",
  metrics: ["scan_1m_ms_pglite"],
  budgetMs: 150_000,
  run: async () => {
    const m = await measureScan({ backend: "pglite", runs: 3 });
    return [
      {
        metric: "scan_1m_ms_pglite",
        value: m.sqlMs,
        unit: "ms",
        baseline: m.fetchAllMs,
        note: `${m.tasks.toLocaleString("en-US")} tasks, ${m.gaps} gaps, median of ${m.runs}; seed's way = every ready unassigned row fetched and grouped in the app`,
      },
    ];
  },
};

export const MEASURES: Measure[] = [generate, scanPglite];
