import type { SpecDrafter } from "../spec/spec-draft.ts";
import { openAIOptions } from "./openai-options.ts";

/**
 * The drafter the environment asks for: OpenAI(-compatible) when `OPENAI_API_KEY` is set, else
 * null (the heuristics plan every team). A set but unusable variable throws, naming it.
 */
export async function drafterFromEnv(
  env: Record<string, string | undefined>,
): Promise<SpecDrafter | null> {
  const options = openAIOptions(env);
  if (!options) return null;
  // Loaded only when used: the openai package is the slowest import of the command line.
  const [{ default: OpenAI }, { createOpenAIDrafter }] = await Promise.all([
    import("openai"),
    import("./openai-drafter.ts"),
  ]);
  return createOpenAIDrafter({
    client: new OpenAI(options.clientOptions),
    model: options.model,
    timeoutMs: options.timeoutMs,
  });
}
