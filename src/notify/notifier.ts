import { createHmac } from "node:crypto";
import { readEnv } from "../env/env-schema.ts";
import type { JobLog } from "../jobs/job-log.ts";
import { type Notification, slackBody, webhookBody } from "./notification.ts";

/** Where notifications go: a URL and how a notification is written for it. */
export interface NotifyTarget {
  name: "slack" | "webhook";
  url: string;
  body(notification: Notification): string;
  /** Headers beside `content-type` (a signature of the body, say). */
  headers?(body: string): Record<string, string>;
}

export interface Notifier {
  /** Whether any target is set. */
  readonly enabled: boolean;
  /** Sends in the background (retried with back-off); never throws, never waits for delivery. */
  notify(notification: Notification): void;
  /** Resolves when every notification sent so far is delivered or given up. */
  whenIdle(): Promise<void>;
}

/** A delivery answer that may succeed later: rate limited, a server error, or no answer at all. */
const retryable = (status: number | null) => status === null || status === 429 || status >= 500;

/**
 * Delivers each notification to each target, `attempts` times at most with the waits doubling
 * from `baseDelayMs` (the sleep is injectable), each request cut after `timeoutMs`. A target
 * that is down or refuses costs a log line, never the pipeline.
 */
export function createNotifier(params: {
  targets: NotifyTarget[];
  log: JobLog;
  sleep?: (ms: number) => Promise<void>;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}): Notifier {
  const { targets, log } = params;
  const sleep = params.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms).unref()));
  const attempts = params.attempts ?? 4;
  const base = params.baseDelayMs ?? 1000;
  const pending = new Set<Promise<void>>();

  async function deliver(target: NotifyTarget, notification: Notification): Promise<void> {
    const body = target.body(notification);
    const headers = { "content-type": "application/json", ...target.headers?.(body) };
    for (let attempt = 1; ; attempt++) {
      let status: number | null = null;
      let error = "";
      try {
        const res = await fetch(target.url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(params.timeoutMs ?? 5000),
        });
        status = res.status;
        await res.body?.cancel();
        if (res.ok) return;
        error = `answered ${status}`;
      } catch (e) {
        error = (e as Error).name === "TimeoutError" ? "timed out" : "is unreachable";
      }
      if (!retryable(status) || attempt >= attempts) {
        log.warn(
          { target: target.name, event: notification.kind, repo: notification.repo, attempt },
          `notification not delivered: the ${target.name} target ${error}`,
        );
        return;
      }
      await sleep(base * 2 ** (attempt - 1));
    }
  }

  return {
    enabled: targets.length > 0,
    notify(notification) {
      for (const target of targets) {
        const sent = deliver(target, notification).catch(() => undefined);
        pending.add(sent);
        void sent.finally(() => pending.delete(sent));
      }
    },
    async whenIdle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}

/**
 * The targets the environment sets: `TEAM_FACTORY_SLACK_WEBHOOK_URL` (a Slack incoming webhook),
 * `TEAM_FACTORY_NOTIFY_URL` (a generic JSON webhook, signed with `TEAM_FACTORY_NOTIFY_SECRET` as
 * `X-Team-Factory-Signature-256: sha256=<hmac>` when set). An unusable URL throws, naming it.
 */
export function notifyTargetsFromEnv(env: NodeJS.ProcessEnv): NotifyTarget[] {
  const targets: NotifyTarget[] = [];
  const {
    TEAM_FACTORY_SLACK_WEBHOOK_URL: slack,
    TEAM_FACTORY_NOTIFY_URL: hook,
    TEAM_FACTORY_NOTIFY_SECRET: secret,
  } = readEnv(
    env,
    "TEAM_FACTORY_SLACK_WEBHOOK_URL",
    "TEAM_FACTORY_NOTIFY_URL",
    "TEAM_FACTORY_NOTIFY_SECRET",
  );
  if (slack) targets.push({ name: "slack", url: new URL(slack).toString(), body: slackBody });
  if (hook)
    targets.push({
      name: "webhook",
      url: new URL(hook).toString(),
      body: webhookBody,
      headers: secret
        ? (body) => ({
            "x-team-factory-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
          })
        : undefined,
    });
  return targets;
}
