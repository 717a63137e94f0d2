import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { GitHubSimulator } from "../../simulator/github/start-github-simulator.ts";
import { OWNER, REPO, startSimWithRepo } from "../support/sim.ts";

let sim: GitHubSimulator;
let child: ChildProcess | null = null;
beforeAll(async () => {
  sim = await startSimWithRepo();
});
afterAll(async () => {
  child?.kill();
  await sim.stop();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("a real `probot run` with GHE_HOST pointed at the simulator serves the loop (REST under /api/v3)", async () => {
  const port = await freePort();
  child = spawn(
    process.execPath,
    ["node_modules/probot/bin/probot.js", "run", "./test/support/eyes-app.ts"],
    {
      env: {
        ...process.env,
        APP_ID: String(sim.app.id),
        PRIVATE_KEY: sim.app.privateKeyPem,
        WEBHOOK_SECRET: sim.app.webhookSecret,
        GHE_HOST: new URL(sim.url).host,
        GHE_PROTOCOL: "http",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
      stdio: "ignore",
    },
  );
  const ping = `http://127.0.0.1:${port}/ping`;
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(ping)
      .then((r) => r.ok)
      .catch(() => false));
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
  sim.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
  const opened = await sim.act.openIssue({
    repo: `${OWNER}/${REPO}`,
    title: "Need a team",
    actor: "mia",
  });
  sim.resetLog();
  const delivery = await sim.act.labelIssue({
    repo: `${OWNER}/${REPO}`,
    number: opened.number,
    label: "capability-gap",
    actor: "mia",
  });
  expect(delivery.status).toBe(200);
  expect(
    sim.log.map((e) => [e.path.split("/").slice(0, 3).join("/"), e.operationId, e.status]),
  ).toEqual([
    ["/api/v3", "apps/create-installation-access-token", 201],
    ["/api/v3", "reactions/create-for-issue", 201],
  ]);
  expect(
    sim
      .repo(OWNER, REPO)
      .issues.get(opened.number)
      ?.reactions.map((r) => r.content),
  ).toEqual(["eyes"]);
});
