/** OpenAI settings from an environment object (pure: the caller passes `process.env`). */
import { readEnv } from "../env/env-schema.ts";

export { DEFAULT_OPENAI_MODEL, DEFAULT_OPENAI_TIMEOUT_MS } from "../env/env-schema.ts";

export interface OpenAIOptions {
  /** Options for `new OpenAI(...)`; retries are off so the timeout bounds the whole call. */
  clientOptions: { apiKey: string; baseURL?: string; timeout: number; maxRetries: number };
  model: string;
  timeoutMs: number;
}

/**
 * `OPENAI_API_KEY` (required, else null: the heuristic builder is used), `OPENAI_MODEL`,
 * `OPENAI_BASE_URL` (any OpenAI-compatible server) and `OPENAI_TIMEOUT_MS`, as the environment
 * schema reads them: a value that is set but unusable throws an EnvError naming the variable.
 */
export function openAIOptions(env: Record<string, string | undefined>): OpenAIOptions | null {
  const settings = readEnv(
    env,
    "OPENAI_API_KEY",
    "OPENAI_MODEL",
    "OPENAI_BASE_URL",
    "OPENAI_TIMEOUT_MS",
  );
  const apiKey = settings.OPENAI_API_KEY;
  if (!apiKey) return null;
  const baseURL = settings.OPENAI_BASE_URL;
  const timeoutMs = settings.OPENAI_TIMEOUT_MS;
  return {
    clientOptions: { apiKey, ...(baseURL ? { baseURL } : {}), timeout: timeoutMs, maxRetries: 0 },
    model: settings.OPENAI_MODEL,
    timeoutMs,
  };
}
