import type { GitHubSimulator } from "../simulator/github/start-github-simulator.ts";
import { startGitHubSimulator } from "../simulator/github/start-github-simulator.ts";
import { type PostgresCluster, startPostgresCluster } from "../simulator/postgres-cluster.ts";
import { startWebhookBalancer } from "../simulator/webhook-balancer.ts";
import { type WriteWindow, windowFloorMs } from "../src/policy/github-limits.ts";
import { openPostgresStore } from "../src/store/open-postgres-store.ts";
import type { Store } from "../src/store/store.ts";
import { type AppProcess, simulatorAppEnv, startAppProcess } from "./app-process.ts";

export const MAINTAINER = "mia";
const CONFIG = "daily_limit: 100\ndaily_limit_scope: repository\n";

/** A gap issue as a person writes it, for one skill (the heuristic planner makes a team of it). */
export const gapIssue = (skill: string) => ({
  title: `We need ${skill}`,
  body: `Several projects are blocked because nobody can do ${skill} work for them.\n\nSkills: ${skill}`,
});

/** `owners` × `repos` small repositories, each with the app installed (one installation per owner). */
export function seedFleet(sim: GitHubSimulator, owners: string[], repos: number): string[] {
  const names: string[] = [];
  for (const owner of owners)
    for (let r = 0; r < repos; r++) {
      const name = `repo-${r}`;
      sim.createRepo({
        owner,
        name,
        installation: true,
        collaborators: { [MAINTAINER]: "maintain" },
        labels: [{ name: "capability-gap" }],
        files: { "README.md": `# ${name}\n`, ".github/team-factory.yml": CONFIG },
      });
      names.push(`${owner}/${name}`);
    }
  return names;
}

/** `count` app processes (`node src/main.ts`) on one PostgreSQL, behind a webhook balancer. */
export async function startFleetApps(params: {
  sim: GitHubSimulator;
  cluster: PostgresCluster;
  count: number;
  env: Record<string, string>;
}): Promise<{ apps: AppProcess[]; stop(): Promise<void> }> {
  const { sim, cluster } = params;
  const env = {
    ...simulatorAppEnv(sim),
    DATABASE_URL: cluster.url,
    TEAM_FACTORY_MIGRATE: "1",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    ...params.env,
  };
  const apps = await Promise.all(
    Array.from({ length: params.count }, () =>
      startAppProcess({ secret: sim.app.webhookSecret, env, timeoutMs: 60_000 }),
    ),
  );
  const balancer = await startWebhookBalancer(() => apps.map((a) => a.url));
  sim.setWebhookUrl(`${balancer.url}/api/github/webhooks`);
  return {
    apps,
    async stop() {
      await Promise.all(apps.map((a) => a.stop()));
      await balancer.stop();
    },
  };
}

const pullOf = (sim: GitHubSimulator, repo: string, issue: number) => {
  const [owner, name] = repo.split("/") as [string, string];
  const closes = new RegExp(`Closes #${issue}\\b`);
  return [...sim.repo(owner, name).issues.values()].filter(
    (i) => i.pull && closes.test(i.body ?? ""),
  );
};

/** What a gap ended with: its PRs, and the app's refusals on its issue. */
export function endOf(sim: GitHubSimulator, repo: string, issue: number) {
  const [owner, name] = repo.split("/") as [string, string];
  const comments = sim.repo(owner, name).issues.get(issue)?.comments ?? [];
  return {
    prs: pullOf(sim, repo, issue).length,
    refused: comments.some((c) => c.user.login === sim.app.botLogin && c.body.startsWith("😕")),
  };
}

export interface FleetResult {
  /** From the first label to the last GitHub request of the run. */
  totalMs: number;
  /** The least time GitHub's windows allow for the installation with the most writes. */
  floorMs: number;
  secondaryAnswers: number;
  writesPerInstallation: number[];
  gaps: number;
  withOnePr: number;
  refusals: number;
  /** Gaps that ended in neither (or in more than one PR). */
  wrong: number;
}

/**
 * `fleet_*`: `owners` installations × `repos` repositories, one gap each labelled at once, served
 * by `apps` app processes on one PostgreSQL, the simulator enforcing `windows` per installation
 * (GitHub's, scaled down in time) and the apps told the same.
 */
export async function measureFleet(params: {
  owners: number;
  repos: number;
  apps: number;
  windows: WriteWindow[];
}): Promise<FleetResult> {
  const [sim, cluster] = await Promise.all([
    startGitHubSimulator(),
    startPostgresCluster({ maxConnections: 100 }),
  ]);
  let fleet: { stop(): Promise<void> } | null = null;
  let store: Store | null = null;
  try {
    const owners = Array.from({ length: params.owners }, (_, i) => `org-${i}`);
    const repos = seedFleet(sim, owners, params.repos);
    const pacing = params.windows.map((w) => `${w.limit}/${w.ms / 1000}s`).join(",");
    fleet = await startFleetApps({
      sim,
      cluster,
      count: params.apps,
      env: { TEAM_FACTORY_GITHUB_PACING: pacing },
    });
    store = await openPostgresStore({ url: cluster.url });
    const issues: { repo: string; number: number }[] = [];
    for (const [i, repo] of repos.entries()) {
      const { number } = await sim.act.openIssue({
        repo,
        ...gapIssue(
          `skill ${i.toString(36)}x`.replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)] ?? d),
        ),
        actor: MAINTAINER,
      });
      issues.push({ repo, number });
    }
    await waitUntil(async () => (await store?.listUnfinishedJobs())?.length === 0, 30_000);
    sim.limits.set({ secondary: params.windows });
    sim.limits.reset();
    sim.resetLog();
    const t0 = Date.now();
    const answers = await Promise.all(
      issues.map(({ repo, number }) =>
        sim.act.labelIssue({ repo, number, label: "capability-gap", actor: MAINTAINER }),
      ),
    );
    const refusedDeliveries = answers.filter((a) => a.status >= 300).length;
    if (refusedDeliveries) throw new Error(`${refusedDeliveries} deliveries were not accepted`);
    await waitUntil(async () => {
      const ended = issues.every(({ repo, number }) => {
        const end = endOf(sim, repo, number);
        return end.prs > 0 || end.refused;
      });
      return ended && (await store?.listUnfinishedJobs())?.length === 0;
    }, 120_000);
    const totalMs = Math.max(...sim.log.map((e) => e.at + e.ms)) - t0;
    const stats = sim.limits.stats();
    const writesPerInstallation = [...stats.writes.values()].map((w) => w.length);
    const ends = issues.map(({ repo, number }) => endOf(sim, repo, number));
    return {
      totalMs,
      floorMs: Math.max(...writesPerInstallation.map((k) => windowFloorMs(k, params.windows))),
      secondaryAnswers: stats.secondaryAnswers,
      writesPerInstallation,
      gaps: issues.length,
      withOnePr: ends.filter((e) => e.prs === 1).length,
      refusals: ends.filter((e) => e.prs === 0 && e.refused).length,
      wrong: ends.filter((e) => e.prs > 1 || (e.prs === 0 && !e.refused)).length,
    };
  } finally {
    await fleet?.stop();
    await store?.close();
    await sim.stop();
    await cluster.stop();
  }
}

export async function waitUntil(done: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`not done within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
