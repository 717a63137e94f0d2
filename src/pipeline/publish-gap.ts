import type { RepoConfig } from "../config/repo-config.ts";
import { GENERATOR_VERSION, type GeneratedFile } from "../factory/generate-team.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { PublishResult } from "../github/publish-team.ts";
import { pullRequestBody, pullRequestTitle } from "../github/render-pull-request.ts";
import type { RepoGitHub } from "../github/repo-github.ts";
import type { GapJob } from "../intake/gap-job.ts";
import { pathsOutsideTeam } from "../policy/team-paths.ts";
import { coverRequirements } from "../spec/cover-requirements.ts";
import type { CostEstimate } from "../spec/estimate-cost.ts";
import type { Gap } from "../spec/gap.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import type { GapRecord } from "../store/store.ts";
import type { GapJournal } from "./gap-journal.ts";
import type { GapOutcome, PipelineStore } from "./pipeline-deps.ts";
import { renderEvidence } from "./render-outcome.ts";

/** The commit message and PR text, when the change is not a new team (an enhancement, an upgrade). */
export interface PublishText {
  headline: string;
  title: string;
  body: string;
}

type PublishParams = {
  github: RepoGitHub;
  job: GapJob;
  gap: Gap;
  record: GapRecord;
  config: RepoConfig;
  context: RepoContext;
  spec: TeamSpec;
  cost: CostEstimate;
  hash: string;
  builtBy: string;
  branch: string;
  files: GeneratedFile[];
  /** Other text than a new team's (the path check is the same). */
  text?: PublishText;
  generatorVersion?: string;
};

/**
 * Step 10: the last check, then the mutation. Everything the commit adds, changes or deletes and
 * everything the gap's branch already differs by from the base must lie in the team's folder;
 * otherwise nothing is published and the issue names the paths. A failure gives the slot back.
 */
export async function publishGap(
  params: PublishParams & { j: GapJournal; store: PipelineStore; scope: string },
): Promise<{ ok: true; pr: PublishResult } | { ok: false; outcome: GapOutcome }> {
  const { j, store, config, context, spec, files } = params;
  const paths = new Set(files.map((f) => f.path));
  const deletions = context.branch ? params.record.paths.filter((p) => !paths.has(p)) : [];
  const fail = async (reason: string, text: string) => {
    await store
      .releaseDailySlot({ scope: params.scope, gapKey: params.gap.gapKey })
      .catch(() => undefined);
    await j.move({ state: "failed", reason });
    return {
      ok: false as const,
      outcome: await j.finish({ kind: "failed", reason: text }, "pr", text),
    };
  };
  try {
    const onBranch = context.branch
      ? ((await params.github.changedPaths(context.defaultBranch.name, params.branch)) ?? [])
      : [];
    const outside = pathsOutsideTeam(
      [...paths, ...deletions, ...onBranch],
      config.teams_dir,
      spec.name,
    );
    if (outside.length) {
      await j.audit("pr.refused-paths", { paths: outside.slice(0, 50) });
      const listed = outside.slice(0, 20).map((p) => `\`${p.replace(/`/g, "'").slice(0, 200)}\``);
      return await fail(
        "paths outside the team folder",
        `Nothing was published: a Team Factory PR may only change \`${config.teams_dir}/${spec.name}/\`, and the branch \`${params.branch}\` (or this commit) also changes ${listed.join(", ")}${outside.length > 20 ? ` and ${outside.length - 20} more` : ""}. Remove those changes from the branch (or delete the branch), then comment \`/create-team\` again.`,
      );
    }
    return { ok: true, pr: await send(params, deletions) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await j.audit("pr.failed", { error: message.slice(0, 1000) });
    return fail(
      message,
      `GitHub refused or failed while opening the pull request: ${message.slice(0, 300)}. Nothing was merged; the daily slot was given back. Comment \`/create-team\` or re-add the label to try again.`,
    );
  }
}

/** What every PR of a gap shows besides the team: the gap, its coverage and the provenance. */
export function gapView(params: Omit<PublishParams, "github" | "record" | "context" | "branch">) {
  const { job, gap, config, spec, hash, files } = params;
  return {
    reason: gap.requiredSkills.slice(0, 4).join(", ") || gap.title,
    issueNumber: job.issueNumber,
    evidence: renderEvidence(gap),
    trackingId: gap.gapKey,
    provenance: {
      generatorVersion: params.generatorVersion ?? GENERATOR_VERSION,
      specHash: hash,
      builtBy: params.builtBy,
      trigger: job.trigger,
      actor: job.actor,
    },
    teamsDir: config.teams_dir,
    fileCount: files.length,
    coverage: coverRequirements({ gap, spec }),
  };
}

/** Review teams and reviewers the config names that GitHub does not know (not requested). */
export function missingReviewers(config: RepoConfig, context: RepoContext): string[] {
  return [
    ...config.reviewers.filter((login) => !context.reviewerIds.has(login)),
    ...config.team_reviewers
      .filter((slug) => !context.teamReviewerIds.has(slug))
      .map((slug) => `${context.nameWithOwner.split("/")[0]}/${slug}`),
  ];
}

/** The planned team as GitHub should show it: one commit, the PR text, labels and reviewers. */
function send(params: PublishParams, deletions: string[]): Promise<PublishResult> {
  const { gap, config, context, spec, hash, files } = params;
  const view = gapView(params);
  const text = params.text ?? {
    headline: `Add ${spec.name} (${spec.framework}, ${spec.members.length} members)`,
    title: pullRequestTitle(spec, view.reason),
    body: pullRequestBody({ ...view, spec, cost: params.cost }),
  };
  return params.github.publish({
    repositoryId: context.repositoryId,
    nameWithOwner: context.nameWithOwner,
    baseBranch: context.defaultBranch,
    branchName: params.branch,
    branchHead: context.branch?.oid ?? null,
    pullRequest: context.pullRequest,
    files,
    // A regeneration deletes the files of the previous commit that are gone now.
    deletions,
    message: {
      headline: text.headline,
      body: `Generated by Team Factory ${view.provenance.generatorVersion} for ${gap.gapKey}.\nSpec sha256: ${hash}`,
    },
    pr: { title: text.title, body: text.body, draft: config.draft },
    labels: config.labels,
    labelIds: context.labels,
    reviewerIds: config.reviewers.flatMap((login) => context.reviewerIds.get(login) ?? []),
    teamReviewerIds: config.team_reviewers.flatMap(
      (slug) => context.teamReviewerIds.get(slug) ?? [],
    ),
  });
}
