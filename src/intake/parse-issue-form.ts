/** Reads a gap from an issue: the capability-gap issue form as GitHub renders it, or free text. */
import { inferSkills } from "../spec/capabilities.ts";
import { Gap, type GapRequest, MAX_DESCRIPTION, URGENCIES, type Urgency } from "../spec/gap.ts";
import { stripHtmlComments } from "../spec/plain-text.ts";
import {
  describeRejectedSkills,
  type Read,
  readDepartment,
  readFramework,
  readModel,
  readProvider,
  readSkills,
  readTeamName,
} from "../spec/request-values.ts";
import { gapKeyFor } from "./gap-key.ts";

const NO_RESPONSE = /^_no response_$/i;
const CHOOSE_FOR_ME = /^(?:let team factory choose|any|default|none|n\/a|-)$/i;

/** `### Heading` sections of a rendered issue form; an unanswered field is null. */
export function parseIssueForm(body: string): { heading: string; value: string | null }[] {
  const sections: { heading: string; value: string | null }[] = [];
  let current: { heading: string; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const value = current.lines.join("\n").trim();
    sections.push({
      heading: current.heading,
      value: !value || NO_RESPONSE.test(value) ? null : value,
    });
  };
  for (const line of body.split("\n")) {
    const heading = line.length <= 300 ? /^###[ \t]+(.*)$/.exec(line)?.[1] : undefined;
    const text = heading?.trimEnd().replace(/#+$/, "").trimEnd();
    if (text) {
      flush();
      current = { heading: text, lines: [] };
    } else current?.lines.push(line);
  }
  flush();
  return sections;
}

/** Checked boxes of a checkboxes field (`- [x] label`). */
export function checkedBoxes(value: string): string[] {
  return [...value.matchAll(/^[ \t]*[-*][ \t]+\[[xX]\][ \t]+(.+)$/gm)].map((m) =>
    (m[1] ?? "").trim(),
  );
}

const isOnlyCheckboxes = (value: string) =>
  value.split("\n").every((line) => !line.trim() || /^[ \t]*[-*][ \t]+\[[ xX]\][ \t]/.test(line));

type Field = "skills" | "department" | "framework" | "provider" | "model" | "name" | "urgency";
const FIELDS: [Field, RegExp][] = [
  ["skills", /skill/i],
  ["department", /department/i],
  ["framework", /framework/i],
  ["provider", /provider/i],
  ["model", /\bmodel\b/i],
  ["name", /\bname\b/i],
  ["urgency", /urgen|priority/i],
];
const DESCRIPTION = /capabilit|descri|missing|what|problem|summary|details?/i;

function cleanText(text: string): string {
  return stripHtmlComments(text)
    .replace(/\r\n?/g, "\n")
    .replace(/[\p{Cc}]/gu, (ch) => (ch === "\n" || ch === "\t" ? ch : ""))
    .trim();
}

/** A Gap from an issue; values that cannot be used are dropped and named in `notes`. */
export function gapFromIssue(params: {
  repo: string;
  issue: { number: number; title: string; body: string | null; user?: { login: string } | null };
  actor?: string;
  kind: "label" | "command" | "scan" | "cli";
}): Gap {
  const { repo, issue } = params;
  const rawBody = (issue.body ?? "").slice(0, 4 * MAX_DESCRIPTION);
  const body = cleanText(rawBody);
  const sections = parseIssueForm(body);
  const fields: Partial<Record<Field, string>> = {};
  const description: string[] = [];
  for (const { heading, value } of sections) {
    const field = FIELDS.find(([, pattern]) => pattern.test(heading))?.[0];
    if (value === null || (!field && isOnlyCheckboxes(value))) continue;
    if (field) fields[field] = value;
    else if (DESCRIPTION.test(heading) && description.length === 0) description.push(value);
    else description.push(`${heading}: ${value}`);
  }
  if (sections.length === 0) {
    description.push(body);
    const line = /^[ \t]*(?:required[ \t]+)?skills?[ \t]*[:=][ \t]*(.+)$/im.exec(body);
    if (line?.[1]) fields.skills = line[1];
  }

  const notes: string[] = [];
  const request: GapRequest = {};
  const take = <K extends keyof GapRequest>(key: K, read: (raw: string) => Read<GapRequest[K]>) => {
    const raw = fields[key as Field]?.trim();
    if (!raw || CHOOSE_FOR_ME.test(raw)) return;
    const result = read(raw);
    if (result.ok) request[key] = result.value;
    else notes.push(`${result.message}; it was ignored`);
  };
  take("name", readTeamName);
  take("framework", readFramework);
  take("provider", readProvider);
  take("department", readDepartment);
  take("model", readModel);

  const text = description.join("\n\n").slice(0, MAX_DESCRIPTION);
  const { skills, rejected } = readSkills(fields.skills ?? "");
  if (rejected.length) notes.push(describeRejectedSkills(rejected));
  const requiredSkills = skills.length ? skills : inferSkills(`${issue.title}\n${text}`);
  const urgency = URGENCIES.find((u) => u === fields.urgency?.trim().toLowerCase()) as
    | Urgency
    | undefined;

  return Gap.parse({
    kind: params.kind,
    repo,
    issueNumber: issue.number,
    actor: (params.actor ?? issue.user?.login ?? "").slice(0, 100) || undefined,
    title: cleanText(issue.title).replace(/\s+/g, " ").slice(0, 300),
    description: text,
    requiredSkills,
    urgency: urgency ?? "medium",
    request,
    gapKey: gapKeyFor({ repo, issueNumber: issue.number }),
    notes: notes.slice(0, 20),
  });
}
