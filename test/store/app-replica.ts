// One replica of the app in its own OS process: the store from the environment (the default
// embedded PostgreSQL on TEAM_FACTORY_DATA_DIR, shared with the other replicas), Team Factory
// and the real Probot app on 127.0.0.1, GitHub's write spacing off. APP_IDENTITY (JSON) says
// which GitHub to act on. Prints `{ webhookUrl }`, then answers "idle" (the job outcomes once
// idle) and "stop" on stdin, one JSON line each.
import { createInterface } from "node:readline";
import { type AppIdentity, serveApp } from "../../simulator/start-app.ts";
import { createTeamFactory } from "../../src/compose.ts";
import { openStoreFromEnv } from "../../src/store/open-store-from-env.ts";

const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const quiet = { info() {}, warn() {}, error() {} };
const identity = JSON.parse(process.env.APP_IDENTITY ?? "{}") as AppIdentity;
const store = await openStoreFromEnv(process.env);
const outcomes: string[] = [];
const factory = createTeamFactory({
  store,
  drafter: null,
  replica: `replica-${process.pid}`,
  log: quiet,
  sleep: async () => {},
  onJobEnd: (_job, end) => outcomes.push(end.kind === "done" ? end.outcome.kind : end.kind),
});
const app = await serveApp({ identity, deps: factory });
say({ webhookUrl: app.webhookUrl });
for await (const command of createInterface({ input: process.stdin })) {
  if (command === "idle") {
    await factory.jobs.whenIdle();
    say({ outcomes });
  } else if (command === "stop") {
    await app.stop();
    await store.close();
    say({ stopped: true });
    process.exit(0);
  }
}
// stdin closed: the test has gone.
await app.stop();
await store.close();
process.exit(0);
