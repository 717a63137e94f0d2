/** `team-factory scan`: the capability gaps a task scan would report, read from the store. */
import { type CapabilityGap, findCapabilityGaps } from "../scan/find-capability-gaps.ts";
import { renderGapIssue } from "../scan/render-gap-issue.ts";
import { MAX_NEW_GAPS_PER_SCAN, notMapped } from "../scan/scan-repository.ts";
import { openStoreFromEnv } from "../store/open-store-from-env.ts";
import type { Store } from "../store/store.ts";
import { type CliIo, PROCESS_IO } from "./cli-io.ts";
import { readArgs, usageProblem } from "./read-args.ts";
import { intArg, readingStoreEnv, repoArg } from "./store-args.ts";
import { textTable } from "./text-table.ts";
import { SCAN } from "./usage.ts";

const TASKS_TABLE = "pm_tasks";
const PROJECTS_TABLE = "pm_projects";

type ScanArgs = { env: Record<string, string | undefined>; repo?: string; minTasks: number };
type ReportedGap = CapabilityGap & { gapKey?: string; status?: string };

function scanArgs(
  values: Record<string, string | boolean | undefined>,
  environment: CliIo["env"],
): ScanArgs {
  const repo = repoArg(values);
  const minTasks = intArg(values, "min-tasks", 3, [1, 1000]);
  return { env: readingStoreEnv(values, environment, "scan"), repo, minTasks };
}

/** For one repository: skipped when the store records the gap, else new up to the scan's cap. */
async function withStatus(store: Store, repo: string, gaps: CapabilityGap[], minTasks: number) {
  let fresh = 0;
  const reported: ReportedGap[] = [];
  for (const gap of gaps) {
    const { gapKey } = renderGapIssue({ repo, gap, minTasks, tasksTable: TASKS_TABLE });
    let status = "new";
    if (await store.getGap({ gapKey })) status = "skipped: the store already records this gap";
    else if (fresh >= MAX_NEW_GAPS_PER_SCAN)
      status = `skipped: ${MAX_NEW_GAPS_PER_SCAN} new gaps per scan reached; the next scan continues`;
    else fresh++;
    reported.push({ ...gap, gapKey, status });
  }
  return reported;
}

function formatGaps(gaps: ReportedGap[], rejected: string[], args: ScanArgs): string {
  const rule = `${args.minTasks} or more ready, unassigned tasks in ${TASKS_TABLE} that no active team covers`;
  if (gaps.length === 0) return `No capability gaps: no skill has ${rule}.`;
  const header = ["skill", "tasks", "projects", "urgency", ...(args.repo ? [args.repo] : [])];
  const rows = gaps.map((g) => [
    g.skill,
    String(g.taskCount),
    String(g.projectCount),
    g.urgency,
    ...(args.repo ? [g.status ?? ""] : []),
  ]);
  return [
    `${gaps.length} capability gap${gaps.length === 1 ? "" : "s"} (skills with ${rule}):`,
    "",
    ...textTable([header, ...rows]),
    ...(rejected.length ? ["", `Ignored, not valid skill keywords: ${rejected.join(", ")}`] : []),
  ].join("\n");
}

export async function runScanCommand(args: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let parsed: ScanArgs;
  let json = false;
  try {
    const { values } = readArgs({ args, options: SCAN.options });
    json = values.json === true;
    parsed = scanArgs(values, io.env);
  } catch (error) {
    io.stderr(usageProblem("scan", (error as Error).message));
    return 2;
  }
  let store: Store | undefined;
  try {
    store = await openStoreFromEnv(parsed.env);
    const { repo } = parsed;
    let projects: number | undefined;
    const { gaps, rejected } = await findCapabilityGaps({
      query: async (p) => {
        if (!repo) return (store as Store).findCapabilityGaps(p);
        const found = await (store as Store).findRepoCapabilityGaps({ ...p, repo });
        projects = found.projects;
        return found.rows;
      },
      minTasks: parsed.minTasks,
      tasksTable: TASKS_TABLE,
      projectsTable: PROJECTS_TABLE,
    });
    const reported = repo ? await withStatus(store, repo, gaps, parsed.minTasks) : gaps;
    const unmapped = repo && projects === 0 ? notMapped(repo, PROJECTS_TABLE) : undefined;
    io.stdout(
      json
        ? `${JSON.stringify({ minTasks: parsed.minTasks, repo: repo ?? null, projects, notMapped: unmapped, gaps: reported, rejected }, null, 2)}\n`
        : `${unmapped ? `${repo} is not mapped: ${unmapped}` : formatGaps(reported, rejected, parsed)}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`team-factory scan: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
}
