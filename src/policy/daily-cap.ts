import { PASS, refuse, type Verdict } from "./verdict.ts";

/** The store's answer for one gap and day (a check or a reservation). */
export interface DailySlot {
  reserved: boolean;
  /** This gap already holds a slot today (a re-trigger does not take a second one). */
  already: boolean;
  remaining: number;
  used: number;
  limit: number;
}

/** What the daily limit counts over: the whole installation, or one repository. */
export function slotScope(params: {
  scope: "installation" | "repository";
  installationId: number;
  repo: string;
}): string {
  return params.scope === "repository"
    ? `repo:${params.repo.toLowerCase()}`
    : `installation:${params.installationId}`;
}

/** A gap may go on while it holds a slot today or one is left; the refusal says how many remain. */
export function dailyCapGate(
  slot: DailySlot,
  retry = "Re-add the label or comment `/create-team`",
): Verdict {
  if (slot.already || slot.reserved || slot.remaining > 0) return PASS;
  const teams = `${slot.limit} new team${slot.limit === 1 ? "" : "s"}`;
  return refuse(
    `The daily limit of ${teams} (daily_limit in .github/team-factory.yml) is reached: ${slot.remaining} remaining today (UTC). ${retry} tomorrow, or ask a maintainer to raise the limit.`,
  );
}
