import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateTeam } from "../src/factory/generate-team.ts";
import type { TeamSpec } from "../src/spec/team-spec.ts";

const SPEC_FILE = join(
  import.meta.dirname,
  "..",
  "fixtures",
  "specs",
  "langgraph-anthropic-5.json",
);

/** Median wall time of generating one 5-member team (all files, in memory), after a warm-up. */
export function measureGenerate(params: { runs?: number; warmup?: number } = {}): {
  medianMs: number;
  runs: number;
  files: number;
} {
  const { runs = 200, warmup = 20 } = params;
  const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as TeamSpec;
  let files = 0;
  for (let i = 0; i < warmup; i++) files = generateTeam(spec, { teamsDir: "teams" }).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    generateTeam(spec, { teamsDir: "teams" });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const medianMs =
    times.length % 2 ? (times[mid] ?? 0) : ((times[mid - 1] ?? 0) + (times[mid] ?? 0)) / 2;
  return { medianMs, runs, files };
}

if (import.meta.main) {
  process.stdout.write(`${JSON.stringify(measureGenerate())}\n`);
}
