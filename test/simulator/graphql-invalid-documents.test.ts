import { afterAll, beforeAll, expect, test } from "vitest";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { call, gql, OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

let sim: GitHubSimulator;
let token: string;
beforeAll(async () => {
  sim = await startSimWithRepo();
  token = sim.installationToken(OWNER, REPO);
});
afterAll(() => sim.stop());

test("a field the schema lacks gets GitHub-shaped errors with HTTP 200 and no data", async () => {
  const res = await gql(
    sim,
    token,
    `query { repository(owner: "${OWNER}", name: "${REPO}") { id noSuchField } }`,
  );
  expect(res.status).toBe(200);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toEqual([
    {
      message: expect.stringContaining("noSuchField"),
      locations: [{ line: 1, column: expect.any(Number) }],
    },
  ]);
});

test("a syntax error and a wrongly typed variable are errors too", async () => {
  const syntax = await gql(sim, token, "query { repository(owner: ");
  expect(syntax.status).toBe(200);
  expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
  const typed = await gql(
    sim,
    token,
    'query($n: Int!) { repository(owner: $n, name: "x") { id } }',
    { n: 1 },
  );
  expect(typed.body.errors[0].message).toMatch(/Int!.*String!/);
});

test("a missing repository is null data plus a NOT_FOUND error, as on GitHub", async () => {
  const res = await gql(
    sim,
    token,
    'query { repository(owner: "nobody", name: "nothing") { id } }',
  );
  expect(res.body.data).toEqual({ repository: null });
  expect(res.body.errors).toEqual([
    expect.objectContaining({
      type: "NOT_FOUND",
      path: ["repository"],
      message: "Could not resolve to a Repository with the name 'nobody/nothing'.",
    }),
  ]);
});

test("the query fields the app reads resolve from the same state as REST", async () => {
  const res = await gql(
    sim,
    token,
    `query($owner: String!, $name: String!) {
      viewer { login }
      repository(owner: $owner, name: $name) {
        id name nameWithOwner owner { login }
        defaultBranchRef { name target { oid ... on Commit { tree { oid } } } }
        readme: object(expression: "HEAD:README.md") { ... on Blob { oid text byteSize isBinary } }
        teams: object(expression: "main:teams") { ... on Tree { entries { name type path mode object { ... on Tree { entries { name object { ... on Blob { text } } } } } } } }
        missing: object(expression: "HEAD:nope.txt") { oid }
        labels(first: 10, query: "gap") { nodes { id name color } }
        label(name: "capability-gap") { id name }
        ref(qualifiedName: "refs/heads/main") { id name target { oid } }
        nobranch: ref(qualifiedName: "refs/heads/none") { id }
        pullRequests(headRefName: "x", states: [OPEN], first: 1) { totalCount nodes { id } }
      }
      user(login: "mia") { id login }
    }`,
    { owner: OWNER, name: REPO },
  );
  expect(res.body.errors).toBeUndefined();
  const r = res.body.data.repository;
  const restRepo = sim.repo(OWNER, REPO);
  expect(r.id).toBe(restRepo.nodeId);
  expect(r.nameWithOwner).toBe(`${OWNER}/${REPO}`);
  expect(r.defaultBranchRef.target.oid).toBe(restRepo.git.getRef("refs/heads/main"));
  expect(r.readme).toMatchObject({ text: "# agents\n", byteSize: 9, isBinary: false });
  expect(r.teams.entries).toEqual([
    {
      name: "research",
      type: "tree",
      path: "research",
      mode: 0o40000,
      object: { entries: [{ name: "README.md", object: { text: "research team\n" } }] },
    },
  ]);
  expect(r.missing).toBeNull();
  expect(r.labels.nodes.map((l: { name: string }) => l.name)).toEqual(["capability-gap"]);
  expect(r.label.id).toBe(r.labels.nodes[0].id);
  expect(r.nobranch).toBeNull();
  expect(r.pullRequests).toEqual({ totalCount: 0, nodes: [] });
  expect(res.body.data.viewer.login).toBe(sim.app.slug);
  expect(res.body.data.user.login).toBe("mia");
  expect(sim.log.at(-1)?.graphql).toEqual({
    operation: "query",
    fields: ["viewer", "repository", "user"],
  });
  const restLabel = await call(sim, "GET", `/repos/${OWNER}/${REPO}/labels/capability-gap`, {
    token,
  });
  expect(restLabel.body.node_id).toBe(r.label.id);
});

test("GraphQL also answers at the GitHub Enterprise path /api/graphql", async () => {
  const res = await fetch(`${sim.url}/api/graphql`, {
    method: "POST",
    headers: { authorization: `token ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query: "query { viewer { login } }" }),
  });
  expect(await res.json()).toEqual({ data: { viewer: { login: sim.app.slug } } });
});

test("a field the schema has but the simulator does not is a loud error, not a silent null", async () => {
  const res = await gql(
    sim,
    token,
    `query { repository(owner: "${OWNER}", name: "${REPO}") { id stargazerCount } }`,
  );
  expect(res.body.errors).toEqual([
    expect.objectContaining({
      type: "NOT_SIMULATED",
      path: ["repository", "stargazerCount"],
      message: "not simulated: Repository.stargazerCount",
    }),
  ]);
});
