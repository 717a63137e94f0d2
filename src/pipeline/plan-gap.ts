import { specHash } from "../factory/spec-hash.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import { chooseTeamName } from "../policy/team-name.ts";
import { checkSignificance } from "../spec/check-significance.ts";
import { coverageLine, coverageRatio, coverRequirements } from "../spec/cover-requirements.ts";
import { estimateCost } from "../spec/estimate-cost.ts";
import { findSimilarTeam, parseExistingTeam } from "../spec/find-similar-team.ts";
import { neutralize } from "../spec/plain-text.ts";
import { specFor } from "../spec/spec-draft.ts";
import {
  amendSimilarTeam,
  costNote,
  type Enhancement,
  enhancementOf,
  type TeamPlan,
  targetBranch,
} from "./enhance-team.ts";
import * as report from "./gap-reports.ts";
import type { GapRun } from "./gap-run.ts";

export interface PlannedTeam extends TeamPlan {
  /** The spec recorded before (an approval, a resume, an interrupted publish): not re-recorded. */
  kept: boolean;
  /** The change it makes to a team on the default branch; null for a new team. */
  enhancement: Enhancement | null;
}

const KEPT_BY: Record<string, string> = {
  approval: "the approved spec",
  resume: "the spec planned before the pause",
  regenerate: "the spec in team.json (/regenerate)",
};

/**
 * Steps 4–6: the spec this run publishes, and what it changes. A spec whose folder is on the
 * default branch changes that team: only one the app's records trust (else nothing is published).
 */
export async function planGap(
  run: GapRun,
): Promise<{ planned: PlannedTeam } | { outcome: GapOutcome }> {
  const chosen = await chooseSpec(run);
  if ("outcome" in chosen) return chosen;
  const { spec, cost, hash, builtBy } = chosen.planned;
  const { deps, gap, context, config, journal } = run;
  const existing = context.teams.some((t) => t.slug === spec.name);
  const records = existing ? await deps.store.teamRecords({ repo: run.repo, team: spec.name }) : [];
  const enhancement = enhancementOf({ spec, gap, context, config, gapKey: run.gapKey, records });
  if (enhancement && "refused" in enhancement)
    return {
      outcome: await journal.refuse(
        `Nothing was published: \`${config.teams_dir}/${spec.name}/\` is no longer a team Team Factory can change (${neutralize(enhancement.refused)}). Comment \`/create-team --new\` to plan a separate team.`,
      ),
    };
  const coverage = coverRequirements({ gap, spec });
  journal.progress.step(
    "spec",
    "done",
    `${spec.name}: ${spec.members.length} members, ${spec.framework}/${spec.provider} (${builtBy}); ${coverageLine(coverage)}`,
  );
  journal.progress.step("cost", "done", costNote(cost, enhancement));
  await journal.audit("spec.planned", {
    name: spec.name,
    specHash: hash,
    builtBy,
    monthlyUsd: cost.monthlyUsd,
    needs: coverageRatio(coverage),
    ...(enhancement && { enhances: spec.name, deltaUsd: enhancement.deltaUsd }),
  });
  return { planned: { ...chosen.planned, enhancement } };
}

/**
 * Step 7's start: the branch the team goes to (`targetBranch`). A new plan records the spec and
 * its author; a kept spec (an approval, a resume) is published as is.
 */
export async function recordPlan(
  run: GapRun,
  team: PlannedTeam,
): Promise<{ branch: string; context: RepoContext }> {
  const { spec, enhancement } = team;
  const target = targetBranch({ ...run, spec, enhancement });
  // An enhancement holds no team name: the team's name is its folder's, on the default branch.
  const named = enhancement ? {} : { slug: spec.name };
  const { branch } = target;
  await run.journal.move(
    team.kept
      ? { state: "planned" }
      : { state: "planned", ...named, branch, spec, specHash: team.hash, cost: team.cost },
  );
  return target;
}

/**
 * The spec: an approval, a resume or `/regenerate` publishes the spec kept in the store, and so
 * does a publish that was interrupted after it began (its job is run again); anything else is
 * planned now: significance, an existing team close enough (ours is amended, a hand-written one
 * only named), then the spec (the only step that may call a model).
 */
async function chooseSpec(
  run: GapRun,
): Promise<{ planned: TeamPlan & { kept: boolean } } | { outcome: GapOutcome }> {
  const { gap, record, config, context, deps, journal } = run;
  const keptBy =
    KEPT_BY[run.job.trigger] ??
    (record.state === "publishing" ? "the spec of the interrupted publish" : null);
  if (keptBy && record.spec && record.cost && record.specHash) {
    const { spec, cost, specHash: hash } = record;
    return { planned: { spec, cost, hash, builtBy: keptBy, kept: true } };
  }

  // 4. Significance: enough to plan a team from.
  const significance = checkSignificance(gap);
  if (!significance.ok) {
    const outcome = { kind: "rejected", reason: significance.reason } as const;
    return { outcome: await report.reportNotPlanned(journal, outcome) };
  }

  // 5. A team close enough is enhanced instead: ours (team.json) by amending its spec, a
  //    hand-written one is only named with what it would gain (a name or `--new` skips this).
  const skip = run.command?.name || run.command?.newTeam;
  const teams = skip ? [] : context.teams.map((t) => parseExistingTeam(t));
  const similar = findSimilarTeam({ gap, teams, threshold: config.similarity_threshold });
  const records = similar
    ? await deps.store.teamRecords({ repo: run.repo, team: similar.team.slug })
    : [];
  const amended = similar && amendSimilarTeam({ similar, gap, context, config, records });
  if (amended && !amended.ok)
    return { outcome: await report.reportNotPlanned(journal, amended.outcome) };
  if (amended) return { planned: { ...amended.planned, kept: false } };

  // 6. Spec: the only step that may call a model; the heuristics when none is set or it fails.
  if (deps.drafter) {
    const text = `Planning the team with ${deps.drafter.model}…`;
    await journal.progress.flush({ outcome: { icon: "⏳", text } });
  }
  const built = specFor({ gap, config, drafted: (await deps.drafter?.draft(gap)) ?? null });
  // Not a folder, a branch or another gap's name: a new team never lands on another's PR.
  const taken = new Set([
    ...context.teams.map((t) => t.slug),
    ...context.teamBranches,
    ...(await deps.store.listTeamNames({ repo: run.repo, exceptGapKey: run.gapKey })),
  ]);
  const name = chooseTeamName({ proposed: built.spec.name, kept: record.slug, taken });
  const spec = { ...built.spec, name };
  const builtBy =
    built.via === "model"
      ? `OpenAI ${deps.drafter?.model}`
      : `heuristics${built.fallbackReason ? ` (OpenAI failed: ${built.fallbackReason})` : ""}`;
  const cost = estimateCost({ spec, prices: config.prices });
  return { planned: { spec, cost, hash: specHash(spec), builtBy, kept: false } };
}
