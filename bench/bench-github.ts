import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Probot } from "probot";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../simulator/github/start-github-simulator.ts";
import { generateTeam } from "../src/factory/generate-team.ts";
import { UnpacedTeamFactoryOctokit } from "../src/github/octokit-options.ts";
import type { TeamSpec } from "../src/spec/team-spec.ts";

export const OWNER = "bench-org";
export const MAINTAINER = "maria-maintainer";
/** The labels the seed added to its PR, and our default config's. */
export const LABELS = ["automated", "new-team", "needs-review"];

export type Octokit = Awaited<ReturnType<Probot["auth"]>>;

/** The simulator, and the app's installation client made the way Probot makes it (JWT → token). */
export interface BenchGitHub {
  sim: GitHubSimulator;
  probot: Probot;
  /** A fresh repository with the app installed and a config that allows many PRs a day. */
  createRepo(name: string): Promise<{ owner: string; repo: string; octokit: Octokit }>;
  stop(): Promise<void>;
}

export async function startBenchGitHub(): Promise<BenchGitHub> {
  const sim = await startGitHubSimulator();
  const probot = new Probot({
    appId: sim.app.id,
    privateKey: sim.app.privateKeyPem,
    secret: sim.app.webhookSecret,
    baseUrl: sim.url,
    // Octokit's throttling is off (the app keeps GitHub's limits itself, per installation, and no
    // window is near here): both ways alike, so round trips are what is measured.
    Octokit: UnpacedTeamFactoryOctokit,
    logLevel: "warn",
  });
  return {
    sim,
    probot,
    createRepo: async (repo) => {
      const created = sim.createRepo({
        owner: OWNER,
        name: repo,
        installation: true,
        collaborators: { [MAINTAINER]: "maintain" },
        files: {
          "README.md": `# ${repo}\n`,
          ".github/team-factory.yml": "daily_limit: 100\ndaily_limit_scope: repository\n",
        },
      });
      const installation = sim.state.installations.find((i) => i.repoIds.has(created.id));
      if (!installation) throw new Error(`the simulator did not install the app on ${repo}`);
      return { owner: OWNER, repo, octokit: await probot.auth(installation.id) };
    },
    stop: () => sim.stop(),
  };
}

const SPEC_FILE = join(import.meta.dirname, "..", "fixtures", "specs", "crewai-openai-3.json");

/**
 * Exactly `count` files of a real generated team (CrewAI, 3 members): its first `count` files, or
 * all of them followed by copies of them under `docs/padding-<n>/` until there are `count`.
 */
export function teamFiles(count: number): { path: string; content: string }[] {
  const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as TeamSpec;
  const files = generateTeam(spec, { teamsDir: "teams" });
  const root = `teams/${spec.name}`;
  const out = files.slice(0, count);
  for (let i = 0; out.length < count; i++) {
    const file = files[i % files.length] as { path: string; content: string };
    const rest = file.path.slice(root.length + 1);
    out.push({
      path: `${root}/docs/padding-${Math.floor(i / files.length)}/${rest}`,
      content: file.content,
    });
  }
  return out;
}
