/** Reading requested values (framework, provider, department, model, skills, name) from people. */

import { DEPARTMENT_PATTERN } from "./departments.ts";
import { retiredMessage, retirementOf } from "./model-lifecycle.ts";
import { showValue } from "./plain-text.ts";
import { toTeamSlug } from "./slug.ts";
import {
  FRAMEWORKS,
  type Framework,
  MODEL_PATTERN,
  PROVIDERS,
  type Provider,
  SKILL_PATTERN,
} from "./team-spec.ts";

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const show = (raw: string) => showValue(raw);

function oneOf<T extends string>(what: string, choices: readonly T[], raw: string): Read<T> {
  const value = choices.find((c) => c.toLowerCase() === raw.trim().toLowerCase());
  return value
    ? { ok: true, value }
    : { ok: false, message: `${what} ${show(raw)} is not one of ${choices.join(", ")}` };
}

export const readFramework = (raw: string): Read<Framework> => oneOf("framework", FRAMEWORKS, raw);
export const readProvider = (raw: string): Read<Provider> => oneOf("provider", PROVIDERS, raw);

export function readDepartment(raw: string): Read<string> {
  const value = raw.trim().toLowerCase();
  return DEPARTMENT_PATTERN.test(value)
    ? { ok: true, value }
    : {
        ok: false,
        message: `department ${show(raw)} is not dot notation like engineering.frontend (lowercase letters, digits, _; up to 4 parts)`,
      };
}

export function readModel(raw: string): Read<string> {
  const value = raw.trim();
  if (!MODEL_PATTERN.test(value)) {
    return {
      ok: false,
      message: `model ${show(raw)} is not a model name like gpt-4o-mini (letters, digits and . _ : / -)`,
    };
  }
  const retired = retirementOf(value);
  return retired ? { ok: false, message: retiredMessage(value, retired) } : { ok: true, value };
}

export function readTeamName(raw: string): Read<string> {
  const value = raw.trim();
  return toTeamSlug(value) && value.length <= 100
    ? { ok: true, value }
    : {
        ok: false,
        message: `team name ${show(raw)} has no letters or digits to build a name like data-visualization-team from`,
      };
}

/** A name a team's folder is made from as typed: nothing in it is dropped or cut. */
const PLAIN_TEAM_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,44}$/;

/** A team name typed where its folder is expected (the CLI's `--name`): a plain name only. */
export function readPlainTeamName(raw: string): Read<string> {
  return PLAIN_TEAM_NAME.test(raw)
    ? readTeamName(raw)
    : {
        ok: false,
        message: `team name ${show(raw)} is not a plain name: use letters a-z, digits, spaces, hyphens and underscores, starting with a letter or digit, at most 45 characters, like cost-watch or "Cost Watch" (the team is then cost-watch-team)`,
      };
}

/** Normalises one skill: lowercase, trimmed, list markers and code ticks removed. */
export function normalizeSkill(raw: string): string {
  return raw
    .trim()
    .replace(/^(?:[-*+]|\d+\.)\s+/, "")
    .replace(/[`*_]/g, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
}

/** Skills from `a, b; c` or one per line; invalid ones are reported, duplicates dropped. */
export function readSkills(raw: string): { skills: string[]; rejected: string[] } {
  const skills: string[] = [];
  const rejected: string[] = [];
  for (const part of raw.slice(0, 5000).split(/[,;\n]/)) {
    const skill = normalizeSkill(part);
    if (!skill) continue;
    if (!SKILL_PATTERN.test(skill)) rejected.push(skill);
    else if (!skills.includes(skill)) skills.push(skill);
  }
  return { skills: skills.slice(0, 20), rejected };
}

export function describeRejectedSkills(rejected: string[]): string {
  const list = rejected.slice(0, 5).map(show).join(", ");
  return `skills ignored: ${list}${rejected.length > 5 ? ` and ${rejected.length - 5} more` : ""} (a skill is 1–40 lowercase letters, digits, spaces or + # . / _ -, starting with a letter or digit)`;
}
