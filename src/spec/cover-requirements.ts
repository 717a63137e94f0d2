/**
 * The needs a gap names, each matched to the member or tool of the team that covers it. A need is
 * a capability the text mentions (`anomaly detection`), a required skill no capability knows, or a
 * service it names (`Slack`). What nothing covers goes to the reviewer under "not covered".
 */
import { matchCapabilities } from "./capabilities.ts";
import type { Gap } from "./gap.ts";
import type { TeamMember, TeamSpec } from "./team-spec.ts";
import { namedServices } from "./tool-catalogue.ts";

export interface Coverage {
  covered: { need: string; by: string }[];
  notCovered: string[];
}

type Need = { need: string; coveredBy: (member: TeamMember) => string | null };

export function coverRequirements(params: { gap: Gap; spec: TeamSpec }): Coverage {
  const { gap, spec } = params;
  const text = `${gap.requiredSkills.join(", ")}\n${gap.title}\n${gap.description}`
    .slice(0, 20_000)
    .toLowerCase();
  const capabilities = matchCapabilities(text);
  // The manager's title names the team's topic ("Kubernetes Lead"); only its skills count.
  const profile = (m: TeamMember) =>
    (m.isManager ? m.skills : [m.role, ...m.skills]).join(", ").toLowerCase();
  const needs: Need[] = [
    ...capabilities.map((c) => ({
      need: c.topic,
      coveredBy: (m: TeamMember) => (c.pattern.test(profile(m)) ? m.role : null),
    })),
    ...gap.requiredSkills
      .filter((skill) => !capabilities.some((c) => c.pattern.test(skill)))
      .map((skill) => ({
        need: skill,
        coveredBy: (m: TeamMember) => (m.skills.includes(skill) ? m.role : null),
      })),
    ...namedServices(text).map((tool) => ({
      need: tool.service?.name ?? tool.name,
      coveredBy: (m: TeamMember) =>
        m.tools.includes(tool.name) ? `${m.role} (${tool.name})` : null,
    })),
  ];
  const coverage: Coverage = { covered: [], notCovered: [] };
  const seen = new Set<string>();
  for (const { need, coveredBy } of needs) {
    if (seen.has(need.toLowerCase())) continue;
    seen.add(need.toLowerCase());
    const by = spec.members.map(coveredBy).find((b) => b !== null);
    if (by) coverage.covered.push({ need, by });
    else coverage.notCovered.push(need);
  }
  return coverage;
}
