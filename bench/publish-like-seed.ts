/**
 * The seed's way of opening a team PR (for comparison only, never used by the app): get the base
 * branch, create a ref, one create-file request per file, create the PR, add labels — all REST.
 */
export interface SeedOctokit {
  request(route: string, params?: Record<string, unknown>): Promise<{ data: unknown }>;
}

export async function publishLikeSeed(params: {
  octokit: SeedOctokit;
  owner: string;
  repo: string;
  base: string;
  branch: string;
  files: { path: string; content: string }[];
  title: string;
  body: string;
  labels: string[];
}): Promise<{ prNumber: number }> {
  const { octokit, owner, repo } = params;
  const base = (await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", {
    owner,
    repo,
    branch: params.base,
  })) as { data: { commit: { sha: string } } };
  await octokit.request("POST /repos/{owner}/{repo}/git/refs", {
    owner,
    repo,
    ref: `refs/heads/${params.branch}`,
    sha: base.data.commit.sha,
  });
  for (const file of params.files) {
    await octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo,
      path: file.path,
      message: `Add ${file.path}`,
      content: Buffer.from(file.content, "utf8").toString("base64"),
      branch: params.branch,
    });
  }
  const pr = (await octokit.request("POST /repos/{owner}/{repo}/pulls", {
    owner,
    repo,
    title: params.title,
    body: params.body,
    head: params.branch,
    base: params.base,
  })) as { data: { number: number } };
  await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    owner,
    repo,
    issue_number: pr.data.number,
    labels: params.labels,
  });
  return { prNumber: pr.data.number };
}
