import { afterAll, beforeAll, expect, test } from "vitest";
import { signPayload } from "../../simulator/github/webhooks.ts";
import { eyesApp } from "../support/eyes-app.ts";
import { OWNER, REPO } from "../support/sim.ts";
import { startSimAndApp } from "../support/sim-with-app.ts";

let env: Awaited<ReturnType<typeof startSimAndApp>>;
beforeAll(async () => {
  // The app's Octokit as deployed (Team Factory's own pacing, with its retries after
  // `retry-after`, is tested in test/e2e/fleet-replicas.test.ts).
  env = await startSimAndApp({ appFn: eyesApp, pacing: "production" });
});
afterAll(() => env.stop());

const repo = `${OWNER}/${REPO}`;
const reactionsOf = (number: number) =>
  env.sim
    .repo(OWNER, REPO)
    .issues.get(number)
    ?.reactions.map((r) => [r.content, r.user.login]);

test("a labelled issue reaches Probot signed, and Probot's 👀 reaches the simulator as the app's bot", async () => {
  const { sim } = env;
  const opened = await sim.act.openIssue({ repo, title: "Need a security team", actor: "mia" });
  expect(opened.status).toBe(200);
  sim.resetLog();
  const delivery = await sim.act.labelIssue({
    repo,
    number: opened.number,
    label: "capability-gap",
    actor: "mia",
  });
  expect(delivery.status).toBe(200);
  expect(reactionsOf(opened.number)).toEqual([["eyes", sim.app.botLogin]]);
  expect(sim.log.map((e) => [e.operationId, e.status])).toEqual([
    ["apps/create-installation-access-token", 201],
    ["reactions/create-for-issue", 201],
  ]);
  const again = await sim.redeliver(delivery.deliveryId);
  expect([again.deliveryId, again.status]).toEqual([delivery.deliveryId, 200]);
  expect(reactionsOf(opened.number)).toEqual([["eyes", sim.app.botLogin]]);
});

test("a bad signature is refused with 401 and nothing reaches the simulator", async () => {
  const { sim, app } = env;
  const opened = await sim.act.openIssue({ repo, title: "Another gap", actor: "mia" });
  sim.resetLog();
  const body = JSON.stringify({ action: "labeled", label: { name: "capability-gap" } });
  const res = await fetch(app.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "00000000-0000-4000-8000-000000000000",
      "x-hub-signature-256": signPayload("not-the-secret", body),
    },
    body,
  });
  expect(res.status).toBe(401);
  expect(sim.log).toEqual([]);
  expect(reactionsOf(opened.number)).toEqual([]);
});
