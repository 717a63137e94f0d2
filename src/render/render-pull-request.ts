import { type Coverage, coverageLine } from "../spec/cover-requirements.ts";
import { neutralize } from "../spec/plain-text.ts";
import { packageName } from "../spec/slug.ts";
import type { TeamSpec } from "../spec/team-spec.ts";
import { isWorkingTool, writeToolsOf } from "../spec/tool-catalogue.ts";

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

const NEED_STATE = {
  working: "✅ working tool",
  model: "✅ the model (writing, translating)",
  stub: "⚠️ stub only",
  missing: "❌ not covered",
} as const;

/**
 * Each need of the gap and how the team meets it, with the ratio met by working tools; needs a
 * member holds only as stubs are flagged, and what nobody covers is listed for the reviewer.
 */
export function coverageSection(coverage: Coverage): string[] {
  if (coverage.needs.length === 0) {
    return [
      "## What the gap asks for",
      "",
      "No known need was recognised in the description: compare the team with it by hand.",
      "",
    ];
  }
  const missing = coverage.needs.filter((n) => n.status === "missing");
  return [
    "## What the gap asks for",
    "",
    `**${coverageLine(coverage)}.**`,
    "",
    "| Need | Met by | Member | Working tools |",
    "| --- | --- | --- | --- |",
    ...coverage.needs.map(
      (n) =>
        `| ${cell(n.need)} | ${NEED_STATE[n.status]} | ${cell(n.member ?? "—")} | ${n.tools.length ? n.tools.map((t) => `\`${t}\``).join(", ") : "—"} |`,
    ),
    "",
    ...(missing.length
      ? [
          "**Not covered**: the description names these, but no member or tool of this team handles them. Extend the team in this PR or raise another gap:",
          "",
          ...missing.map((n) => `- ${oneLine(n.need, 100)}`),
          "",
        ]
      : []),
  ];
}

/** Where a team's files live in the repository: its folder and its Python package. */
export interface TeamPaths {
  dir: string;
  pkg: string;
}

/**
 * The stubs the team ships, as a checklist: each one's signature, the member that owns it, the
 * file to implement it in and the test that exercises it once it is.
 */
export function toImplementSection(coverage: Coverage, paths: TeamPaths): string[] {
  if (coverage.toImplement.length === 0) return [];
  const team = `tests/test_${paths.pkg}_team.py`;
  return [
    `## To implement (${coverage.toImplement.length})`,
    "",
    "No integration of the catalogue fits these tools, so they are stubs: each raises `NotImplementedError`, which its agent reads as the tool's answer. The team runs without them, but does not do this part of the job until they are written:",
    "",
    ...coverage.toImplement.map((s) => {
      const needs = s.needs.length ? ` — for ${s.needs.map((n) => oneLine(n, 40)).join(", ")}` : "";
      return `- [ ] \`${s.tool}(query: str) -> str\` of the ${cell(s.member)}${needs}: implement it in \`${paths.dir}/src/${paths.pkg}/tools/${s.module}_tools.py\`, then drop \`${s.module}.${s.tool}\` from \`STUB_TOOLS\` in \`${paths.dir}/${team}\` (its run test then calls the real tool) and add its offline test to \`${paths.dir}/tests/test_${paths.pkg}_tools.py\``;
    }),
    "",
  ];
}

/** The members as a table: role, module, manager/skeptic, skills, tools (stubs marked). */
export function memberTable(members: TeamSpec["members"]): string[] {
  const tool = (name: string) => (isWorkingTool(name) ? name : `${name} (stub)`);
  return [
    "| Role | Module | | Skills | Tools |",
    "| --- | --- | --- | --- | --- |",
    ...members.map((m) => {
      const tags = [m.isManager ? "manager" : "", m.isSkeptic ? "skeptic" : ""].filter(Boolean);
      return `| ${cell(m.role)} | \`${m.module}\` | ${tags.join(", ") || "—"} | ${cell(m.skills.join(", ") || "—")} | ${cell(m.tools.map(tool).join(", ") || "—")} |`;
    }),
  ];
}

/** The review checklist's line for the tools that write outside the team, when it has any. */
export function writeToolsCheck(members: TeamSpec["members"]): string[] {
  const writes = writeToolsOf(members);
  if (writes.length === 0) return [];
  return [
    `- [ ] Write tools start in dry run (they only say what they would do): ${writes.map((t) => `\`${t}\``).join(", ")}. Set \`dry_run: false\` for each in \`config/team_config.yaml\` only once its target (channel, project, recipients) is right`,
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
    ...toImplementSection(view.coverage, {
      dir: `${view.teamsDir}/${spec.name}`,
      pkg: packageName(spec.name),
    }),
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
    ...writeToolsCheck(spec.members),
    "- [ ] `k8s/deployment.yaml` resources and secrets fit the cluster",
    "- [ ] CI is green (black, isort, flake8, the team's tests)",
    "",
    ...provenanceSection(view.trackingId, view.provenance),
  ].join("\n");
}
