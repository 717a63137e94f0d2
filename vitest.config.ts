import { defineConfig } from "vitest/config";
import { SlowFirstSequencer } from "./test/support/slow-first-sequencer.ts";

export default defineConfig({
  test: {
    pool: "forks",
    // The suite waits on real servers and processes much of the time: more workers than cores.
    maxWorkers: 3,
    // Test files share their worker's module cache: GitHub's API description, the GraphQL schema
    // and the app's modules load once per worker, not once per file. Tests leave no global state
    // behind (no module mocks, no environment changes); each starts its own servers.
    isolate: false,
    // A larger young generation: the workers allocate heavily (simulator, generated teams), and
    // scavenges took a tenth of their CPU with the default.
    execArgv: ["--max-semi-space-size=64"],
    sequence: { sequencer: SlowFirstSequencer },
    globalSetup: ["test/support/suite-environment.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
