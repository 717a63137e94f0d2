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

export function pullRequestTitle(spec: TeamSpec, reason: string): string {
  return `[Automated] Add ${spec.name} team for ${oneLine(reason, 80)}`;
}

export function pullRequestBody(view: PullRequestView): string {
  const { spec, cost } = view;
  const members = spec.members.map((m) => {
    const tags = [m.isManager ? "manager" : "", m.isSkeptic ? "skeptic" : ""].filter(Boolean);
    return `| ${cell(m.role)} | \`${m.module}\` | ${tags.join(", ") || "—"} | ${cell(m.skills.join(", ") || "—")} | ${cell(m.tools.join(", ") || "—")} |`;
  });
  const perMember = cost.perMember.map((m) => `| ${cell(m.role)} | ${usd(m.monthlyUsd)} |`);
  return [
    `## Capability gap`,
    view.issueNumber ? `Closes #${view.issueNumber}.` : "",
    "",
    `> ${oneLine(spec.description, 600)}`,
    "",
    ...view.evidence.map((e) => `- ${oneLine(e, 300)}`),
    "",
    `## The team: ${cell(spec.displayName)}`,
    "",
    `\`${view.teamsDir}/${spec.name}/\` · ${spec.framework} · ${spec.provider} \`${spec.model}\` · ${spec.process} process · department \`${spec.department}\` (reports to ${spec.reportsTo}) · ${view.fileCount} files`,
    "",
    "| Role | Module | | Skills | Tools |",
    "| --- | --- | --- | --- | --- |",
    ...members,
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
    "- [ ] `k8s/deployment.yaml` resources and secrets fit the cluster",
    "- [ ] CI is green (black, isort, flake8, the team's smoke test)",
    "",
    "<details><summary>Provenance</summary>",
    "",
    `- Tracking id: \`${view.trackingId}\``,
    `- Trigger: ${view.provenance.trigger} by @${view.provenance.actor}`,
    `- Spec built by: ${view.provenance.builtBy}`,
    `- Generator: team-factory ${view.provenance.generatorVersion}`,
    `- Spec sha256: \`${view.provenance.specHash}\` (also in \`team.json\`)`,
    "",
    "</details>",
    "",
    "_Opened by Team Factory. Nothing is merged or deployed without a human review._",
  ].join("\n");
}
