import type { Framework, Provider } from "./team-spec.ts";

/** USD per 1,000 tokens, input and output. */
export interface ModelPrice {
  input_per_1k: number;
  output_per_1k: number;
}

/**
 * The slice of a repository's configuration that planning reads. `src/config` validates the
 * whole file and hands this slice over; planning never imports the config module.
 */
export interface PlanningConfig {
  framework: Framework;
  provider: Provider;
  /** Model when the gap does not ask for one; absent means the provider's default. */
  model?: string;
  /** Department when none can be inferred. */
  department?: string;
  /** Overrides and additions to the price table, keyed by model name. */
  prices: Record<string, ModelPrice>;
  /** Above this skill/role overlap (0–1) with an existing team, enhance it instead. */
  similarity_threshold: number;
}
