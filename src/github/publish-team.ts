import { type CommitPlan, type Progress, runCommitDocument } from "./commit-document.ts";
import type { GraphqlClient } from "./graphql-client.ts";
import { type LabelRequest, labelPullRequest } from "./label-pull-request.ts";
import { withRetries } from "./retry-graphql.ts";

export interface PublishTeamParams extends Omit<LabelRequest, "prId">, CommitPlan {
  /** Current head of the branch when it already exists. */
  branchHead: string | null;
  /**
   * The branch's head when it already is this plan's commit (a publish interrupted after its
   * mutation and resumed): no second commit is made.
   */
  headCommit: { oid: string; url: string; verified: boolean } | null;
  /** Waits before retrying; injected so tests and the benchmark run without real sleeps if they want. */
  sleep?: (ms: number) => Promise<void>;
}

export type { FileChange } from "./commit-document.ts";

export interface PublishResult {
  prId: string;
  prNumber: number;
  prUrl: string;
  created: boolean;
  commitOid: string;
  commitUrl: string;
  verified: boolean;
  branch: string;
  /** False when the labels or reviewers could not be added (the PR exists; a later job retries). */
  labelled: boolean;
  labelError: string | null;
}

/** Publishing stopped before the commit and the PR were both there; `pr` is the one that exists. */
export class PublishError extends Error {
  readonly pr: { id: string; number: number; url: string } | null;
  constructor(message: string, pr: PublishError["pr"]) {
    super(message);
    this.name = "PublishError";
    this.pr = pr;
  }
}

/**
 * Publishes the team in two mutation documents: (1) branch + one signed commit with all files +
 * PR + missing labels; (2) labels + reviewers on the PR. A partly applied document is continued,
 * never repeated: the partial `data` of a failed mutation says what exists already. Once the PR
 * exists it is the outcome: labels that fail (a label created by someone else meanwhile, GitHub
 * failing) are reported in `labelled`, never thrown.
 */
export async function publishTeam(params: PublishTeamParams): Promise<PublishResult> {
  const sleep = params.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const progress: Progress = {
    branchHead: params.branchHead,
    commit: params.headCommit,
    pr: null,
    labelIds: new Map(params.labelIds),
    createdRefId: null,
  };
  const existingPr = params.pullRequest;
  try {
    await withRetries({ sleep, attempts: 3 }, () => runCommitDocument(params, progress));
  } catch (error) {
    if (!(progress.pr && progress.commit)) {
      if (progress.createdRefId && !progress.pr && !existingPr) {
        await removeOrphanBranch(params.graphql, progress.createdRefId);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new PublishError(message, progress.pr ?? existingPr);
    }
  }
  const pr = progress.pr ?? existingPr;
  const commit = progress.commit;
  if (!pr || !commit)
    throw new PublishError("publishing did not produce a commit and a pull request", pr);
  const labels = await labelPullRequest({
    ...params,
    labelIds: progress.labelIds,
    prId: pr.id,
    sleep,
  });
  return {
    prId: pr.id,
    prNumber: pr.number,
    prUrl: pr.url,
    created: existingPr === null,
    commitOid: commit.oid,
    commitUrl: commit.url,
    verified: commit.verified,
    branch: params.branchName,
    labelled: labels.ok,
    labelError: labels.ok ? null : labels.error,
  };
}

/** Best effort: a branch without a PR is noise; a failure to delete it is reported by the caller's error. */
async function removeOrphanBranch(graphql: GraphqlClient, refId: string): Promise<void> {
  await graphql(
    "mutation TeamFactoryCleanup($ref: DeleteRefInput!) { deleteRef(input: $ref) { clientMutationId } }",
    {
      ref: { refId },
    },
  ).catch(() => undefined);
}
