import type { RepoConfig } from "../config/repo-config.ts";
import type { RepoContext } from "../github/gather-repo-context.ts";
import type { GapOutcome } from "../intake/gap-outcome.ts";
import type { Job } from "../intake/job.ts";
import { type DailySlot, dailyCapGate, slotScope } from "../policy/daily-cap.ts";
import type { GapJournal } from "./gap-journal.ts";
import { reportDailyLimit } from "./gap-reports.ts";
import type { PipelineStore } from "./pipeline-deps.ts";

/**
 * The daily slot of one publish: checked before the model is called, reserved before the PR,
 * given back when no PR exists after all. The store counts it (`daily_limit` a day per
 * `daily_limit_scope`, one per gap, under a row lock).
 */
export interface GapSlot {
  /** The open PR this publish updates: it takes no slot. Null when it opens a new one. */
  readonly updating: { number: number } | null;
  /** Today's count without taking a slot; null when this publish takes none. */
  check(): Promise<DailySlot | null>;
  /** Takes the slot; null when this publish takes none. */
  reserve(): Promise<DailySlot | null>;
  /** Gives the slot back (a failure leaves it used: fewer PRs that day, never more). */
  release(): Promise<void>;
}

/** The slot a gap takes today in its scope, in the store. */
export function dailySlot(params: {
  store: Pick<PipelineStore, "checkDailySlot" | "reserveDailySlot" | "releaseDailySlot">;
  job: Job;
  config: Pick<RepoConfig, "daily_limit" | "daily_limit_scope">;
  gapKey: string;
}): GapSlot {
  const { store, job, gapKey } = params;
  const repo = `${job.owner}/${job.repo}`;
  const scope = slotScope({ ...job, repo, scope: params.config.daily_limit_scope });
  const limit = params.config.daily_limit;
  return {
    updating: null,
    check: () => store.checkDailySlot({ scope, gapKey, limit }),
    reserve: () => store.reserveDailySlot({ scope, gapKey, limit }),
    release: async () => {
      await store.releaseDailySlot({ scope, gapKey }).catch(() => undefined);
    },
  };
}

/** A publish that takes no slot: an update of the PR open on its branch, or one that is not new. */
export function noSlot(updating: { number: number } | null): GapSlot {
  return {
    updating,
    check: async () => null,
    reserve: async () => null,
    release: async () => {},
  };
}

/**
 * The rule, in one place: a publish into `context` that opens a new PR takes `slot`; one that
 * updates the PR open on that branch takes none.
 */
export function slotFor(context: Pick<RepoContext, "pullRequest">, slot: GapSlot): GapSlot {
  return context.pullRequest ? noSlot(context.pullRequest) : slot;
}

/** The end of a run the cap refuses (the gap waits for tomorrow), or null: it may go on. */
export async function overTheCap(
  journal: GapJournal,
  slot: DailySlot | null,
  retry?: string,
): Promise<GapOutcome | null> {
  if (!slot) return null;
  const cap = dailyCapGate(slot, retry);
  return cap.pass ? null : reportDailyLimit(journal, slot, cap.message);
}

/**
 * Step 8: the slot of a new PR, reserved (the store decides under a row lock, so a race lost ends
 * as the daily limit); an update of the open PR takes none. Audited and shown either way.
 */
export async function takeSlot(journal: GapJournal, slot: GapSlot): Promise<GapOutcome | null> {
  if (slot.updating) {
    await journal.audit("gate.passed", { updating: slot.updating.number });
    journal.progress.step("gates", "done", `updating #${slot.updating.number}: no new slot`);
    return null;
  }
  const taken = await slot.reserve();
  const capped = await overTheCap(journal, taken);
  if (capped || !taken) return capped;
  await journal.audit("gate.passed", { remainingToday: taken.remaining });
  journal.progress.step("gates", "done", `${taken.remaining} of ${taken.limit} left today`);
  return null;
}
