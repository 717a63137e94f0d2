import { SmeeClient } from "smee-client";

/** Forwards a smee.io channel's webhooks to the local server (development only). */
export async function startSmee(params: {
  source: string;
  target: string;
  log: { info(msg: string): void; error(msg: string): void };
}): Promise<{ stop(): Promise<void> }> {
  const client = new SmeeClient({
    source: params.source,
    target: params.target,
    logger: {
      info: (...a: unknown[]) => params.log.info(a.join(" ")),
      error: (...a: unknown[]) => params.log.error(a.join(" ")),
    },
  });
  await client.start();
  return { stop: () => client.stop() };
}
