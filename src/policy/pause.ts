import { PASS, refuse, type Verdict } from "./verdict.ts";

export type PauseStatus =
  | { paused: false }
  | { paused: true; scope: "installation" | "repository"; actor: string; changedAt: string };

/** While paused, requests are acknowledged and kept, not planned or published. */
export function pauseGate(status: PauseStatus): Verdict {
  if (!status.paused) return PASS;
  const what =
    status.scope === "installation"
      ? "Team Factory is paused for this installation"
      : "Team Factory is paused for this repository";
  return refuse(
    `${what} (by @${status.actor} at ${status.changedAt}). The request is recorded and will be picked up after a maintainer comments \`/team-factory resume\`.`,
  );
}
