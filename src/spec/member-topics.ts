/** Which capabilities a member brings, and which of its tools really do the work for one. */
import {
  CAPABILITIES,
  type Capability,
  languageCapabilities,
  matchCapabilities,
} from "./capabilities.ts";
import type { TeamMember } from "./team-spec.ts";
import { catalogueTool } from "./tool-catalogue.ts";

/** A member's profile as the capability patterns read it: its role (unless manager) and skills. */
function profile(member: TeamMember): string {
  return (member.isManager ? member.skills : [member.role, ...member.skills])
    .join(", ")
    .toLowerCase();
}

/**
 * The capabilities a member brings: the one its role was planned from (a catalogue role such as
 * "Incident Responder"), else those its role and skills name, languages included. The manager's
 * title names the team's topic ("Kubernetes Lead"), so only its skills count.
 */
export function memberCapabilities(member: TeamMember): Capability[] {
  const text = profile(member);
  const role = member.role.toLowerCase();
  const planned = [...CAPABILITIES, ...languageCapabilities(text)].find(
    (c) => c.role.toLowerCase() === role,
  );
  return planned && !member.isManager ? [planned] : matchCapabilities(text);
}

/** The member's working tools (catalogue integrations) that do work for `topic`. */
export function workingToolsFor(member: TeamMember, topic: string): string[] {
  return member.tools.filter((name) => catalogueTool(name)?.serves.includes(topic));
}

/** The member's stubs: tools no catalogue integration implements. */
export function stubTools(member: TeamMember): string[] {
  return member.tools.filter((name) => !catalogueTool(name));
}
