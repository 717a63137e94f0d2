/**
 * Models the providers have retired: a request to one fails, so a team is never planned on one.
 * Read 2026-12-07 from the providers' deprecation pages: OpenAI
 * https://platform.openai.com/docs/deprecations, Anthropic
 * https://docs.anthropic.com/en/docs/about-claude/model-deprecations. Keys are price keys
 * (`priceKey`: no provider prefix, `-latest` or date suffix), so every dated snapshot of a retired
 * family is refused too.
 */
import { priceKey } from "./estimate-cost.ts";

export interface RetiredModel {
  /** The day requests to it started failing (YYYY-MM-DD). */
  retired: string;
  /** What the provider recommends instead. */
  replacement: string;
}

export const RETIRED_MODELS: Readonly<Record<string, RetiredModel>> = {
  "claude-2": { retired: "2025-07-21", replacement: "claude-sonnet-4-6" },
  "claude-2.1": { retired: "2025-07-21", replacement: "claude-sonnet-4-6" },
  "claude-instant-1.2": { retired: "2025-07-21", replacement: "claude-haiku-4-5" },
  "claude-3-sonnet": { retired: "2025-07-21", replacement: "claude-sonnet-4-6" },
  "claude-3-5-sonnet": { retired: "2025-10-22", replacement: "claude-sonnet-4-6" },
  "claude-3-opus": { retired: "2026-01-05", replacement: "claude-opus-4-7" },
  "claude-3-5-haiku": { retired: "2026-02-19", replacement: "claude-haiku-4-5" },
  "claude-3-7-sonnet": { retired: "2026-02-19", replacement: "claude-sonnet-4-6" },
  "claude-3-haiku": { retired: "2026-04-20", replacement: "claude-haiku-4-5" },
  "gpt-4-32k": { retired: "2025-06-06", replacement: "gpt-4.1" },
  "gpt-4.5-preview": { retired: "2025-07-14", replacement: "gpt-4.1" },
  "o1-preview": { retired: "2025-07-28", replacement: "o3" },
  "o1-mini": { retired: "2025-10-27", replacement: "o4-mini" },
  "chatgpt-4o-latest": { retired: "2026-02-17", replacement: "gpt-5.1-chat-latest" },
  "gpt-3.5-turbo": { retired: "2026-10-23", replacement: "gpt-4.1-mini" },
  "gpt-4": { retired: "2026-10-23", replacement: "gpt-4.1" },
};

/** The retirement of `model` (any snapshot of a retired family), or null while it serves. */
export function retirementOf(model: string): RetiredModel | null {
  const bare = model
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+\//, "");
  for (const name of [bare, priceKey(model)]) {
    if (Object.hasOwn(RETIRED_MODELS, name)) return RETIRED_MODELS[name] ?? null;
  }
  return null;
}

/** A sentence for people: which model, since when, and what to use instead. */
export function retiredMessage(model: string, retired: RetiredModel): string {
  return `model ${model} was retired by its provider on ${retired.retired} (requests to it fail); use ${retired.replacement} or another current model`;
}
