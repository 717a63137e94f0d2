import { sampleRepo } from "../simulator/sample-repo.ts";
import { startStack } from "../simulator/start-stack.ts";
import type { BenchRow } from "./table.ts";

const GAP =
  "We need a team that monitors Kubernetes cost per namespace and flags waste every week.";
const WANTED =
  "Nobody checks the data quality of our ingestion pipelines; we need a team for data validation.";

/**
 * `flood_maintainer_pr_ms`: 100 `/create-team` comments from 10 people without write access, then
 * a maintainer's label on another issue, with GitHub's limits as in production: the time from
 * the label's webhook being answered to its PR existing.
 */
export async function measureFlood(): Promise<BenchRow[]> {
  const stack = await startStack({ repos: [sampleRepo()], pacing: "production" });
  try {
    const { sim } = stack;
    const repo = "acme/agents";
    const target = await sim.act.openIssue({ repo, title: "Flooded", body: GAP, actor: "mia" });
    const wanted = await sim.act.openIssue({
      repo,
      title: "Data quality",
      body: WANTED,
      actor: "mia",
    });
    const readers = Array.from({ length: 10 }, (_, i) => `reader-${i}`);
    await Promise.all(
      readers.flatMap((actor) =>
        Array.from({ length: 10 }, () =>
          sim.act.comment({ repo, number: target.number, body: "/create-team", actor }),
        ),
      ),
    );
    await sim.act.labelIssue({
      repo,
      number: wanted.number,
      label: "capability-gap",
      actor: "mia",
    });
    const t0 = performance.now();
    const opened = () =>
      [...sim.repo("acme", "agents").issues.values()].some(
        (i) => i.pull && i.body?.includes(`Closes #${wanted.number}`),
      );
    while (!opened()) {
      if (performance.now() - t0 > 60_000)
        throw new Error("the maintainer's PR did not open within 60 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - t0;
    await stack.factory.jobs.whenIdle();
    const refusals =
      sim
        .repo("acme", "agents")
        .issues.get(target.number)
        ?.comments.filter((c) => c.user.login === sim.app.botLogin).length ?? 0;
    return [
      {
        metric: "flood_maintainer_pr_ms",
        value: ms,
        unit: "ms",
        goal: { op: "<=", target: 10_000 },
        note: `100 /create-team comments from 10 people without write access, then a maintainer's label on another issue; GitHub's limits as in production (each installation's content-creating requests within 80 a minute and 500 an hour, one at a time, the PR's before answers); ${refusals} refusal comments in all (one per person and hour, behind real work)`,
      },
    ];
  } finally {
    await stack.stop();
  }
}
