/**
 * The folder and branch name of a gap's team. A gap keeps the name it got the first time; a new
 * name never lands on a name that is taken (`<base>-2-team`, `<base>-3-team`, …).
 */
export function chooseTeamName(params: {
  proposed: string;
  /** The name this gap already has, if any. */
  kept: string | null;
  taken: ReadonlySet<string>;
}): string {
  if (params.kept) return params.kept;
  const { proposed, taken } = params;
  const base = proposed.replace(/-team$/, "").slice(0, 42);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? proposed : `${base}-${n}-team`;
    if (!taken.has(candidate)) return candidate;
  }
}
