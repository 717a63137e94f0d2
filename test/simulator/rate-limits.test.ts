import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { call, gql, OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

// GitHub's limits as the simulator enforces them, per installation and across every caller.
let sim: GitHubSimulator;
beforeAll(async () => {
  sim = await startSimWithRepo();
  sim.createRepo({ owner: "other", name: "repo", installation: true });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.limits.set({});
  sim.limits.reset();
});

const comment = (token: string, owner = OWNER, repo = REPO) =>
  call(sim, "POST", `/repos/${owner}/${repo}/issues`, { token, body: { title: "x" } });

test("content-creating requests past the installation's window answer 403 with retry-after, whoever sends them", async () => {
  sim.limits.set({ secondary: [{ limit: 3, ms: 10_000 }] });
  // Two tokens of one installation (two replicas of the app) share its budget.
  const [a, b] = [sim.installationToken(OWNER, REPO), sim.installationToken(OWNER, REPO)];
  const statuses = [];
  for (const token of [a, b, a]) statuses.push((await comment(token)).status);
  // Reads are not content-creating: they pass.
  statuses.push((await call(sim, "GET", `/repos/${OWNER}/${REPO}`, { token: b })).status);
  const refused = await comment(b);
  expect(statuses).toEqual([201, 201, 201, 200]);
  expect(refused.status).toBe(403);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(9);
  expect(refused.body.message).toMatch(/^You have exceeded a secondary rate limit/);
  // A mutation counts too; another installation has its own budget.
  const mutation = await gql(
    sim,
    a,
    `mutation($i: AddCommentInput!) { addComment(input: $i) { clientMutationId } }`,
    { i: { subjectId: sim.repo(OWNER, REPO).issues.get(1)?.nodeId, body: "hi" } },
  );
  expect(mutation.status).toBe(403);
  expect((await comment(sim.installationToken("other", "repo"), "other", "repo")).status).toBe(201);
  const stats = sim.limits.stats();
  expect(stats.secondaryAnswers).toBe(2);
  expect([...stats.writes.values()].map((t) => t.length).sort()).toEqual([1, 3]);
  expect(sim.log.filter((e) => e.status === 403).every((e) => e.write && e.installationId)).toBe(
    true,
  );
});

test("a window slides: the next write passes once the oldest leaves it", async () => {
  sim.limits.set({ secondary: [{ limit: 2, ms: 300 }] });
  const token = sim.installationToken(OWNER, REPO);
  expect([(await comment(token)).status, (await comment(token)).status]).toEqual([201, 201]);
  expect((await comment(token)).status).toBe(403);
  await new Promise((r) => setTimeout(r, 320));
  expect((await comment(token)).status).toBe(201);
});

test("primary limits: every answer carries x-ratelimit-*, and past the limit REST answers 403 and GraphQL RATE_LIMITED", async () => {
  sim.limits.set({ primary: { limit: 2, ms: 3_600_000 } });
  const token = sim.installationToken(OWNER, REPO);
  const first = await call(sim, "GET", `/repos/${OWNER}/${REPO}`, { token });
  expect(first.headers.get("x-ratelimit-limit")).toBe("2");
  expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
  expect(first.headers.get("x-ratelimit-resource")).toBe("core");
  const reset = Number(first.headers.get("x-ratelimit-reset"));
  expect(reset * 1000).toBeGreaterThan(Date.now() + 3_500_000);
  await call(sim, "GET", `/repos/${OWNER}/${REPO}`, { token });
  const over = await call(sim, "GET", `/repos/${OWNER}/${REPO}`, { token });
  expect(over.status).toBe(403);
  expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
  expect(over.body.message).toMatch(/API rate limit exceeded for installation ID/);
  // GraphQL counts apart (its own resource), then answers RATE_LIMITED.
  const query = "query { viewer { login } }";
  for (let i = 0; i < 2; i++) expect((await gql(sim, token, query)).status).toBe(200);
  const limited = await gql(sim, token, query);
  expect(limited.headers.get("x-ratelimit-resource")).toBe("graphql");
  expect(limited.body.errors[0].type).toBe("RATE_LIMITED");
  expect(sim.limits.stats().primaryAnswers).toBe(2);
});
