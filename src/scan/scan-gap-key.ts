import { slugify } from "../spec/slug.ts";

// Stand-in for the shared `src/spec/gap-key.ts` until it lands; replaced by a re-export then.

/** `<owner>/<repo>:skill:<skill>`, lowercase, in the GapReference key alphabet. */
export function gapKeyFor(params: { owner: string; repo: string; skill: string }): string {
  const skill = slugify(params.skill.replace(/\+/g, " plus ").replace(/#/g, " sharp "));
  return `${params.owner}/${params.repo}:skill:${skill}`.toLowerCase();
}

/** Hidden marker that ties an issue or pull request body to its gap. */
export function gapKeyMarker(gapKey: string): string {
  return `<!-- team-factory:gap-key=${gapKey} -->`;
}

/** Every gap key marked in a body. */
export function readGapKeys(body: string): string[] {
  return [...body.matchAll(/<!-- team-factory:gap-key=([a-z0-9:._/-]{1,200}) -->/g)].map(
    (m) => m[1] as string,
  );
}
