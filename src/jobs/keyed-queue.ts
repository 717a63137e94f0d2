/**
 * Runs tasks one at a time per key (a repository, an installation), different keys in parallel.
 * A `low` task waits for every normal task queued for its key: answers to a flood of refused
 * requests never hold up real work.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>, options?: { low?: boolean }): Promise<T>;
}

interface Lane {
  busy: boolean;
  normal: (() => Promise<void>)[];
  low: (() => Promise<void>)[];
}

export function createKeyedQueue(): KeyedQueue {
  const lanes = new Map<string, Lane>();
  const pump = (key: string, lane: Lane) => {
    if (lane.busy) return;
    const next = lane.normal.shift() ?? lane.low.shift();
    if (!next) {
      lanes.delete(key);
      return;
    }
    lane.busy = true;
    void next().finally(() => {
      lane.busy = false;
      pump(key, lane);
    });
  };
  return {
    run<T>(key: string, task: () => Promise<T>, options: { low?: boolean } = {}): Promise<T> {
      const lane = lanes.get(key) ?? { busy: false, normal: [], low: [] };
      lanes.set(key, lane);
      return new Promise<T>((resolve, reject) => {
        (options.low ? lane.low : lane.normal).push(() => task().then(resolve, reject));
        pump(key, lane);
      });
    },
  };
}
