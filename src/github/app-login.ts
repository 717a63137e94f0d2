import type { Octokit } from "./octokit-repo-github.ts";

/**
 * The app's own login as REST names an issue's author (`<slug>[bot]`), asked of GitHub once with
 * the app's JWT client (asked again after a failure). A marker in a body is the app's only on an
 * issue of this login: another app's bot, or a person, can write the same marker.
 */
export function appLoginOf(appClient: () => Promise<Octokit>): () => Promise<string> {
  let login: Promise<string> | null = null;
  return () => {
    login ??= (async () => {
      const { data } = await (await appClient()).rest.apps.getAuthenticated();
      if (!data?.slug) throw new Error("GitHub did not name this app (GET /app has no slug)");
      return `${data.slug}[bot]`;
    })().catch((error: unknown) => {
      login = null;
      throw error;
    });
    return login;
  };
}
