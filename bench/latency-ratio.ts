import { type BenchGitHub, teamFiles } from "./bench-github.ts";
import { type PublishWayParams, publishOurWay, publishSeedWay } from "./publish-ways.ts";
import { checkLabelledPr } from "./requests-per-pr.ts";

export const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

/** Median wall time of one way of publishing `files`, each run on a fresh repository. */
export async function timePublish(params: {
  gh: BenchGitHub;
  name: string;
  files: PublishWayParams["files"];
  way: (p: PublishWayParams) => Promise<{ prNumber: number }>;
  runs: number;
}): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < params.runs; run++) {
    const target = await params.gh.createRepo(`${params.name}-${run}`);
    const branch = "team-factory/bench-team";
    // The installation token is cached by Probot: take it before the clock starts, for both ways.
    await target.octokit.rest.repos.get({ owner: target.owner, repo: target.repo });
    const start = performance.now();
    const { prNumber } = await params.way({ ...target, branch, files: params.files });
    times.push(performance.now() - start);
    checkLabelledPr({ sim: params.gh.sim, ...target, number: prNumber, branch });
  }
  return median(times);
}

/**
 * The publishing path alone (trigger already received) with `latencyMs` added to every GitHub
 * request: ours (permission, query, two mutations) vs the seed's way, same files, same run.
 */
export async function measurePublishLatency(params: {
  gh: BenchGitHub;
  files: number;
  latencyMs?: number;
  runs?: number;
}): Promise<{ oursMs: number; seedMs: number; ratio: number }> {
  const { gh, runs = 10 } = params;
  const files = teamFiles(params.files);
  gh.sim.faults.setLatency(params.latencyMs ?? 80);
  try {
    const oursMs = await timePublish({ gh, name: "lat-ours", files, way: publishOurWay, runs });
    const seedMs = await timePublish({ gh, name: "lat-seed", files, way: publishSeedWay, runs });
    return { oursMs, seedMs, ratio: seedMs / oursMs };
  } finally {
    gh.sim.faults.setLatency(0);
  }
}
