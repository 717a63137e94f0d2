/** One key per gap, shared by the label, the `/create-team` command and the task scan. */

const KEY_PATTERN = /^[a-z0-9][a-z0-9:._/-]{0,199}$/;
const MARKER = /<!--\s*team-factory:gap-key=([^\s>]{1,200})\s*-->/g;

/** A skill as a key part: lowercase, `+` → `plus`, `#` → `sharp`, spaces → `-`. */
export function skillKeyPart(skill: string): string {
  return skill
    .trim()
    .toLowerCase()
    .replace(/\+/g, "plus")
    .replace(/#/g, "sharp")
    .replace(/\s+/g, "-")
    .replace(/[^a-z0-9._/-]/g, "");
}

/**
 * `<owner>/<repo>:skill:<skill>` for a scan gap, else `<owner>/<repo>:issue:<n>`. Never from an
 * issue body: a marker there is text its author wrote. The pipeline finds the scan gap of a scan
 * issue in the store, which recorded it when the scan opened the issue.
 */
export function gapKeyFor(params: { repo: string; issueNumber?: number; skill?: string }): string {
  const repo = params.repo.toLowerCase();
  if (params.skill !== undefined) {
    const part = skillKeyPart(params.skill);
    if (part) return clip(`${repo}:skill:${part}`);
  }
  if (params.issueNumber !== undefined) return clip(`${repo}:issue:${params.issueNumber}`);
  throw new Error("a gap key needs a skill or an issue number");
}

function clip(key: string): string {
  return key.slice(0, 200);
}

/** The hidden line the task scan puts in the issues it opens. */
export function writeGapKeyMarker(gapKey: string): string {
  if (!KEY_PATTERN.test(gapKey)) throw new Error(`not a gap key: ${JSON.stringify(gapKey)}`);
  return `<!-- team-factory:gap-key=${gapKey} -->`;
}

/**
 * The gap key from the last marker in an issue body (the scan appends it), or null. Only the
 * scan reads it, and only on issues the app itself opened.
 */
export function readGapKeyMarker(body: string): string | null {
  const found = [...body.slice(0, 200_000).matchAll(MARKER)].at(-1);
  const key = found?.[1]?.toLowerCase();
  return key && KEY_PATTERN.test(key) ? key : null;
}
