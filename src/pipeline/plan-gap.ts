import type { RepoConfig } from "../config/repo-config.ts";
import { specHash } from "../factory/spec-hash.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import type { CreateTeamCommand } from "../intake/parse-command.ts";
import { chooseTeamName } from "../policy/team-name.ts";
import { checkSignificance } from "../spec/check-significance.ts";
import { estimateCost } from "../spec/estimate-cost.ts";
import { findSimilarTeam, parseExistingTeam } from "../spec/find-similar-team.ts";
import type { Gap } from "../spec/gap.ts";
import { specFor } from "../spec/spec-draft.ts";
import type { GapRecord } from "../store/store.ts";
import { amendSimilarTeam, type TeamPlan } from "./enhance-team.ts";
import type { GapJournal } from "./gap-journal.ts";
import * as report from "./gap-reports.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";

export interface PlannedTeam extends TeamPlan {
  /** The spec recorded before (an approval, a resume, an interrupted publish): not re-recorded. */
  kept: boolean;
}

/** Jobs that publish the spec a gap has already: an approval, a resume, `/regenerate`. */
export function continuesGap(job: Pick<Job, "trigger">): boolean {
  return job.trigger === "approval" || job.trigger === "resume" || job.trigger === "regenerate";
}

const KEPT_BY: Record<string, string> = {
  approval: "the approved spec",
  resume: "the spec planned before the pause",
  regenerate: "the spec in team.json (/regenerate)",
};

/**
 * Steps 4–6: the spec this run publishes. An approval, a resume or `/regenerate` publishes the spec
 * kept in the store, and so does a publish that was interrupted after it began (its job is run
 * again); anything else is planned now: significance, an existing team close enough (ours is
 * amended, a hand-written one only named), then the spec (the only step that may call a model).
 */
export async function planGap(params: {
  gap: Gap;
  gapKey: string;
  repo: string;
  record: GapRecord;
  command: CreateTeamCommand | null;
  config: RepoConfig;
  context: RepoContext;
  trigger: string;
  deps: PipelineDeps;
  journal: GapJournal;
}): Promise<{ planned: PlannedTeam } | { outcome: GapOutcome }> {
  const { gap, record, config, context, deps, journal } = params;
  const keptBy =
    KEPT_BY[params.trigger] ??
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
  const skip = params.command?.name || params.command?.newTeam;
  const teams = skip ? [] : context.teams.map((t) => parseExistingTeam(t));
  const similar = findSimilarTeam({ gap, teams, threshold: config.similarity_threshold });
  const records = similar
    ? await deps.store.teamRecords({ repo: params.repo, team: similar.team.slug })
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
    ...(await deps.store.listTeamNames({ repo: params.repo, exceptGapKey: params.gapKey })),
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
