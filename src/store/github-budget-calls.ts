import type { WriteWindow } from "../policy/github-limits.ts";
import type { StoreCalls } from "./store-calls.ts";

/** GitHub's limits of one installation, shared by every replica through the store. */
export interface GitHubBudgetStore {
  /**
   * Grants the installation's next content-creating request within `windows` (+ `marginMs`) and
   * any pause: send it after `waitMs`; when `waitMs` > 0, confirm the grant first (a pause
   * recorded meanwhile cancels it).
   */
  takeGitHubWrite(params: {
    installationId: number;
    windows: WriteWindow[];
    marginMs: number;
  }): Promise<{ id: number; waitMs: number }>;
  /** The granted request was answered: it counts from now on (a late arrival stays counted). */
  githubWriteDone(params: { id: number }): Promise<void>;
  /** Whether a grant still stands. */
  confirmGitHubWrite(params: { id: number }): Promise<boolean>;
  /** Pauses the installation's writes on every replica for `ms`; grants not sent are cancelled. */
  pauseGitHub(params: {
    installationId: number;
    ms: number;
    reason: string;
  }): Promise<{ pausedMs: number; cancelled: number }>;
  /** The pause in force and the writes granted in the last `ms` (default a minute). */
  githubBudgetStatus(params: {
    installationId: number;
    ms?: number;
  }): Promise<{ pausedMs: number; pauseReason: string | null; writes: number }>;
}

export function githubBudgetCalls({ call, at, object }: StoreCalls): GitHubBudgetStore {
  return {
    async takeGitHubWrite({ installationId, windows, marginMs }) {
      const v = await object("tf_take_github_write", {
        p_installation_id: installationId,
        p_windows: windows.map((w) => ({ limit: w.limit, ms: w.ms })),
        p_margin_ms: Math.round(marginMs),
      });
      return { id: Number(v.id), waitMs: Number(v.wait_ms) };
    },
    async githubWriteDone({ id }) {
      await call("tf_github_write_done", { p_id: id, ...at() });
    },
    async confirmGitHubWrite({ id }) {
      return (await call("tf_confirm_github_write", { p_id: id })) === true;
    },
    async pauseGitHub({ installationId, ms, reason }) {
      const v = await object("tf_pause_github", {
        p_installation_id: installationId,
        p_ms: Math.round(ms),
        p_reason: reason,
      });
      return { pausedMs: Number(v.paused_ms), cancelled: Number(v.cancelled) };
    },
    async githubBudgetStatus({ installationId, ms }) {
      const v = await object("tf_github_budget_status", {
        p_installation_id: installationId,
        p_ms: ms,
      });
      return {
        pausedMs: Number(v.paused_ms),
        pauseReason: typeof v.pause_reason === "string" ? v.pause_reason : null,
        writes: Number(v.writes),
      };
    },
  };
}
