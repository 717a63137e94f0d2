import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCapabilityGaps } from "../../src/scan/find-capability-gaps.ts";
import { seedDemoTasks } from "../../src/scan/seed-tasks.ts";
import { createStore } from "../../src/store/create-store.ts";
import { sqlFunctionCaller } from "../../src/store/sql-function-caller.ts";
import { applyScanMigrations } from "./apply-scan-migrations.ts";

describe("skills a registered team covers", () => {
  const db = new PGlite();
  const store = createStore({ backend: "pglite", call: sqlFunctionCaller(db) });
  const gaps = async () =>
    (await findCapabilityGaps({ query: (p) => store.findCapabilityGaps(p) })).gaps.map(
      (g) => g.skill,
    );
  beforeAll(async () => {
    await applyScanMigrations(db);
    await seedDemoTasks({ db, seed: 11, projects: 4, tasks: 300 });
  });
  afterAll(() => db.close());

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
