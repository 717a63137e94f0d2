import type { RepoConfig } from "../config/repo-config.ts";
import { specHash } from "../factory/spec-hash.ts";
import type { TeamRebuild } from "../factory/team-provenance.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import { upgradeBody, upgradeTitle } from "../github/render-team-change.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import type { GapJob } from "../intake/gap-job.ts";
import { pauseGate } from "../policy/pause.ts";
import { estimateCost } from "../spec/estimate-cost.ts";
import { Gap } from "../spec/gap.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import { gapJournal } from "./gap-journal.ts";
import type { GapOutcome, PipelineDeps } from "./pipeline-deps.ts";
import { missingReviewers, publishGap } from "./publish-gap.ts";
import { reportPullRequest } from "./report-pull-request.ts";

const versionPart = (version: string) => version.toLowerCase().replace(/[^a-z0-9._-]/g, "-");

/** The gap of a merged team's upgrade to one generator version (one PR per team and version). */
export function upgradeGapKey(repo: string, team: string, version: string): string {
  return `${repo.toLowerCase()}:upgrade:${team}:${versionPart(version)}`.slice(0, 200);
}

/**
 * A merged team rebuilt by a newer generator: a PR on `<prefix><team>-upgrade-<version>` that
 * changes only its folder and lists what changed. The spec (and so the cost) is the one in
 * team.json: no cost gate, no daily slot; the same last check of the paths before publishing.
 */
export async function openUpgrade(params: {
  job: GapJob;
  deps: PipelineDeps;
  github: RepoGitHub;
  config: RepoConfig;
  context: RepoContext;
  spec: TeamSpec;
  rebuilt: TeamRebuild;
  from: string;
  to: string;
  progressCommentId(gapKey: string): number | null;
}): Promise<GapOutcome> {
  const { job, deps, github, config, context, spec, rebuilt, from, to } = params;
  const { store } = deps;
  const repo = `${job.owner}/${job.repo}`;
  const gapKey = upgradeGapKey(repo, spec.name, to);
  const record = await store.openGap({ ...job, gapKey, repo, trigger: "regenerate" });
  const j = gapJournal({
    ...{ defer: deps.defer, job, gapKey, github, store },
    progressCommentId: params.progressCommentId(gapKey),
  });
  await j.audit("gap.received", { trigger: "regenerate", upgrades: spec.name, from, to });
  if (record.state === "merged")
    return j.refuse(
      `the upgrade of ${spec.name} to team-factory ${to} was merged in #${record.prNumber}.`,
    );
  const pause = pauseGate(await store.pauseStatus({ installationId: job.installationId, repo }));
  if (!pause.pass)
    return j.refuse(`${pause.message} Comment \`/regenerate\` again after it resumes.`);

  const branch = `${config.branch_prefix}${spec.name}-upgrade-${versionPart(to)}`;
  const cost = estimateCost({ spec, prices: config.prices });
  const hash = specHash(spec);
  const changes = rebuilt.changed.length + rebuilt.added.length + rebuilt.removed.length;
  const changing = changes === 1 ? "1 file changes" : `${changes} files change`;
  j.progress.step("spec", "done", `${spec.name}: its team.json (team-factory ${from} → ${to})`);
  j.progress.step("cost", "done", `unchanged, $${cost.monthlyUsd.toFixed(2)}/month`);
  j.progress.step("gates", "skipped", "the same team at the same cost: no daily slot");
  j.progress.step("files", "done", `${changing} of ${rebuilt.files.length}`);
  await j.move({ state: "planned", branch, spec, specHash: hash, cost });
  await j.move({ state: "publishing" });
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
  };
  const published = await publishGap({
    ...{ github, job, gap, record, config, context, spec, cost, hash, branch, j, store },
    ...{ builtBy: "the spec in team.json", files: rebuilt.files, scope: "", generatorVersion: to },
    removed: rebuilt.removed.map((path) => `${config.teams_dir}/${spec.name}/${path}`),
    text: {
      headline: `Regenerate ${spec.name} with team-factory ${to}`,
      title: upgradeTitle(spec.name, to),
      body: upgradeBody(view),
    },
  });
  if (!published.ok) return published.outcome;
  return reportPullRequest({
    ...{ job, gapKey, record, pr: published.pr, spec, j, deps },
    paths: rebuilt.files.map((f) => f.path),
    what: `${spec.name} regenerated with team-factory ${to} (${changing})`,
    unknown: missingReviewers(config, context),
  });
}
