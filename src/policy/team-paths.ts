/**
 * Where a team may be written: `<teams_dir>/<name>/`, with `teams_dir` a relative folder that
 * cannot leave the repository or reach into `.git` (the config and the factory share this rule).
 */
export const TEAMS_DIR_PATTERN =
  /^(?!.*(?:^|\/)(?:\.\.?|\.git)(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/**
 * The paths of a change that lie outside the team's folder `<teams_dir>/<name>/`: a PR of ours
 * may hold nothing else (no workflow, no other team, nothing a branch pushed by hand added).
 */
export function pathsOutsideTeam(
  paths: readonly string[],
  teamsDir: string,
  name: string,
): string[] {
  const root = `${teamsDir}/${name}/`;
  const outside = paths.filter(
    (p) => !p.startsWith(root) || p.split("/").some((part) => part === ".." || part === "."),
  );
  return [...new Set(outside)].sort();
}

export const TEAMS_DIR_RULE =
  'a relative folder like "teams" or "src/teams/teams" (no "..", no ".git", no leading "/")';
