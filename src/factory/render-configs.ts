import { Document, visit } from "yaml";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

// Characters a YAML 1.1 reader treats as line breaks or that hide text (bidi, zero-width, BOM).
const UNSAFE =
  /[\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

function escapeUnsafe(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = cp.toString(16);
  return cp > 0xffff ? `\\U${hex.padStart(8, "0")}` : `\\u${hex.padStart(4, "0")}`;
}

/**
 * YAML from an object: a document start, YAML 1.1 quoting (so `yes`, `on` or `1:30` stay strings
 * for Kubernetes and yamllint), folded lines. Strings holding unsafe characters are written
 * double-quoted with those characters escaped, so every parser reads the same text.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { version: "1.1", aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && node.value.match(UNSAFE)) node.type = "QUOTE_DOUBLE";
    },
  });
  const text = doc.toString({ lineWidth: 60, minContentWidth: 20 }).replace(UNSAFE, escapeUnsafe);
  return `---\n${text}`;
}

/** The variable holding the bearer token that `POST /task` requires (from the team's secret). */
export const API_TOKEN_ENV = "TEAM_API_TOKEN";

/** Kubernetes label value: alphanumerics, `-_.`, starting and ending alphanumeric, ≤ 63. */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

/**
 * `config/team_config.yaml` (the team, its steps and tools), `config/a2a_config.yaml` (the card
 * served at /capabilities) and `config/llm_config.yaml` (model, fallback, daily quota). The team
 * reads all three at start (`settings.py`).
 */
export function renderConfigs(model: TeamModel): Files {
  const { spec } = model;
  const team = {
    team: {
      name: model.slug,
      display_name: spec.displayName,
      description: spec.description,
      department: spec.department,
      reports_to: spec.reportsTo,
      framework: spec.framework,
      skills: spec.skills,
    },
    members: model.members.map((m) => ({
      module: m.module,
      role: m.role,
      is_manager: m.isManager,
      is_skeptic: m.isSkeptic,
      skills: m.skills,
      tools: m.tools,
    })),
    workflow: {
      process: spec.process,
      manager: model.manager,
      steps: model.steps.map((s) => ({ member: s.member, kind: s.kind })),
    },
    tools: model.tools.map((t) => ({
      name: t.name,
      members: t.members,
      integration: t.catalogue?.integration ?? null,
      // A tool that writes only says what it would do until a person sets dry_run: false.
      ...(t.catalogue?.writes ? { writes: true, dry_run: true } : {}),
      env: (t.catalogue?.settings ?? []).map((s) => ({ name: s.env, required: s.required })),
    })),
    server: { port: 8000, token_env: API_TOKEN_ENV },
  };
  const a2a = {
    team_id: model.slug,
    department: spec.department,
    reports_to: spec.reportsTo,
    manager_agent: model.manager,
    capabilities: spec.skills,
    protocols: {
      http: {
        port: 8000,
        endpoints: {
          health: "/health",
          ready: "/ready",
          task: "/task",
          capabilities: "/capabilities",
          status: "/status",
        },
      },
    },
  };
  const llm = {
    provider: spec.provider.toLowerCase(),
    model: model.chatModel,
    fallback_model: model.fallbackModel,
    temperature: model.temperature,
    api_key_env: model.provider.envVar,
    daily_task_quota: model.dailyTaskQuota,
  };
  return [
    { path: `${model.src}/config/team_config.yaml`, content: toYaml(team) },
    { path: `${model.src}/config/a2a_config.yaml`, content: toYaml(a2a) },
    { path: `${model.src}/config/llm_config.yaml`, content: toYaml(llm) },
  ];
}
