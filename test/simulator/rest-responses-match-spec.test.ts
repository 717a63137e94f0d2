import { afterAll, beforeAll, expect, test } from "vitest";
import { loadGitHubApi } from "../../simulator/github/openapi.ts";
import { REST_HANDLERS } from "../../simulator/github/rest/route-rest.ts";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { appJwt, call, OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

let sim: GitHubSimulator;
beforeAll(async () => {
  sim = await startSimWithRepo();
});
afterAll(() => sim.stop());

const b = `/repos/${OWNER}/${REPO}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");

test("every simulated REST operation answers with a body that GitHub's response schema accepts", async () => {
  const api = await loadGitHubApi();
  const jwt = appJwt(sim);
  const token = sim.installationToken(OWNER, REPO);
  const answers: { operationId: string; status: number; body: unknown }[] = [];
  const run = async (method: string, path: string, body?: unknown, as = token) => {
    const res = await call(sim, method, path, { token: as, body });
    const operationId = sim.log.at(-1)?.operationId ?? "?";
    expect([operationId, res.status, res.status < 300 ? "" : res.body.message]).toEqual([
      operationId,
      res.status,
      "",
    ]);
    answers.push({ operationId, status: res.status, body: res.body });
    return res.body;
  };
  await run("GET", "/app", undefined, jwt);
  const { code } = sim.act.registerApp({
    name: "Team Factory",
    url: "https://tf.example.com",
    hook_attributes: { url: "https://tf.example.com/api/github/webhooks" },
    redirect_url: "http://localhost:3000/probot/setup",
  });
  await run("POST", `/app-manifests/${code}/conversions`);
  const [installation] = await run("GET", "/app/installations", undefined, jwt);
  await run("GET", `${b}/installation`, undefined, jwt);
  await run("POST", `/app/installations/${installation.id}/access_tokens`, {}, jwt);
  await run("GET", "/installation/repositories");
  await run("GET", b);
  await run("GET", `${b}/compare/main...main`);
  await run("GET", `${b}/branches/main`);
  await run("GET", `${b}/collaborators/mia/permission`);
  await run("GET", `${b}/contents/README.md`);
  await run("GET", `${b}/contents/teams`);
  const main = (await run("GET", `${b}/git/ref/heads%2Fmain`)).object.sha;
  const blob = (
    await run("POST", `${b}/git/blobs`, { content: "print('hi')\n", encoding: "utf-8" })
  ).sha;
  await run("GET", `${b}/git/blobs/${blob}`);
  const baseTree = (await run("GET", `${b}/git/commits/${main}`)).tree.sha;
  const tree = (
    await run("POST", `${b}/git/trees`, {
      base_tree: baseTree,
      tree: [{ path: "teams/x/a.py", mode: "100644", type: "blob", sha: blob }],
    })
  ).sha;
  await run("GET", `${b}/git/trees/${tree}?recursive=1`);
  const commit = (
    await run("POST", `${b}/git/commits`, { message: "Add x", tree, parents: [main] })
  ).sha;
  await run("POST", `${b}/git/refs`, { ref: "refs/heads/feature", sha: commit });
  await run("PATCH", `${b}/git/refs/heads%2Ffeature`, { sha: commit });
  await run("PUT", `${b}/contents/docs%2Fnote.md`, {
    message: "Add note",
    content: b64("note\n"),
    branch: "feature",
  });
  await run("GET", `${b}/commits/feature`);
  await run("POST", `${b}/git/refs`, { ref: "refs/heads/scratch", sha: commit });
  await run("DELETE", `${b}/git/refs/heads%2Fscratch`);
  const pull = await run("POST", `${b}/pulls`, {
    title: "Add x team",
    head: "feature",
    base: "main",
    body: "body",
  });
  await run("GET", `${b}/pulls/${pull.number}`);
  await run("GET", `${b}/pulls?state=open&head=${OWNER}:feature`);
  await run("PATCH", `${b}/pulls/${pull.number}`, { body: "new body" });
  await run("POST", `${b}/pulls/${pull.number}/requested_reviewers`, { reviewers: ["mia"] });
  const issue = await run("POST", `${b}/issues`, {
    title: "Need a team",
    body: "details",
    labels: ["capability-gap"],
  });
  await run("GET", `${b}/issues/${issue.number}`);
  await run("PATCH", `${b}/issues/${issue.number}`, { title: "Need a security team" });
  await run("GET", `${b}/issues?state=all&labels=capability-gap`);
  const comment = await run("POST", `${b}/issues/${issue.number}/comments`, {
    body: "working on it",
  });
  await run("PATCH", `${b}/issues/comments/${comment.id}`, { body: "done" });
  await run("GET", `${b}/issues/${issue.number}/comments`);
  await run("POST", `${b}/issues/${issue.number}/labels`, { labels: ["team-factory"] });
  await run("GET", `${b}/issues/${issue.number}/labels`);
  await run("POST", `${b}/labels`, { name: "agents", color: "5319e7", description: "Agent teams" });
  await run("GET", `${b}/labels`);
  await run("GET", `${b}/labels/capability-gap`);
  await run("POST", `${b}/issues/${issue.number}/reactions`, { content: "eyes" });
  await run("POST", `${b}/issues/comments/${comment.id}/reactions`, { content: "rocket" });
  await run("GET", `${b}/issues/${issue.number}/reactions`);

  expect(new Set(answers.map((a) => a.operationId))).toEqual(new Set(Object.keys(REST_HANDLERS)));
  const failures = answers
    .filter((a) => a.status !== 204)
    .map((a) => ({ ...a, result: api.validateResponse(a.body, a.operationId, a.status) }))
    .filter((a) => !a.result.valid)
    .map((a) => `${a.operationId} ${a.status}: ${JSON.stringify(a.result.errors?.slice(0, 3))}`);
  expect(failures).toEqual([]);
});
