/** Installations (by their account's name) and repositories, with their 30-day metrics. */
import type { MetricsWindow } from "../metrics/metric-targets.ts";
import type { OperatorOverview } from "../store/metrics-rows.ts";
import { escapeHtml, link, table } from "./html.ts";
import { METRIC_HEADERS, metricCells } from "./metric-cells.ts";
import type { OperatorSection, SectionContext } from "./operator-section.ts";
import { onPage, pager } from "./pager.ts";
import { timeTag } from "./relative-time.ts";

type Pause = OperatorOverview["installations"][number]["pause"];

/** Installations shown at once (an app has few). */
const MAX_INSTALLATIONS = 100;

function pauseText(p: Pause, ctx: SectionContext): string {
  return p.paused
    ? `⏸️ paused by ${escapeHtml(p.actor)} ${timeTag(p.changed_at, ctx.now)}`
    : "▶️ running";
}

/**
 * The account an installation belongs to, from the repositories the store knows for it (every
 * repository of an installation is its account's); none known: null, and the page shows the id.
 * Nothing is asked of GitHub, so the page never waits for it.
 */
export function accountsOf(overview: OperatorOverview): Map<number, string[]> {
  const owners = new Map<number, Map<string, string>>();
  for (const r of overview.repos) {
    const owner = r.repo.split("/")[0];
    if (!owner) continue;
    const seen = owners.get(r.installation_id) ?? new Map<string, string>();
    if (!seen.has(owner.toLowerCase())) seen.set(owner.toLowerCase(), owner);
    owners.set(r.installation_id, seen);
  }
  return new Map([...owners].map(([id, names]) => [id, [...names.values()].sort()]));
}

function installationName(id: number, accounts: Map<number, string[]>, ctx: SectionContext) {
  const names = accounts.get(id) ?? [];
  const who = names.map((n) => link(ctx.links.account(n), escapeHtml(n))).join(", ");
  return who
    ? `${who} <span class="muted">installation ${id}</span>`
    : `<span class="muted">installation ${id}</span> <span class="muted">(no repository recorded yet)</span>`;
}

const metricsOf = async (
  ctx: SectionContext,
  scopes: { key: string; installationId: number | null; repo: string }[],
) => {
  const windows = await Promise.all(
    scopes.map((s) =>
      ctx.store.metrics.metrics({ installationId: s.installationId, repo: s.repo, days: 30 }),
    ),
  );
  return new Map<string, MetricsWindow>(scopes.map((s, i) => [s.key, windows[i] as MetricsWindow]));
};

export const installationsSection: OperatorSection = {
  id: "installations",
  title: "Installations",
  async render(ctx) {
    const overview = await ctx.overview();
    const accounts = accountsOf(overview);
    const repo = ctx.query.repo?.toLowerCase();
    const ids = repo
      ? new Set(
          overview.repos.filter((r) => r.repo.toLowerCase() === repo).map((r) => r.installation_id),
        )
      : null;
    const all = overview.installations.filter((i) => !ids || ids.has(i.installation_id));
    const shown = all.slice(0, MAX_INSTALLATIONS);
    const metrics = await metricsOf(
      ctx,
      shown.map((i) => ({
        key: String(i.installation_id),
        installationId: i.installation_id,
        repo: "",
      })),
    );
    return `${table({
      caption: "Installations and their metrics over the last 30 days",
      headers: ["account", "repositories", "state", ...METRIC_HEADERS],
      rows: shown.map((i) => [
        installationName(i.installation_id, accounts, ctx),
        String(i.repos),
        pauseText(i.pause, ctx),
        ...metricCells(metrics.get(String(i.installation_id))),
      ]),
      numeric: [1],
      empty: "No installation has a gap yet.",
    })}${all.length > shown.length ? `<p class="muted">${all.length - shown.length} more installations: filter by a repository to see one.</p>` : ""}<p class="muted">Metric columns: the last 30 days, each against its target.</p>`;
  },
};

export const repositoriesSection: OperatorSection = {
  id: "repositories",
  title: "Repositories",
  async render(ctx) {
    const overview = await ctx.overview();
    const repo = ctx.query.repo?.toLowerCase();
    const all = overview.repos.filter((r) => !repo || r.repo.toLowerCase() === repo);
    const shown = onPage(all, ctx.query.reposPage);
    const accounts = accountsOf(overview);
    const metrics = await metricsOf(
      ctx,
      shown.map((r) => ({
        key: r.repo.toLowerCase(),
        installationId: r.installation_id,
        repo: r.repo,
      })),
    );
    return `${table({
      caption: "Repositories and their metrics over the last 30 days",
      headers: [
        "repository",
        "installation",
        "open gaps",
        "open PRs",
        "state",
        "dashboard issue",
        ...METRIC_HEADERS,
      ],
      rows: shown.map((r) => [
        link(ctx.links.repo(r.repo), escapeHtml(r.repo)),
        `${escapeHtml((accounts.get(r.installation_id) ?? []).join(", "))} <span class="muted">(${r.installation_id})</span>`,
        String(r.open_gaps),
        String(r.open_prs),
        pauseText(r.pause, ctx),
        r.settings.dashboard ? "on" : "off",
        ...metricCells(metrics.get(r.repo.toLowerCase())),
      ]),
      numeric: [2, 3],
      empty: repo
        ? "No repository by that name has a gap or settings recorded."
        : "No repository yet.",
    })}${pager({ query: ctx.query, key: "reposPage", label: "Repository pages", noun: ["repository", "repositories"], total: all.length })}`;
  },
};
