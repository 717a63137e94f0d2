import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TeamSpec } from "../../src/spec/team-spec.ts";

/** A spec of `fixtures/specs/` (e.g. "crewai-openai-3"), validated as the app validates one. */
export function fixtureSpec(name: string): TeamSpec {
  const file = join(import.meta.dirname, "..", "..", "fixtures", "specs", `${name}.json`);
  return TeamSpec.parse(JSON.parse(readFileSync(file, "utf8")));
}
