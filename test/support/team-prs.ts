import { execFileSync } from "node:child_process";
import type { GitHubSimulator, LogEntry } from "../../simulator/github/start-github-simulator.ts";

/** Pull requests of a simulated repo. */
export function pullsOf(sim: GitHubSimulator, repo = "acme/agents") {
  const [owner, name] = repo.split("/") as [string, string];
  return [...sim.repo(owner, name).issues.values()].filter((i) => i.pull);
}

/** The team PRs that close an issue (`Closes #12` is not `Closes #1`). */
export function pullsClosing(sim: GitHubSimulator, number: number, repo = "acme/agents") {
  const closes = new RegExp(`Closes #${number}\\b`);
  return pullsOf(sim, repo).filter((p) => closes.test(p.body ?? ""));
}

export function issueOf(sim: GitHubSimulator, number: number, repo = "acme/agents") {
  const [owner, name] = repo.split("/") as [string, string];
  const issue = sim.repo(owner, name).issues.get(number);
  if (!issue) throw new Error(`no issue #${number}`);
  return issue;
}

export function git(sim: GitHubSimulator, args: string[], repo = "acme/agents"): string {
  const [owner, name] = repo.split("/") as [string, string];
  return execFileSync("git", ["-C", sim.repoDir(owner, name), ...args], {
    encoding: "utf8",
  }).trim();
}

/** GitHub requests on the critical path: not the token, reactions or progress comments. */
export function countedRequests(log: LogEntry[]): LogEntry[] {
  return log.filter(
    (e) =>
      e.operationId !== "apps/create-installation-access-token" &&
      !/^reactions\/|^issues\/(create|update)-comment$/.test(e.operationId ?? ""),
  );
}

/** The text of the bot's comments on an issue, oldest first. */
export function botComments(sim: GitHubSimulator, number: number, repo = "acme/agents"): string[] {
  return issueOf(sim, number, repo)
    .comments.filter((c) => c.user.login === sim.app.botLogin)
    .map((c) => c.body);
}
