import type { DashboardGitHub } from "../github/dashboard-github.ts";
import type { JobLog } from "../jobs/job-log.ts";
import { slotScope } from "../policy/daily-cap.ts";
import type { Store } from "../store/store.ts";
import {
  DASHBOARD_MARKER,
  DASHBOARD_TITLE,
  renderDashboardIssue,
} from "./render-dashboard-issue.ts";

export interface DashboardTarget {
  installationId: number;
  repo: string;
}

export interface DashboardUpdater {
  /**
   * Brings the repository's dashboard issue up to date when the repository opted in: now, or
   * (written less than a minute ago) once the minute is over; requests in between coalesce.
   */
  request(target: DashboardTarget): Promise<"written" | "later" | "off">;
  /** The dashboard issue's number, creating it when the repository opted in; null when not. */
  issueOf(target: DashboardTarget): Promise<number | null>;
  /** Runs the updates waiting for their minute now (tests, shutdown). */
  flush(): Promise<void>;
  stop(): void;
}

export type Schedule = (run: () => void, ms: number) => { cancel(): void };

const unrefTimer: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

/**
 * The dashboard issues: one per opted-in repository (`dashboard: true`), found again by its
 * marker (the store keeps its number), written from the store's records in one request, at most
 * once a minute per repository across replicas (the store takes the minute).
 */
export function createDashboardUpdater(params: {
  store: Pick<Store, "metrics" | "checkDailySlot">;
  github: (target: DashboardTarget) => Promise<DashboardGitHub>;
  log: JobLog;
  now?: () => Date;
  schedule?: Schedule;
  minSeconds?: number;
}): DashboardUpdater {
  const { store, log } = params;
  const metrics = store.metrics;
  const now = params.now ?? (() => new Date());
  const schedule = params.schedule ?? unrefTimer;
  const minSeconds = params.minSeconds ?? 60;
  const waiting = new Map<string, { target: DashboardTarget; cancel(): void }>();

  async function body(target: DashboardTarget): Promise<string> {
    const scope = { installationId: target.installationId, repo: target.repo };
    const [dashboard, days7, days30] = await Promise.all([
      metrics.repoDashboard(scope),
      metrics.metrics({ ...scope, days: 7 }),
      metrics.metrics({ ...scope, days: 30 }),
    ]);
    const { dailyLimit: limit, dailyLimitScope } = dashboard.settings;
    const slot = await store.checkDailySlot({
      scope: slotScope({ ...scope, scope: dailyLimitScope }),
      gapKey: "dashboard",
      limit,
    });
    const slots = { used: slot.used, limit, remaining: slot.remaining, scope: dailyLimitScope };
    return renderDashboardIssue({ dashboard, slots, metrics: { days7, days30 }, now: now() });
  }

  async function issueNumber(
    target: DashboardTarget,
    github: DashboardGitHub,
    text: string,
  ): Promise<{ number: number; written: boolean }> {
    const found = await github.findIssue(DASHBOARD_MARKER);
    const number = found ?? (await github.createIssue(DASHBOARD_TITLE, text));
    await metrics.setDashboardIssue({ ...target, issueNumber: number });
    return { number, written: found === null };
  }

  async function write(target: DashboardTarget, known: number | null): Promise<void> {
    const [github, text] = await Promise.all([params.github(target), body(target)]);
    if (known !== null && (await github.updateIssue(known, text)) === "ok") return;
    const { number, written } = await issueNumber(target, github, text);
    if (!written) await github.updateIssue(number, text);
  }

  const enabled = async (repo: string) => (await metrics.settingsOf(repo))?.dashboard === true;

  const updater: DashboardUpdater = {
    async request(target) {
      const key = target.repo.toLowerCase();
      if (!(await enabled(target.repo))) return "off";
      const claim = await metrics.claimDashboardUpdate({ ...target, minSeconds });
      if (!claim.due) {
        if (!waiting.has(key)) {
          const timer = schedule(
            () => {
              waiting.delete(key);
              void updater.request(target).catch((error) => {
                log.warn({ repo: target.repo, error: String(error) }, "dashboard update failed");
              });
            },
            Math.max(claim.waitSeconds * 1000, 0) + 50,
          );
          waiting.set(key, { target, cancel: timer.cancel });
        }
        return "later";
      }
      waiting.get(key)?.cancel();
      waiting.delete(key);
      await write(target, claim.issueNumber);
      return "written";
    },
    async issueOf(target) {
      if (!(await enabled(target.repo))) return null;
      const github = await params.github(target);
      const known = await metrics.dashboardIssue(target.repo);
      if (known !== null) return known;
      return (await issueNumber(target, github, await body(target))).number;
    },
    async flush() {
      const due = [...waiting.values()];
      waiting.clear();
      for (const { target, cancel } of due) {
        cancel();
        await write(
          target,
          (await metrics.claimDashboardUpdate({ ...target, minSeconds: 0 })).issueNumber,
        );
      }
    },
    stop() {
      for (const { cancel } of waiting.values()) cancel();
      waiting.clear();
    },
  };
  return updater;
}
