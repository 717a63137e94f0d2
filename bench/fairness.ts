import type { GitHubSimulator } from "../simulator/github/start-github-simulator.ts";
import { startGitHubSimulator } from "../simulator/github/start-github-simulator.ts";
import { startPostgresCluster } from "../simulator/postgres-cluster.ts";
import type { WriteWindow } from "../src/policy/github-limits.ts";
import { openPostgresStore } from "../src/store/open-postgres-store.ts";
import type { Store } from "../src/store/store.ts";
import { endOf, gapIssue, MAINTAINER, seedFleet, startFleetApps, waitUntil } from "./fleet.ts";
import { median } from "./latency-ratio.ts";

export interface FairnessResult {
  idleMs: number;
  busyMs: number;
  runs: number;
  /** The backlog's jobs not finished when the last single gap's PR opened. */
  backlogLeft: number;
  /** The backlog installation's writes GitHub had taken when the first single gap was labelled. */
  backlogWrites: number;
}

const letters = (n: number) =>
  n.toString(36).replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)] ?? d);

/** One labelled gap on a fresh issue of `repo`: the time from the label to its PR being open. */
async function timeOneGap(sim: GitHubSimulator, repo: string, skill: string): Promise<number> {
  const { number } = await sim.act.openIssue({ repo, ...gapIssue(skill), actor: MAINTAINER });
  const start = performance.now();
  await sim.act.labelIssue({ repo, number, label: "capability-gap", actor: MAINTAINER });
  await waitUntilFast(() => endOf(sim, repo, number).prs > 0, 60_000);
  return performance.now() - start;
}

async function waitUntilFast(done: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!done()) {
    if (performance.now() > until) throw new Error(`no PR within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * `fairness_single_gap_ratio`: one app process, GitHub's write windows (scaled down in time) on
 * both sides and `latencyMs` per request. A quiet installation's single gap is timed from its
 * label to its PR on the idle app, then again while a busy installation has `backlog` gaps
 * queued over 20 repositories (labelled at once, its first window of writes spent).
 */
export async function measureFairness(params: {
  backlog: number;
  runs: number;
  windows: WriteWindow[];
  latencyMs: number;
}): Promise<FairnessResult> {
  const [sim, cluster] = await Promise.all([startGitHubSimulator(), startPostgresCluster()]);
  let app: { stop(): Promise<void> } | null = null;
  let store: Store | null = null;
  try {
    const busy = seedFleet(sim, ["busy-org"], 20);
    const quiet = seedFleet(sim, ["quiet-org"], 2 * params.runs + 1);
    const pacing = params.windows.map((w) => `${w.limit}/${w.ms / 1000}s`).join(",");
    app = await startFleetApps({
      sim,
      cluster,
      count: 1,
      env: { TEAM_FACTORY_GITHUB_PACING: pacing },
    });
    store = await openPostgresStore({ url: cluster.url });
    sim.limits.set({ secondary: params.windows });
    const backlogIssues: { repo: string; number: number }[] = [];
    for (let i = 0; i < params.backlog; i++) {
      const repo = busy[i % busy.length] as string;
      const { number } = await sim.act.openIssue({
        repo,
        ...gapIssue(`skill ${letters(i)}b`),
        actor: MAINTAINER,
      });
      backlogIssues.push({ repo, number });
    }
    await waitUntil(async () => (await store?.listUnfinishedJobs())?.length === 0, 30_000);
    sim.faults.setLatency(params.latencyMs);
    // A warm-up (the token, the process's first run), then the quiet gap on the idle app.
    await timeOneGap(sim, quiet[0] as string, "skill warmq");
    const idle: number[] = [];
    for (let i = 1; i <= params.runs; i++)
      idle.push(await timeOneGap(sim, quiet[i] as string, `skill ${letters(i)}q`));
    // The backlog arrives at once; once its installation has spent a window of writes, its
    // remaining jobs wait on GitHub's limits while the quiet gaps come.
    sim.limits.reset();
    await Promise.all(
      backlogIssues.map(({ repo, number }) =>
        sim.act.labelIssue({ repo, number, label: "capability-gap", actor: MAINTAINER }),
      ),
    );
    const busyInstallation = sim.state.installations.find((i) => i.account.login === "busy-org");
    const busyWrites = () => sim.limits.stats().writes.get(busyInstallation?.id ?? 0)?.length ?? 0;
    const firstWindow = params.windows[0]?.limit ?? 0;
    await waitUntil(() => busyWrites() >= firstWindow, 30_000);
    const backlogWrites = busyWrites();
    const during: number[] = [];
    for (let i = 1; i <= params.runs; i++)
      during.push(await timeOneGap(sim, quiet[params.runs + i] as string, `skill ${letters(i)}r`));
    const backlogLeft = (await store.listUnfinishedJobs({ limit: 1000 })).filter(
      (j) => (j.payload as { owner?: string }).owner === "busy-org",
    ).length;
    return {
      idleMs: median(idle),
      busyMs: median(during),
      runs: params.runs,
      backlogLeft,
      backlogWrites,
    };
  } finally {
    sim.faults.setLatency(0);
    await app?.stop();
    await store?.close();
    await sim.stop();
    await cluster.stop();
  }
}
