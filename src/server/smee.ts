import { SmeeClient } from "smee-client";

interface SmeeLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/** How long to wait before trying the channel again: doubling from `firstMs` up to `maxMs`. */
export interface SmeeRetry {
  firstMs: number;
  maxMs: number;
  /** How long one attempt to open the channel may take. */
  connectMs: number;
}

const RETRY: SmeeRetry = { firstMs: 1000, maxMs: 60_000, connectMs: 15_000 };

/**
 * Forwards the smee.io channel in WEBHOOK_PROXY_URL to the local server (development). A channel
 * it cannot open is named by its setting and host, never by the channel's secret path. With
 * `mustConnect` (production) that stops the start; otherwise it keeps trying, waiting twice as
 * long each time up to `maxMs`, and a channel that closes later is reopened the same way.
 */
export async function startSmee(params: {
  source: string;
  target: string;
  log: SmeeLog;
  mustConnect: boolean;
  retry?: SmeeRetry;
}): Promise<{ stop(): Promise<void> }> {
  const retry = params.retry ?? RETRY;
  const host = hostOf(params.source);
  const problem = (reason: string) =>
    `WEBHOOK_PROXY_URL: cannot reach the smee channel on ${host} (${reason})`;
  let client: SmeeClient | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let waitMs = retry.firstMs;

  const open = async (): Promise<void> => {
    const next = new SmeeClient({
      source: params.source,
      target: params.target,
      maxConnectionTimeout: retry.connectMs,
      // Its own lines name the channel's full URL and print errors as [object Event]: only
      // forwarded deliveries are passed on; failures are reported below.
      logger: {
        info: (...args: unknown[]) => {
          if (/^POST /.test(String(args[0]))) params.log.info(`smee: ${String(args[0])}`);
        },
        error: () => {},
      },
    });
    client = next;
    const events = await next.start();
    waitMs = retry.firstMs;
    params.log.info(`smee: forwarding the channel on ${host} to ${params.target}`);
    let live = true;
    events.addEventListener("open", () => {
      if (!live) params.log.info(`smee: the channel on ${host} is back`);
      live = true;
    });
    events.addEventListener("error", (event) => {
      if (stopped) return;
      // CLOSED: the EventSource gave up, so open the channel again; CONNECTING: it is already
      // trying again every few seconds (said once, not at every try).
      if (events.readyState === events.CLOSED) {
        params.log.warn(`${problem(reasonOf(event))}; reopening it`);
        schedule();
      } else if (live) params.log.warn(`${problem(reasonOf(event))}; reconnecting`);
      live = false;
    });
  };
  const attempt = () =>
    open().catch(async (error: unknown) => {
      await client?.stop();
      if (stopped) return;
      params.log.warn(`${problem(reasonOf(error))}; retrying in ${formatMs(waitMs)}`);
      schedule();
    });
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void attempt(), waitMs);
    waitMs = Math.min(waitMs * 2, retry.maxMs);
  };

  if (params.mustConnect) {
    await open().catch(async (error: unknown) => {
      await client?.stop();
      throw new Error(
        `${problem(reasonOf(error))}; check the URL, or unset it where GitHub reaches the app directly`,
      );
    });
  } else {
    void attempt();
  }
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await client?.stop();
    },
  };
}

function hostOf(source: string): string {
  const url = URL.canParse(source) ? new URL(source) : null;
  if (!url || !["http:", "https:"].includes(url.protocol))
    throw new Error("WEBHOOK_PROXY_URL must be the http(s) URL of a smee.io channel");
  return url.host;
}

/** What went wrong, in words: EventSource errors are Events carrying a message. */
function reasonOf(error: unknown): string {
  const message =
    error && typeof error === "object" && "message" in error ? String(error.message) : "";
  return message.replace(/^TypeError: fetch failed: /, "") || "no answer";
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
