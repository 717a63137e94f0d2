import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that run for tens of seconds (the Python checks over the team sweep, the fault and chaos
 * runs): started first, so they overlap the many short files instead of ending the run alone.
 * Vitest orders by the last run's durations, which a fresh clone (CI) does not have: it would
 * order by file size, and these files are small.
 */
const SLOW_FIRST = [
  "test/factory/teams-in-one-repository.test.ts",
  "test/factory/quality-sweep.test.ts",
  "test/e2e/chaos.test.ts",
  "test/factory/framework-contracts.test.ts",
  "test/e2e/github-unreachable.test.ts",
  "test/store/private-checkout.test.ts",
  "test/e2e/faults.test.ts",
  "test/e2e/graceful-shutdown.test.ts",
  "test/store/embedded-lifecycle.test.ts",
  "test/store/import-pglite-store.test.ts",
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep the base order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
