import type { Context } from "probot";
import { metricsEventOf } from "../intake/metrics-event.ts";
import type { MetricsEvent } from "../metrics/metric-events.ts";

/** The calls of the metrics handlers, provided by the composition root. */
export interface MetricsHandlerDeps {
  /** Records an event of a team PR or a team's deployment (the store ignores any other). */
  recordMetricsEvent(event: MetricsEvent): Promise<unknown>;
  /** Counts a verified webhook (Prometheus). */
  countWebhook(event: string, action: string | undefined): void;
}

/** Reviews, closes, reopens and draft changes of team PRs; deployment statuses of teams. */
export async function onMetricsEvent(params: {
  context: Pick<Context, "name" | "payload">;
  deps: MetricsHandlerDeps;
}): Promise<void> {
  const event = metricsEventOf(params.context.name, params.context.payload);
  if (event) await params.deps.recordMetricsEvent(event);
}
