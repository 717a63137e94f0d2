import type { Probot } from "probot";
import type { FetchText } from "../config/load-repo-config.ts";
import { appLoginOf } from "./app-login.ts";
import { contentsFetcher, type Octokit } from "./octokit-repo-github.ts";

/** What the task scan does on one repository. */
export interface ScanRepoGitHub {
  fetchText: FetchText;
  /**
   * Open issues and PRs carrying `label` (all open ones when it cannot filter); `byApp` when this
   * app opened it (only then is a marker in its body the app's own).
   */
  listOpenIssues(
    label: string | null,
  ): Promise<{ number: number; body: string | null; byApp: boolean }[]>;
  /** Creates the label when the repository lacks it. */
  ensureLabel(name: string): Promise<void>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<{
    number: number;
    url: string;
  }>;
}

/** The installations and repositories the scan walks, and each repository's edge. */
export interface ScanGitHub {
  /** Installations that are not suspended. */
  listInstallations(): Promise<number[]>;
  /** The installation's repositories that are neither archived nor disabled. */
  listRepositories(installationId: number): Promise<{ owner: string; repo: string }[]>;
  forRepository(params: {
    installationId: number;
    owner: string;
    repo: string;
  }): Promise<ScanRepoGitHub>;
}

/** `installationClient`: the app's paced installation clients (else Probot's own). */
export function probotScanGitHub(
  app: () => Probot,
  installationClient?: (installationId: number) => Promise<Octokit>,
): ScanGitHub {
  const installation = async (id: number) =>
    installationClient ? installationClient(id) : ((await app().auth(id)) as Octokit);
  const ourLogin = appLoginOf(async () => (await app().auth()) as Octokit);
  return {
    async listInstallations() {
      const octokit = (await app().auth()) as Octokit;
      const all = await octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 });
      return all.filter((i) => !i.suspended_at).map((i) => i.id);
    },
    async listRepositories(installationId) {
      const octokit = await installation(installationId);
      const all = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
      });
      return all
        .filter((r) => !r.archived && !r.disabled)
        .map((r) => ({ owner: r.owner.login, repo: r.name }));
    },
    async forRepository({ installationId, owner, repo }) {
      const octokit = await installation(installationId);
      return {
        fetchText: contentsFetcher(octokit),
        async listOpenIssues(label) {
          const items = await octokit.paginate(octokit.rest.issues.listForRepo, {
            owner,
            repo,
            state: "open",
            labels: label ?? undefined,
            per_page: 100,
          });
          const login = await ourLogin();
          return items.map((i) => ({
            number: i.number,
            body: i.body ?? null,
            byApp: i.user?.type === "Bot" && i.user.login === login,
          }));
        },
        async ensureLabel(name) {
          try {
            await octokit.rest.issues.getLabel({ owner, repo, name });
          } catch (error) {
            if ((error as { status?: number }).status !== 404) throw error;
            await octokit.rest.issues.createLabel({ owner, repo, name, color: "d93f0b" });
          }
        },
        async createIssue(issue) {
          const { data } = await octokit.rest.issues.create({ owner, repo, ...issue });
          return { number: data.number, url: data.html_url };
        },
      };
    },
  };
}
