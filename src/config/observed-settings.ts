import { z } from "zod";
import {
  BreakerConfig,
  DEFAULT_REPO_CONFIG,
  NOTIFY_EVENTS,
  type RepoConfig,
} from "./repo-config.ts";

/**
 * The part of a repository's config that matters outside a run (the dashboard issue, the
 * notifications, the circuit breaker, the daily limit shown on the dashboards). Each run reads the
 * config and the store keeps this part, so every replica knows it between runs.
 */
export const ObservedSettings = z.object({
  dashboard: z.boolean(),
  notify: z.array(z.enum(NOTIFY_EVENTS)),
  breaker: BreakerConfig,
  dailyLimit: z.number().int().min(0),
  dailyLimitScope: z.enum(["installation", "repository"]),
});
export type ObservedSettings = z.infer<typeof ObservedSettings>;

export function observedSettings(config: RepoConfig): ObservedSettings {
  return {
    dashboard: config.dashboard,
    notify: config.notify,
    breaker: config.breaker,
    dailyLimit: config.daily_limit,
    dailyLimitScope: config.daily_limit_scope,
  };
}

export const DEFAULT_OBSERVED_SETTINGS = observedSettings(DEFAULT_REPO_CONFIG);

/** Settings read back from the store (untrusted JSON): the defaults when they do not parse. */
export function parseObservedSettings(value: unknown): ObservedSettings {
  return ObservedSettings.safeParse(value).data ?? DEFAULT_OBSERVED_SETTINGS;
}
