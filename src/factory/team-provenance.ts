import { describeIssues, TeamSpec } from "../spec/team-spec.ts";
import { type GeneratedFile, generateTeam } from "./generate-team.ts";
import { canonicalJson, specHash } from "./spec-hash.ts";

/** What `team.json` records: the generator that wrote the team, and the spec it wrote it from. */
export interface TeamProvenance {
  generatorVersion: string;
  spec: TeamSpec;
  specSha256: string;
}

export type ReadProvenance =
  | { ok: true; provenance: TeamProvenance }
  | { ok: false; reason: string };

const VERSION = /^\d{1,6}(?:\.\d{1,6}){0,3}(?:[-+][0-9A-Za-z.-]{1,40})?$/;

/**
 * The provenance in a team's `team.json`, trusted only as far as it checks out: written by
 * team-factory, a valid spec, and the spec's sha256 as recorded (an edited spec is not ours).
 */
export function readTeamProvenance(text: string | undefined): ReadProvenance {
  if (text === undefined) return { ok: false, reason: "it has no team.json" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "its team.json is not JSON" };
  }
  const v = (value ?? {}) as Record<string, unknown>;
  if (v.generator !== "team-factory")
    return { ok: false, reason: "its team.json was not written by team-factory" };
  if (typeof v.generatorVersion !== "string" || !VERSION.test(v.generatorVersion))
    return { ok: false, reason: "its team.json names no generator version" };
  const parsed = TeamSpec.safeParse(v.spec);
  if (!parsed.success)
    return {
      ok: false,
      reason: `the spec in its team.json is not valid (${describeIssues(parsed.error).slice(0, 3).join("; ")})`,
    };
  const spec = parsed.data;
  if (v.specSha256 !== specHash(spec))
    return { ok: false, reason: "the spec in its team.json no longer matches its sha256 (edited)" };
  return {
    ok: true,
    provenance: { generatorVersion: v.generatorVersion, spec, specSha256: v.specSha256 },
  };
}

/** A spec the app recorded for a team: a gap of the repository whose spec names it. */
export interface RecordedSpec {
  gapKey: string;
  state: string;
  spec: TeamSpec | null;
  specHash: string | null;
  cost: { monthlyUsd: number } | null;
  prNumber: number | null;
  /** Spec hashes a maintainer approved for that gap. */
  approvedHashes: string[];
}

export type TrustedProvenance =
  | {
      ok: true;
      provenance: TeamProvenance;
      /** What the folder holds by the app's records: the latest spec published there. */
      current: RecordedSpec | null;
      /** team.json holds a spec a maintainer approved rather than one published. */
      approved: boolean;
    }
  | { ok: false; reason: string };

/**
 * team.json trusted only as far as the app's records go (its sha256 is one anyone can recompute):
 * its spec names its own folder, and it is the spec of a gap of this team that was merged (or, read
 * on a gap's open branch, that gap's spec), or one a maintainer approved for such a gap.
 */
export function checkRecordedProvenance(params: {
  folder: string;
  provenance: TeamProvenance;
  /** The gaps whose spec names the team, newest first (`teamRecords`). */
  records: RecordedSpec[];
  /** The gap whose open PR's branch team.json was read from, if any. */
  branchGapKey?: string | null;
}): TrustedProvenance {
  const { folder, provenance, records } = params;
  const { spec, specSha256: hash } = provenance;
  if (spec.name !== folder)
    return {
      ok: false,
      reason: `its team.json names the team \`${spec.name}\`, not \`${folder}\` (its folder)`,
    };
  const published = records.filter(
    (r) => r.specHash !== null && (r.state === "merged" || r.gapKey === params.branchGapKey),
  );
  const latest = published[0];
  const approved = records.some((r) => r.approvedHashes.includes(hash));
  if (approved || published.some((r) => r.specHash === hash))
    return { ok: true, provenance, current: latest ?? null, approved };
  if (!latest)
    return {
      ok: false,
      reason: `Team Factory has no record of publishing ${folder} here (its team.json was written by hand, or elsewhere)`,
    };
  const where = latest.prNumber !== null ? ` (${latest.state} in #${latest.prNumber})` : "";
  const differs = latest.spec ? specDifferences(latest.spec, spec) : [];
  return {
    ok: false,
    reason: `the spec in its team.json is not the one Team Factory recorded for it${where}; it differs in: ${differs.join(", ") || "its sha256"}`,
  };
}

/** The top-level fields in which two specs differ (`model`, `members`, …). */
export function specDifferences(a: TeamSpec, b: TeamSpec): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const field = (spec: TeamSpec, key: string) =>
    canonicalJson((spec as unknown as Record<string, unknown>)[key] ?? null);
  return keys.filter((key) => field(a, key) !== field(b, key));
}

/** -1, 0 or 1 as version `a` is older than, the same as, or newer than `b` (numeric parts first). */
export function compareVersions(a: string, b: string): number {
  const [coreA = "", preA] = a.split(/[-+]/, 2);
  const [coreB = "", preB] = b.split(/[-+]/, 2);
  const pa = coreA.split(".").map(Number);
  const pb = coreB.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

/** What rebuilding a team from its spec would do to its folder (paths relative to the folder). */
export interface TeamRebuild {
  files: GeneratedFile[];
  added: string[];
  changed: string[];
  /** Files the 0.1 generator wrote in its flat layout, which the package layout replaces. */
  removed: string[];
  /** Files in the folder that the generator does not write (kept: not ours to delete). */
  notGenerated: string[];
}

/**
 * Every path the 0.1 generator could write for `spec` in its flat layout (modules at the team's
 * root, imported as `agents`, `tools`, `settings`, …), which 0.2 moved into `src/<package>/`.
 */
export function flatLayoutPaths(spec: TeamSpec): Set<string> {
  const modules = spec.members.map((m) => m.module);
  return new Set([
    "agents/__init__.py",
    ...modules.map((m) => `agents/${m}.py`),
    "crew.py",
    "workflows/__init__.py",
    "workflows/state_definitions.py",
    "workflows/team_workflow.py",
    "tasks/__init__.py",
    "settings.py",
    "team_server.py",
    "config/team_config.yaml",
    "config/a2a_config.yaml",
    "config/llm_config.yaml",
    "tools/__init__.py",
    ...modules.map((m) => `tools/${m}_tools.py`),
    "tools/integrations/__init__.py",
    ...["http_json", "postgres", "supabase_rest", "github_search", "slack_webhook"].map(
      (module) => `tools/integrations/${module}.py`,
    ),
    "tools/integrations/prometheus.py",
    "tools/integrations/kubernetes_read.py",
    "tests/test_team.py",
    "tests/test_tools.py",
  ]);
}

/** The first generator version that writes the package layout. */
const PACKAGE_LAYOUT_SINCE = "0.2.0";

/**
 * The team rebuilt from `spec` by the generator `generatorVersion`, compared with the files of its
 * folder (`existing`: path relative to the folder → text). Nothing changes when the same version
 * rebuilds an untouched team: the output is byte-identical.
 */
export function rebuildTeam(params: {
  spec: TeamSpec;
  teamsDir: string;
  generatorVersion?: string;
  existing: Record<string, string>;
  /** The version in the folder's team.json: below 0.2 its flat-layout files are removed. */
  from?: string;
}): TeamRebuild {
  const { spec, teamsDir, existing } = params;
  const flat =
    params.from && compareVersions(params.from, PACKAGE_LAYOUT_SINCE) < 0
      ? flatLayoutPaths(spec)
      : new Set<string>();
  const files = generateTeam(spec, { teamsDir, generatorVersion: params.generatorVersion });
  const root = `${teamsDir}/${spec.name}/`;
  const relative = (path: string) => path.slice(root.length);
  const generated = new Set(files.map((f) => relative(f.path)));
  return {
    files,
    added: files
      .filter((f) => existing[relative(f.path)] === undefined)
      .map((f) => relative(f.path)),
    changed: files
      .filter((f) => {
        const before = existing[relative(f.path)];
        return before !== undefined && before !== f.content;
      })
      .map((f) => relative(f.path)),
    removed: Object.keys(existing)
      .filter((p) => !generated.has(p) && flat.has(p))
      .sort(),
    notGenerated: Object.keys(existing)
      .filter((p) => !generated.has(p) && !flat.has(p))
      .sort(),
  };
}
