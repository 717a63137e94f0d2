/** The PR text of a change to an existing team: an enhancement for a gap, or a generator upgrade. */

import { packageName } from "../spec/slug.ts";
import type { TeamMember } from "../spec/team-spec.ts";
import {
  type CostView,
  cell,
  coverageSection,
  memberTable,
  oneLine,
  type PullRequestView,
  provenanceSection,
  toImplementSection,
  writeToolsCheck,
} from "./render-pull-request.ts";

const usd = (n: number) => `$${n.toFixed(2)}`;
/** `+$1.50` or `−$0.20`. */
export const signedUsd = (n: number) => `${n < 0 ? "−" : "+"}${usd(Math.abs(n))}`;
const short = (team: string) => team.replace(/-team$/, "");

export interface EnhancementView extends Omit<PullRequestView, "cost"> {
  /** The team's cost before (its team.json spec) and after the new members. */
  cost: { before: CostView; after: CostView };
  added: TeamMember[];
  /** Needs of the gap no member was added for (the team is at 7). */
  leftOut: string[];
}

export function enhancementTitle(team: string, reason: string): string {
  return `[Automated] Enhance ${short(team)} team for ${oneLine(reason, 80)}`;
}

export function enhancementBody(view: EnhancementView): string {
  const { spec, cost, added } = view;
  const delta = cost.after.monthlyUsd - cost.before.monthlyUsd;
  const addedRoles = new Set(added.map((m) => m.role));
  return [
    "## Capability gap",
    view.issueNumber ? `Closes #${view.issueNumber}.` : "",
    "",
    ...view.evidence.map((e) => `- ${oneLine(e, 300)}`),
    "",
    ...coverageSection(view.coverage),
    `## Enhancing ${cell(spec.displayName)}`,
    "",
    `An existing team covers most of this gap, so this PR extends it instead of adding a new team: it changes only \`${view.teamsDir}/${spec.name}/\` (${view.fileCount} files regenerated from the amended spec in its \`team.json\`).`,
    "",
    `### Members added (${added.length}; the team now has ${spec.members.length}, ${spec.process} process)`,
    "",
    ...memberTable(added),
    "",
    ...toImplementSection(
      {
        ...view.coverage,
        toImplement: view.coverage.toImplement.filter((s) => addedRoles.has(s.member)),
      },
      { dir: `${view.teamsDir}/${spec.name}`, pkg: packageName(spec.name) },
    ),
    ...(view.leftOut.length
      ? [
          `**Not added** (a team has at most 7 members): ${view.leftOut.map((n) => oneLine(n, 60)).join(", ")}. Raise another gap for them.`,
          "",
        ]
      : []),
    `## Cost: ${signedUsd(delta)} / month`,
    "",
    `${usd(cost.before.monthlyUsd)} → ${usd(cost.after.monthlyUsd)} a month (LLM ${cell(cost.after.model)}). The cost gate and the daily limit apply to the change (${signedUsd(delta)}); this enhancement uses one of today's slots.`,
    "",
    "| Member added | LLM / month |",
    "| --- | --- |",
    ...cost.after.perMember
      .filter((m) => addedRoles.has(m.role))
      .map((m) => `| ${cell(m.role)} | ${usd(m.monthlyUsd)} |`),
    "",
    "## Review checklist",
    "",
    "- [ ] The new members cover what the gap asks for, and belong in this team",
    "- [ ] The diff touches only this team's folder; hand edits to its generated files are not lost",
    "- [ ] The cost change is acceptable",
    ...writeToolsCheck(added),
    "- [ ] CI is green (black, isort, flake8, the team's tests)",
    "",
    ...provenanceSection(view.trackingId, view.provenance),
  ].join("\n");
}

export interface UpgradeView {
  team: string;
  teamsDir: string;
  from: string;
  to: string;
  changed: string[];
  added: string[];
  /** The 0.1 flat layout's files, replaced by the package layout. */
  removed: string[];
  notGenerated: string[];
  issueNumber: number | null;
  trackingId: string;
  specHash: string;
  actor: string;
  /** The estimate before and after, when it changed (prices, an approved spec); null: unchanged. */
  cost: { beforeUsd: number; afterUsd: number } | null;
}

export function upgradeTitle(team: string, version: string): string {
  return `[Automated] Regenerate ${short(team)} team with team-factory ${version}`;
}

const paths = (list: string[]) => list.slice(0, 100).map((p) => `- \`${p.replace(/`/g, "'")}\``);

export function upgradeBody(view: UpgradeView): string {
  const root = `${view.teamsDir}/${view.team}`;
  return [
    "## Regenerated with a newer generator",
    "",
    `\`${root}/\` was written by team-factory ${view.from}; this PR rebuilds it with ${view.to} from the same spec in its \`team.json\` (sha256 \`${view.specHash}\`). Nothing outside the folder changes.`,
    view.issueNumber ? `Asked for in #${view.issueNumber}.` : "",
    "",
    ...(view.cost
      ? [
          `The estimated cost changes: ${usd(view.cost.beforeUsd)} → ${usd(view.cost.afterUsd)} a month (${signedUsd(view.cost.afterUsd - view.cost.beforeUsd)}); the cost gate weighed the change.`,
          "",
        ]
      : []),
    `### Changed (${view.changed.length})`,
    "",
    ...paths(view.changed),
    "",
    ...(view.added.length
      ? [`### Added (${view.added.length})`, "", ...paths(view.added), ""]
      : []),
    ...(view.removed.length
      ? [
          `### Removed: the flat layout of team-factory ${view.from} (${view.removed.length})`,
          "",
          "The team's code moved into its own package under `src/`; these files are replaced by it.",
          "",
          ...paths(view.removed),
          "",
        ]
      : []),
    ...(view.notGenerated.length
      ? ["### Not written by the generator (left as they are)", "", ...paths(view.notGenerated), ""]
      : []),
    "## Review checklist",
    "",
    "- [ ] Hand edits to the team's generated files, if any, are not lost",
    "- [ ] CI is green (black, isort, flake8, the team's tests)",
    "",
    ...provenanceSection(view.trackingId, {
      trigger: "/regenerate",
      actor: view.actor,
      builtBy: "the spec in team.json, unchanged",
      generatorVersion: `${view.from} → ${view.to}`,
      specHash: view.specHash,
    }),
  ].join("\n");
}
