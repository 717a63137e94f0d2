import { z } from "zod";

/** The plan's five success metrics, each judged against its target. */
export const METRIC_KEYS = [
  "gap_to_pr",
  "needs_changes",
  "false_positives",
  "review_time",
  "deployments",
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

const Duration = z.object({
  samples: z.number().int().nonnegative(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
});
const Ratio = z.object({
  count: z.number().int().nonnegative(),
  of: z.number().int().nonnegative(),
  rate: z.number().nullable(),
});
export type DurationMetric = z.infer<typeof Duration>;
export type RatioMetric = z.infer<typeof Ratio>;

/** One window of the five metrics, as `tf_metrics` computes them (seconds, rates 0–1). */
export const MetricsWindow = z.object({
  gap_to_pr: Duration,
  needs_changes: Ratio,
  false_positives: Ratio,
  review_time: Duration,
  deployments: Ratio,
  to: z.string().optional(),
  days: z.number().int().optional(),
});
export type MetricsWindow = z.infer<typeof MetricsWindow>;

export type Judgement = "met" | "not met" | "no data";

export interface MetricDefinition {
  key: MetricKey;
  label: string;
  /** The plan's words for the target. */
  target: string;
  /** The value judged (the median for durations, the rate for ratios); null: no data. */
  value(window: MetricsWindow): number | null;
  /** Whether a value meets the target. */
  meets(value: number): boolean;
  /** The value as a person reads it. */
  format(window: MetricsWindow): string;
}

/** Seconds as a person reads them: "45 s", "12 min", "2.5 h". */
export const minutes = (seconds: number) =>
  seconds < 90
    ? `${Math.round(seconds)} s`
    : seconds < 5400
      ? `${Math.round(seconds / 60)} min`
      : `${(seconds / 3600).toFixed(1)} h`;
export const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const durationText = (m: DurationMetric) =>
  m.p50 === null || m.p90 === null
    ? "no data"
    : `p50 ${minutes(m.p50)}, p90 ${minutes(m.p90)} (${m.samples})`;
const ratioText = (m: RatioMetric) =>
  m.rate === null ? "no data" : `${percent(m.rate)} (${m.count} of ${m.of})`;

/**
 * The definitions, in the plan's order. Durations are judged by their median (p50; p90 is shown
 * beside it); ratios by their rate. No samples or an empty denominator is "no data".
 */
export const METRICS: readonly MetricDefinition[] = [
  {
    key: "gap_to_pr",
    label: "Gap → PR",
    target: "< 30 min",
    value: (w) => w.gap_to_pr.p50,
    meets: (v) => v < 30 * 60,
    format: (w) => durationText(w.gap_to_pr),
  },
  {
    key: "needs_changes",
    label: "PRs needing changes",
    target: "< 20%",
    value: (w) => w.needs_changes.rate,
    meets: (v) => v < 0.2,
    format: (w) => ratioText(w.needs_changes),
  },
  {
    key: "false_positives",
    label: "False positives",
    target: "< 10%",
    value: (w) => w.false_positives.rate,
    meets: (v) => v < 0.1,
    format: (w) => ratioText(w.false_positives),
  },
  {
    key: "review_time",
    label: "Human review time",
    target: "< 2 h",
    value: (w) => w.review_time.p50,
    meets: (v) => v < 2 * 3600,
    format: (w) => durationText(w.review_time),
  },
  {
    key: "deployments",
    label: "Successful deployments",
    target: "> 90%",
    value: (w) => w.deployments.rate,
    meets: (v) => v > 0.9,
    format: (w) => ratioText(w.deployments),
  },
];

/** Met, not met, or no data. */
export function judge(metric: MetricDefinition, window: MetricsWindow): Judgement {
  const value = metric.value(window);
  if (value === null) return "no data";
  return metric.meets(value) ? "met" : "not met";
}

export const JUDGEMENT_ICON: Record<Judgement, string> = {
  met: "✅",
  "not met": "❌",
  "no data": "➖",
};
