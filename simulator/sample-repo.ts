import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generateTeam } from "../src/factory/generate-team.ts";
import { TeamSpec } from "../src/spec/team-spec.ts";
import type { SeedRepo } from "./github/seed-repo.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures");

function filesUnder(dir: string, prefix: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name !== ".gitkeep")
        files[`${prefix}/${relative(dir, path)}`] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

export const SAMPLE_CONFIG = `# Team Factory settings (see schema/team-factory.schema.json)
teams_dir: teams
daily_limit: 5
cost_threshold_usd: 1000
labels: [automated, new-team, needs-review]
`;

/**
 * A repository like the ones Team Factory serves: two teams written by the ELF generator (their
 * config files), one team of our own, the config file, and people with different permissions:
 * `mia` maintains, `max` is another maintainer, `wes` can write, `rob` can only read.
 */
export function sampleRepo(
  params: { owner?: string; name?: string; config?: string } = {},
): SeedRepo {
  const spec = TeamSpec.parse(
    JSON.parse(readFileSync(join(FIXTURES, "specs/langgraph-anthropic-5.json"), "utf8")),
  );
  const ours = Object.fromEntries(
    generateTeam(spec, { teamsDir: "teams" }).map((f) => [f.path, f.content]),
  );
  return {
    owner: params.owner ?? "acme",
    name: params.name ?? "agents",
    installation: true,
    collaborators: { mia: "maintain", max: "maintain", wes: "write", rob: "read" },
    labels: [{ name: "capability-gap", color: "d73a4a", description: "A capability no team has" }],
    files: {
      "README.md": "# acme/agents\n\nOur multi-agent teams.\n",
      ".github/team-factory.yml": params.config ?? SAMPLE_CONFIG,
      ...filesUnder(join(FIXTURES, "teams/n8n-interface-team"), "teams/n8n-interface-team"),
      ...filesUnder(join(FIXTURES, "teams/rag-processor-team"), "teams/rag-processor-team"),
      ...ours,
    },
  };
}

/** The rendered issue form of a realistic gap (what GitHub shows for the capability-gap template). */
export const SAMPLE_GAP_BODY = readFileSync(join(FIXTURES, "gaps/issue-form-rendered.md"), "utf8");
