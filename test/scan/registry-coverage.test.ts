import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoTasks } from "../../simulator/seed-tasks.ts";
import { findCapabilityGaps } from "../../src/scan/find-capability-gaps.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

describe("skills a registered team covers", () => {
  let t: TestDatabase;
  let db: TestDatabase["db"];
  let store: TestDatabase["store"];
  const gaps = async () =>
    (await findCapabilityGaps({ query: (p) => store.findCapabilityGaps(p) })).gaps.map(
      (g) => g.skill,
    );
  beforeAll(async () => {
    t = await openTestDatabase();
    ({ db, store } = t);
    await seedDemoTasks({ db, seed: 11, projects: 4, tasks: 300 });
  });
  afterAll(() => t?.close());

  it("are not gaps while the team is active, whatever their case and spacing", async () => {
    expect(await gaps()).toContain("data visualization");
    await store.registerTeam({
      name: "insights-team",
      members: [
        {
          role: "Lead",
          isManager: true,
          responsibilities: [],
          skills: ["  Data   Visualization "],
        },
        { role: "Analyst", isManager: false, responsibilities: [], skills: ["sql"] },
      ],
    });
    const after = await gaps();
    expect(after).not.toContain("data visualization");
    expect(after).not.toContain("sql");
    expect(after).toContain("kubernetes");
  });

  it("are gaps again once the team is no longer active", async () => {
    await db.query("update teams set status = 'archived' where name = 'insights-team'");
    expect(await gaps()).toEqual(expect.arrayContaining(["data visualization", "sql"]));
  });
});
