import type { Action } from "../policy/permissions.ts";
import type { Job, Trigger } from "./job.ts";
import type { Command } from "./parse-command.ts";

/**
 * What each trigger asks Team Factory to do, as the permission check names it; null: the app raised
 * the job (the scan, a resume, a labels follow-up, a PR's answer), allowed when its gap was made.
 * `/team-factory` names its own verb; pause, resume and dismiss need the same level.
 */
export const TRIGGER_ACTION = {
  label: "create-gap",
  command: "create-gap",
  approval: "approve",
  control: "pause",
  regenerate: "regenerate",
  scan: null,
  resume: null,
  labels: null,
  "pull-request": null,
} as const satisfies Record<Trigger, Action | null>;

/** Jobs a person raised: their permission is checked. */
export function raisedByPerson(job: Pick<Job, "trigger">): boolean {
  return TRIGGER_ACTION[job.trigger] !== null;
}

/**
 * The action a job asks for once its command is read: a `/team-factory` comment its verb (null
 * when it names none), any other job its trigger's.
 */
export function actionOf(job: Pick<Job, "trigger">, command: Command | null): Action | null {
  if (job.trigger !== "control") return TRIGGER_ACTION[job.trigger];
  const kind = command?.kind;
  return kind === "pause" || kind === "resume" || kind === "dismiss" ? kind : null;
}
