import { existsSync } from "node:fs";
import { join } from "node:path";
import { measureGenerate } from "./generate.ts";
import { measureScan, type ScanMeasure } from "./scan.ts";
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

const scanNote = (m: ScanMeasure) => {
  const paged = Number.isFinite(m.pagedMs)
    ? `through PostgREST's 1,000-row pages it took ${Math.round(m.pagedMs)} ms (${m.pagedRatio.toFixed(1)}×, one run)`
    : "the PostgREST-paged way is not run here (offset paging re-reads the skipped rows: minutes at this size)";
  return `${m.tasks.toLocaleString("en-US")} tasks, ${m.gaps} gaps, median of ${m.runs}; seed's way = every ready unassigned row fetched in one query and grouped in the app; ${paged}`;
};

const scanPostgres: Measure = {
  name: "scan (PostgreSQL)",
  metrics: ["scan_1m_ms_postgres", "scan_ratio_vs_fetchall"],
  budgetMs: 200_000,
  run: async () => {
    const m = await measureScan({ backend: "postgres", runs: 3, paged: false });
    return [
      {
        metric: "scan_1m_ms_postgres",
        value: m.sqlMs,
        unit: "ms",
        baseline: m.fetchAllMs,
        goal: { op: "<=", target: 1000 },
        note: scanNote(m),
      },
      {
        metric: "scan_ratio_vs_fetchall",
        value: m.ratio,
        unit: "×",
        goal: { op: ">=", target: 10 },
        note: "PostgreSQL, fetch-all ms ÷ SQL function ms, same database and run",
      },
    ];
  },
};

const scanPglite: Measure = {
  name: "scan (PGlite)",
  metrics: ["scan_1m_ms_pglite"],
  budgetMs: 200_000,
  run: async () => {
    const m = await measureScan({ backend: "pglite", runs: 3 });
    return [
      {
        metric: "scan_1m_ms_pglite",
        value: m.sqlMs,
        unit: "ms",
        baseline: m.fetchAllMs,
        note: scanNote(m),
      },
    ];
  },
};

export const MEASURES: Measure[] = [generate, scanPostgres, scanPglite];
