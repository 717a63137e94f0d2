import { describe, expect, it } from "vitest";
import { gapFromJob } from "../../src/intake/gap-from-job.ts";
import { Job } from "../../src/intake/job.ts";
import { scanGapJob } from "../../src/intake/scan-gap-job.ts";
import type { CapabilityGap } from "../../src/scan/find-capability-gaps.ts";
import { mergeSignalGaps } from "../../src/scan/find-signal-gaps.ts";
import { renderGapIssue } from "../../src/scan/render-gap-issue.ts";
import { parseSignalBatch } from "../../src/signals/parse-signal-batch.ts";
import { checkSignificance } from "../../src/spec/check-significance.ts";

const NOW = new Date("2026-12-07T12:00:00Z");
const good = {
  id: "r-1",
  repository: "acme/agents",
  kind: "unhandled-request",
  skill: "  Grafana   Dashboards ",
  source: "router\u0000<!-- x -->",
  occurred_at: "2026-12-07T13:30:00+02:00",
};

describe("a batch of signals, as a sender gets it wrong", () => {
  it("keeps a good record, its skill normalized, its source plain, its time in UTC", () => {
    expect(parseSignalBatch([good], NOW)).toEqual({
      ok: true,
      signals: [
        {
          ...good,
          skill: "grafana dashboards",
          source: "router",
          detail: "",
          occurred_at: "2026-12-07T11:30:00.000Z",
        },
      ],
    });
  });

  it("names each problem by record and field", () => {
    const parsed = parseSignalBatch(
      [
        good,
        { ...good, repository: "acme", skill: "x".repeat(41) },
        { ...good, occurred_at: "2026-12-08T12:00:00Z", detail: 7 },
        "a string",
      ],
      NOW,
    );
    if (parsed.ok) throw new Error("the batch should be refused");
    expect(parsed.problems.map((p) => [p.index, p.field])).toEqual([
      [1, "repository"],
      [1, "skill"],
      [2, "detail"],
      [2, "occurred_at"],
      [3, null],
    ]);
    expect(parsed.message).toBe(
      'Nothing was recorded: signal 1: repository must be owner/name, like acme/agents (got "acme") (and 4 more problems listed).',
    );
    expect(parsed.problems[3]?.message).toMatch(/occurred_at is in the future/);
  });
});

describe("signal evidence on the scan's gap", () => {
  const evidence = {
    skill: "data visualization",
    total: 6,
    unhandled: 4,
    failed_signals: 1,
    failed_tasks: 1,
    first_seen: "2026-12-01T08:00:00+00:00",
    last_seen: "2026-12-06T09:30:00+00:00",
    samples: [
      {
        kind: "unhandled-request" as const,
        source: "router",
        detail: "ping @octocat | see ![x](https://evil.example/a.png)",
        occurred_at: "2026-12-06T09:30:00+00:00",
      },
    ],
  };
  const fromTasks: CapabilityGap = {
    skill: "data visualization",
    taskCount: 4,
    tasks: [{ id: "t-1", title: "Chart" }],
    projectCount: 1,
    projects: ["Apollo"],
    urgency: "high",
  };

  it("joins the signals of a skill the tasks already name: one gap, both evidences", () => {
    const { gaps, rejected } = mergeSignalGaps({
      gaps: [fromTasks],
      rows: [evidence, { ...evidence, skill: "kafka", total: 9 }, { ...evidence, skill: "<b>" }],
      windowDays: 14,
    });
    expect(rejected).toEqual(["<b>"]);
    expect(gaps.map((g) => [g.skill, g.taskCount, g.signals?.total])).toEqual([
      ["data visualization", 4, 6],
      ["kafka", 0, 9],
    ]);
    const issue = renderGapIssue({
      repo: "acme/agents",
      gap: gaps[0] as CapabilityGap,
      minTasks: 3,
      minSignals: 5,
      tasksTable: "pm_tasks",
    });
    expect(issue.title).toBe(
      "Capability gap: data visualization (4 ready tasks, 6 failures or unhandled requests, high urgency)",
    );
    expect(issue.body).toContain("### Evidence from the task scan");
    expect(issue.body).toContain("**6** in the last 14 days point at this skill (a gap from 5)");
    const row = issue.body.split("\n").find((l) => l.startsWith("| 2026-12-06 09:30 UTC"));
    expect(row).toBeDefined();
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(issue.body).not.toMatch(/@octocat|!\[x\]\(|https:\/\//);
  });

  it("goes to the pipeline without an issue (scan.mode: pipeline) as a gap that says why", () => {
    const { gaps } = mergeSignalGaps({
      gaps: [],
      rows: [{ ...evidence, skill: "kafka" }],
      windowDays: 14,
    });
    const job = Job.parse(
      JSON.parse(
        JSON.stringify(
          scanGapJob(
            {
              installationId: 7,
              owner: "acme",
              repo: "agents",
              gapKey: "acme/agents:skill:kafka",
              gap: gaps[0] as CapabilityGap,
            },
            NOW,
          ),
        ),
      ),
    );
    const gap = gapFromJob({ job, gapKey: "acme/agents:skill:kafka", issue: null, command: null });
    expect(gap.description).toBe(
      "No active team has the kafka skill, and 6 failures or unhandled requests in the last 14 days point at it.",
    );
    expect(gap.requiredSkills).toEqual(["kafka"]);
    expect(checkSignificance(gap)).toEqual({ ok: true });
  });
});
