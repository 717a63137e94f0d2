import { escapeHtml } from "./html.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 min ago", "3 h ago", "5 d ago", "in 4 min" (from `now`). */
export function relativeText(ms: number, now: number): string {
  const delta = now - ms;
  const size = Math.abs(delta);
  if (size < MINUTE) return delta >= 0 ? "just now" : "in less than a minute";
  const amount =
    size < HOUR
      ? `${Math.floor(size / MINUTE)} min`
      : size < 2 * DAY
        ? `${Math.floor(size / HOUR)} h`
        : `${Math.floor(size / DAY)} d`;
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** `2026-11-28T09:00:00Z`: whole seconds, UTC. */
export const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** `2026-11-28 09:00:00 UTC`. */
export const utcText = (ms: number) => `${isoSeconds(ms).replace("T", " ").slice(0, 19)} UTC`;

/**
 * A timestamp from the store (microseconds, any offset) as `<time>`: relative text, the exact
 * UTC time on hover. Text that is not a time is shown as it is, escaped.
 */
export function timeTag(value: string | null | undefined, now: Date): string {
  if (!value) return "—";
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return escapeHtml(value);
  return `<time datetime="${isoSeconds(ms)}" title="${utcText(ms)}">${relativeText(ms, now.getTime())}</time>`;
}
