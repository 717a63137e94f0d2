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
  /** What is running of each kind. */
  busy: { normal: boolean; low: boolean };
  normal: (() => Promise<void>)[];
  low: (() => Promise<void>)[];
}

export function createKeyedQueue(): KeyedQueue {
  const lanes = new Map<string, Lane>();
  const start = (key: string, lane: Lane, kind: "normal" | "low") => {
    const next = lane[kind].shift();
    if (!next) return;
    lane.busy[kind] = true;
    void next().finally(() => {
      lane.busy[kind] = false;
      pump(key, lane);
    });
  };
  const pump = (key: string, lane: Lane) => {
    if (!lane.busy.normal) start(key, lane, "normal");
    if (!lane.busy.low && !lane.busy.normal) start(key, lane, "low");
    if (!lane.busy.normal && !lane.busy.low) lanes.delete(key);
  };
  return {
    run<T>(key: string, task: () => Promise<T>, options: { low?: boolean } = {}): Promise<T> {
      const lane = lanes.get(key) ?? { busy: { normal: false, low: false }, normal: [], low: [] };
      lanes.set(key, lane);
      return new Promise<T>((resolve, reject) => {
        (options.low ? lane.low : lane.normal).push(() => task().then(resolve, reject));
        pump(key, lane);
      });
    },
  };
}
