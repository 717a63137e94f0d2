import { asGraphqlFailure, type GraphqlClient } from "./graphql-client.ts";
import { LABEL_COLOR, type LabelRequest, labelPullRequest } from "./label-pull-request.ts";
import { withRetries } from "./retry-graphql.ts";

export interface FileChange {
  path: string;
  content: string;
}

export interface PublishParams extends Omit<LabelRequest, "prId"> {
  baseBranch: { name: string; oid: string };
  branchName: string;
  /** Current head of the branch when it already exists. */
  branchHead: string | null;
  /**
   * The branch's head when it already is this plan's commit (a publish interrupted after its
   * mutation and resumed): no second commit is made.
   */
  headCommit: { oid: string; url: string; verified: boolean } | null;
  /** The open PR from the branch, when there is one (it gets a new commit and an updated body). */
  pullRequest: { id: string; number: number; url: string } | null;
  files: FileChange[];
  deletions: string[];
  message: { headline: string; body: string };
  pr: { title: string; body: string; draft: boolean };
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

/** What is already done on GitHub; each attempt does only the rest. */
interface Progress {
  branchHead: string | null;
  commit: { oid: string; url: string; verified: boolean } | null;
  pr: { id: string; number: number; url: string } | null;
  /** Label ids by lowercased name. */
  labelIds: Map<string, string>;
  /** Node id of the branch when this run created it (to remove it if no PR comes of it). */
  createdRefId: string | null;
}

/**
 * Publishes the team in two mutation documents: (1) branch + one signed commit with all files +
 * PR + missing labels; (2) labels + reviewers on the PR. A partly applied document is continued,
 * never repeated: the partial `data` of a failed mutation says what exists already. Once the PR
 * exists it is the outcome: labels that fail (a label created by someone else meanwhile, GitHub
 * failing) are reported in `labelled`, never thrown.
 */
export async function publishTeam(params: PublishParams): Promise<PublishResult> {
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
    .filter((name) => !progress.labelIds.has(name.toLowerCase()))
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
  // A label that could not be created (another replica made it meanwhile: "already exists") is
  // looked up by name afterwards; it never fails the commit and the PR beside it.
  if (failure && !onlyLabelsFailed(failure)) throw failure;
}

function onlyLabelsFailed(error: unknown): boolean {
  const failure = asGraphqlFailure(error);
  return (
    failure !== null &&
    failure.data !== null &&
    failure.errors.length > 0 &&
    failure.errors.every((e) => /^label\d+$/.test(String(e.path?.[0] ?? "")))
  );
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
      progress.labelIds.set(String(value.label.name).toLowerCase(), value.label.id);
    }
  }
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
