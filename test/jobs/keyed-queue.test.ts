import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "../../src/jobs/keyed-queue.ts";

const tick = () => new Promise((r) => setImmediate(r));

describe("keyed queue", () => {
  it("runs one key's tasks in order, one at a time", async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const task = (name: string, steps: number) => async () => {
      events.push(`${name}:start`);
      for (let i = 0; i < steps; i++) await tick();
      events.push(`${name}:end`);
    };
    await Promise.all([queue.run("a", task("1", 3)), queue.run("a", task("2", 1))]);
    expect(events).toEqual(["1:start", "1:end", "2:start", "2:end"]);
  });

  it("runs different keys side by side", async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name}:start`);
      await tick();
      events.push(`${name}:end`);
    };
    await Promise.all([queue.run("a", task("a")), queue.run("b", task("b"))]);
    expect(events.slice(0, 2).sort()).toEqual(["a:start", "b:start"]);
  });

  it("keeps going after a failed task", async () => {
    const queue = createKeyedQueue();
    const failed = queue.run("a", async () => {
      throw new Error("boom");
    });
    const next = queue.run("a", async () => "ok");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });

  it("runs a low task after every normal task queued for its key, even ones queued later", async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(name);
      await tick();
    };
    await Promise.all([
      queue.run("a", task("normal-1")),
      queue.run("a", task("refusal-1"), { low: true }),
      queue.run("a", task("refusal-2"), { low: true }),
      queue.run("a", task("normal-2")),
    ]);
    expect(events).toEqual(["normal-1", "normal-2", "refusal-1", "refusal-2"]);
  });

  it("never makes a normal task wait for a low one already running (at most one of each at once)", async () => {
    const queue = createKeyedQueue();
    let release = () => {};
    const slow = queue.run(
      "a",
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
      { low: true },
    );
    const events: string[] = [];
    const second = queue.run("a", async () => events.push("low-2"), { low: true });
    await queue.run("a", async () => events.push("normal"));
    expect(events).toEqual(["normal"]);
    release();
    await Promise.all([slow, second]);
    expect(events).toEqual(["normal", "low-2"]);
  });
});
