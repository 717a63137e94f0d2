import { PASS, refuse, type Verdict } from "./verdict.ts";

/** A collaborator's permission on the repository, as GitHub's permission endpoint reports it. */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type RepoPermission = (typeof PERMISSION_LEVELS)[number];

/** What a person asks Team Factory to do, and the level each needs. */
export type Action = "create-gap" | "approve" | "pause" | "resume" | "dismiss" | "regenerate";

/**
 * The least permission each action needs; creating a gap follows the repository's config, and
 * `/regenerate` (the same team, from its own team.json) needs write.
 */
export function neededPermission(action: Action, minToCreate: RepoPermission): RepoPermission {
  if (action === "regenerate") return "write";
  return action === "create-gap" ? minToCreate : "maintain";
}

/** A permission level from GitHub's answer (`role_name` first, then `permission`); unknown → none. */
export function toPermission(value: string | null | undefined): RepoPermission {
  return PERMISSION_LEVELS.find((level) => level === value) ?? "none";
}

export function atLeast(level: RepoPermission, needed: RepoPermission): boolean {
  return PERMISSION_LEVELS.indexOf(level) >= PERMISSION_LEVELS.indexOf(needed);
}

const WHAT: Record<Action, string> = {
  "create-gap": "asking for a new team (`/create-team` or the trigger label)",
  approve: "approving a team",
  pause: "`/team-factory pause`",
  resume: "`/team-factory resume`",
  dismiss: "`/team-factory dismiss`",
  regenerate: "`/regenerate`",
};

/** Whether `actor` with `permission` may do `action`; the refusal names the level needed. */
export function checkPermission(params: {
  actor: string;
  permission: RepoPermission;
  action: Action;
  minToCreate: RepoPermission;
}): Verdict {
  const needed = neededPermission(params.action, params.minToCreate);
  if (atLeast(params.permission, needed)) return PASS;
  const levels = needed === "maintain" ? "maintain or admin" : `${needed} or higher`;
  return refuse(
    `@${params.actor} has ${params.permission} permission; ${WHAT[params.action]} needs ${levels}.`,
  );
}
