import type { GitHubSimulator } from "../simulator/github/start-github-simulator.ts";
import { type BenchGitHub, LABELS, teamFiles } from "./bench-github.ts";
import { countRequests, type RequestCounts } from "./count-requests.ts";
import { type PublishWayParams, publishOurWay, publishSeedWay } from "./publish-ways.ts";
import type { BenchRow } from "./table.ts";

/** Throws unless PR #`number` of the repo is open, labelled with every label and from `branch`. */
export function checkLabelledPr(params: {
  sim: GitHubSimulator;
  owner: string;
  repo: string;
  number: number;
  branch: string;
}): void {
  const issue = params.sim.repo(params.owner, params.repo).issues.get(params.number);
  const labels = new Set(issue?.labels.map((l) => l.name));
  const missing = LABELS.filter((l) => !labels.has(l));
  if (
    !issue?.pull ||
    issue.state !== "open" ||
    issue.pull.head !== params.branch ||
    missing.length
  ) {
    throw new Error(
      `PR #${params.number} in ${params.owner}/${params.repo} is not an open PR from ${params.branch} with labels ${LABELS.join(", ")}`,
    );
  }
}

/** Runs one way of publishing `files` on a fresh repository and counts its requests from the log. */
export async function countPublish(params: {
  gh: BenchGitHub;
  repo: string;
  files: PublishWayParams["files"];
  way: (p: PublishWayParams) => Promise<{ prNumber: number }>;
}): Promise<RequestCounts> {
  const { gh } = params;
  const target = await gh.createRepo(params.repo);
  const branch = "team-factory/bench-team";
  gh.sim.resetLog();
  const { prNumber } = await params.way({ ...target, branch, files: params.files });
  const counts = countRequests(gh.sim.log);
  checkLabelledPr({ sim: gh.sim, ...target, number: prNumber, branch });
  return counts;
}

/**
 * `requests_per_pr_<n>_files`: GitHub requests from the trigger to a labelled PR, ours (permission
 * check, one query, two mutation documents) vs the seed's way (one REST call per file and more).
 */
export async function measureRequestsPerPr(params: {
  gh: BenchGitHub;
  fileCounts?: number[];
}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of params.fileCounts ?? [5, 20, 60]) {
    const files = teamFiles(n);
    const ours = await countPublish({
      gh: params.gh,
      repo: `ours-${n}`,
      files,
      way: publishOurWay,
    });
    const seed = await countPublish({
      gh: params.gh,
      repo: `seed-${n}`,
      files,
      way: publishSeedWay,
    });
    rows.push({
      metric: `requests_per_pr_${n}_files`,
      value: ours.counted,
      unit: "requests",
      baseline: seed.counted,
      goal: { op: "<=", target: 4 },
      note: `ours: ${ours.names.join(", ")}; seed's way: ${n} file requests + ${seed.counted - n} others`,
    });
  }
  return rows;
}
