import { afterAll, beforeAll, expect, test } from "vitest";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { call, OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

let sim: GitHubSimulator;
let token: string;
beforeAll(async () => {
  sim = await startSimWithRepo();
  token = sim.installationToken(OWNER, REPO);
});
afterAll(() => sim.stop());

const base = `/repos/${OWNER}/${REPO}`;

test("an operation GitHub does not have answers 404 Not Found", async () => {
  const res = await call(sim, "GET", `${base}/no-such-thing`, { token });
  expect(res.status).toBe(404);
  expect(res.body.message).toBe("Not Found");
  expect(res.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com/);
});

test("a body the description rejects answers 422 in GitHub's shape", async () => {
  const res = await call(sim, "POST", `${base}/git/trees`, { token, body: { base_tree: "abc" } });
  expect(res.status).toBe(422);
  expect(res.body.message).toMatch(/^Invalid request\.\n\n"tree" wasn't supplied\./);
  expect(res.body.errors).toEqual([
    expect.objectContaining({ field: "tree", code: "missing_field" }),
  ]);
  const badType = await call(sim, "GET", `${base}/issues?per_page=lots`, { token });
  expect(badType.status).toBe(422);
});

test("unparsable JSON answers 400", async () => {
  const res = await call(sim, "POST", `${base}/issues`, { token, raw: "{ not json" });
  expect(res.status).toBe(400);
  expect(res.body.message).toBe("Problems parsing JSON");
});

test("a valid operation the simulator does not implement answers 501 with its operationId", async () => {
  const res = await call(sim, "GET", `${base}/releases`, { token });
  expect(res.status).toBe(501);
  expect(res.body.message).toBe("not simulated: repos/list-releases");
  expect(sim.log.at(-1)).toMatchObject({ operationId: "repos/list-releases", status: 501 });
});

test("no token is 401, a repository outside the installation is 404", async () => {
  sim.createRepo({ owner: "other", name: "private-thing", private: true });
  expect((await call(sim, "POST", `${base}/issues`, { body: { title: "x" } })).status).toBe(401);
  expect((await call(sim, "GET", "/repos/other/private-thing", { token })).status).toBe(404);
});

test("the GitHub Enterprise prefix /api/v3 reaches the same API", async () => {
  const res = await call(sim, "GET", `/api/v3${base}`, { token });
  expect(res.status).toBe(200);
  expect(res.body.full_name).toBe(`${OWNER}/${REPO}`);
});

test("a branch name with slashes works raw or encoded", async () => {
  const raw = await call(sim, "GET", `${base}/git/ref/heads/main`, { token });
  expect(raw.status).toBe(200);
  expect(raw.body.ref).toBe("refs/heads/main");
  const file = await call(sim, "GET", `${base}/contents/teams/research/README.md`, { token });
  expect(Buffer.from(file.body.content, "base64").toString()).toBe("research team\n");
});
