import type { Octokit } from "./octokit-repo-github.ts";

/** The dashboard issue of one repository on GitHub: found by its marker, created once, edited. */
export interface DashboardGitHub {
  /** Our issue carrying `marker` (opened by this app's own bot, any state), or null. */
  findIssue(marker: string): Promise<number | null>;
  createIssue(title: string, body: string): Promise<number>;
  /** One request; "gone" when the issue no longer exists (deleted or transferred). */
  updateIssue(issueNumber: number, body: string): Promise<"ok" | "gone">;
  createComment(issueNumber: number, body: string): Promise<void>;
}

const PAGES = 3;

export function octokitDashboardGitHub(params: {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** This app's login (`<slug>[bot]`): only its issues are ours. */
  appLogin(): Promise<string>;
}): DashboardGitHub {
  const { octokit, owner, repo } = params;
  return {
    async findIssue(marker) {
      const login = (await params.appLogin()).toLowerCase();
      for (let page = 1; page <= PAGES; page++) {
        const { data } = await octokit.rest.issues.listForRepo({
          owner,
          repo,
          state: "all",
          per_page: 100,
          page,
        });
        const ours = data.find(
          (i) =>
            !i.pull_request &&
            i.user?.type === "Bot" &&
            i.user.login.toLowerCase() === login &&
            (i.body ?? "").startsWith(marker),
        );
        if (ours) return ours.number;
        if (data.length < 100) return null;
      }
      return null;
    },
    async createIssue(title, body) {
      const { data } = await octokit.rest.issues.create({ owner, repo, title, body });
      return data.number;
    },
    async updateIssue(issueNumber, body) {
      try {
        await octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, body });
        return "ok";
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 404 || status === 410) return "gone";
        throw error;
      }
    },
    async createComment(issueNumber, body) {
      await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    },
  };
}
