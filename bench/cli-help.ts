import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "team-factory.js");
// What `team-factory --help` loaded before it answered from src/cli/usage.ts alone: every
// command's module, without the compile cache the bin now turns on.
const EVERY_COMMAND = ["plan", "generate", "scan", "backtest", "regenerate"]
  .map((c) => `import(${JSON.stringify(join(ROOT, "src", "cli", `${c}-command.ts`))})`)
  .join(", ");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Wall time of `args` in a new Node process, from the spawn to its exit. */
function timeProcess(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${run.stderr}`);
  return performance.now() - start;
}

/**
 * `team-factory --help` as a person starts it (`node bin/team-factory.js --help` on this Node),
 * after one untimed run that fills the compile cache; beside it, the help's imports before, and
 * Node starting with nothing to do. The three take turns, so the machine's load weighs on each
 * alike; medians of `runs`.
 */
export function measureCliHelp(params: { runs?: number } = {}) {
  const { runs = 10 } = params;
  const ways = {
    help: [BIN, "--help"],
    everyCommand: ["--input-type=module", "-e", `await Promise.all([${EVERY_COMMAND}])`],
    node: ["-e", "0"],
  };
  timeProcess(ways.help);
  const times = { help: [] as number[], everyCommand: [] as number[], node: [] as number[] };
  for (let i = 0; i < runs; i++)
    for (const way of ["help", "everyCommand", "node"] as const)
      times[way].push(timeProcess(ways[way]));
  return {
    runs,
    helpMs: median(times.help),
    everyCommandMs: median(times.everyCommand),
    nodeMs: median(times.node),
  };
}

if (import.meta.main) {
  process.stdout.write(`${JSON.stringify(measureCliHelp())}\n`);
}
