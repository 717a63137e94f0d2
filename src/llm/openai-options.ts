/** OpenAI settings from an environment object (pure: the caller passes `process.env`). */

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
export const DEFAULT_OPENAI_TIMEOUT_MS = 20_000;

export interface OpenAIOptions {
  /** Options for `new OpenAI(...)`; retries are off so the timeout bounds the whole call. */
  clientOptions: { apiKey: string; baseURL?: string; timeout: number; maxRetries: number };
  model: string;
  timeoutMs: number;
}

/**
 * `OPENAI_API_KEY` (required, else null: the heuristic builder is used), `OPENAI_MODEL`,
 * `OPENAI_BASE_URL` (any OpenAI-compatible server) and `OPENAI_TIMEOUT_MS`. A value that is set
 * but unusable throws an error naming the variable and what it accepts.
 */
export function openAIOptions(env: Record<string, string | undefined>): OpenAIOptions | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return null;
  const model = env.OPENAI_MODEL?.trim() || DEFAULT_OPENAI_MODEL;
  if (!/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/.test(model)) {
    throw new Error(
      `OPENAI_MODEL must be a model name like ${DEFAULT_OPENAI_MODEL} (got ${JSON.stringify(model.slice(0, 60))})`,
    );
  }
  const rawTimeout = env.OPENAI_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_OPENAI_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    throw new Error(
      `OPENAI_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got ${JSON.stringify(rawTimeout)})`,
    );
  }
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (baseURL) {
    let protocol = "";
    try {
      protocol = new URL(baseURL).protocol;
    } catch {}
    if (protocol !== "http:" && protocol !== "https:") {
      throw new Error(
        `OPENAI_BASE_URL must be an http(s) URL like https://api.openai.com/v1 (got ${JSON.stringify(baseURL.slice(0, 100))})`,
      );
    }
  }
  return {
    clientOptions: { apiKey, ...(baseURL ? { baseURL } : {}), timeout: timeoutMs, maxRetries: 0 },
    model,
    timeoutMs,
  };
}
