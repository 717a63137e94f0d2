/**
 * An audit entry's details as a person reads them: a sentence per known action, then any other
 * key as `key: value`; an action this page does not know is `key: value` throughout. Every value
 * is untrusted and escaped; only PR and issue numbers become links.
 */
import { shortHash } from "../policy/cost-gate.ts";
import { escapeHtml, link } from "./html.ts";

type Details = Record<string, unknown>;

export interface AuditLinks {
  pull(n: number): string | null;
  issue(n: number): string | null;
}

const MAX_TEXT = 200;
const MAX_ITEMS = 10;

const int = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** A value as inert text: strings clipped, lists and objects spelled out (two levels). */
function valueText(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string")
    return escapeHtml(v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    if (!v.length) return "none";
    const more = v.length > MAX_ITEMS ? ` and ${v.length - MAX_ITEMS} more` : "";
    return `${v
      .slice(0, MAX_ITEMS)
      .map((x) => valueText(x, depth + 1))
      .join(", ")}${more}`;
  }
  if (typeof v === "object" && depth < 2)
    return pairs(v as Details, [], depth + 1).join(", ") || "none";
  return "…";
}

function pairs(details: Details, used: string[], depth = 0): string[] {
  return Object.entries(details)
    .filter(([key]) => !used.includes(key))
    .slice(0, 20)
    .map(([key, v]) => `<span class="key">${escapeHtml(key)}</span>: ${valueText(v, depth)}`);
}

interface Sentence {
  /** The keys the sentence says; the others follow as `key: value`. */
  keys: string[];
  text(d: Details, l: Helpers): string | null;
}

interface Helpers {
  pr(v: unknown): string;
  issue(v: unknown): string;
  text(v: unknown): string;
  hash(v: unknown): string;
  usd(v: unknown): string;
}

const s = (keys: string[], text: Sentence["text"]): Sentence => ({ keys, text });

const prSentence = (verb: string) =>
  s(["pr", "files", "commit", "verified"], (d, h) => {
    const files = int(d.files);
    const commit = str(d.commit);
    const parts = [
      files === null ? "" : `${files} file${files === 1 ? "" : "s"}`,
      commit ? `${d.verified === true ? "verified " : ""}commit ${h.text(commit.slice(0, 7))}` : "",
    ].filter(Boolean);
    return `${verb} PR ${h.pr(d.pr)}${parts.length ? ` (${parts.join(", ")})` : ""}`;
  });

/** Sentences for the actions the app writes (src/pipeline, src/observe). */
const SENTENCES: Record<string, Sentence> = {
  "gap.received": s(["trigger", "title"], (d, h) =>
    d.title === undefined
      ? `received from a ${h.text(d.trigger)}`
      : `received from a ${h.text(d.trigger)}: “<span class="title">${h.text(d.title)}</span>”`,
  ),
  "spec.planned": s(["name", "specHash", "monthlyUsd", "builtBy"], (d, h) =>
    d.name === undefined
      ? null
      : `planned team <code>${h.text(d.name)}</code> (spec ${h.hash(d.specHash)}, ${h.usd(d.monthlyUsd)}/month${d.builtBy ? `, by ${h.text(d.builtBy)}` : ""})`,
  ),
  "gate.passed": s(["remainingToday", "updating"], (d, h) =>
    d.updating !== undefined
      ? `passed the gates, updating PR ${h.pr(d.updating)}`
      : `passed the gates; ${h.text(d.remainingToday)} team PRs left today`,
  ),
  "gate.paused": s([], () => "held: the repository or installation is paused"),
  "gate.daily-limit": s(
    ["used", "limit"],
    (d, h) => `held by the daily limit: ${h.text(d.used)} of ${h.text(d.limit)} used`,
  ),
  "gate.cost-approval-needed": s(
    ["monthlyUsd", "threshold", "specHash"],
    (d, h) =>
      `waits for an approval: ${h.usd(d.monthlyUsd)}/month is above the ${h.usd(d.threshold)}/month limit (spec ${h.hash(d.specHash)})`,
  ),
  "approval.recorded": s(["specHash"], (d, h) => `approved spec ${h.hash(d.specHash)}`),
  "pr.opened": prSentence("opened"),
  "pr.updated": prSentence("updated"),
  "pr.merged": s(["pr"], (d, h) => `PR ${h.pr(d.pr)} was merged`),
  "pr.closed": s(["pr"], (d, h) => `PR ${h.pr(d.pr)} was closed without merging`),
  "pr.reopened": s(["pr", "was"], (d, h) => `PR ${h.pr(d.pr)} was reopened (was ${h.text(d.was)})`),
  "pr.labelled": s(["pr", "labels"], (d, h) => `labelled PR ${h.pr(d.pr)}: ${h.text(d.labels)}`),
  "pr.labels-pending": s(["pr"], (d, h) => `PR ${h.pr(d.pr)} opened, its labels to follow`),
  "pr.failed": s(["error"], (d, h) => `the PR could not be written: ${h.text(d.error)}`),
  "pr.refused-paths": s(
    ["paths"],
    (d, h) => `nothing published: the branch changes paths outside the team: ${h.text(d.paths)}`,
  ),
  "gap.dismissed": s(["was", "pr"], (d, h) =>
    d.pr === null || d.pr === undefined
      ? `dismissed (was ${h.text(d.was)})`
      : `dismissed (was ${h.text(d.was)}, PR ${h.pr(d.pr)})`,
  ),
  "gap.rejected": s(["reason"], (d, h) => `not planned: ${h.text(d.reason)}`),
  "gap.enhance-existing": s(["reason"], (d, h) => `an existing team fits: ${h.text(d.reason)}`),
  "gap.dry-run": s(
    ["name", "files"],
    (d, h) =>
      `dry run of <code>${h.text(d.name)}</code>: ${h.text(d.files)} files, nothing written`,
  ),
  "trigger.refused": s(
    ["trigger", "reason"],
    (d, h) => `refused a ${h.text(d.trigger)}: ${h.text(d.reason)}`,
  ),
  "job.gave-up": s(
    ["trigger", "error"],
    (d, h) => `gave up on a ${h.text(d.trigger)}: ${h.text(d.error)}`,
  ),
  "config.invalid": s(
    ["message"],
    (d, h) => `the repository's config is not valid: ${h.text(d.message)}`,
  ),
  "control.paused": s([], () => "paused by a command"),
  "control.resumed": s([], () => "resumed by a command"),
  "breaker.tripped": s(["scope"], (d, h) => `the circuit breaker paused the ${h.text(d.scope)}`),
  "issue.closed": s(
    ["issue", "pr", "outcome"],
    (d, h) => `closed issue ${h.issue(d.issue)} (PR ${h.pr(d.pr)} ${h.text(d.outcome)})`,
  ),
  "issue.commented": s(
    ["issue", "pr", "outcome"],
    (d, h) => `told issue ${h.issue(d.issue)} that PR ${h.pr(d.pr)} was ${h.text(d.outcome)}`,
  ),
};

/** The details of one audit entry as HTML (escaped). */
export function describeAudit(action: string, details: Details, links: AuditLinks): string {
  const number = (to: (n: number) => string | null) => (v: unknown) => {
    const n = int(v);
    return n === null ? valueText(v) : link(to(n), `#${n}`);
  };
  const h: Helpers = {
    pr: number(links.pull),
    issue: number(links.issue),
    text: (v) => valueText(v),
    hash: (v) => (typeof v === "string" ? `<code>${escapeHtml(shortHash(v))}</code>` : "—"),
    usd: (v) => {
      const n = num(v);
      return n === null ? "$?" : `$${Number.isInteger(n) ? n : n.toFixed(2)}`;
    },
  };
  const sentence = Object.hasOwn(SENTENCES, action) ? SENTENCES[action] : undefined;
  const said = sentence?.text(details, h) ?? null;
  const rest = pairs(details, said === null ? [] : (sentence?.keys ?? []));
  return [said, ...rest].filter(Boolean).join(" · ") || '<span class="muted">no details</span>';
}
