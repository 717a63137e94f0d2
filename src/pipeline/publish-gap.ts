import type { RepoConfig } from "../config/repo-config.ts";
import { GENERATOR_VERSION, type GeneratedFile } from "../factory/generate-team.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import { PublishError, type PublishResult } from "../github/publish-team.ts";
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
};

/**
 * Step 10: the last check, then the mutation. Everything the commit adds, changes or deletes and
 * everything the gap's branch already differs by from the base must lie in the team's folder;
 * otherwise nothing is published and the issue names the paths. The outcome is what GitHub did:
 * a PR that exists (partial data, or found on the branch after an answer was lost) is the result,
 * its slot is kept and labels that failed are left to a later job. A failed update of the gap's
 * open PR leaves it open as it was (no slot was taken); a new PR that does not exist gives its
 * slot back and the gap is failed.
 */
export async function publishGap(
  params: PublishParams & { j: GapJournal; store: PipelineStore; scope: string },
): Promise<{ ok: true; pr: PublishResult } | { ok: false; outcome: GapOutcome }> {
  const { j, config, context, spec, files } = params;
  const open = context.pullRequest;
  const paths = new Set(files.map((f) => f.path));
  const deletions = context.branch ? params.record.paths.filter((p) => !paths.has(p)) : [];
  const fail = async (reason: string, text: string) => {
    if (open) {
      await j.move({ state: "pr-open", prNumber: open.number, prUrl: open.url, reason });
      const kept = `${text} The pull request ${open.url} stays open as it was.`;
      return {
        ok: false as const,
        outcome: await j.finish({ kind: "failed", reason }, "pr", kept),
      };
    }
    await params.store
      .releaseDailySlot({ scope: params.scope, gapKey: params.gap.gapKey })
      .catch(() => undefined);
    await j.move({ state: "failed", reason });
    const text2 = `${text} Nothing was merged; the daily slot was given back.`;
    return { ok: false as const, outcome: await j.finish({ kind: "failed", reason }, "pr", text2) };
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
    const created = open ? null : await createdAnyway(params, error);
    if (created) return { ok: true, pr: created };
    return fail(
      message,
      `GitHub refused or failed while ${open ? "updating" : "opening"} the pull request: ${message.slice(0, 300)}. Comment \`/create-team\` or re-add the label to try again.`,
    );
  }
}

/** A new PR GitHub created although the answer said otherwise (partial data, or a lost answer). */
async function createdAnyway(params: PublishParams, error: unknown): Promise<PublishResult | null> {
  const pr =
    (error instanceof PublishError ? error.pr : null) ??
    (await params.github.findPullRequest(params.branch).catch(() => null));
  if (!pr) return null;
  return {
    ...{ prId: pr.id, prNumber: pr.number, prUrl: pr.url, created: true, branch: params.branch },
    ...{
      commitOid: "",
      commitUrl: "",
      verified: false,
      labelled: false,
      labelError: "not added yet",
    },
  };
}

/** The planned team as GitHub should show it: one commit, the PR text, labels and reviewers. */
function send(params: PublishParams, deletions: string[]): Promise<PublishResult> {
  const { job, gap, config, context, spec, hash, files } = params;
  const reason = gap.requiredSkills.slice(0, 4).join(", ") || gap.title;
  return params.github.publish({
    repositoryId: context.repositoryId,
    nameWithOwner: context.nameWithOwner,
    baseBranch: context.defaultBranch,
    branchName: params.branch,
    branchHead: context.branch?.oid ?? null,
    // The branch's head already is this plan's commit (a publish resumed after its mutation).
    headCommit: isThisPlan(context.branch, hash) ? context.branch : null,
    pullRequest: context.pullRequest,
    files,
    // A regeneration deletes the files of the previous commit that are gone now.
    deletions,
    message: {
      headline: `Add ${spec.name} (${spec.framework}, ${spec.members.length} members)`,
      body: `${PROVENANCE} for ${gap.gapKey}.\nSpec sha256: ${hash}`,
    },
    pr: {
      title: pullRequestTitle(spec, reason),
      body: pullRequestBody({
        spec,
        cost: params.cost,
        reason,
        issueNumber: job.issueNumber,
        evidence: renderEvidence(gap),
        trackingId: gap.gapKey,
        provenance: {
          generatorVersion: GENERATOR_VERSION,
          specHash: hash,
          builtBy: params.builtBy,
          trigger: job.trigger,
          actor: job.actor,
        },
        teamsDir: config.teams_dir,
        fileCount: files.length,
        coverage: coverRequirements({ gap, spec }),
      }),
      draft: config.draft,
    },
    labels: config.labels,
    labelIds: context.labels,
    reviewerIds: config.reviewers.flatMap((login) => context.reviewerIds.get(login) ?? []),
    teamReviewerIds: [],
  });
}

const PROVENANCE = `Generated by Team Factory ${GENERATOR_VERSION}`;

/** The commit message says this generator version made it from this spec hash. */
function isThisPlan(head: RepoContext["branch"], hash: string): boolean {
  return (
    head !== null &&
    head.message.includes(`${PROVENANCE} for `) &&
    head.message.includes(`Spec sha256: ${hash}`)
  );
}
