import type { RepoConfig } from "../config/repo-config.ts";
import { specHash } from "../factory/spec-hash.ts";
import type { RecordedSpec, TeamRebuild } from "../factory/team-provenance.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import { costGate } from "../policy/cost-gate.ts";
import { pauseGate } from "../policy/pause.ts";
import { signedUsd, upgradeBody, upgradeTitle } from "../render/render-team-change.ts";
import { estimateCost, isPriceKnown } from "../spec/estimate-cost.ts";
import { Gap } from "../spec/gap.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import { dailySlot, noSlot, overTheCap } from "./daily-slot.ts";
import { gapJournal } from "./gap-journal.ts";
import { reportAwaitingApproval } from "./gap-reports.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { missingReviewers, publishGap } from "./publish-gap.ts";
import { reportPullRequest } from "./report-pull-request.ts";

const versionPart = (version: string) => version.toLowerCase().replace(/[^a-z0-9._-]/g, "-");

/** The gap of a merged team's upgrade to one generator version (one PR per team and version). */
export function upgradeGapKey(repo: string, team: string, version: string): string {
  return `${repo.toLowerCase()}:upgrade:${team}:${versionPart(version)}`.slice(0, 200);
}

/**
 * A merged team rebuilt by a newer generator: a PR on `<prefix><team>-upgrade-<version>` that
 * changes only its folder and lists what changed. The spec is team.json's, one the app recorded for
 * the team: the same spec at the same cost passes no gate and takes no slot; a cost that changed
 * (prices) goes through the cost gate, weighed by the change, and a spec other than the one last
 * published (an approved one) takes a daily slot. The same last check of the paths before
 * publishing.
 */
export async function openUpgrade(params: {
  job: Job;
  deps: PipelineDeps;
  github: RepoGitHub;
  config: RepoConfig;
  context: RepoContext;
  spec: TeamSpec;
  rebuilt: TeamRebuild;
  from: string;
  to: string;
  /** What the folder holds by the app's records (its cost is the one the gate compares). */
  current: RecordedSpec | null;
  /** team.json holds a spec a maintainer approved for a gap of this team. */
  approved: boolean;
  progressCommentId(gapKey: string): number | null;
}): Promise<GapOutcome> {
  const { job, deps, github, config, context, spec, rebuilt, from, to, current } = params;
  const { store } = deps;
  const repo = `${job.owner}/${job.repo}`;
  const gapKey = upgradeGapKey(repo, spec.name, to);
  const record = await store.openGap({ ...job, gapKey, repo, trigger: "regenerate" });
  const journal = gapJournal({
    ...{ defer: deps.defer, job, gapKey, github, store },
    progressCommentId: params.progressCommentId(gapKey),
  });
  await journal.audit("gap.received", { trigger: "regenerate", upgrades: spec.name, from, to });
  if (record.state === "merged")
    return journal.refuse(
      `the upgrade of ${spec.name} to team-factory ${to} was merged in #${record.prNumber}.`,
    );
  const pause = pauseGate(await store.pauseStatus({ installationId: job.installationId, repo }));
  if (!pause.pass)
    return journal.refuse(`${pause.message} Comment \`/regenerate\` again after it resumes.`);

  const branch = `${config.branch_prefix}${spec.name}-upgrade-${versionPart(to)}`;
  const cost = estimateCost({ spec, prices: config.prices });
  const hash = specHash(spec);
  const deltaUsd = Math.round((cost.monthlyUsd - (current?.cost?.monthlyUsd ?? 0)) * 100) / 100;
  const changesSpec = current?.specHash !== hash;
  const changes = rebuilt.changed.length + rebuilt.added.length + rebuilt.removed.length;
  const changing = changes === 1 ? "1 file changes" : `${changes} files change`;
  const total = `$${cost.monthlyUsd.toFixed(2)}/month`;
  journal.progress.step(
    "spec",
    "done",
    `${spec.name}: its team.json (team-factory ${from} → ${to})${changesSpec ? ", not the spec last published" : ""}`,
  );
  journal.progress.step(
    "cost",
    "done",
    deltaUsd === 0 ? `unchanged, ${total}` : `${signedUsd(deltaUsd)}/month, ${total} in all`,
  );
  await journal.move({ state: "planned", branch, spec, specHash: hash, cost });

  // The gates, for what changes: the cost by the change, the spec by a slot of today.
  if (deltaUsd !== 0) {
    const approval = await store.findApproval({ gapKey, specHash: hash });
    const threshold = config.cost_threshold_usd;
    const verdict = costGate({
      monthlyUsd: deltaUsd,
      thresholdUsd: threshold,
      model: spec.model,
      priceKnown: isPriceKnown(spec.model, config.prices),
      specHash: hash,
      approvedHash: params.approved ? hash : (approval?.specHash ?? null),
      authors: [record.requester, ...record.specAuthors, job.actor],
    });
    if (!verdict.pass)
      return reportAwaitingApproval(journal, {
        spec,
        cost,
        hash,
        threshold,
        message: verdict.message,
      });
  }
  // A spec other than the one last published takes a slot of today; the same spec takes none.
  const slot = changesSpec ? dailySlot({ store, job, config, gapKey }) : noSlot(null);
  const taken = await slot.reserve();
  const capped = await overTheCap(journal, taken, "Comment `/regenerate`");
  if (capped) return capped;
  if (taken)
    journal.progress.step("gates", "done", `${taken.remaining} of ${taken.limit} left today`);
  else
    journal.progress.step(
      "gates",
      deltaUsd === 0 ? "skipped" : "done",
      deltaUsd === 0
        ? "the same team at the same cost: no daily slot"
        : "the same team: no daily slot",
    );
  journal.progress.step("files", "done", `${changing} of ${rebuilt.files.length}`);
  await journal.move({ state: "publishing" });
  const gap = Gap.parse({
    kind: "command",
    repo,
    issueNumber: job.issueNumber ?? undefined,
    actor: job.actor,
    title: `Regenerate ${spec.name} with team-factory ${to}`,
    description: spec.description,
    requiredSkills: spec.skills,
    gapKey,
  });
  const view = {
    ...{ team: spec.name, teamsDir: config.teams_dir, from, to, trackingId: gapKey },
    ...{ changed: rebuilt.changed, added: rebuilt.added, removed: rebuilt.removed },
    notGenerated: rebuilt.notGenerated,
    ...{ issueNumber: job.issueNumber, specHash: hash, actor: job.actor },
    cost:
      deltaUsd === 0 ? null : { beforeUsd: cost.monthlyUsd - deltaUsd, afterUsd: cost.monthlyUsd },
  };
  const published = await publishGap(
    { job, github, journal, config, record },
    {
      gap,
      spec,
      cost,
      hash,
      builtBy: "the spec in team.json",
      files: rebuilt.files,
      generatorVersion: to,
    },
    {
      ...{ branch, context, slot },
      removed: rebuilt.removed.map((path) => `${config.teams_dir}/${spec.name}/${path}`),
      text: {
        headline: `Regenerate ${spec.name} with team-factory ${to}`,
        title: upgradeTitle(spec.name, to),
        body: upgradeBody(view),
      },
    },
  );
  if (!published.ok) return published.outcome;
  return reportPullRequest({
    ...{ job, gapKey, record, pr: published.pr, spec, journal, deps },
    paths: rebuilt.files.map((f) => f.path),
    what: `${spec.name} regenerated with team-factory ${to} (${changing})`,
    unknown: missingReviewers(config, context),
  });
}
