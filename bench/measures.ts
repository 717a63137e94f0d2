import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BenchGitHub } from "./bench-github.ts";
import { measureGenerate } from "./generate.ts";
import { runJsonProcess } from "./json-process.ts";
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
  budgetMs: 5_000,
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
    : "the PostgREST-paged way is not run here (offset paging re-reads every skipped row: tens of seconds to minutes at this size)";
  return `${m.tasks.toLocaleString("en-US")} tasks, ${m.gaps} gaps, median of ${m.runs}; seed's way = every ready unassigned row fetched in one query and grouped in the app; ${paged}`;
};

const scanPostgres: Measure = {
  name: "scan (PostgreSQL): the whole table at 1M, one repository at 5M",
  metrics: ["scan_1m_ms_postgres", "scan_one_repo_5m_ms"],
  budgetMs: 175_000,
  run: async () => {
    const { startPostgresCluster } = await import("../simulator/postgres-cluster.ts");
    const { measureRepoScan } = await import("./scan-one-repo.ts");
    const pg = (await import("pg")).default;
    const cluster = await startPostgresCluster();
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    try {
      // 1,000,000 tasks in 5,000 projects of 1,000 repositories; then grown to 5,000,000.
      const m = await measureScan({
        backend: "postgres",
        db,
        runs: 3,
        paged: false,
        projects: 5000,
        repositories: 1000,
      });
      const r = await measureRepoScan({ db, from: m.tasks + 1, repositories: 1000 });
      const ms = (n: number) => `${Math.round(n).toLocaleString("en-US")} ms`;
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
          metric: "scan_one_repo_5m_ms",
          value: r.repoMs,
          unit: "ms",
          baseline: r.wholeMs,
          goal: { op: "<=", target: 50 },
          note: `${r.tasks.toLocaleString("en-US")} tasks over ${r.repositories.toLocaleString("en-US")} repositories (5 projects each); one repository's scan as the app calls it (tf_find_repo_capability_gaps), median of ${r.scanned - 1} repositories after one warm-up, slowest ${ms(r.repoMaxMs)}, each equal to its rows grouped in the app; baseline = today's whole-table scan on the same database, same run (${ms(r.wholeMs)}); loading the 4,000,000 more rows took ${ms(r.seedMs)}`,
        },
      ];
    } finally {
      await db.end();
      await cluster.stop();
    }
  },
};

const scanPglite: Measure = {
  name: "scan (PGlite)",
  metrics: ["scan_1m_ms_pglite"],
  budgetMs: 60_000,
  run: async () => {
    // PGlite works on the calling thread: in its own process, so that the budget can stop it.
    const m = await runJsonProcess<ScanMeasure>({
      script: join(import.meta.dirname, "scan-child.ts"),
      arg: { backend: "pglite", runs: 3, paged: false },
      timeoutMs: 105_000,
    });
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

const SIMULATOR = ["simulator/github/start-github-simulator.ts", "src/github/octokit-options.ts"];

/** Runs `fn` with a fresh GitHub simulator (imported only when it exists), stopped afterwards. */
async function withGitHub<T>(fn: (gh: BenchGitHub) => Promise<T>): Promise<T> {
  const { startBenchGitHub } = await import("./bench-github.ts");
  const gh = await startBenchGitHub();
  try {
    return await fn(gh);
  } finally {
    await gh.stop();
  }
}

const requestsPerPr: Measure = {
  name: "requests per PR",
  metrics: [5, 20, 60].map((n) => `requests_per_pr_${n}_files`),
  budgetMs: 20_000,
  missing: () => missingFiles(SIMULATOR, "the GitHub simulator"),
  run: async () => {
    const { measureRequestsPerPr } = await import("./requests-per-pr.ts");
    return withGitHub((gh) => measureRequestsPerPr({ gh }));
  },
};

const PUBLISH_FILES = 21;

const publishLatency: Measure = {
  name: "publishing latency at 80 ms",
  metrics: ["publish_latency_ratio_vs_seed_80ms"],
  budgetMs: 40_000,
  missing: () => missingFiles(SIMULATOR, "the GitHub simulator"),
  run: async () => {
    const { measurePublishLatency } = await import("./latency-ratio.ts");
    const m = await withGitHub((gh) =>
      measurePublishLatency({ gh, files: PUBLISH_FILES, runs: 10 }),
    );
    return [
      {
        metric: "publish_latency_ratio_vs_seed_80ms",
        value: m.ratio,
        unit: "×",
        goal: { op: ">=", target: 5 },
        note: `publishing path only (permission, query, 2 mutations vs the seed's ${PUBLISH_FILES + 4} REST calls), ${PUBLISH_FILES} files, 80 ms per request: ours ${Math.round(m.oursMs)} ms, seed's way ${Math.round(m.seedMs)} ms, medians of 10`,
      },
    ];
  },
};

const PIPELINE = [...SIMULATOR, "src/team-factory.ts", "src/handlers/on-issue-comment.ts"];

const webhookToPr: Measure = {
  name: "webhook → PR through the app at 80 ms",
  metrics: ["latency_ratio_vs_seed_80ms", "requests_per_pr_webhook", "requests_per_pr_webhook_all"],
  budgetMs: 45_000,
  missing: () => missingFiles(PIPELINE, "the app's pipeline wiring"),
  run: async () => {
    const { measureWebhookToPr } = await import("./webhook-to-pr.ts");
    const m = await withGitHub((gh) => measureWebhookToPr({ gh, runs: 10 }));
    const ms = (n: number) => `${Math.round(n)} ms`;
    const c = m.counts;
    return [
      {
        metric: "latency_ratio_vs_seed_80ms",
        value: m.seed.openMs / m.ours.openMs,
        unit: "×",
        goal: { op: ">=", target: 5 },
        note: `a /create-team comment's webhook → PR open, 80 ms per GitHub request, medians of 10 each: our app end to end ${ms(m.ours.openMs)}, the seed's handler publishing the same ${m.files} files ${ms(m.seed.openMs)}; to the labelled PR ${ms(m.ours.labelledMs)} vs ${ms(m.seed.labelledMs)} (${(m.seed.labelledMs / m.ours.labelledMs).toFixed(2)}×)`,
      },
      {
        metric: "requests_per_pr_webhook",
        value: c.counted,
        unit: "requests",
        goal: { op: "<=", target: 4 },
        note: `through the app (${m.files} files): ${c.names.join(", ")}; apart: ${c.reactions} reactions, ${c.progress} progress comment writes, ${c.token} token requests`,
      },
      {
        metric: "requests_per_pr_webhook_all",
        value: c.total,
        unit: "requests",
        goal: { op: "<=", target: 8 },
        note: "every request of that run, reactions and progress comment included",
      },
    ];
  },
};

const APP = [...SIMULATOR, "src/main.ts", "src/compose.ts"];

const appProcess: Measure = {
  name: "app process: idle RSS and webhook answers under load",
  metrics: ["idle_rss_mb", "webhook_ack_p50_ms", "webhook_ack_p99_ms"],
  budgetMs: 50_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureAppProcess } = await import("./app-process-measures.ts");
    return withGitHub((gh) => measureAppProcess({ gh }));
  },
};

const appRestartRss: Measure = {
  name: "app process restarted on its data: idle RSS",
  metrics: ["idle_rss_mb_restart"],
  budgetMs: 30_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureRestartRss } = await import("./app-process-measures.ts");
    const mb = await withGitHub((gh) => measureRestartRss({ gh }));
    return [
      {
        metric: "idle_rss_mb_restart",
        value: mb,
        unit: "MB",
        goal: { op: "<=", target: 150 },
        note: "the same, started again on the data directory of a first start that was stopped with SIGTERM (as a container is)",
      },
    ];
  },
};

const appPostgresRss: Measure = {
  name: "app process with a PostgreSQL store: idle RSS",
  metrics: ["idle_rss_mb_postgres_store"],
  budgetMs: 20_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureIdleRss } = await import("./app-process-measures.ts");
    const { startPostgresCluster } = await import("../simulator/postgres-cluster.ts");
    const cluster = await startPostgresCluster();
    try {
      const env = { DATABASE_URL: cluster.url, TEAM_FACTORY_MIGRATE: "1" };
      const mb = await withGitHub((gh) => measureIdleRss({ gh, env }));
      return [
        {
          metric: "idle_rss_mb_postgres_store",
          value: mb,
          unit: "MB",
          goal: { op: "<=", target: 150 },
          note: "the same with DATABASE_URL pointing at a PostgreSQL server (the store outside the process)",
        },
      ];
    } finally {
      await cluster.stop();
    }
  },
};

const soak: Measure = {
  name: "app process under a soak of webhooks: RSS growth",
  metrics: ["soak_rss_growth_mb"],
  budgetMs: 150_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureSoak } = await import("./soak.ts");
    const { startPostgresCluster } = await import("../simulator/postgres-cluster.ts");
    const cluster = await startPostgresCluster();
    try {
      const env = {
        DATABASE_URL: cluster.url,
        TEAM_FACTORY_MIGRATE: "1",
        TEAM_FACTORY_GITHUB_PACING: "off",
      };
      return await withGitHub((gh) => measureSoak({ gh, env }));
    } finally {
      await cluster.stop();
    }
  },
};

/** In run order; their budgets add up to under 10 minutes, the bench's limit. */
export const MEASURES: Measure[] = [
  appProcess,
  appRestartRss,
  appPostgresRss,
  soak,
  generate,
  requestsPerPr,
  webhookToPr,
  publishLatency,
  scanPostgres,
  scanPglite,
];
