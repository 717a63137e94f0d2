import { Cron } from "croner";

/** Parses a cron expression (UTC); a message a person can act on when it is not valid. */
export function parseScanCron(expression: string): Cron {
  try {
    return new Cron(expression, { timezone: "UTC", paused: true });
  } catch (error) {
    throw new Error(
      `scan cron "${expression}" is not a valid cron expression (${(error as Error).message}); use five fields like "0 * * * *" (hourly, UTC).`,
    );
  }
}
