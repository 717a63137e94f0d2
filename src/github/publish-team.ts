import { asGraphqlFailure, type GraphqlClient } from "./graphql-client.ts";

export interface FileChange {
  path: string;
  content: string;
}

export interface PublishParams {
  graphql: GraphqlClient;
  repositoryId: string;
  nameWithOwner: string;
  baseBranch: { name: string; oid: string };
  branchName: string;
  /** Current head of the branch when it already exists. */
  branchHead: string | null;
  /** The open PR from the branch, when there is one (it gets a new commit and an updated body). */
  pullRequest: { id: string; number: number; url: string } | null;
  files: FileChange[];
  deletions: string[];
  message: { headline: string; body: string };
  pr: { title: string; body: string; draft: boolean };
  /** Label names to add; `labelIds` has those that exist already. */
  labels: string[];
  labelIds: Map<string, string>;
  reviewerIds: string[];
  teamReviewerIds: string[];
  /** Waits before retrying; injected so tests and the benchmark run without real sleeps if they want. */
  sleep?: (ms: number) => Promise<void>;
}

export interface PublishResult {
  prId: string;
  prNumber: number;
  prUrl: string;
  created: boolean;
  commitOid: string;
  commitUrl: string;
  verified: boolean;
  branch: string;
}

const LABEL_COLOR = "5319e7";

/** What is already done on GitHub; each attempt does only the rest. */
interface Progress {
  branchHead: string | null;
  commit: { oid: string; url: string; verified: boolean } | null;
  pr: { id: string; number: number; url: string } | null;
  labelIds: Map<string, string>;
  /** Node id of the branch when this run created it (to remove it if no PR comes of it). */
  createdRefId: string | null;
}

/**
 * Publishes the team in two mutation documents: (1) branch + one signed commit with all files +
 * PR + missing labels; (2) labels + reviewers on the PR. A partly applied document is continued,
 * never repeated: the partial `data` of a failed mutation says what exists already.
 */
export async function publishTeam(params: PublishParams): Promise<PublishResult> {
  const sleep = params.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const progress: Progress = {
    branchHead: params.branchHead,
    commit: null,
    pr: null,
    labelIds: new Map(params.labelIds),
    createdRefId: null,
  };
  const existingPr = params.pullRequest;
  try {
    await withRetries({ sleep, attempts: 3 }, () => runCommitDocument(params, progress));
  } catch (error) {
    if (progress.createdRefId && !progress.pr && !existingPr) {
      await removeOrphanBranch(params.graphql, progress.createdRefId);
    }
    throw error;
  }
  const pr = progress.pr ?? existingPr;
  const commit = progress.commit;
  if (!pr || !commit) throw new Error("publishing did not produce a commit and a pull request");
  await withRetries({ sleep, attempts: 4, retryIf: isUnresolvableNode }, () =>
    runLabelDocument(params, progress, pr.id),
  );
  return {
    prId: pr.id,
    prNumber: pr.number,
    prUrl: pr.url,
    created: existingPr === null,
    commitOid: commit.oid,
    commitUrl: commit.url,
    verified: commit.verified,
    branch: params.branchName,
  };
}

async function runCommitDocument(params: PublishParams, progress: Progress): Promise<void> {
  const fields: string[] = [];
  const vars: string[] = [];
  const variables: Record<string, unknown> = {};
  const needRef = progress.branchHead === null;
  if (needRef) {
    vars.push("$ref: CreateRefInput!");
    fields.push("createRef(input: $ref) { ref { id name target { oid } } }");
    variables.ref = {
      repositoryId: params.repositoryId,
      name: `refs/heads/${params.branchName}`,
      oid: params.baseBranch.oid,
    };
  }
  if (!progress.commit) {
    vars.push("$commit: CreateCommitOnBranchInput!");
    fields.push(
      "createCommitOnBranch(input: $commit) { commit { oid url signature { isValid wasSignedByGitHub } } }",
    );
    variables.commit = {
      branch: { repositoryNameWithOwner: params.nameWithOwner, branchName: params.branchName },
      expectedHeadOid: progress.branchHead ?? params.baseBranch.oid,
      message: params.message,
      fileChanges: {
        additions: params.files.map((f) => ({
          path: f.path,
          contents: Buffer.from(f.content, "utf8").toString("base64"),
        })),
        deletions: params.deletions.map((path) => ({ path })),
      },
    };
  }
  if (!progress.pr) {
    if (params.pullRequest) {
      vars.push("$update: UpdatePullRequestInput!");
      fields.push("updatePullRequest(input: $update) { pullRequest { id number url } }");
      variables.update = {
        pullRequestId: params.pullRequest.id,
        title: params.pr.title,
        body: params.pr.body,
      };
    } else {
      vars.push("$pr: CreatePullRequestInput!");
      fields.push("createPullRequest(input: $pr) { pullRequest { id number url } }");
      variables.pr = {
        repositoryId: params.repositoryId,
        baseRefName: params.baseBranch.name,
        headRefName: params.branchName,
        title: params.pr.title,
        body: params.pr.body,
        draft: params.pr.draft,
      };
    }
  }
  params.labels
    .filter((name) => !progress.labelIds.has(name))
    .forEach((name, i) => {
      vars.push(`$label${i}: CreateLabelInput!`);
      fields.push(`label${i}: createLabel(input: $label${i}) { label { id name } }`);
      variables[`label${i}`] = {
        repositoryId: params.repositoryId,
        name,
        color: LABEL_COLOR,
        description: "Added by Team Factory",
      };
    });
  if (fields.length === 0) return;
  const document = `mutation TeamFactoryPublish(${vars.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
  let data: Record<string, unknown> | null;
  let failure: unknown = null;
  try {
    data = await params.graphql<Record<string, unknown>>(document, variables);
  } catch (error) {
    failure = error;
    data = asGraphqlFailure(error)?.data ?? null;
  }
  recordCommitDocument(data, progress);
  if (failure) throw failure;
}

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL response, read defensively field by field
type Loose = any;

function recordCommitDocument(data: Loose, progress: Progress): void {
  if (!data) return;
  const ref = data.createRef?.ref;
  if (ref?.target?.oid) {
    progress.branchHead = ref.target.oid;
    progress.createdRefId = ref.id;
  }
  const commit = data.createCommitOnBranch?.commit;
  if (commit?.oid) {
    progress.branchHead = commit.oid;
    progress.commit = {
      oid: commit.oid,
      url: commit.url,
      verified: commit.signature?.isValid === true && commit.signature?.wasSignedByGitHub === true,
    };
  }
  const pr = data.createPullRequest?.pullRequest ?? data.updatePullRequest?.pullRequest;
  if (pr?.id) progress.pr = { id: pr.id, number: pr.number, url: pr.url };
  for (const [key, value] of Object.entries(data as Record<string, Loose>)) {
    if (key.startsWith("label") && value?.label?.id) {
      progress.labelIds.set(value.label.name, value.label.id);
    }
  }
}

async function runLabelDocument(params: PublishParams, progress: Progress, prId: string) {
  const labelIds = params.labels
    .map((name) => progress.labelIds.get(name))
    .filter((id): id is string => typeof id === "string");
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const vars: string[] = [];
  if (labelIds.length) {
    vars.push("$labels: AddLabelsToLabelableInput!");
    fields.push("addLabelsToLabelable(input: $labels) { clientMutationId }");
    variables.labels = { labelableId: prId, labelIds };
  }
  if (params.reviewerIds.length || params.teamReviewerIds.length) {
    vars.push("$reviews: RequestReviewsInput!");
    fields.push("requestReviews(input: $reviews) { clientMutationId }");
    variables.reviews = {
      pullRequestId: prId,
      userIds: params.reviewerIds,
      teamIds: params.teamReviewerIds,
      union: true,
    };
  }
  if (fields.length === 0) return;
  await params.graphql(
    `mutation TeamFactoryLabel(${vars.join(", ")}) {\n  ${fields.join("\n  ")}\n}`,
    variables,
  );
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

function isUnresolvableNode(error: unknown): boolean {
  const failure = asGraphqlFailure(error);
  const messages = failure ? failure.errors.map((e) => e.message) : [String(error)];
  return messages.some((m) => /could not resolve to a node/i.test(m));
}

/** Transient: a 5xx, a timeout or a network error (rate limits are retried by Octokit itself). */
function isTransient(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (typeof status === "number") return status >= 500;
  return asGraphqlFailure(error) === null;
}

async function withRetries(
  options: {
    sleep: (ms: number) => Promise<void>;
    attempts: number;
    retryIf?: (error: unknown) => boolean;
  },
  run: () => Promise<void>,
): Promise<void> {
  const retryIf = options.retryIf ?? isTransient;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= options.attempts || !retryIf(error)) throw error;
      await options.sleep(250 * 2 ** (attempt - 1));
    }
  }
}
