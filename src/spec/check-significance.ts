import type { Gap } from "./gap.ts";
import { stripHtmlComments } from "./plain-text.ts";

export const MIN_DESCRIPTION_CHARS = 20;
export const MIN_DESCRIPTION_WORDS = 3;

export type Significance = { ok: true } | { ok: false; reason: string };

/** Whether a gap says enough to plan a team; the reason tells the requester what to add. */
export function checkSignificance(gap: Gap): Significance {
  const text = stripHtmlComments(gap.description)
    .replace(/[`*_#>[\]()-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []);
  if (text.length < MIN_DESCRIPTION_CHARS || words.size < MIN_DESCRIPTION_WORDS) {
    const found = text.length === 0 ? "is empty" : `is too short (${text.length} characters)`;
    return {
      ok: false,
      reason: `The description ${found}: say what the new team should do, for whom, and what is blocked without it, in at least ${MIN_DESCRIPTION_CHARS} characters and ${MIN_DESCRIPTION_WORDS} different words.`,
    };
  }
  if (gap.requiredSkills.length === 0) {
    return {
      ok: false,
      reason:
        'No skills were found: list the skills the team needs in the "Skills the team needs" field of the issue, or add skills=a,b to the /create-team line (for example skills=data visualization,sql).',
    };
  }
  return { ok: true };
}
