import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_REPO_CONFIG } from "../src/config/repo-config.ts";
import { Gap } from "../src/spec/gap.ts";
import { type GapLabels, type PlanScore, scorePlan } from "../src/spec/score-plan.ts";
import type { DraftResult } from "../src/spec/spec-draft.ts";
import { specFor } from "../src/spec/spec-draft.ts";
import type { TeamSpec } from "../src/spec/team-spec.ts";

export type CorpusGap = GapLabels & { id: string; title: string; body: string };

const corpusFile = (name: string): CorpusGap[] =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "gap-corpus", name), "utf8"));

const ANSWERS = join(import.meta.dirname, "..", "fixtures", "gap-corpus", "model-answers.json");

/** The OpenAI planner's recorded answers (record-model-answers.ts), or null when none are. */
export function recordedAnswers(): { model: string; answers: Record<string, DraftResult> } | null {
  return existsSync(ANSWERS) ? JSON.parse(readFileSync(ANSWERS, "utf8")) : null;
}

/** The labelled gaps the planner is measured and improved on. */
export const CORPUS = corpusFile("gaps.json");
/** Gaps labelled after the planner was tuned and never tuned on: they show what generalises. */
export const HOLDOUT = corpusFile("holdout.json");

/** A corpus entry as the gap an issue labelled `capability-gap` would make. */
export function corpusGap(entry: CorpusGap): Gap {
  return Gap.parse({
    kind: "label",
    repo: "acme/agents",
    issueNumber: 1,
    actor: "mia",
    title: entry.title,
    description: entry.body,
    requiredSkills: [],
    gapKey: `acme/agents:issue:${entry.id}`,
  });
}

export type CorpusScore = {
  recall: number;
  precision: number;
  coverage: number;
  gaps: { id: string; spec: TeamSpec; score: PlanScore }[];
};

/** Plans every gap of `entries` (heuristics, or the recorded model answers) and scores them. */
export function scoreCorpus(
  entries: CorpusGap[],
  drafts?: Record<string, DraftResult>,
): CorpusScore {
  const gaps = entries.map((entry) => {
    const gap = corpusGap(entry);
    const drafted = drafts ? (drafts[entry.id] ?? null) : null;
    const { spec } = specFor({ gap, config: DEFAULT_REPO_CONFIG, drafted });
    return { id: entry.id, spec, score: scorePlan(spec, entry) };
  });
  const sum = (pick: (s: PlanScore) => number) => gaps.reduce((n, g) => n + pick(g.score), 0);
  return {
    recall: sum((s) => s.found.length) / sum((s) => s.found.length + s.missed.length),
    precision: sum((s) => s.found.length) / sum((s) => s.found.length + s.extra.length),
    coverage: sum((s) => s.workingNeeds.length) / sum((s) => s.needs.length),
    gaps,
  };
}

/** One line per gap the plan misses on: capabilities missed or extra, needs without a working tool. */
export function corpusMisses(result: CorpusScore): string[] {
  return result.gaps.flatMap(({ id, spec, score }) => {
    const uncovered = score.needs.filter((n) => !score.workingNeeds.includes(n));
    if (!score.missed.length && !score.extra.length && !uncovered.length) return [];
    const list = (items: string[]) => items.join(", ") || "-";
    return [
      `${id} (${spec.name}): missed ${list(score.missed)}; extra ${list(score.extra)}; no working tool for ${list(uncovered)}`,
    ];
  });
}

if (import.meta.main) {
  for (const [name, entries] of [
    ["corpus", CORPUS],
    ["holdout", HOLDOUT],
  ] as const) {
    const result = scoreCorpus(entries);
    process.stdout.write(`${corpusMisses(result).join("\n")}\n`);
    process.stdout.write(
      `${name}: recall ${result.recall.toFixed(3)} precision ${result.precision.toFixed(3)} coverage ${result.coverage.toFixed(3)}\n\n`,
    );
  }
}
