import { createRequire } from "node:module";
import type { AppProcess } from "./app-process.ts";
import { startAppAgainst } from "./app-process-measures.ts";
import type { BenchGitHub } from "./bench-github.ts";
import { sendDeliveries } from "./send-deliveries.ts";
import type { BenchRow } from "./table.ts";

const MAINTAINER = "maria-maintainer";
/** Every delivery's issue carries it (~100 KB), so each trigger's job does. */
const BIG_BODY = `We need a team that monitors Kubernetes cost per namespace.\n\n${"Context line. ".repeat(7000)}`;

type Json = Record<string, unknown>;

/** GitHub's own `issue_comment.created` example, pointed at one of our repositories. */
function commentPayload(params: {
  base: Json;
  installationId: number;
  owner: string;
  repo: string;
  issue: number;
  /** Each comment its own id: the app takes a comment id seen before for a replay. */
  commentId: number;
  body: string;
}): string {
  const { base } = params;
  return JSON.stringify({
    ...base,
    installation: { id: params.installationId, node_id: "I_bench" },
    repository: {
      ...(base.repository as Json),
      name: params.repo,
      full_name: `${params.owner}/${params.repo}`,
      owner: { ...((base.repository as Json).owner as Json), login: params.owner },
    },
    issue: {
      ...(base.issue as Json),
      number: params.issue,
      body: BIG_BODY,
      pull_request: undefined,
    },
    comment: { ...(base.comment as Json), id: params.commentId, body: params.body },
    sender: { ...(base.sender as Json), login: MAINTAINER, type: "User" },
  });
}

/** RSS once it stops falling (sampled every 500 ms for up to 10 s after a 2 s pause). */
async function settledRss(app: AppProcess): Promise<number> {
  await new Promise((r) => setTimeout(r, 2000));
  let last = app.rssMb();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = app.rssMb();
    if (now >= last - 0.5) return Math.min(now, last);
    last = now;
  }
  return last;
}

/**
 * `soak_rss_growth_mb`: the app as `npm start` runs it takes three rounds of `total` signed
 * deliveries, `triggers` of them `/create-team --dry-run` comments (each job carrying a ~100 KB
 * issue body) spread over `repos` installations, the rest plain comments. The value is the
 * settled RSS after the third round minus the settled RSS after the second.
 */
export async function measureSoak(params: {
  gh: BenchGitHub;
  env: Record<string, string>;
  total?: number;
  triggers?: number;
  repos?: number;
}): Promise<BenchRow[]> {
  const { gh, total = 10_000, triggers = 500, repos = 50 } = params;
  const require = createRequire(import.meta.url);
  const examples = require("@octokit/webhooks-examples") as { name: string; examples: Json[] }[];
  const base = examples
    .find((e) => e.name === "issue_comment")
    ?.examples.find((p) => p.action === "created");
  if (!base) throw new Error("no issue_comment.created example in @octokit/webhooks-examples");
  const targets: { owner: string; repo: string; installationId: number; issue: number }[] = [];
  for (let i = 0; i < repos; i++) {
    const owner = `soak-org-${i}`;
    const created = gh.sim.createRepo({
      owner,
      name: "agents",
      installation: true,
      collaborators: { [MAINTAINER]: "maintain" },
      files: { "README.md": "# agents\n" },
    });
    const installation = gh.sim.state.installations.find((x) => x.repoIds.has(created.id));
    if (!installation) throw new Error(`no installation for ${owner}`);
    targets.push({ owner, repo: "agents", installationId: installation.id, issue: 0 });
  }
  const app: AppProcess = await startAppAgainst(gh, params.env);
  let sampler: NodeJS.Timeout | undefined;
  try {
    const url = `${app.url}/api/github/webhooks`;
    gh.sim.setWebhookUrl(url);
    for (const t of targets) {
      const repo = `${t.owner}/${t.repo}` as const;
      t.issue = (
        await gh.sim.act.openIssue({ repo, title: "Cost monitoring", actor: MAINTAINER })
      ).number;
    }
    const secret = gh.sim.app.webhookSecret;
    let commentId = 1_000_000;
    // Built as they are sent: all 10,000 at once (1.1 GB) kept this process busy for seconds.
    const bodyAt = (i: number) => {
      const t = targets[i % targets.length] as (typeof targets)[number];
      const trigger = i % Math.round(total / triggers) === 0;
      return commentPayload({
        base,
        ...t,
        commentId: commentId++,
        body: trigger
          ? "/create-team --dry-run\nWatch spend per namespace."
          : "Thanks, looks good!",
      });
    };
    const answered = () =>
      gh.sim.log.filter((e) => /^issues\/(create|update)-comment$/.test(e.operationId ?? ""))
        .length;
    const waitFor = async (count: number, deadlineMs: number) => {
      const deadline = Date.now() + deadlineMs;
      while (answered() < count) {
        if (Date.now() > deadline)
          throw new Error(
            `only ${answered()} of ${count} triggers were answered in time; the app's log ends: ${app.output().slice(-1500)}`,
          );
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    let peak = 0;
    sampler = setInterval(() => {
      peak = Math.max(peak, app.rssMb());
    }, 200);
    // Three identical rounds: the first two bring the heap to its working size (one was not
    // enough: 352 → 377 → 377 → 378 MB over four), the third must not add to it (a job runner
    // that kept its jobs would add ~50 MB a round in issue bodies alone).
    const round = async (done: number) => {
      const t0 = performance.now();
      await sendDeliveries({ url, secret, event: "issue_comment", count: total, bodyAt });
      await waitFor(done + triggers, 240_000);
      const seconds = (performance.now() - t0) / 1000;
      return { rss: await settledRss(app), seconds };
    };
    await round(0);
    const warm = await round(triggers);
    const soak = await round(2 * triggers);
    return [
      {
        metric: "soak_rss_growth_mb",
        value: soak.rss - warm.rss,
        unit: "MB",
        goal: { op: "<=", target: 20 },
        note: `VmRSS of node src/main.ts once settled: ${warm.rss.toFixed(0)} MB after two warm-up rounds, ${soak.rss.toFixed(0)} MB after the soak round; each round ${total.toLocaleString("en-US")} signed deliveries of which ${triggers} are /create-team --dry-run triggers (each job carrying a ~100 KB issue body) over ${repos} installations, ${warm.seconds.toFixed(0)} s and ${soak.seconds.toFixed(0)} s until every trigger was answered; peak ${peak.toFixed(0)} MB; GitHub's write windows off (TEAM_FACTORY_GITHUB_PACING=off; on, each installation makes at most 80 content-creating requests a minute)`,
      },
    ];
  } finally {
    clearInterval(sampler);
    await app.stop();
  }
}
