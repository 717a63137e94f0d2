import type { GraphqlClient } from "./graphql-client.ts";
import { isUnresolvableNode, withRetries } from "./retry-graphql.ts";

/** The labels and reviewers one PR should have. */
export interface LabelRequest {
  graphql: GraphqlClient;
  repositoryId: string;
  nameWithOwner: string;
  prId: string;
  /** Label names to add, as the config spells them. */
  labels: string[];
  /** Ids of the labels known to exist, by lowercased name. */
  labelIds: Map<string, string>;
  reviewerIds: string[];
  teamReviewerIds: string[];
  sleep?: (ms: number) => Promise<void>;
}

/** The colour of the labels Team Factory creates. */
export const LABEL_COLOR = "5319e7";

/**
 * Adds the labels (added, never reset) and review requests to a PR. A missing label is created;
 * "already exists" (another replica, or another case of the name) counts as done and the label is
 * read by name. Never throws: the PR is the outcome, and a failure here is retried by a later job.
 */
export async function labelPullRequest(
  params: LabelRequest,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const sleep = params.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  try {
    const ids = new Map(params.labelIds);
    const missing = params.labels.filter((name) => !ids.has(name.toLowerCase()));
    if (missing.length) await findOrCreateLabels(params, missing, ids);
    const labelIds = params.labels.flatMap((name) => ids.get(name.toLowerCase()) ?? []);
    await withRetries({ sleep, attempts: 4, retryIf: isUnresolvableNode }, () =>
      addToPullRequest(params, labelIds),
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function findOrCreateLabels(
  params: LabelRequest,
  names: string[],
  ids: Map<string, string>,
): Promise<void> {
  const [owner, name] = params.nameWithOwner.split("/");
  const read = async (wanted: string[]) => {
    const fields = wanted.map((_, i) => `l${i}: label(name: $l${i}) { id name }`);
    const vars = wanted.map((_, i) => `$l${i}: String!`);
    const data = await params.graphql<{ repository: Record<string, { id: string } | null> }>(
      `query TeamFactoryLabels($owner: String!, $name: String!, ${vars.join(", ")}) {\n  repository(owner: $owner, name: $name) { ${fields.join(" ")} }\n}`,
      { owner, name, ...Object.fromEntries(wanted.map((n, i) => [`l${i}`, n])) },
    );
    wanted.forEach((n, i) => {
      const found = data.repository?.[`l${i}`];
      if (found?.id) ids.set(n.toLowerCase(), found.id);
    });
  };
  await read(names);
  for (const label of names.filter((n) => !ids.has(n.toLowerCase()))) {
    try {
      const data = await params.graphql<{ createLabel: { label: { id: string } } }>(
        "mutation TeamFactoryCreateLabel($input: CreateLabelInput!) { createLabel(input: $input) { label { id } } }",
        {
          input: {
            repositoryId: params.repositoryId,
            name: label,
            color: LABEL_COLOR,
            description: "Added by Team Factory",
          },
        },
      );
      ids.set(label.toLowerCase(), data.createLabel.label.id);
    } catch (error) {
      if (!/already exists/i.test(String((error as Error).message))) throw error;
      await read([label]);
    }
  }
}

async function addToPullRequest(params: LabelRequest, labelIds: string[]): Promise<void> {
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const vars: string[] = [];
  if (labelIds.length) {
    vars.push("$labels: AddLabelsToLabelableInput!");
    fields.push("addLabelsToLabelable(input: $labels) { clientMutationId }");
    variables.labels = { labelableId: params.prId, labelIds };
  }
  if (params.reviewerIds.length || params.teamReviewerIds.length) {
    vars.push("$reviews: RequestReviewsInput!");
    fields.push("requestReviews(input: $reviews) { clientMutationId }");
    variables.reviews = {
      pullRequestId: params.prId,
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
