import type { NOTIFY_EVENTS } from "../config/repo-config.ts";

export type NotificationKind = (typeof NOTIFY_EVENTS)[number];

/** Something people outside GitHub hear about (the plan's `notify_humans`), after it happened. */
export interface Notification {
  kind: NotificationKind;
  repo: string;
  installationId: number;
  /** Plain text; may quote untrusted words (a reason, a title): each target escapes it. */
  text: string;
  /** The issue or PR to open (built from GitHub's own URLs). */
  url?: string;
  issueNumber?: number | null;
  /** An automatic pause (the circuit breaker), not a person's. */
  auto?: boolean;
  at: string;
}

/** Slack's mrkdwn control characters as entities: user text cannot link, mention or format. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const ICON: Record<NotificationKind, string> = {
  "pr-opened": ":rocket:",
  "approval-needed": ":raised_hand:",
  "daily-limit": ":hourglass:",
  paused: ":double_vertical_bar:",
  failure: ":warning:",
};

/** A Slack incoming webhook's body: one mrkdwn line, every interpolated value escaped. */
export function slackBody(n: Notification): string {
  const link = n.url
    ? ` <${n.url.replace(/[<>|\s]/g, encodeURIComponent)}|${n.issueNumber ? `#${n.issueNumber}` : "open"}>`
    : "";
  const text = `${ICON[n.kind]} *Team Factory* · ${escapeSlack(n.repo)}: ${escapeSlack(n.text)}${link}`;
  return JSON.stringify({ text });
}

/** The generic JSON webhook's body. */
export function webhookBody(n: Notification): string {
  return JSON.stringify({
    event: n.kind,
    repo: n.repo,
    installation_id: n.installationId,
    issue: n.issueNumber ?? null,
    url: n.url ?? null,
    text: n.text,
    auto: n.auto ?? false,
    at: n.at,
  });
}
