import { slotScope } from "../policy/daily-cap.ts";
import type { OperatorOverview } from "../store/metrics-rows.ts";
import { escapeHtml, table } from "./html.ts";
import type { OperatorSection } from "./operator-section.ts";

export interface SlotRow {
  scope: string;
  used: number;
  limit: number | null;
}

/** Today's counters beside the limits the repositories' settings give their scopes. */
export function slotRows(overview: OperatorOverview): SlotRow[] {
  const limits = new Map<string, number>();
  for (const r of overview.repos) {
    const scope = slotScope({
      installationId: r.installation_id,
      repo: r.repo,
      scope: r.settings.dailyLimitScope,
    });
    limits.set(
      scope,
      Math.min(limits.get(scope) ?? Number.POSITIVE_INFINITY, r.settings.dailyLimit),
    );
  }
  const used = new Map(overview.slots.map((s) => [s.scope, s.used]));
  const scopes = [...new Set([...limits.keys(), ...used.keys()])].sort();
  return scopes.map((scope) => ({
    scope,
    used: used.get(scope) ?? 0,
    limit: limits.get(scope) ?? null,
  }));
}

export const slotsSection: OperatorSection = {
  id: "slots",
  title: "Today's slots (UTC)",
  async render(ctx) {
    const rows = slotRows(await ctx.overview());
    return table({
      caption: "New team PRs per daily-limit scope today",
      headers: ["scope", "used", "limit", "remaining"],
      rows: rows.map((s) => [
        escapeHtml(s.scope),
        String(s.used),
        s.limit === null ? "?" : String(s.limit),
        s.limit === null ? "?" : String(Math.max(s.limit - s.used, 0)),
      ]),
      numeric: [1, 2, 3],
      empty: "No team PR opened today.",
    });
  },
};
