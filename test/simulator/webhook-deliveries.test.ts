import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { signPayload } from "../../simulator/github/webhooks.ts";
import { call, OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: payloads read field by field
  payload: any;
}

let sim: GitHubSimulator;
let receiver: Server;
const received: Received[] = [];
beforeAll(async () => {
  sim = await startSimWithRepo();
  receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, raw, payload: JSON.parse(raw) });
      res.writeHead(202).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  sim.setWebhookUrl(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`);
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await sim.stop();
});

const repo = `${OWNER}/${REPO}`;

test("deliveries are signed with the app's secret, name the event, and carry state in the real payload shape", async () => {
  const issue = await sim.act.openIssue({
    repo,
    title: "Need a team",
    body: "for audits",
    actor: "mia",
  });
  const comment = await sim.act.comment({
    repo,
    number: issue.number,
    body: "/create-team",
    actor: "rob",
  });
  expect([issue.status, comment.status, issue.body]).toEqual([202, 202, "ok"]);
  const [opened, commented] = received.slice(-2);
  for (const r of [opened, commented]) {
    expect(r.headers["x-hub-signature-256"]).toBe(signPayload(sim.app.webhookSecret, r.raw));
    expect(r.headers["x-github-hook-installation-target-id"]).toBe(String(sim.app.id));
    expect(r.payload.installation.id).toBe(sim.state.installations[0].id);
    expect(r.payload.repository.full_name).toBe(repo);
  }
  expect(opened.headers["x-github-event"]).toBe("issues");
  expect(opened.payload).toMatchObject({
    action: "opened",
    issue: {
      number: issue.number,
      title: "Need a team",
      body: "for audits",
      user: { login: "mia" },
    },
    sender: { login: "mia" },
  });
  expect(commented.headers["x-github-event"]).toBe("issue_comment");
  expect(commented.payload).toMatchObject({
    action: "created",
    comment: { id: comment.commentId, body: "/create-team", user: { login: "rob" } },
  });
  expect(opened.headers["x-github-delivery"]).not.toBe(commented.headers["x-github-delivery"]);

  const again = await sim.redeliver(comment.deliveryId);
  expect(received.at(-1)?.raw).toBe(commented.raw);
  expect(received.at(-1)?.headers["x-github-delivery"]).toBe(again.deliveryId);
});

test("merging a pull request moves the base branch with a merge commit and delivers pull_request.closed merged", async () => {
  const token = sim.installationToken(OWNER, REPO);
  const r = sim.repo(OWNER, REPO);
  const main = r.git.getRef("refs/heads/main") as string;
  await call(sim, "POST", `/repos/${repo}/git/refs`, {
    token,
    body: { ref: "refs/heads/feature", sha: main },
  });
  const put = await call(sim, "PUT", `/repos/${repo}/contents/teams%2Fnew%2Fteam.py`, {
    token,
    body: {
      message: "Add team",
      content: Buffer.from("x = 1\n").toString("base64"),
      branch: "feature",
    },
  });
  const pr = await call(sim, "POST", `/repos/${repo}/pulls`, {
    token,
    body: { title: "Add team", head: "feature", base: "main" },
  });
  const merged = await sim.act.mergePullRequest({ repo, number: pr.body.number, actor: "mia" });
  expect(merged.status).toBe(202);
  const head = r.git.getRef("refs/heads/main") as string;
  expect(r.git.readCommit(head)?.parents).toEqual([main, put.body.commit.sha]);
  expect(received.at(-1)?.headers["x-github-event"]).toBe("pull_request");
  expect(received.at(-1)?.payload).toMatchObject({
    action: "closed",
    number: pr.body.number,
    pull_request: {
      merged: true,
      state: "closed",
      merge_commit_sha: head,
      head: { ref: "feature" },
      base: { ref: "main" },
    },
  });
});
