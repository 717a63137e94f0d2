/**
 * A batch of signals as another system sends it (`POST /team-factory/signals`), checked record by
 * record. Pure: the route reads the body, this says what is wrong with it, naming the record's
 * index and the field, so the sender can fix it; a batch with any mistake is refused whole.
 */

import { plainText, showValue } from "../spec/plain-text.ts";
import { normalizeSkill } from "../spec/request-values.ts";
import { SKILL_PATTERN } from "../spec/team-spec.ts";
import { type GapSignal, SIGNAL_KINDS, type SignalKind } from "./gap-signal.ts";

/** Records one batch may hold. */
export const MAX_SIGNALS_PER_BATCH = 500;
export const MAX_DETAIL_CHARS = 2000;
/** A signal may be stamped this far ahead of the app's clock (clocks drift), no further. */
const FUTURE_SLACK_MS = 5 * 60_000;
const OLDEST = Date.parse("2000-01-01T00:00:00Z");

const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,199}$/;
// ISO 8601 / RFC 3339 with a date, a time and an offset (Z or ±hh:mm).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const FIELDS = ["id", "repository", "kind", "skill", "source", "detail", "occurred_at"] as const;

export interface SignalProblem {
  /** The record's index in the batch (0-based), or null for the batch itself. */
  index: number | null;
  field: string | null;
  message: string;
}

export type ParsedBatch =
  | { ok: true; signals: GapSignal[] }
  | { ok: false; message: string; problems: SignalProblem[] };

/** Problems listed at most (the first one is in the message). */
const MAX_PROBLEMS = 20;

function refuse(problems: SignalProblem[]): ParsedBatch {
  const [first] = problems;
  const where = first?.index === null ? "" : `signal ${first?.index}: `;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems listed)` : "";
  return {
    ok: false,
    message: `Nothing was recorded: ${where}${first?.message ?? "the batch is not valid"}${more}.`,
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}

function checkRecord(raw: unknown, index: number, now: number): GapSignal | SignalProblem[] {
  const problems: SignalProblem[] = [];
  const problem = (field: string | null, message: string) =>
    problems.push({ index, field, message });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problem(null, `each signal is a JSON object (got ${showValue(raw)})`);
    return problems;
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r))
    if (!(FIELDS as readonly string[]).includes(key))
      problem(key, `unknown field ${showValue(key)}; the fields are ${FIELDS.join(", ")}`);
  const text = (field: string, optional = false): string | null => {
    const value = r[field];
    if (value === undefined && optional) return "";
    if (typeof value === "string") return value;
    problem(
      field,
      `${field} is ${value === undefined ? "missing" : `not text (got ${showValue(value)})`}`,
    );
    return null;
  };
  const id = text("id");
  if (id !== null && !ID.test(id))
    problem("id", `id must be 1–200 letters, digits or . _ : @ / + = - (got ${showValue(id)})`);
  const repository = text("repository");
  if (repository !== null && !REPOSITORY.test(repository))
    problem(
      "repository",
      `repository must be owner/name, like acme/agents (got ${showValue(repository)})`,
    );
  const kind = text("kind");
  if (kind !== null && !(SIGNAL_KINDS as readonly string[]).includes(kind))
    problem(
      "kind",
      `kind must be ${SIGNAL_KINDS.map((k) => `"${k}"`).join(" or ")} (got ${showValue(kind)})`,
    );
  const rawSkill = text("skill");
  const skill = rawSkill === null ? null : normalizeSkill(rawSkill);
  if (skill !== null && !SKILL_PATTERN.test(skill))
    problem(
      "skill",
      `skill must be a skill keyword of at most 40 letters, digits, spaces or + # . / _ - (got ${showValue(rawSkill)})`,
    );
  const source = text("source");
  const cleanSource = source === null ? null : plainText(source, 100);
  if (cleanSource !== null && cleanSource === "")
    problem("source", "source must name the system that reports the signal (1–100 characters)");
  const detail = text("detail", true);
  if (detail !== null && detail.length > MAX_DETAIL_CHARS)
    problem("detail", `detail is at most ${MAX_DETAIL_CHARS} characters (got ${detail.length})`);
  const occurred = text("occurred_at");
  const at = occurred !== null && TIMESTAMP.test(occurred) ? Date.parse(occurred) : Number.NaN;
  if (occurred !== null && Number.isNaN(at))
    problem(
      "occurred_at",
      `occurred_at must be an ISO 8601 time with its offset, like 2026-12-01T09:30:00Z (got ${showValue(occurred)})`,
    );
  else if (at > now + FUTURE_SLACK_MS)
    problem(
      "occurred_at",
      `occurred_at is in the future (${showValue(occurred)}); send the time the request or failure happened`,
    );
  else if (at < OLDEST)
    problem("occurred_at", `occurred_at is before 2000 (${showValue(occurred)})`);
  if (problems.length > 0) return problems;
  return {
    id: id as string,
    repository: repository as string,
    kind: kind as SignalKind,
    skill: skill as string,
    source: cleanSource as string,
    detail: (detail as string).slice(0, MAX_DETAIL_CHARS),
    occurred_at: new Date(at).toISOString(),
  };
}

/**
 * The signals of a batch: a JSON array of records, or `{"signals": [...]}`. Every record is
 * checked; any problem refuses the whole batch, each problem named by record index and field.
 */
export function parseSignalBatch(body: unknown, now: Date): ParsedBatch {
  const records = Array.isArray(body)
    ? body
    : typeof body === "object" &&
        body !== null &&
        Array.isArray((body as { signals?: unknown }).signals)
      ? (body as { signals: unknown[] }).signals
      : null;
  if (records === null)
    return refuse([
      { index: null, field: null, message: 'send a JSON array of signals, or {"signals": [...]}' },
    ]);
  if (records.length === 0)
    return refuse([{ index: null, field: null, message: "the batch has no signal" }]);
  if (records.length > MAX_SIGNALS_PER_BATCH)
    return refuse([
      {
        index: null,
        field: null,
        message: `a batch holds at most ${MAX_SIGNALS_PER_BATCH} signals (got ${records.length}); send several`,
      },
    ]);
  const signals: GapSignal[] = [];
  const problems: SignalProblem[] = [];
  records.forEach((raw, index) => {
    const checked = checkRecord(raw, index, now.getTime());
    if (Array.isArray(checked)) problems.push(...checked);
    else signals.push(checked);
  });
  return problems.length > 0 ? refuse(problems) : { ok: true, signals };
}
