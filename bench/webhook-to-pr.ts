import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimRepo } from "../simulator/github/state.ts";
import { createApp } from "../src/app.ts";
import { createTeamFactory } from "../src/compose.ts";
import { createRequestHandler } from "../src/server/request-handler.ts";
import { openEmbeddedStore } from "../src/store/open-embedded-store.ts";
import { type BenchGitHub, MAINTAINER } from "./bench-github.ts";
import { countRequests, type RequestCounts } from "./count-requests.ts";
import { median } from "./latency-ratio.ts";
import { publishSeedWay } from "./publish-ways.ts";

type Files = { path: string; content: string }[];
const COMMAND = "/create-team bench-e2e-team skills=data visualization,dashboards";
const quiet = { info() {}, warn() {}, error() {} };

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Our app (Probot, a throwaway embedded store, the real handlers and pipeline) serving webhooks on 127.0.0.1. */
async function startOurApp(gh: BenchGitHub): Promise<{ url: string; stop(): Promise<void> }> {
  const { store } = await openEmbeddedStore({ dataDir: "memory://" });
  const factory = createTeamFactory({ store, drafter: null, replica: "bench", log: quiet });
  // The request handler `npm start` serves with (size limit, signature, then the app).
  const handle = await createRequestHandler({
    probot: gh.probot,
    appFn: createApp(factory),
    webhookPath: "/api/github/webhooks",
    secret: gh.sim.app.webhookSecret,
  });
  const server = await listen((req, res) => void handle(req, res));
  return {
    url: `${urlOf(server)}/api/github/webhooks`,
    stop: async () => {
      await close(server);
      await store.close();
    },
  };
}

/** The seed's handler: answers the webhook, then opens the PR its way with `files`. */
async function startSeedApp(gh: BenchGitHub, files: () => Files) {
  const server = await listen((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      res.writeHead(200).end();
      const payload = JSON.parse(body);
      if (!String(payload.comment?.body ?? "").startsWith("/create-team")) return;
      void (async () => {
        const octokit = await gh.probot.auth(payload.installation.id);
        const [owner, repo] = [payload.repository.owner.login, payload.repository.name];
        await publishSeedWay({ octokit, owner, repo, branch: "auto/team-bench", files: files() });
      })();
    });
  });
  return { url: urlOf(server), stop: () => close(server) };
}

/** Polls the simulator's state every 2 ms until `done` holds; the time it first held. */
async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now();
}

const pullOf = (repo: SimRepo) => [...repo.issues.values()].find((i) => i.pull);

/** All files on a PR's head branch under `teams/`, as the seed's way will publish them. */
export function filesOfPr(repo: SimRepo, branch: string): Files {
  const files: Files = [];
  const walk = (sha: string, prefix: string) => {
    for (const entry of repo.git.readTree(sha) ?? []) {
      const path = `${prefix}${entry.name}`;
      if (entry.mode === "40000" || entry.mode === "040000") walk(entry.sha, `${path}/`);
      else if (path.startsWith("teams/")) {
        files.push({ path, content: repo.git.read(entry.sha)?.body.toString("utf8") ?? "" });
      }
    }
  };
  const head = repo.git.getRef(`refs/heads/${branch}`);
  const tree = head ? repo.git.readCommit(head)?.tree : null;
  if (tree) walk(tree, "");
  return files;
}

interface RunTimes {
  openMs: number;
  labelledMs: number;
}

/** One comment on a fresh issue of a fresh repo, timed from the comment to the PR's states. */
async function oneRun(params: {
  gh: BenchGitHub;
  repo: string;
  waitRocket: boolean;
}): Promise<RunTimes & { repo: SimRepo }> {
  const { gh } = params;
  await gh.createRepo(params.repo);
  const repo = gh.sim.repo("bench-org", params.repo);
  const issue = await gh.sim.act.openIssue({
    repo: `bench-org/${params.repo}`,
    title: "We need dashboards",
    body: "Charts and dashboards for the weekly metrics, in d3.",
    actor: MAINTAINER,
  });
  gh.sim.resetLog();
  const start = performance.now();
  await gh.sim.act.comment({
    repo: `bench-org/${params.repo}`,
    number: issue.number,
    body: COMMAND,
    actor: MAINTAINER,
  });
  const open = await waitFor(() => !!pullOf(repo), 60_000, "PR");
  const labelled = await waitFor(
    () => (pullOf(repo)?.labels.length ?? 0) >= 3,
    60_000,
    "labelled PR",
  );
  if (params.waitRocket) {
    // Let the app finish its progress comment before the next run starts.
    const issueState = repo.issues.get(issue.number);
    await waitFor(
      () => !!issueState?.reactions.some((r) => r.content === "rocket"),
      60_000,
      "🚀 reaction",
    );
  }
  return { openMs: open - start, labelledMs: labelled - start, repo };
}

export interface WebhookToPr {
  ours: RunTimes;
  seed: RunTimes;
  files: number;
  /** Requests of our first timed run (webhook → labelled PR and the progress that follows). */
  counts: RequestCounts;
}

/**
 * Webhook (`/create-team` comment) → PR open, with `latencyMs` on every GitHub request: our app
 * end to end vs the seed's handler publishing the same files its way. Medians of `runs` each.
 */
export async function measureWebhookToPr(params: {
  gh: BenchGitHub;
  runs?: number;
  latencyMs?: number;
}): Promise<WebhookToPr> {
  const { gh, runs = 10 } = params;
  let files: Files = [];
  const ours = await startOurApp(gh);
  const seed = await startSeedApp(gh, () => files);
  const times = { ours: [] as RunTimes[], seed: [] as RunTimes[] };
  let counts: RequestCounts | null = null;
  try {
    gh.sim.setWebhookUrl(ours.url);
    // A warm-up run (not timed): the installation token, the store and the pipeline's first use.
    const warm = await oneRun({ gh, repo: "e2e-warm", waitRocket: true });
    const pr = pullOf(warm.repo);
    files = pr?.pull ? filesOfPr(warm.repo, pr.pull.head) : [];
    if (!files.length) throw new Error("our app's PR has no files under teams/");
    gh.sim.faults.setLatency(params.latencyMs ?? 80);
    for (let i = 0; i < runs; i++) {
      times.ours.push(await oneRun({ gh, repo: `e2e-ours-${i}`, waitRocket: true }));
      counts ??= countRequests(gh.sim.log);
    }
    gh.sim.setWebhookUrl(seed.url);
    for (let i = 0; i < runs; i++) {
      times.seed.push(await oneRun({ gh, repo: `e2e-seed-${i}`, waitRocket: false }));
    }
  } finally {
    gh.sim.faults.setLatency(0);
    await ours.stop();
    await seed.stop();
  }
  const medians = (xs: RunTimes[]) => ({
    openMs: median(xs.map((x) => x.openMs)),
    labelledMs: median(xs.map((x) => x.labelledMs)),
  });
  return {
    ours: medians(times.ours),
    seed: medians(times.seed),
    files: files.length,
    counts: counts as RequestCounts,
  };
}
