/**
 * Runs tasks one at a time per key (a repository, an installation), different keys in parallel.
 * A `low` task waits for every normal task queued for its key: answers to a flood of refused
 * requests, 👀 and progress comments never hold up real work. A normal task does not wait for a
 * low one already running either, so a key has at most one of each running at once.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>, options?: { low?: boolean }): Promise<T>;
}

interface Lane {
  normalBusy: boolean;
  lowBusy: boolean;
  normal: (() => Promise<void>)[];
  low: (() => Promise<void>)[];
}

export function createKeyedQueue(): KeyedQueue {
  const lanes = new Map<string, Lane>();
  const pump = (key: string, lane: Lane) => {
    if (!lane.normalBusy && lane.normal.length) {
      lane.normalBusy = true;
      void lane.normal
        .shift()?.()
        .finally(() => {
          lane.normalBusy = false;
          pump(key, lane);
        });
    }
    if (!lane.lowBusy && !lane.normalBusy && lane.low.length) {
      lane.lowBusy = true;
      void lane.low
        .shift()?.()
        .finally(() => {
          lane.lowBusy = false;
          pump(key, lane);
        });
    }
    if (!lane.normalBusy && !lane.lowBusy && !lane.normal.length && !lane.low.length)
      lanes.delete(key);
  };
  return {
    run<T>(key: string, task: () => Promise<T>, options: { low?: boolean } = {}): Promise<T> {
      const lane = lanes.get(key) ?? { normalBusy: false, lowBusy: false, normal: [], low: [] };
      lanes.set(key, lane);
      return new Promise<T>((resolve, reject) => {
        (options.low ? lane.low : lane.normal).push(() => task().then(resolve, reject));
        pump(key, lane);
      });
    },
  };
}
