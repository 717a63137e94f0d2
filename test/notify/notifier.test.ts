import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Notification } from "../../src/notify/notification.ts";
import { escapeSlack } from "../../src/notify/notification.ts";
import { createNotifier, notifyTargetsFromEnv } from "../../src/notify/notifier.ts";
import { startReceiver } from "../support/loopback-receiver.ts";

const HOSTILE: Notification = {
  kind: "failure",
  repo: "acme/agents",
  installationId: 7,
  issueNumber: 12,
  url: "https://github.com/acme/agents/issues/12",
  text: "the run failed: <!channel> *bold* & <https://evil.example|click here>",
  at: "2026-11-29T10:00:00.000Z",
};

const logs: string[] = [];
const log = { info() {}, warn: (_: object, msg?: string) => logs.push(msg ?? ""), error() {} };
let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
  logs.length = 0;
});

async function receiver(statuses: number[] = []) {
  const r = await startReceiver(statuses);
  stops.push(async () => r.down().catch(() => undefined));
  return r;
}

describe("notifications", () => {
  it("posts escaped Slack mrkdwn and a signed JSON body to loopback receivers", async () => {
    const slack = await receiver();
    const hook = await receiver();
    const notifier = createNotifier({
      targets: notifyTargetsFromEnv({
        TEAM_FACTORY_SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/x`,
        TEAM_FACTORY_NOTIFY_URL: `${hook.url}/team-factory`,
        TEAM_FACTORY_NOTIFY_SECRET: "s3cret",
      }),
      log,
    });
    expect(notifier.notify(HOSTILE)).toBeUndefined();
    await notifier.whenIdle();
    const text = JSON.parse(slack.received[0]?.body ?? "{}").text as string;
    expect(text).toBe(
      ":warning: *Team Factory* · acme/agents: the run failed: &lt;!channel&gt; *bold* &amp; &lt;https://evil.example|click here&gt; <https://github.com/acme/agents/issues/12|#12>",
    );
    expect(text).not.toMatch(/<!|<https:\/\/evil/);
    const [sent] = hook.received;
    expect(sent?.path).toBe("/team-factory");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      event: "failure",
      repo: "acme/agents",
      installation_id: 7,
      issue: 12,
      url: "https://github.com/acme/agents/issues/12",
      text: HOSTILE.text,
      auto: false,
      at: HOSTILE.at,
    });
    const signature = `sha256=${createHmac("sha256", "s3cret")
      .update(sent?.body ?? "")
      .digest("hex")}`;
    expect(sent?.headers["x-team-factory-signature-256"]).toBe(signature);
  });

  it("retries a failing receiver with doubling waits, and stops at a refusal", async () => {
    const flaky = await receiver([502, 503]);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const notifier = createNotifier({
      targets: notifyTargetsFromEnv({ TEAM_FACTORY_NOTIFY_URL: flaky.url }),
      log,
      sleep,
    });
    notifier.notify(HOSTILE);
    await notifier.whenIdle();
    expect(flaky.received).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);

    const refusing = await receiver([400]);
    const once = createNotifier({
      targets: notifyTargetsFromEnv({ TEAM_FACTORY_NOTIFY_URL: refusing.url }),
      log,
      sleep,
    });
    once.notify(HOSTILE);
    await once.whenIdle();
    expect(refusing.received).toHaveLength(1);
    expect(logs).toEqual(["notification not delivered: the webhook target answered 400"]);
  });

  it("gives up on a receiver that is down after four attempts, without throwing or waiting for real", async () => {
    const gone = await receiver();
    await gone.down();
    const waits: number[] = [];
    const notifier = createNotifier({
      targets: notifyTargetsFromEnv({ TEAM_FACTORY_SLACK_WEBHOOK_URL: gone.url }),
      log,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const started = Date.now();
    notifier.notify(HOSTILE);
    expect(Date.now() - started).toBeLessThan(50);
    await notifier.whenIdle();
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(logs).toEqual(["notification not delivered: the slack target is unreachable"]);
  });

  it("refuses an unusable URL by naming its variable, and sends nothing without one", () => {
    expect(() =>
      notifyTargetsFromEnv({ TEAM_FACTORY_SLACK_WEBHOOK_URL: "hooks.slack.com/x" }),
    ).toThrow(/TEAM_FACTORY_SLACK_WEBHOOK_URL must be an http\(s\) URL/);
    expect(() => notifyTargetsFromEnv({ TEAM_FACTORY_NOTIFY_URL: "file:///etc/passwd" })).toThrow(
      /TEAM_FACTORY_NOTIFY_URL/,
    );
    expect(createNotifier({ targets: notifyTargetsFromEnv({}), log }).enabled).toBe(false);
    expect(escapeSlack("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });
});
