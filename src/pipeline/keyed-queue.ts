/**
 * Runs tasks one at a time per key (a repository, an installation), different keys in parallel.
 * `whenIdle()` resolves once every queued task has settled.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  whenIdle(): Promise<void>;
  readonly pending: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  let pending = 0;
  let idle: { promise: Promise<void>; resolve: () => void } | null = null;
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      pending++;
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
        pending--;
        if (pending === 0 && idle) {
          idle.resolve();
          idle = null;
        }
      });
      return result;
    },
    whenIdle() {
      if (pending === 0) return Promise.resolve();
      if (!idle) {
        let resolve = () => {};
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        idle = { promise, resolve };
      }
      return idle.promise;
    },
    get pending() {
      return pending;
    },
  };
}
