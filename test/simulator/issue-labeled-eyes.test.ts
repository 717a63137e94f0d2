import { afterAll, beforeAll, expect, test } from "vitest";
import { OWNER, REPO, startSimAndApp } from "../support/sim-with-app.ts";

let env: Awaited<ReturnType<typeof startSimAndApp>>;
beforeAll(async () => {
  env = await startSimAndApp();
});
afterAll(() => env.stop());

test("labelling an issue capability-gap gets a 👀 from the app, over signed HTTP both ways", async () => {
  const { sim } = env;
  const opened = await sim.act.openIssue({
    repo: `${OWNER}/${REPO}`,
    title: "Need a security team",
    actor: "mia",
  });
  expect(opened.status).toBe(200);
  sim.resetLog();
  const delivery = await sim.act.labelIssue({
    repo: `${OWNER}/${REPO}`,
    number: opened.number,
    label: "capability-gap",
    actor: "mia",
  });
  expect(delivery.status).toBe(200);
  const issue = sim.repo(OWNER, REPO).issues.get(opened.number);
  expect(issue?.reactions.map((r) => [r.content, r.user.login])).toEqual([
    ["eyes", sim.app.botLogin],
  ]);
  expect(sim.log.map((e) => [e.operationId, e.status])).toEqual([
    ["apps/create-installation-access-token", 201],
    ["reactions/create-for-issue", 201],
  ]);
});

test("another label gets no reaction and no request", async () => {
  const { sim } = env;
  const opened = await sim.act.openIssue({ repo: `${OWNER}/${REPO}`, title: "Typo", actor: "mia" });
  sim.resetLog();
  const delivery = await sim.act.labelIssue({
    repo: `${OWNER}/${REPO}`,
    number: opened.number,
    label: "bug",
    actor: "mia",
  });
  expect(delivery.status).toBe(200);
  expect(sim.log).toEqual([]);
  expect(sim.repo(OWNER, REPO).issues.get(opened.number)?.reactions).toEqual([]);
});
