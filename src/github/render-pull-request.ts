import type { Coverage } from "../spec/cover-requirements.ts";
import { neutralize } from "../spec/plain-text.ts";
import type { TeamSpec } from "../spec/team-spec.ts";

/** The parts of a cost estimate the PR body shows. */
export interface CostView {
  monthlyUsd: number;
  llmMonthlyUsd: number;
  infraMonthlyUsd: number;
  model: string;
  perMember: { role: string; monthlyUsd: number }[];
  assumptions: string[];
}

export interface PullRequestView {
  spec: TeamSpec;
  cost: CostView;
  reason: string;
  issueNumber: number | null;
  evidence: string[];
  trackingId: string;
  provenance: {
    generatorVersion: string;
    specHash: string;
    builtBy: string;
    trigger: string;
    actor: string;
  };
  teamsDir: string;
  fileCount: number;
  /** The needs the gap names and what in the team covers each (`coverRequirements`). */
  coverage: Coverage;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/** Markdown table cell: no pipes or newlines can break out of the cell. */
export function cell(text: string): string {
  return neutralize(text)
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ");
}

/** One line of untrusted text, shortened, safe inside a title or a list item (no pings, no HTML). */
export function oneLine(text: string, max: number): string {
  const flat = neutralize(text.replace(/\s+/g, " ").trim());
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `[Automated] Add <name> team for <reason>`, the name without its `-team` suffix. */
export function pullRequestTitle(spec: TeamSpec, reason: string): string {
  return `[Automated] Add ${spec.name.replace(/-team$/, "")} team for ${oneLine(reason, 80)}`;
}

/** Each need of the gap and what covers it, then what nothing covers, for the reviewer. */
export function coverageSection(coverage: Coverage): string[] {
  const { covered, notCovered } = coverage;
  if (covered.length === 0 && notCovered.length === 0) {
    return [
      "## What the gap asks for",
      "",
      "No known need was recognised in the description: compare the team with it by hand.",
      "",
    ];
  }
  return [
    "## What the gap asks for",
    "",
    ...(covered.length
      ? [
          "| Need | Covered by |",
          "| --- | --- |",
          ...covered.map((c) => `| ${cell(c.need)} | ${cell(c.by)} |`),
          "",
        ]
      : []),
    ...(notCovered.length
      ? [
          "**Not covered**: the description names these, but no member or tool of this team handles them. Extend the team in this PR or raise another gap:",
          "",
          ...notCovered.map((need) => `- ${oneLine(need, 100)}`),
          "",
        ]
      : []),
  ];
}

/** The members as a table: role, module, manager/skeptic, skills, tools. */
export function memberTable(members: TeamSpec["members"]): string[] {
  return [
    "| Role | Module | | Skills | Tools |",
    "| --- | --- | --- | --- | --- |",
    ...members.map((m) => {
      const tags = [m.isManager ? "manager" : "", m.isSkeptic ? "skeptic" : ""].filter(Boolean);
      return `| ${cell(m.role)} | \`${m.module}\` | ${tags.join(", ") || "—"} | ${cell(m.skills.join(", ") || "—")} | ${cell(m.tools.join(", ") || "—")} |`;
    }),
  ];
}

/** The folded provenance block every PR of ours ends with. */
export function provenanceSection(
  trackingId: string,
  provenance: PullRequestView["provenance"],
  extra: string[] = [],
): string[] {
  return [
    "<details><summary>Provenance</summary>",
    "",
    `- Tracking id: \`${trackingId}\``,
    `- Trigger: ${provenance.trigger} by @${provenance.actor}`,
    `- Spec built by: ${provenance.builtBy}`,
    `- Generator: team-factory ${provenance.generatorVersion}`,
    `- Spec sha256: \`${provenance.specHash}\` (also in \`team.json\`)`,
    ...extra,
    "",
    "</details>",
    "",
    "_Opened by Team Factory. Nothing is merged or deployed without a human review._",
  ];
}

export function pullRequestBody(view: PullRequestView): string {
  const { spec, cost } = view;
  const perMember = cost.perMember.map((m) => `| ${cell(m.role)} | ${usd(m.monthlyUsd)} |`);
  return [
    `## Capability gap`,
    view.issueNumber ? `Closes #${view.issueNumber}.` : "",
    "",
    `> ${oneLine(spec.description, 600)}`,
    "",
    ...view.evidence.map((e) => `- ${oneLine(e, 300)}`),
    "",
    ...coverageSection(view.coverage),
    `## The team: ${cell(spec.displayName)}`,
    "",
    `\`${view.teamsDir}/${spec.name}/\` · ${spec.framework} · ${spec.provider} \`${spec.model}\` · ${spec.process} process · department \`${spec.department}\` (reports to ${spec.reportsTo}) · ${view.fileCount} files`,
    "",
    ...memberTable(spec.members),
    "",
    `## Estimated cost: ${usd(cost.monthlyUsd)} / month`,
    "",
    `LLM ${usd(cost.llmMonthlyUsd)} (${cell(cost.model)}) + infrastructure ${usd(cost.infraMonthlyUsd)}.`,
    "",
    "| Member | LLM / month |",
    "| --- | --- |",
    ...perMember,
    "",
    ...cost.assumptions.map((a) => `- ${oneLine(a, 300)}`),
    "",
    "## Review checklist",
    "",
    "- [ ] The team's purpose matches the gap, and no existing team should be extended instead",
    "- [ ] Roles, goals and tools make sense; the manager and (for 5+) the skeptic are right",
    "- [ ] Model and estimated cost are acceptable",
    "- [ ] The tools' settings (environment variables in the team's README) are available to the deployment",
    "- [ ] `k8s/deployment.yaml` resources and secrets fit the cluster",
    "- [ ] CI is green (black, isort, flake8, the team's tests)",
    "",
    ...provenanceSection(view.trackingId, view.provenance),
  ].join("\n");
}
