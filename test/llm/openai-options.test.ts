import { describe, expect, it } from "vitest";
import {
  DEFAULT_OPENAI_MODEL,
  DEFAULT_OPENAI_TIMEOUT_MS,
  openAIOptions,
} from "../../src/llm/openai-options.ts";

describe("openAIOptions", () => {
  it("is null without an API key, so the heuristic builder is used", () => {
    expect(openAIOptions({})).toBeNull();
    expect(openAIOptions({ OPENAI_API_KEY: "  ", OPENAI_MODEL: "gpt-4o" })).toBeNull();
  });

  it("uses defaults for model and timeout and never retries", () => {
    expect(openAIOptions({ OPENAI_API_KEY: "sk-x" })).toEqual({
      clientOptions: { apiKey: "sk-x", timeout: DEFAULT_OPENAI_TIMEOUT_MS, maxRetries: 0 },
      model: DEFAULT_OPENAI_MODEL,
      timeoutMs: DEFAULT_OPENAI_TIMEOUT_MS,
    });
  });

  it("reads model, base URL and timeout", () => {
    const options = openAIOptions({
      OPENAI_API_KEY: "sk-x",
      OPENAI_MODEL: "gpt-4.1-mini",
      OPENAI_BASE_URL: "http://127.0.0.1:8080/v1",
      OPENAI_TIMEOUT_MS: "1500",
    });
    expect(options).toMatchObject({
      clientOptions: { baseURL: "http://127.0.0.1:8080/v1", timeout: 1500 },
      model: "gpt-4.1-mini",
      timeoutMs: 1500,
    });
  });

  it("names the variable and what it accepts when a value is unusable", () => {
    const key = { OPENAI_API_KEY: "sk-x" };
    expect(() => openAIOptions({ ...key, OPENAI_TIMEOUT_MS: "soon" })).toThrow(
      /OPENAI_TIMEOUT_MS must be a whole number/,
    );
    expect(() => openAIOptions({ ...key, OPENAI_TIMEOUT_MS: "5" })).toThrow(/from 100 to 600000/);
    expect(() => openAIOptions({ ...key, OPENAI_BASE_URL: "file:///etc/passwd" })).toThrow(
      /OPENAI_BASE_URL must be an http\(s\) URL/,
    );
    expect(() => openAIOptions({ ...key, OPENAI_MODEL: "gpt 4; rm" })).toThrow(
      /OPENAI_MODEL must be a model name/,
    );
  });
});
