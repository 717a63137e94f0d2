/** The one GraphQL document of the repo context, shaped by what a job needs to read. */

const BLOB_TEXT = "... on Blob { text }";
/** A folder's entries `depth` levels down, each file with its text. */
function folderTree(depth: number): string {
  const deeper = depth > 1 ? ` ${folderTree(depth - 1)}` : "";
  return `... on Tree { entries { name type object { ${BLOB_TEXT}${deeper} } } }`;
}

/** One team's folder, five levels of files (`src/<package>/tools/integrations/x.py`). */
const FOLDER_TREE = folderTree(5);
const TEAM_TREE = `... on Tree { entries { name type object { ... on Tree { entries { name type object { ${BLOB_TEXT} ... on Tree { entries { name object { ${BLOB_TEXT} } } } } } } } } }`;

const HEAD_COMMIT = "... on Commit { message url signature { isValid wasSignedByGitHub } }";

/** What the query asks for beyond the repository itself. */
export interface QueryShape {
  reviewerCount: number;
  withIssue: boolean;
  withBranch: boolean;
  labelCount?: number;
  teamReviewerCount?: number;
  withBranchTeam?: boolean;
}

/**
 * The query document; reviewers are looked up through aliased `user(login:)` fields, review
 * teams through aliased `team(slug:)` fields of the owner organization, and labels through
 * aliased `label(name:)` fields (case-insensitive, like GitHub's label names).
 */
export function gatherQuery(shape: QueryShape): string {
  const { reviewerCount, withIssue, withBranch } = shape;
  const { labelCount = 0, teamReviewerCount = 0, withBranchTeam = false } = shape;
  const vars = [
    "$owner: String!",
    "$name: String!",
    "$configExpr: String!",
    "$teamsExpr: String!",
    "$branchPrefix: String!",
    ...(withBranch ? ["$branchRef: String!", "$branchName: String!"] : []),
    ...(withIssue ? ["$issue: Int!"] : []),
    ...(withBranchTeam ? ["$branchTeamExpr: String!"] : []),
    ...Array.from({ length: reviewerCount }, (_, i) => `$reviewer${i}: String!`),
    ...Array.from({ length: teamReviewerCount }, (_, i) => `$team${i}: String!`),
    ...Array.from({ length: labelCount }, (_, i) => `$label${i}: String!`),
  ];
  const teams = Array.from(
    { length: teamReviewerCount },
    (_, i) => `team${i}: team(slug: $team${i}) { id slug }`,
  );
  const labels = Array.from(
    { length: labelCount },
    (_, i) => `label${i}: label(name: $label${i}) { id name }`,
  );
  const reviewers = Array.from(
    { length: reviewerCount },
    (_, i) => `reviewer${i}: user(login: $reviewer${i}) { id login }`,
  );
  const issue = withIssue
    ? `issue(number: $issue) { id number title body author { login }
        comments(last: 100) { nodes { id databaseId body viewerDidAuthor } } }`
    : "";
  return `query TeamFactoryContext(${vars.join(", ")}) {
  repository(owner: $owner, name: $name) {
    id nameWithOwner
    defaultBranchRef { name target { oid } }
    config: object(expression: $configExpr) { ${BLOB_TEXT} }
    teams: object(expression: $teamsExpr) { ${TEAM_TREE} }
    ${withBranchTeam ? `branchTeam: object(expression: $branchTeamExpr) { ${FOLDER_TREE} }` : ""}
    ${labels.join("\n    ")}
    teamBranches: refs(refPrefix: $branchPrefix, first: 100) { nodes { name } }
    ${withBranch ? `branch: ref(qualifiedName: $branchRef) { name target { oid ${HEAD_COMMIT} } }` : ""}
    ${withBranch ? "pullRequests(headRefName: $branchName, states: [OPEN], first: 1) { nodes { id number url headRefName } }" : ""}
    ${issue}
  }
  orgConfig: repository(owner: $owner, name: ".github") { object(expression: $configExpr) { ${BLOB_TEXT} } }
  ${reviewers.join("\n  ")}
  ${teams.length ? `reviewerTeams: organization(login: $owner) { ${teams.join(" ")} }` : ""}
}`;
}
