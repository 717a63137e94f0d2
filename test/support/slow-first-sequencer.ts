import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that keep a core busy for many seconds (the Python checks of generated teams, the stores
 * copied and imported): started first, so they overlap the many short files instead of ending the
 * run alone. Vitest orders by the last run's durations, which a fresh clone (CI) does not have: it
 * would order by file size, and these files are small.
 */
const BUSY = [
  "test/factory/teams-in-one-repository.test.ts",
  "test/factory/quality-sweep.test.ts",
  "test/factory/framework-contracts.test.ts",
  "test/store/private-checkout.test.ts",
  "test/store/import-pglite-store.test.ts",
];

/**
 * Files that run for many seconds mostly waiting (retries a second apart and more, lease and
 * rate-limit windows, processes draining): one at a time beside the busy ones, never two together
 * while the cores idle. The first starts with the busy files; the others are spread over the run.
 */
const WAITING = [
  "test/e2e/github-unreachable.test.ts",
  "test/e2e/fleet-replicas.test.ts",
  "test/e2e/chaos.test.ts",
  "test/jobs/leases.test.ts",
  "test/e2e/faults.test.ts",
  "test/e2e/graceful-shutdown.test.ts",
  "test/scan/scan-through-github.test.ts",
  "test/store/embedded-lifecycle.test.ts",
  "test/dashboard/operator-page.test.ts",
  "test/e2e/webhook-body-limit.test.ts",
];

/** Where in `list` the spec's file is, else -1. */
const indexIn = (list: string[], spec: TestSpecification) =>
  list.findIndex((path) => spec.moduleId.endsWith(path));

/**
 * The busy files, with the first waiting one second (beside the first busy file); then the rest
 * in vitest's order with the other waiting files at even intervals through its first two thirds.
 */
export function interleave(sorted: TestSpecification[]): TestSpecification[] {
  const byList = (list: string[]) =>
    sorted
      .filter((s) => indexIn(list, s) !== -1)
      .sort((a, b) => indexIn(list, a) - indexIn(list, b));
  const busy = byList(BUSY);
  const waiting = byList(WAITING);
  const rest = sorted.filter((s) => indexIn(BUSY, s) === -1 && indexIn(WAITING, s) === -1);
  const [first, ...later] = waiting;
  const head = first ? [...busy.slice(0, 1), first, ...busy.slice(1)] : busy;
  const every = Math.max(1, Math.floor((rest.length * 2) / 3 / (later.length + 1)));
  const tail: TestSpecification[] = [];
  rest.forEach((spec, i) => {
    if (i > 0 && i % every === 0 && later.length > 0) tail.push(later.shift() as TestSpecification);
    tail.push(spec);
  });
  return [...head, ...tail, ...later];
}

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return interleave(await super.sort(files));
  }
}
