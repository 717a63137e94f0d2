import { parseGapRow, parseTeamRecord } from "./parse-store-rows.ts";
import type { Store } from "./store.ts";
import type { StoreCalls } from "./store-calls.ts";

type GapCalls = Pick<
  Store,
  | "openGap"
  | "getGap"
  | "findGapByIssue"
  | "findGapByPullRequest"
  | "listInFlightSkills"
  | "listTeamNames"
  | "teamRecords"
  | "listPausedGaps"
  | "updateGap"
>;

/** The store's gap records: each method one `tf_*` function call. */
export function gapCalls({ call, object }: StoreCalls): GapCalls {
  return {
    async openGap(p) {
      const row = await object("tf_open_gap", {
        p_gap_key: p.gapKey,
        p_repo: p.repo,
        p_installation_id: p.installationId,
        p_issue_number: p.issueNumber,
        p_trigger: p.trigger,
        p_actor: p.actor,
      });
      return parseGapRow(row);
    },
    async getGap({ gapKey }) {
      const row = await call("tf_get_gap", { p_gap_key: gapKey });
      return row === null ? null : parseGapRow(row);
    },
    async findGapByIssue({ repo, issueNumber }) {
      const row = await call("tf_find_gap_by_issue", { p_repo: repo, p_issue_number: issueNumber });
      return row === null ? null : parseGapRow(row);
    },
    async findGapByPullRequest({ repo, prNumber }) {
      const row = await call("tf_find_gap_by_pull_request", {
        p_repo: repo,
        p_pr_number: prNumber,
      });
      return row === null ? null : parseGapRow(row);
    },
    async listInFlightSkills({ repo }) {
      const rows = await call("tf_in_flight_skills", { p_repo: repo });
      return (Array.isArray(rows) ? rows : []).flatMap((r) => {
        const row = r as { skill?: unknown; pr_number?: unknown };
        return typeof row.skill === "string" && typeof row.pr_number === "number"
          ? [{ skill: row.skill, prNumber: row.pr_number }]
          : [];
      });
    },
    async listTeamNames({ repo, exceptGapKey }) {
      const names = await call("tf_list_team_names", {
        p_repo: repo,
        p_except_gap_key: exceptGapKey,
      });
      return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
    },
    async teamRecords({ repo, team }) {
      const rows = await call("tf_team_records", { p_repo: repo, p_team: team });
      return (Array.isArray(rows) ? rows : []).map(parseTeamRecord);
    },
    async listPausedGaps({ installationId, repo }) {
      const rows = await call("tf_list_paused_gaps", {
        p_installation_id: installationId,
        p_repo: repo,
      });
      return (Array.isArray(rows) ? rows : []).map(parseGapRow);
    },
    async updateGap({ gapKey, actor, state, ...fields }) {
      const map: Record<string, unknown> = {
        slug: fields.slug,
        branch: fields.branch,
        spec: fields.spec,
        spec_hash: fields.specHash,
        cost: fields.cost,
        pr_number: fields.prNumber,
        pr_url: fields.prUrl,
        paths: fields.paths,
        reason: fields.reason,
      };
      const p_fields = Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
      const row = await object("tf_transition_gap", {
        p_gap_key: gapKey,
        p_state: state,
        p_actor: actor,
        p_fields,
      });
      return parseGapRow(row);
    },
  };
}
