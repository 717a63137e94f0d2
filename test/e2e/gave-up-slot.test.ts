import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sampleRepo } from "../../simulator/sample-repo.ts";
import { type Stack, startStack } from "../../simulator/start-stack.ts";
import { gapKeyFor } from "../../src/intake/gap-key.ts";
import { scanGapJob } from "../../src/intake/scan-gap-job.ts";
import { openEmbeddedStore } from "../../src/store/open-embedded-store.ts";
import type { Store } from "../../src/store/store.ts";
import { skillGap } from "../support/skill-gap.ts";
import { botComments, pullsClosing } from "../support/team-prs.ts";

// A scan gap sent straight into the pipeline (`scan.mode: pipeline`: no issue) reserves the day's
// only slot, then every attempt fails before its PR exists, until the job gives up. The real app
// (jobs, retries, the give-up) on the default store; the failure is the store refusing the move
// to `publishing` for that gap alone, as an outage would.
const SCAN_GAP = gapKeyFor({ repo: "acme/agents", skill: "data visualization" });
const CONFIG = `teams_dir: teams
daily_limit: 1
mode: full
scan:
  enabled: true
  mode: pipeline
`;

let stack: Stack;
let store: Store;
beforeAll(async () => {
  store = (await openEmbeddedStore({ dataDir: "memory://" })).store;
  const failing: Store = {
    ...store,
    async updateGap(update) {
      if (update.gapKey === SCAN_GAP && update.state === "publishing")
        throw new Error("the store could not be reached");
      return store.updateGap(update);
    },
  };
  stack = await startStack({
    repos: [sampleRepo({ config: CONFIG })],
    store: failing,
    leaseSeconds: 1,
    retrySeconds: 0,
  });
  stack.factory.jobs.start();
});
afterAll(async () => {
  await stack?.stop();
  await store?.close();
});

async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  await vi.waitUntil(done, { timeout: 20_000, interval: 50 });
  await stack.factory.jobs.whenIdle();
}

describe("a scan gap without an issue that gives up", () => {
  it("gives its daily slot back and is failed, so a person's gap that day gets the slot", async () => {
    const installationId = stack.sim.state.installations[0]?.id as number;
    const job = scanGapJob(
      {
        installationId,
        owner: "acme",
        repo: "agents",
        gapKey: SCAN_GAP,
        gap: {
          skill: "data visualization",
          taskCount: 40,
          tasks: [{ id: "t1", title: "Chart the churn" }],
          projects: ["Apollo", "Beacon"],
          urgency: "high",
        },
      },
      new Date(),
    );
    expect(job.issueNumber).toBeNull();
    await stack.factory.submit(job);
    const failures = () =>
      stack.ends.filter((e) => e.job.deliveryId === job.deliveryId && e.end.kind === "error");
    await until(() => failures().length === 5);
    await until(async () => (await store.listUnfinishedJobs()).length === 0);

    expect(
      await store.checkDailySlot({
        scope: `installation:${installationId}`,
        gapKey: "someone-else",
        limit: 1,
      }),
    ).toMatchObject({ used: 0, remaining: 1 });
    const gap = await store.getGap({ gapKey: SCAN_GAP });
    expect(gap).toMatchObject({ state: "failed", reason: "the store could not be reached" });

    const { number } = await stack.sim.act.openIssue({
      repo: "acme/agents",
      ...skillGap("skill qx"),
      actor: "mia",
    });
    await stack.sim.act.labelIssue({
      repo: "acme/agents",
      number,
      label: "capability-gap",
      actor: "mia",
    });
    await until(() => pullsClosing(stack.sim, number).length === 1);
    expect(botComments(stack.sim, number).at(-1)).toMatch(/🚀 Opened/);
  });
});
