/**
 * Addresses on the GitHub the app talks to (github.com, or `GHE_HOST`), for the operator page.
 * The store keeps a PR's `html_url` (`tf_gaps.pr_url`) but no issue's: an issue's address is built
 * from its repository and number; a stored PR address is used only when it is an http(s) address
 * on that same host, else it is built too. Nothing else from the store becomes an address.
 */

/** `owner/name` as GitHub spells them. */
export const REPO_PATTERN = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
const LOGIN = /^[A-Za-z0-9-]{1,39}$/;

export interface GitHubLinks {
  readonly origin: string;
  repo(repo: string): string | null;
  account(login: string): string | null;
  issue(repo: string, number: number | null): string | null;
  pull(repo: string, number: number | null, stored?: string | null): string | null;
}

const validRepo = (repo: string) =>
  REPO_PATTERN.test(repo) && !repo.split("/").some((part) => /^\.+$/.test(part));

export function githubLinks(webUrl: string): GitHubLinks {
  const origin = new URL(webUrl).origin;
  const repo = (name: string) => (validRepo(name) ? `${origin}/${name}` : null);
  const numbered = (name: string, kind: string, n: number | null) =>
    n !== null && Number.isSafeInteger(n) && n > 0 && repo(name)
      ? `${repo(name)}/${kind}/${n}`
      : null;
  return {
    origin,
    repo,
    account: (login) => (LOGIN.test(login) ? `${origin}/${login}` : null),
    issue: (name, n) => numbered(name, "issues", n),
    pull(name, n, stored) {
      if (stored) {
        try {
          const url = new URL(stored);
          if (/^https?:$/.test(url.protocol) && url.origin === origin && !url.username)
            return url.href;
        } catch {
          // not an address: built below
        }
      }
      return numbered(name, "pull", n);
    },
  };
}
