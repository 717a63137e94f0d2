/** The one progress comment on the gap's issue, found again by a hidden marker and edited in place. */

export const PROGRESS_STEPS = ["spec", "cost", "gates", "files", "pr"] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

const STEP_TITLES: Record<ProgressStep, string> = {
  spec: "Team spec",
  cost: "Cost estimate",
  gates: "Gates (pause, daily limit, cost approval)",
  files: "Team files",
  pr: "Pull request",
};

export type StepState = "pending" | "done" | "skipped" | "failed";

export interface ProgressView {
  gapKey: string;
  steps: Partial<Record<ProgressStep, { state: StepState; note?: string }>>;
  /** Final line: 🚀 with the PR link, or 😕 with a reason a person can act on, or ⏸ waiting. */
  outcome?: { icon: "🚀" | "😕" | "⏸️" | "💡" | "📝" | "⏳"; text: string };
  /** Extra markdown below the steps (dry-run spec, cost table, file tree…). */
  details?: string;
}

export function progressMarker(gapKey: string): string {
  return `<!-- team-factory:progress gap=${encodeURIComponent(gapKey)} -->`;
}

const ICONS: Record<StepState, string> = { pending: "⏳", done: "✅", skipped: "➖", failed: "❌" };

export function renderProgress(view: ProgressView): string {
  const lines = [progressMarker(view.gapKey), "### Team Factory", ""];
  for (const step of PROGRESS_STEPS) {
    const s = view.steps[step] ?? { state: "pending" as const };
    lines.push(`- ${ICONS[s.state]} ${STEP_TITLES[step]}${s.note ? ` — ${s.note}` : ""}`);
  }
  if (view.outcome) lines.push("", `${view.outcome.icon} ${view.outcome.text}`);
  if (view.details) lines.push("", view.details);
  lines.push("", `<sub>Tracking id: \`${view.gapKey}\`</sub>`);
  return lines.join("\n");
}

/** Finds our earlier progress comment for this gap among the issue's comments. */
export function findProgressComment<T extends { body: string; mine: boolean }>(
  comments: T[],
  gapKey: string,
): T | null {
  const marker = progressMarker(gapKey);
  return comments.find((c) => c.mine && c.body.startsWith(marker)) ?? null;
}
