import { describe, expect, it } from "vitest";
import { gapKeyFor } from "../../src/intake/gap-key.ts";
import { Job } from "../../src/intake/job.ts";
import { scanGapJob } from "../../src/intake/scan-gap-job.ts";

describe("scanGapJob", () => {
  const submission = {
    installationId: 7,
    owner: "Acme",
    repo: "agents",
    gapKey: gapKeyFor({ repo: "Acme/agents", skill: "data visualization" }),
    gap: {
      skill: "data visualization",
      taskCount: 1234,
      tasks: [{ id: "a1", title: "Chart the churn" }],
      projectCount: 2,
      projects: ["Apollo", "Beacon"],
      urgency: "high" as const,
    },
  };

  it("is a valid pipeline job carrying the scan's evidence and no issue", () => {
    const job = Job.parse(scanGapJob(submission, new Date("2026-11-23T21:00:00Z")));
    expect(job.issueNumber).toBeNull();
    expect(job.trigger === "scan" && job.scan).toEqual({
      skill: "data visualization",
      taskCount: 1234,
      taskIds: ["a1"],
      projects: ["Apollo", "Beacon"],
      urgency: "high",
    });
  });

  it("gives the same delivery id to the same gap on the same day only", () => {
    const at = (iso: string) => scanGapJob(submission, new Date(iso)).deliveryId;
    expect(at("2026-11-23T01:00:00Z")).toBe(at("2026-11-23T23:00:00Z"));
    expect(at("2026-11-23T01:00:00Z")).not.toBe(at("2026-11-24T01:00:00Z"));
  });
});
