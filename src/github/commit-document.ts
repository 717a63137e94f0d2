import { asGraphqlFailure } from "./graphql-client.ts";
import { LABEL_COLOR, type LabelRequest } from "./label-pull-request.ts";

export interface FileChange {
  path: string;
  content: string;
}

/** What the first mutation document publishes: branch, one commit of every file, the PR, labels. */
export interface CommitPlan
  extends Pick<LabelRequest, "graphql" | "repositoryId" | "nameWithOwner" | "labels"> {
  baseBranch: { name: string; oid: string };
  branchName: string;
  /** The open PR from the branch, when there is one (it gets a new commit and an updated body). */
  pullRequest: { id: string; number: number; url: string } | null;
  files: FileChange[];
  deletions: string[];
  message: { headline: string; body: string };
  pr: { title: string; body: string; draft: boolean };
}

/** What is already done on GitHub; each attempt does only the rest. */
export interface Progress {
  branchHead: string | null;
  commit: { oid: string; url: string; verified: boolean } | null;
  pr: { id: string; number: number; url: string } | null;
  /** Label ids by lowercased name. */
  labelIds: Map<string, string>;
  /** Node id of the branch when this run created it (to remove it if no PR comes of it). */
  createdRefId: string | null;
}

/**
 * One mutation document with what `progress` does not have yet: the branch, the signed commit,
 * the PR (created, or the open one updated) and missing labels. What a failed document did do is
 * read from its partial `data` into `progress`, so a retry continues it.
 */
export async function runCommitDocument(params: CommitPlan, progress: Progress): Promise<void> {
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
