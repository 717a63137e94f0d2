import { GENERATOR_VERSION } from "../factory/generate-team.ts";
import {
  checkRecordedProvenance,
  compareVersions,
  readTeamProvenance,
  rebuildTeam,
} from "../factory/team-provenance.ts";
import { gapKeyOfJob } from "../intake/gap-from-job.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { JobOf } from "../intake/job.ts";
import { knownGap } from "../intake/known-gap.ts";
import { parseCommand } from "../intake/parse-command.ts";
import { checkPermission } from "../policy/permissions.ts";
import { findProgressComment } from "../render/progress-comment.ts";
import type { Admission } from "./admit-job.ts";
import { gapJournal } from "./gap-journal.ts";
import type { PipelineDeps } from "./pipeline-deps.ts";
import { readRepo } from "./read-repo.ts";
import { runGap } from "./run-gap.ts";
import { openUpgrade, upgradeGapKey } from "./upgrade-team.ts";

/**
 * `/regenerate` on a gap's issue or its team PR: the team rebuilt from its team.json. The same
 * generator version writes the same bytes: nothing to change. A newer one: a team PR still open
 * gets a new commit (its kept spec, published again); a merged team gets an upgrade PR. An
 * approval of an upgrade's cost change comes here too: the upgrade is rebuilt again.
 */
export async function runRegenerate(
  job: JobOf<"regenerate" | "approval">,
  deps: PipelineDeps,
  admission?: Admission,
): Promise<GapOutcome> {
  const github = await deps.github(job);
  const { store } = deps;
  const repo = `${job.owner}/${job.repo}`;
  const quick = gapJournal({
    ...{ defer: deps.defer, job, gapKey: gapKeyOfJob(job), github, store },
    progressCommentId: null,
  });

  // 1. Authorize (write or higher) and read the command.
  const permission = admission?.permission ?? (await github.permissionOf(job.actor));
  const verdict = checkPermission({
    ...job,
    permission,
    action: "regenerate",
    minToCreate: "write",
  });
  if (!verdict.pass)
    return quick.refuse(verdict.message, { details: { permission }, rationed: true });
  const parsed = parseCommand(job.commentBody);
  if (!parsed.ok) return quick.refuse(parsed.message);
  await quick.progress.react("eyes").catch(() => undefined);

  // 2. The gap and its team: on an open team PR its branch, else the default branch.
  const onPullRequest = job.trigger === "regenerate" && job.onPullRequest === true;
  const number = job.issueNumber ?? 0;
  const gap = onPullRequest
    ? await store.findGapByPullRequest({ repo, prNumber: number })
    : await knownGap(job, store);
  if (!gap?.spec)
    return quick.refuse(
      `There is no team of Team Factory's for this ${onPullRequest ? "pull request" : "issue"} to regenerate.`,
    );
  const team = gap.spec.name;
  const open = gap.state === "pr-open" && gap.branch !== null;
  const to = deps.generatorVersion ?? GENERATOR_VERSION;
  // A merged team's upgrade to this version is a gap of its own (its branch, once published).
  const upgrade = open ? null : await store.getGap({ gapKey: upgradeGapKey(repo, team, to) });
  const read = await readRepo({
    github,
    // A pull request is no issue for GitHub's `issue(number:)`.
    issueNumber: onPullRequest ? null : job.issueNumber,
    branchName: open ? gap.branch : (upgrade?.branch ?? null),
    hints: deps.hints,
    reader: job.actor,
    teamFolder: { name: team, ref: open && gap.branch ? gap.branch : "HEAD" },
  });
  if (!read.ok) return quick.refuse(`the Team Factory config is not valid: ${read.message}`);
  const { config, context } = read;
  const folder = context.branchTeam;
  const where = `\`${config.teams_dir}/${team}/\`${open ? ` on \`${gap.branch}\`` : ""}`;
  const provenance = readTeamProvenance(folder?.["team.json"]);
  if (!folder) return quick.refuse(`${where} cannot be rebuilt: the folder is not there.`);
  if (!provenance.ok) return quick.refuse(`${where} cannot be rebuilt: ${provenance.reason}.`);
  // team.json's own sha256 proves nothing: its spec must be one the app recorded for this team.
  const trusted = checkRecordedProvenance({
    folder: team,
    provenance: provenance.provenance,
    records: await store.teamRecords({ repo, team }),
    branchGapKey: open ? gap.gapKey : null,
  });
  if (!trusted.ok)
    return quick.refuse(
      `${where} cannot be rebuilt: ${trusted.reason}. Team Factory rebuilds a team only from the spec it recorded for it: restore team.json as Team Factory wrote it, or ask for a changed team with \`/create-team\` (it goes through the cost gate and the daily limit).`,
    );

  // 3. Rebuild and compare: the same version changes nothing.
  const { spec, generatorVersion: from } = provenance.provenance;
  if (compareVersions(from, to) > 0)
    return quick.refuse(
      `${where} was written by team-factory ${from}, newer than this app's ${to}; upgrade the app first.`,
    );
  const rebuilt = rebuildTeam({
    spec,
    teamsDir: config.teams_dir,
    generatorVersion: to,
    existing: folder,
    from,
  });
  const audit = { team, from, to, changed: rebuilt.changed.length, added: rebuilt.added.length };
  if (from === to) {
    const edited = [...rebuilt.changed, ...rebuilt.added];
    await quick.audit("regenerate.unchanged", audit);
    if (job.issueNumber !== null)
      await github.createComment(
        job.issueNumber,
        `✅ Nothing to change: ${where} is what team-factory ${to} writes from its team.json, byte for byte.${edited.length ? ` These files were edited since (kept as they are): ${edited.map((p) => `\`${p}\``).join(", ")}.` : ""}`,
      );
    return { kind: "nothing-to-change", team };
  }

  // 4. A newer generator: the open PR gets a new commit; a merged team, an upgrade PR.
  await quick.audit("regenerate.requested", audit);
  if (open) {
    if (onPullRequest && job.issueNumber !== null && gap.issueNumber !== null)
      await github.createComment(
        job.issueNumber,
        `🔁 Rebuilding ${where} with team-factory ${to} (team.json: ${from}); progress in #${gap.issueNumber}.`,
      );
    const again = { ...job, trigger: "regenerate" as const, gapKey: gap.gapKey };
    return runGap({ ...again, issueNumber: gap.issueNumber, onPullRequest: undefined }, deps, {
      permission,
    });
  }
  const progressCommentId = (key: string) =>
    findProgressComment(context.issue?.comments ?? [], key)?.databaseId ?? null;
  return openUpgrade({
    ...{ job, deps, github, config, context, spec, rebuilt, from, to },
    ...{ current: trusted.current, approved: trusted.approved, progressCommentId },
  });
}
