import type { RepoConfig } from "../config/repo-config.ts";
import type { GeneratedFile } from "../factory/generate-team.ts";
import type { CostEstimate } from "../spec/estimate-cost.ts";
import type { Gap } from "../spec/gap.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import { cell, oneLine } from "./render-pull-request.ts";

/** Evidence lines for the PR body: where the gap came from and what it needs. */
export function renderEvidence(gap: Gap): string[] {
  const lines = [
    `Skills needed: ${gap.requiredSkills.join(", ") || "none named"}`,
    `Urgency: ${gap.urgency}`,
  ];
  if (gap.affectedTasks.length) {
    lines.push(
      `Tasks waiting: ${gap.affectedTasks.length} (${gap.affectedTasks
        .slice(0, 5)
        .map((t) => t.title || t.id)
        .join("; ")})`,
    );
  }
  if (gap.affectedProjects.length)
    lines.push(`Projects: ${gap.affectedProjects.slice(0, 10).join(", ")}`);
  for (const note of gap.notes) lines.push(`Note: ${note}`);
  return lines;
}

export function renderSpecSummary(spec: TeamSpec, cost: CostEstimate): string {
  return [
    `**${cell(spec.displayName)}** (\`${spec.name}\`) · ${spec.framework} · ${spec.provider} \`${spec.model}\` · ${spec.process}`,
    "",
    "| Role | Module | Skills |",
    "| --- | --- | --- |",
    ...spec.members.map(
      (m) =>
        `| ${cell(m.role)}${m.isManager ? " (manager)" : ""}${m.isSkeptic ? " (skeptic)" : ""} | \`${m.module}\` | ${cell(m.skills.join(", "))} |`,
    ),
    "",
    `Estimated **$${cost.monthlyUsd.toFixed(2)}/month**: LLM $${cost.llmMonthlyUsd.toFixed(2)} + infrastructure $${cost.infraMonthlyUsd.toFixed(2)}.`,
  ].join("\n");
}

/** The dry-run answer: spec, cost and the file tree that a PR would add. */
export function renderDryRun(params: {
  spec: TeamSpec;
  cost: CostEstimate;
  files: GeneratedFile[];
  config: RepoConfig;
}): string {
  const { spec, cost, files, config } = params;
  const over = cost.monthlyUsd > config.cost_threshold_usd;
  return [
    renderSpecSummary(spec, cost),
    over
      ? `\nThis is above the $${config.cost_threshold_usd}/month limit: publishing it would need \`/approve-team\` from a maintainer.`
      : "",
    "",
    "<details><summary>Files</summary>",
    "",
    "```",
    ...files.map((f) => f.path),
    "```",
    "",
    "</details>",
    "",
    `Description used: ${oneLine(spec.description, 300)}`,
  ].join("\n");
}
