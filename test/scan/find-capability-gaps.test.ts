import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoTask, seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { findCapabilityGaps, sqlGapQuery } from "../../src/scan/find-capability-gaps.ts";
import { normalizeSkill } from "../../src/spec/request-values.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

/** What the gap function must report, computed straight from the generated rows. */
function expectedCounts(data: Awaited<ReturnType<typeof seedDemoTasks>>) {
  const priority = new Map(data.projects.map((p) => [p.id, p.priority]));
  const bySkill = new Map<
    string,
    { tasks: DemoTask[]; projects: Set<string>; critical: boolean }
  >();
  for (const task of data.tasks) {
    if (task.status !== "ready" || task.assignedTeam !== null) continue;
    for (const skill of new Set(task.requiredSkills.map(normalizeSkill))) {
      const entry = bySkill.get(skill) ?? { tasks: [], projects: new Set(), critical: false };
      entry.tasks.push(task);
      entry.projects.add(task.projectId);
      entry.critical ||= priority.get(task.projectId) === "critical";
      bySkill.set(skill, entry);
    }
  }
  return bySkill;
}

describe("findCapabilityGaps", () => {
  let t: TestDatabase;
  let db: TestDatabase["db"];
  let data: Awaited<ReturnType<typeof seedDemoTasks>>;
  beforeAll(async () => {
    t = await openTestDatabase();
    db = t.db;
    data = await seedDemoTasks({ db, seed: 7, projects: 12, tasks: 20_000 });
  });
  afterAll(() => t?.close());

  it("counts every ready, unassigned task per skill exactly, past 1,000 rows", async () => {
    const expected = expectedCounts(data);
    const { gaps, rejected } = await findCapabilityGaps({ query: sqlGapQuery(db) });
    expect(rejected).toEqual([]);
    expect(gaps.map((g) => g.skill).sort()).toEqual([...expected.keys()].sort());
    expect(Math.max(...gaps.map((g) => g.taskCount))).toBeGreaterThan(1000);
    for (const gap of gaps) {
      const want = expected.get(gap.skill);
      expect(gap.taskCount).toBe(want?.tasks.length);
      expect(gap.projectCount).toBe(want?.projects.size);
      expect(gap.urgency).toBe(want?.critical ? "high" : "medium");
      expect(gap.tasks).toHaveLength(50);
      const ids = new Set(want?.tasks.map((t) => t.id));
      for (const task of gap.tasks) expect(ids.has(task.id)).toBe(true);
    }
  });

  it("reports a skill only when at least min_tasks tasks need it", async () => {
    const expected = expectedCounts(data);
    const counts = [...expected.values()].map((e) => e.tasks.length).sort((a, b) => a - b);
    const threshold = (counts[3] ?? 0) + 1;
    const { gaps } = await findCapabilityGaps({ query: sqlGapQuery(db), minTasks: threshold });
    expect(gaps).toHaveLength(counts.filter((c) => c >= threshold).length);
    for (const gap of gaps) expect(gap.taskCount).toBeGreaterThanOrEqual(threshold);
  });

  it("caps the sample and the number of gaps but never the counts", async () => {
    const all = await findCapabilityGaps({ query: sqlGapQuery(db) });
    const few = await findCapabilityGaps({ query: sqlGapQuery(db), limit: 2, idsCap: 3 });
    expect(few.gaps).toHaveLength(2);
    expect(few.gaps.map((g) => [g.skill, g.taskCount])).toEqual(
      all.gaps.slice(0, 2).map((g) => [g.skill, g.taskCount]),
    );
    for (const gap of few.gaps) expect(gap.tasks).toHaveLength(3);
  });

  it("gives the same gaps through the store (tf_find_capability_gaps, one JSON value per call)", async () => {
    const direct = await findCapabilityGaps({ query: sqlGapQuery(db) });
    const { store } = t;
    const viaStore = await findCapabilityGaps({ query: (p) => store.findCapabilityGaps(p) });
    expect(viaStore).toEqual(direct);
  });

  it("refuses a table name that is not a plain identifier", async () => {
    await expect(
      findCapabilityGaps({ query: sqlGapQuery(db), tasksTable: "pm_tasks; drop table x" }),
    ).rejects.toThrow(/not a plain lowercase table name/);
  });
});
