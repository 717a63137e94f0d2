import { defineConfig } from "vitest/config";

// Tests of pure code share their workers' module cache (no servers, processes or mocks there);
// the others each get a fresh worker.
const PURE = [
  ...[
    "spec",
    "policy",
    "intake",
    "config",
    "pipeline",
    "github",
    "llm",
    "notify",
    "deploy",
    "bench",
  ].map((dir) => `test/${dir}/**/*.test.ts`),
  "test/jobs/keyed-queue.test.ts",
  "test/scan/render-gap-issue.test.ts",
  "test/scan/scan-cron.test.ts",
  "test/factory/generate-team.test.ts",
  "test/factory/golden-files.test.ts",
];

export default defineConfig({
  test: {
    pool: "forks",
    // The suite waits on real servers and processes much of the time: more workers than cores.
    maxWorkers: 3,
    globalSetup: ["test/support/scratch-in-memory.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "pure", include: PURE, isolate: false },
      },
      {
        extends: true,
        test: {
          name: "edges",
          include: ["test/**/*.test.ts"],
          exclude: PURE,
          isolate: false,
        },
      },
    ],
  },
});
