import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { runJsonProcess } from "./json-process.ts";
import type { LoadPlan, LoadResult } from "./load-client.ts";

const LOAD_CLIENT = join(import.meta.dirname, "load-client.ts");

/**
 * An irrelevant delivery: a plain `issue_comment.created` ("thanks!"), GitHub's own example payload.
 * The app must check the signature, see there is no command and answer 2xx.
 */
export function irrelevantDelivery(): { event: string; body: string } {
  const require = createRequire(import.meta.url);
  const examples = require("@octokit/webhooks-examples") as {
    name: string;
    examples: Record<string, unknown>[];
  }[];
  const payload = examples
    .find((e) => e.name === "issue_comment")
    ?.examples.find((p) => p.action === "created");
  if (!payload) throw new Error("no issue_comment.created example in @octokit/webhooks-examples");
  const comment = { ...(payload.comment as Record<string, unknown>), body: "Thanks, looks good!" };
  return { event: "issue_comment", body: JSON.stringify({ ...payload, comment }) };
}

/** Runs `bench/load-client.ts` as a second process and returns its result. */
export function runLoadProcess(plan: LoadPlan): Promise<LoadResult> {
  return runJsonProcess({
    script: LOAD_CLIENT,
    arg: plan,
    timeoutMs: (plan.durationS + 30) * 1000,
  });
}

/**
 * p50/p99 time to the answer for `rate` signed irrelevant deliveries per second over `durationS`,
 * after a short warm-up at the same rate (not counted).
 */
export async function measureWebhookAck(params: {
  url: string;
  secret: string;
  rate?: number;
  durationS?: number;
  warmupS?: number;
}): Promise<LoadResult & { rate: number; durationS: number }> {
  const { rate = 500, durationS = 10, warmupS = 2 } = params;
  const delivery = irrelevantDelivery();
  const plan = { url: params.url, secret: params.secret, ...delivery, rate, connections: 20 };
  if (warmupS > 0) await runLoadProcess({ ...plan, durationS: warmupS });
  const result = await runLoadProcess({ ...plan, durationS });
  return { ...result, rate, durationS };
}

/** p50/p99 of the same load against `bench/bare-server.ts` (its own process): the machine's floor. */
export async function measureBareServerAck(params: {
  rate?: number;
  durationS?: number;
}): Promise<LoadResult> {
  const secret = "bare-server-secret";
  const child = spawn(process.execPath, [join(import.meta.dirname, "bare-server.ts"), secret], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (d) => resolve(Number(String(d).trim())));
      child.once("exit", (code) => reject(new Error(`bench/bare-server.ts exited with ${code}`)));
    });
    return await measureWebhookAck({ url: `http://127.0.0.1:${port}/`, secret, ...params });
  } finally {
    child.kill("SIGTERM");
  }
}
