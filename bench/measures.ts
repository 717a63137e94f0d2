import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BenchGitHub } from "./bench-github.ts";
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

const cliHelp: Measure = {
  name: "team-factory --help in a new process",
  metrics: ["cli_help_ms"],
  budgetMs: 30_000,
  run: async () => {
    const { measureCliHelp } = await import("./cli-help.ts");
    const m = measureCliHelp();
    return [
      {
        metric: "cli_help_ms",
        value: m.helpMs,
        unit: "ms",
        baseline: m.everyCommandMs,
        goal: { op: "<=", target: 300 },
        note: `node bin/team-factory.js --help on Node ${process.versions.node}, from the spawn to the exit, median of ${m.runs} after one run that fills the compile cache; baseline = what the help loaded before (every command's module, no compile cache), same run; Node with nothing to do: ${Math.round(m.nodeMs)} ms`,
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

const scanEmbedded: Measure = {
  name: "scan (embedded PostgreSQL)",
  metrics: ["scan_1m_ms_embedded"],
  budgetMs: 70_000,
  run: async () => {
    const m = await measureScan({ backend: "embedded", runs: 3, paged: false });
    return [
      {
        metric: "scan_1m_ms_embedded",
        value: m.sqlMs,
        unit: "ms",
        baseline: m.fetchAllMs,
        note: scanNote(m),
      },
    ];
  },
};

const backtest: Measure = {
  name: "backtest (PostgreSQL): 90 days of 1,000 repositories",
  metrics: ["backtest_90d_1000_repos_ms"],
  budgetMs: 90_000,
  run: async () => {
    const { startPostgresCluster } = await import("../simulator/postgres-cluster.ts");
    const { measureBacktest } = await import("./backtest.ts");
    const pg = (await import("pg")).default;
    const cluster = await startPostgresCluster();
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    try {
      const m = await measureBacktest({ db });
      const n = (x: number) => Math.round(x).toLocaleString("en-US");
      return [
        {
          metric: "backtest_90d_1000_repos_ms",
          value: m.medianMs,
          unit: "ms",
          goal: { op: "<=", target: 5000 },
          note: `runBacktest({ sinceDays: 90 }) over every repository, as \`team-factory backtest --since 90d\` runs it: ${n(m.tasks)} tasks created over 120 days in ${n(m.repositories)} repositories (5 projects each), ${n(m.signals)} signals over 100 days, 8 teams registered 10 days apart, 3 recorded gaps per repository; median of ${m.runs} after a warm-up; of it the store's load (tf_backtest_history: ${n(m.events)} events grouped per repository and skill) ${n(m.loadMs)} ms, the replay the rest; ${n(m.raised)} gaps raised (${n(m.filled)} filled, ${n(m.dismissed)} dismissed, ${n(m.open)} never filled), the last day's open tasks checked against the rows; seeding took ${n(m.seedMs)} ms`,
        },
      ];
    } finally {
      await db.end();
      await cluster.stop();
    }
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

const PIPELINE = [...SIMULATOR, "src/compose.ts", "src/handlers/on-issue-comment.ts"];
/** Three requests in series at 80 ms: the least a comment → PR can take. */
const FLOOR_MS = 240;

const webhookToPr: Measure = {
  name: "webhook → PR through the app at 80 ms",
  metrics: ["latency_ratio_vs_seed_80ms", "requests_per_pr_webhook", "requests_per_pr_webhook_all"],
  budgetMs: 55_000,
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
        goal: { op: ">=", target: 6.5 },
        note: `a /create-team comment's webhook → PR open, 80 ms per GitHub request, medians of 10 each: our app end to end ${ms(m.ours.openMs)} (${(m.ours.openMs / FLOOR_MS).toFixed(2)}× the ${FLOOR_MS} ms of its three requests in series: permission, context query, publish mutation; 👀 after the query in a repository the app has not read yet), the seed's handler publishing the same ${m.files} files ${ms(m.seed.openMs)}; to the labelled PR ${ms(m.ours.labelledMs)} vs ${ms(m.seed.labelledMs)} (${(m.seed.labelledMs / m.ours.labelledMs).toFixed(2)}×)`,
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
  name: "app process: memory while starting and idle, webhook answers under load",
  metrics: [
    "start_peak_rss_tree_mb",
    "idle_rss_mb",
    "idle_rss_tree_mb",
    "webhook_ack_p50_ms",
    "webhook_ack_p99_ms",
  ],
  budgetMs: 70_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureAppProcess } = await import("./app-process-measures.ts");
    return withGitHub((gh) => measureAppProcess({ gh }));
  },
};

const STARTS = 3;

const appStarts: Measure = {
  name: "app process: first start and restart",
  metrics: ["first_start_ms", "restart_ms", "idle_rss_mb_restart"],
  budgetMs: 50_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureStarts } = await import("./app-process-measures.ts");
    const m = await withGitHub((gh) => measureStarts({ gh, runs: STARTS }));
    const ms = (xs: number[]) => xs.map((x) => Math.round(x).toLocaleString("en-US")).join(", ");
    const timed = `from the spawn of node src/main.ts to the first signed webhook answered 2xx (polled every 20 ms), median of ${STARTS}`;
    return [
      {
        metric: "first_start_ms",
        value: m.firstMedian,
        unit: "ms",
        goal: { op: "<=", target: 3000 },
        note: `${timed}; the default store on a new data directory under the repository's .team-factory/ (where npm start keeps it), so initdb, the server's start and the migrations are in it (runs: ${ms(m.firstMs)} ms)`,
      },
      {
        metric: "restart_ms",
        value: m.restartMedian,
        unit: "ms",
        goal: { op: "<=", target: 1000 },
        note: `${timed}; started again on that data directory after the first start was stopped with SIGTERM, as a container is (the server stopped with it), so the server's start is in it (runs: ${ms(m.restartMs)} ms)`,
      },
      {
        metric: "idle_rss_mb_restart",
        value: m.idleMb,
        unit: "MB",
        goal: { op: "<=", target: 150 },
        note: `VmRSS of the last restarted app process, 2 s after it answered; PSS of the app and its PostgreSQL processes ${Math.round(m.treeMb)} MB`,
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
  budgetMs: 180_000,
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

const bodyFlood: Measure = {
  name: "app process under a flood of stalled unsigned bodies: RSS growth",
  metrics: ["unsigned_body_flood_rss_growth_mb"],
  budgetMs: 60_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureBodyFlood } = await import("./body-flood.ts");
    return withGitHub((gh) => measureBodyFlood({ gh }));
  },
};

const flood: Measure = {
  name: "a flood of refused commands beside a maintainer's label",
  metrics: ["flood_maintainer_pr_ms"],
  budgetMs: 40_000,
  run: async () => (await import("./flood.ts")).measureFlood(),
};

const planner: Measure = {
  name: "planner on the labelled gap corpus",
  metrics: [
    "planner_capability_recall",
    "planner_capability_precision",
    "needs_covered_by_working_tools",
    "planner_holdout_recall",
    "planner_holdout_precision",
    "planner_model_capability_recall",
  ],
  budgetMs: 20_000,
  run: async () => {
    const { CORPUS, HOLDOUT, corpusMisses, recordedAnswers, scoreCorpus } = await import(
      "./gap-corpus.ts"
    );
    const corpus = scoreCorpus(CORPUS);
    const holdout = scoreCorpus(HOLDOUT);
    for (const line of corpusMisses(corpus)) process.stderr.write(`\n  corpus miss: ${line}`);
    for (const line of corpusMisses(holdout)) process.stderr.write(`\n  holdout miss: ${line}`);
    process.stderr.write("\n");
    const share = (n: number) => Math.round(n * 1000) / 1000;
    const ratio = (metric: string, value: number, note: string, goal = true): BenchRow => ({
      metric,
      value: share(value),
      unit: "share",
      ...(goal ? { goal: { op: ">=" as const, target: 0.85 } } : {}),
      note,
    });
    const heuristics = `heuristic planner, ${CORPUS.length} labelled gaps (fixtures/gap-corpus), ${corpusMisses(corpus).length} with a miss (printed on stderr)`;
    const recorded = recordedAnswers();
    const model = recorded
      ? ratio(
          "planner_model_capability_recall",
          scoreCorpus(CORPUS, recorded.answers).recall,
          `OpenAI planner (${recorded.model}), its recorded answers`,
        )
      : {
          metric: "planner_model_capability_recall",
          value: null,
          unit: "share",
          note: "no recorded model answers: run bench/record-model-answers.ts with OPENAI_API_KEY",
        };
    return [
      ratio("planner_capability_recall", corpus.recall, heuristics),
      ratio("planner_capability_precision", corpus.precision, heuristics),
      ratio(
        "needs_covered_by_working_tools",
        corpus.coverage,
        "labelled capabilities and systems a catalogue tool of the planned team really does (stubs never count)",
      ),
      ratio(
        "planner_holdout_recall",
        holdout.recall,
        `${HOLDOUT.length} gaps written after the last tuning, never tuned on`,
        false,
      ),
      ratio(
        "planner_holdout_precision",
        holdout.precision,
        `the same ${HOLDOUT.length} holdout gaps`,
        false,
      ),
      model,
    ];
  },
};

/**
 * GitHub's secondary limits for content-creating requests (80 a minute, 500 an hour), twice as
 * fast: the simulator enforces them per installation and the apps are told the same.
 */
const FLEET_WINDOWS = [
  { limit: 80, ms: 30_000 },
  { limit: 500, ms: 1_800_000 },
];
const windowsText =
  "80 content-creating requests per 30 s and 500 per 30 min per installation (GitHub's 80 a minute and 500 an hour, twice as fast; the apps told the same: TEAM_FACTORY_GITHUB_PACING=80/30s,500/1800s)";

const fleet: Measure = {
  name: "a fleet: 10 installations × 20 repositories, 3 app processes, GitHub's limits",
  metrics: ["fleet_time_vs_limit_floor", "fleet_secondary_limit_answers"],
  budgetMs: 90_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureFleet } = await import("./fleet.ts");
    const m = await measureFleet({ owners: 10, repos: 20, apps: 3, windows: FLEET_WINDOWS });
    if (m.wrong)
      throw new Error(`${m.wrong} of ${m.gaps} gaps ended in neither one PR nor a refusal`);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const writes = `${Math.min(...m.writesPerInstallation)}–${Math.max(...m.writesPerInstallation)}`;
    return [
      {
        metric: "fleet_time_vs_limit_floor",
        value: m.totalMs / m.floorMs,
        unit: "×",
        goal: { op: "<=", target: 1.25 },
        note: `${m.gaps} gaps (10 installations × 20 repositories, one each) labelled at once, 3 app processes (node src/main.ts) on one PostgreSQL behind a webhook balancer, the simulator enforcing ${windowsText}: ${s(m.totalMs)} from the first label to the last GitHub request against the least the windows allow, ${s(m.floorMs)} (${writes} content-creating requests per installation: those past the first 80 wait for the window to slide); ${m.withOnePr} gaps with one PR, ${m.refusals} refused`,
      },
      {
        metric: "fleet_secondary_limit_answers",
        value: m.secondaryAnswers,
        unit: "answers",
        goal: { op: "<=", target: 0 },
        note: "403 secondary-limit answers the simulator gave in that run",
      },
    ];
  },
};

const fairness: Measure = {
  name: "fairness: one installation's single gap beside another's backlog of 100",
  metrics: ["fairness_single_gap_ratio"],
  budgetMs: 45_000,
  missing: () => missingFiles(APP, "the app's entry point"),
  run: async () => {
    const { measureFairness } = await import("./fairness.ts");
    const m = await measureFairness({
      backlog: 100,
      runs: 3,
      windows: FLEET_WINDOWS,
      latencyMs: 80,
    });
    const ms = (n: number) => `${Math.round(n)} ms`;
    return [
      {
        metric: "fairness_single_gap_ratio",
        value: m.busyMs / m.idleMs,
        unit: "×",
        goal: { op: "<=", target: 2 },
        note: `one app process, ${windowsText}, 80 ms per GitHub request: a quiet installation's single gap from its label to its PR while another installation has 100 gaps queued over 20 repositories (labelled at once; the quiet gaps start once it has spent its first window, ${m.backlogWrites} writes; ${m.backlogLeft} of its jobs still unfinished after them) ${ms(m.busyMs)}, against ${ms(m.idleMs)} on the idle app (medians of ${m.runs})`,
      },
    ];
  },
};

/** In run order; their budgets add up to under 15 minutes, the bench's limit. */
export const MEASURES: Measure[] = [
  appProcess,
  appStarts,
  appPostgresRss,
  soak,
  bodyFlood,
  flood,
  generate,
  cliHelp,
  planner,
  requestsPerPr,
  webhookToPr,
  publishLatency,
  fleet,
  fairness,
  scanPostgres,
  scanEmbedded,
  backtest,
];
