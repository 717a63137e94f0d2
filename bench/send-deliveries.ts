import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { signBody } from "./load-client.ts";

/** One signed `POST`; resolves with the answer's status once its body has been read. */
function post(agent: Agent, url: string, headers: Record<string, string>, body: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      res.once("error", reject).once("end", () => resolve(res.statusCode ?? 0));
      res.resume();
    });
    req.once("error", reject);
    req.end(body);
  });
}

/**
 * Sends `count` signed deliveries of `event`, `concurrency` at a time, each body built by `bodyAt`
 * just before it is sent; every answer must be 2xx. The first delivery without an answer stops
 * the others and is named with its number and why.
 *
 * The round keeps its own keep-alive connections and closes them at its end. A connection another
 * client left idle in this process's shared `fetch` pool (the simulator's deliveries) may have
 * been closed by the app meanwhile (its keep-alive window is 5 s): when this process's event loop
 * was busy until the round began, the close is not read yet and the first delivery written onto
 * that connection fails ("other side closed").
 */
export async function sendDeliveries(params: {
  url: string;
  secret: string;
  event: string;
  count: number;
  bodyAt: (i: number) => string;
  concurrency?: number;
}): Promise<void> {
  const { url, secret, count, concurrency = 16 } = params;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failed = 0;
  let unanswered: Error | null = null;
  const worker = async () => {
    while (!unanswered && next < count) {
      const i = next++;
      const body = params.bodyAt(i);
      const headers = {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "x-github-event": params.event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signBody(secret, body),
      };
      try {
        if ((await post(agent, url, headers, body)) >= 300) failed++;
      } catch (error) {
        unanswered ??= new Error(
          `delivery ${i + 1} of ${count} got no answer from ${url}: ${(error as Error).message}`,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  if (unanswered) throw unanswered;
  if (failed) throw new Error(`${failed} deliveries were not answered with 2xx`);
}
