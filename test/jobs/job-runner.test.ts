import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../src/intake/job.ts";
import { Job as JobSchema } from "../../src/intake/job.ts";
import type { JobEnd } from "../../src/jobs/job-runner.ts";
import { createJobRunner } from "../../src/jobs/job-runner.ts";
import type { Store } from "../../src/store/store.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

const silent = { info() {}, warn() {}, error() {} };
const job = (deliveryId: string, repo = "app", issueNumber = 1): Job => ({
  trigger: "label",
  deliveryId,
  installationId: 7,
  owner: "acme",
  repo,
  issueNumber,
  actor: "alice",
  label: "capability-gap",
});

const submission = (j: Job) => ({
  deliveryId: j.deliveryId,
  kind: j.trigger,
  gapKey: null,
  job: j,
});
const common = {
  log: silent,
  parse: (payload: unknown) => JobSchema.safeParse(payload).data ?? null,
  keyOf: (j: Job) => `${j.owner}/${j.repo}`,
};

describe("job runner", () => {
  let store: Store;
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    store = t.store;
  });
  afterAll(async () => {
    await t.close();
  });

  it("runs a job once even when its delivery comes twice", async () => {
    const seen: string[] = [];
    const runner = createJobRunner({
      store,
      owner: "test-1",
      ...common,
      process: async (j) => {
        seen.push(j.deliveryId);
        return { kind: "ignored", reason: "test" };
      },
    });
    expect(await runner.submit(submission(job("d-1")))).toBe("queued");
    expect(await runner.submit(submission(job("d-1")))).toBe("duplicate");
    await runner.whenIdle();
    expect(seen).toEqual(["d-1"]);
    expect(await store.listUnfinishedJobs()).toEqual([]);
  });

  it("keeps one repository's jobs in order", async () => {
    const events: string[] = [];
    const runner = createJobRunner({
      store,
      owner: "test-2",
      ...common,
      process: async (j) => {
        events.push(`start ${j.deliveryId}`);
        await new Promise((r) => setTimeout(r, j.deliveryId === "o-1" ? 30 : 1));
        events.push(`end ${j.deliveryId}`);
        return { kind: "ignored", reason: "test" };
      },
    });
    await runner.submit(submission(job("o-1", "same")));
    await runner.submit(submission(job("o-2", "same")));
    await runner.whenIdle();
    expect(events).toEqual(["start o-1", "end o-1", "start o-2", "end o-2"]);
  });

  it("records a failure in the store and leaves the job to be retried", async () => {
    const ends: JobEnd<never>[] = [];
    const runner = createJobRunner({
      store,
      owner: "test-3",
      ...common,
      process: async () => {
        throw new Error("GitHub is down");
      },
      onEnd: (_job, end) => ends.push(end),
    });
    await runner.submit(submission(job("f-1")));
    await runner.whenIdle();
    const unfinished = await store.listUnfinishedJobs();
    expect(unfinished.map((j) => [j.deliveryId, j.status, j.lastError])).toEqual([
      ["f-1", "queued", "GitHub is down"],
    ]);
    expect(ends).toEqual([{ kind: "error", message: "GitHub is down" }]);
  });
});
