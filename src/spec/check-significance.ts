import type { Gap } from "./gap.ts";
import { stripHtmlComments } from "./plain-text.ts";

export const MIN_DESCRIPTION_CHARS = 20;
export const MIN_DESCRIPTION_WORDS = 3;

export type Significance = { ok: true } | { ok: false; reason: string };

// Chinese and Japanese are written without spaces: a character there carries about as much as a
// short word elsewhere, so it counts as two characters and every two of them make a word.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const TOKENS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[\p{L}\p{N}]{2,}/gu;

/** Length and different words of a description, by the rule stated in `checkSignificance`. */
export function measureDescription(text: string): { characters: number; words: number } {
  let characters = 0;
  for (const char of text) characters += UNSPACED.test(char) ? 2 : 1;
  const words = new Set<string>();
  for (const token of text.toLowerCase().match(TOKENS) ?? []) {
    if (!UNSPACED.test(token)) {
      words.add(token);
      continue;
    }
    const chars = [...token];
    for (let i = 0; i < chars.length; i += 2) words.add(chars.slice(i, i + 2).join(""));
  }
  return { characters, words: words.size };
}

const WHAT_TO_WRITE = "say what the new team should do, for whom, and what is blocked without it";

function skillsAdvice(kind: Gap["kind"]): string {
  const example = "data visualization,sql";
  if (kind === "cli") return `name them with --skills, for example --skills "${example}"`;
  if (kind === "command")
    return `add skills=a,b to the /create-team line (for example skills=${example})`;
  return `list them in the "Skills the team needs" field of the issue form, or comment /create-team skills=a,b (for example skills=${example})`;
}

/**
 * Whether a gap says enough to plan a team: a description of at least 20 characters and 3
 * different words (a Chinese or Japanese character counts as two characters, and every two such
 * characters as a word), and at least one skill. The reason names the rule that failed.
 */
export function checkSignificance(gap: Gap): Significance {
  const text = stripHtmlComments(gap.description)
    .replace(/[`*_#>[\]()-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length === 0) {
    return { ok: false, reason: `The description is empty: ${WHAT_TO_WRITE}.` };
  }
  const { characters, words } = measureDescription(text);
  const failed = [
    characters < MIN_DESCRIPTION_CHARS
      ? `is too short (${characters} characters; at least ${MIN_DESCRIPTION_CHARS} are needed, a Chinese or Japanese character counting as two)`
      : "",
    words < MIN_DESCRIPTION_WORDS
      ? `has too few different words (${words}; at least ${MIN_DESCRIPTION_WORDS} are needed, every two Chinese or Japanese characters counting as one)`
      : "",
  ].filter(Boolean);
  if (failed.length > 0) {
    return { ok: false, reason: `The description ${failed.join(" and ")}: ${WHAT_TO_WRITE}.` };
  }
  if (gap.requiredSkills.length === 0) {
    return { ok: false, reason: `No skills were found: ${skillsAdvice(gap.kind)}.` };
  }
  return { ok: true };
}
