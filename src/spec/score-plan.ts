/**
 * How well a planned team answers a labelled gap: the capabilities a reviewer expects it to have,
 * the systems they expect it to reach, and whether each of those needs is met by a working tool
 * (a catalogue integration, never a stub). The corpus in fixtures/gap-corpus/ is labelled so.
 */
import { capabilityFor } from "./build-heuristic-spec.ts";
import { capabilityNeed, systemNeed } from "./cover-requirements.ts";
import { memberCapabilities } from "./member-topics.ts";
import type { TeamSpec } from "./team-spec.ts";

export interface GapLabels {
  capabilities: string[];
  systems: string[];
}

export interface PlanScore {
  /** Capabilities the team's specialists bring (topics). */
  planned: string[];
  /** Expected capabilities found among them, and those missed. */
  found: string[];
  missed: string[];
  /** Planned capabilities nobody asked for. */
  extra: string[];
  /** Needs (expected capabilities and systems) and those met by a working tool or the model. */
  needs: string[];
  workingNeeds: string[];
}

export function scorePlan(spec: TeamSpec, labels: GapLabels): PlanScore {
  const specialists = spec.members.filter((m) => !m.isManager && !m.isSkeptic);
  const planned = [
    ...new Set(specialists.flatMap((m) => memberCapabilities(m).map((c) => c.topic))),
  ];
  const met = (status: string) => status === "working" || status === "model";
  const workingNeeds = [
    ...labels.capabilities.filter((t) =>
      met(capabilityNeed(capabilityFor(t), spec.members).status),
    ),
    ...labels.systems.filter((s) => met(systemNeed(s, s, spec.members).status)),
  ];
  return {
    planned,
    found: labels.capabilities.filter((c) => planned.includes(c)),
    missed: labels.capabilities.filter((c) => !planned.includes(c)),
    extra: planned.filter((topic) => !labels.capabilities.includes(topic)),
    needs: [...labels.capabilities, ...labels.systems],
    workingNeeds,
  };
}
