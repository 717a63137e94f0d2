import type { RolloutMode } from "../policy/rollout-mode.ts";

const WHY: Record<RolloutMode, string> = {
  full: "`full`: its team PR opens like a labelled issue's (daily limit and cost gate included)",
  "low-risk":
    "`low-risk`: its team PR opens without an approval only when the team costs at most `low_risk.max_monthly_usd` a month and its tools only read; otherwise it waits for a maintainer's `/approve-team`",
  shadow: "`shadow`: nothing is opened for it",
};

/**
 * What the first issue the scan opens in a repository says of the rollout modes: why it was
 * opened, the defaults (detected gaps start in shadow mode) and how to change them.
 */
export function rolloutNote(mode: RolloutMode): string {
  return [
    "### Rollout mode",
    "",
    `Team Factory opened this issue because this repository's \`.github/team-factory.yml\` sets \`mode.detected\` to ${WHY[mode]}.`,
    "",
    'Gaps the scan detects (ready tasks, failures, unhandled requests) start in **shadow** mode: Team Factory plans them, estimates their cost and records what it would open, listed on the operator page under "Would have opened", and opens nothing on GitHub until the operator changes the mode. Requests people make (the label, the issue form, `/create-team`) are `full` unless `mode.explicit` says otherwise. To change them:',
    "",
    "```yaml",
    "mode:",
    "  explicit: full      # the label, the issue form, /create-team: shadow, low-risk or full",
    "  detected: low-risk  # the scan: shadow (the default), low-risk or full",
    "low_risk:",
    "  max_monthly_usd: 75",
    "```",
    "",
    "This note is on the first issue the scan opens in a repository only.",
  ].join("\n");
}
