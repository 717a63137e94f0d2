import { createHmac, randomUUID } from "node:crypto";
import autocannon from "autocannon";

/**
 * The webhook load generator, run as its own process by `bench/webhook-ack.ts` so that the load
 * does not share an event loop with the app it measures. Argument: one JSON `LoadPlan`. Prints one
 * JSON `LoadResult` line.
 */
export interface LoadPlan {
  url: string;
  secret: string;
  event: string;
  body: string;
  rate: number;
  durationS: number;
  connections: number;
}

export interface LoadResult {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const result = await autocannon({
    url: plan.url,
    method: "POST",
    connections: plan.connections,
    overallRate: plan.rate,
    duration: plan.durationS,
    body: plan.body,
    headers: {
      "content-type": "application/json",
      "x-github-event": plan.event,
      "x-hub-signature-256": signBody(plan.secret, plan.body),
      "user-agent": "GitHub-Hookshot/bench",
    },
    requests: [
      {
        // Every delivery gets its own id, as GitHub's do.
        setupRequest: (request: Record<string, unknown>) => ({
          ...request,
          headers: {
            ...(request.headers as Record<string, string>),
            "x-github-delivery": randomUUID(),
          },
        }),
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

if (import.meta.main) {
  const plan = JSON.parse(process.argv[2] ?? "{}") as LoadPlan;
  process.stdout.write(`${JSON.stringify(await runLoad(plan))}\n`);
}
