/**
 * Records the OpenAI planner's answers for the gap corpus, so the bench measures the model path
 * offline: `OPENAI_API_KEY=… node bench/record-model-answers.ts` (OPENAI_BASE_URL and
 * TEAM_FACTORY_OPENAI_MODEL as the app reads them). Writes fixtures/gap-corpus/model-answers.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { drafterFromEnv } from "../src/llm/drafter-from-env.ts";
import type { DraftResult, SpecDrafter } from "../src/spec/spec-draft.ts";
import { CORPUS, type CorpusGap, corpusGap, HOLDOUT } from "./gap-corpus.ts";

/** Each entry's answer from `drafter`, one request at a time. */
export async function recordAnswers(
  drafter: SpecDrafter,
  entries: CorpusGap[],
): Promise<Record<string, DraftResult>> {
  const answers: Record<string, DraftResult> = {};
  for (const entry of entries) answers[entry.id] = await drafter.draft(corpusGap(entry));
  return answers;
}

if (import.meta.main) {
  const drafter = await drafterFromEnv(process.env);
  if (!drafter) {
    process.stderr.write(
      "record-model-answers: set OPENAI_API_KEY (the model's answers are recorded, not invented)\n",
    );
    process.exit(2);
  }
  const answers = await recordAnswers(drafter, [...CORPUS, ...HOLDOUT]);
  const file = join(import.meta.dirname, "..", "fixtures", "gap-corpus", "model-answers.json");
  writeFileSync(file, `${JSON.stringify({ model: drafter.model, answers }, null, 2)}\n`);
  const failed = Object.values(answers).filter((a) => !a.ok).length;
  process.stderr.write(
    `record-model-answers: ${Object.keys(answers).length} answers from ${drafter.model} (${failed} without a draft) in ${file}\n`,
  );
}
