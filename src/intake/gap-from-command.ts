import { inferSkills } from "../spec/capabilities.ts";
import { Gap, MAX_DESCRIPTION } from "../spec/gap.ts";
import type { CreateTeamCommand } from "./parse-command.ts";
import { gapFromIssue } from "./parse-issue-form.ts";

/**
 * The gap a `/create-team` comment raises on an issue: the issue as read by `gapFromIssue`, with
 * the command's arguments winning and its description (the comment after the first line) first.
 */
export function gapFromCommand(params: {
  repo: string;
  issue: { number: number; title: string; body: string | null; user?: { login: string } | null };
  actor: string;
  command: CreateTeamCommand;
}): Gap {
  const { command } = params;
  const fromIssue = gapFromIssue({ ...params, kind: "command" });
  const description = [command.description.trim(), fromIssue.description]
    .filter(Boolean)
    .join("\n\n")
    .slice(0, MAX_DESCRIPTION);
  const request = { ...fromIssue.request };
  for (const key of ["name", "framework", "provider", "department", "model"] as const) {
    if (command[key] !== undefined) Object.assign(request, { [key]: command[key] });
  }
  const requiredSkills = command.skills?.length
    ? command.skills
    : fromIssue.requiredSkills.length
      ? fromIssue.requiredSkills
      : inferSkills(description);
  return Gap.parse({ ...fromIssue, description, requiredSkills, request });
}
