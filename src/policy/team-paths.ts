/**
 * Where a team may be written: `<teams_dir>/<name>/`, with `teams_dir` a relative folder that
 * cannot leave the repository or reach into `.git` (the config and the factory share this rule).
 */
export const TEAMS_DIR_PATTERN =
  /^(?!.*(?:^|\/)(?:\.\.?|\.git)(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

export const TEAMS_DIR_RULE =
  'a relative folder like "teams" or "src/teams/teams" (no "..", no ".git", no leading "/")';
