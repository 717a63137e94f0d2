import { afterAll, beforeAll, expect, test } from "vitest";
import { TOKEN_LIFETIME_MS } from "../../simulator/github/auth.ts";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { appJwt, call, gql, OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

let sim: GitHubSimulator;
let now = Date.parse("2026-11-23T12:00:00Z");
beforeAll(async () => {
  sim = await startSimWithRepo({ now: () => now });
});
afterAll(() => sim.stop());

const repoPath = `/repos/${OWNER}/${REPO}`;

test("a fault fires on the Nth matching call only", async () => {
  const token = sim.installationToken(OWNER, REPO);
  sim.faults.add({ operationId: "repos/get", nth: 2, respond: { status: 502 } });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await call(sim, "GET", repoPath, { token })).status);
  expect(statuses).toEqual([200, 502, 200]);
  expect(sim.log.slice(-3).map((e) => [e.operationId, e.status])).toEqual([
    ["repos/get", 200],
    ["repos/get", 502],
    ["repos/get", 200],
  ]);
});

test("a secondary rate limit answers 403 with retry-after and GitHub's message", async () => {
  const token = sim.installationToken(OWNER, REPO);
  sim.faults.add({
    operationId: "issues/create",
    respond: { secondaryRateLimit: { retryAfterSeconds: 7 } },
  });
  const res = await call(sim, "POST", `${repoPath}/issues`, { token, body: { title: "x" } });
  expect(res.status).toBe(403);
  expect(res.headers.get("retry-after")).toBe("7");
  expect(res.body.message).toMatch(/^You have exceeded a secondary rate limit/);
  expect(sim.repo(OWNER, REPO).issues.size).toBe(0);
});

test("a 422 on one GraphQL field fails that field and leaves the others' data; unsimulated fields fail loudly", async () => {
  const token = sim.installationToken(OWNER, REPO);
  sim.faults.add({
    graphqlField: "createLabel",
    respond: { status: 422, message: "label service down" },
  });
  const repositoryId = sim.repo(OWNER, REPO).nodeId;
  const main = sim.repo(OWNER, REPO).git.getRef("refs/heads/main");
  const res = await gql(
    sim,
    token,
    `mutation($ref: CreateRefInput!, $label: CreateLabelInput!) {
      createRef(input: $ref) { ref { name } }
      createLabel(input: $label) { label { id } }
      createIssue(input: { repositoryId: "${repositoryId}", title: "t" }) { issue { number } }
    }`,
    {
      ref: { repositoryId, name: "refs/heads/faulty", oid: main },
      label: { repositoryId, name: "x", color: "ffffff" },
    },
  );
  expect(res.body.data.createRef.ref.name).toBe("faulty");
  expect(res.body.errors).toEqual([
    expect.objectContaining({ path: ["createLabel"], message: "label service down" }),
    expect.objectContaining({
      path: ["createIssue"],
      message: "not simulated: Mutation.createIssue",
    }),
  ]);
  expect(res.body.data.createLabel).toBeNull();
  expect(sim.log.at(-1)?.graphql).toEqual({
    operation: "mutation",
    fields: ["createRef", "createLabel", "createIssue"],
  });
});

test("an installation token expires after an hour (401), and a bad JWT is refused", async () => {
  const token = sim.installationToken(OWNER, REPO);
  expect((await call(sim, "GET", repoPath, { token })).status).toBe(200);
  now += TOKEN_LIFETIME_MS + 1000;
  const expired = await call(sim, "GET", repoPath, { token });
  expect([expired.status, expired.body.message]).toEqual([401, "Bad credentials"]);
  const fresh = sim.installationToken(OWNER, REPO);
  expect((await call(sim, "GET", repoPath, { token: fresh })).status).toBe(200);

  const jwtNow = Math.floor(now / 1000);
  const good = await call(sim, "GET", "/app", {
    token: appJwt(sim, { iat: jwtNow - 30, exp: jwtNow + 540 }),
  });
  expect(good.status).toBe(200);
  const tooLong = await call(sim, "GET", "/app", {
    token: appJwt(sim, { iat: jwtNow, exp: jwtNow + 3600 }),
  });
  expect(tooLong.status).toBe(401);
  const tampered = `${appJwt(sim, { iat: jwtNow, exp: jwtNow + 300 })}x`;
  expect((await call(sim, "GET", "/app", { token: tampered })).status).toBe(401);
  expect(
    (await call(sim, "GET", repoPath, { token: appJwt(sim, { iat: jwtNow, exp: jwtNow + 300 }) }))
      .status,
  ).toBe(403);
});
